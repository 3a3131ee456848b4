import ArgumentParser
import Foundation
import SampleScenario

/// `modeltop generate`: writes a sample scenario into a directory: the card-fraud model with
/// four episodes of trouble (binary), the card-tier router (multiclass) or the house-price
/// model (regression).
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a sample scenario: reference, predictions.jsonl, labels.jsonl, modeltop.yaml.",
        discussion: """
        Each scenario covers four hours of event time from 2026-11-02T08:00Z. The same seed \
        always writes the same bytes.

        --task binary (the default): a card-fraud model (fraud-detector v3, shadow challenger \
        v4), reference.csv: a calm period, a latency spike, then amount drift in BR, concept \
        drift on web, null account_age_days on android and a rise of the fraud rate; \
        modeltop.yaml has one rule per episode.

        --task multiclass: card-tier-router sends card applications to prepaid_card, \
        highstreet_card or upmarket_card; from 10:00 the mobile app sends income monthly \
        instead of yearly (channel=app): upmarket_card all but vanishes there and accuracy \
        falls. --task regression: house-price values flats in thousands of euros; from 10:00 \
        the portal feed sends size in square feet (source=portal): valuations drift up and the \
        error rises. Both write reference.jsonl and a modeltop.yaml with task: and no alert \
        rules, so the default rules catch the episode (prediction drift, accuracy drop or error \
        rise, feature drift).
        """
    )

    @Option(help: "The kind of model: binary (card fraud), multiclass (card tiers) or regression (house prices).")
    var task: ScenarioTask = .binary

    @Option(name: .long, help: ArgumentHelp("Directory to write into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Seed of the random draws.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "Number of prediction requests (binary: champion lines; shadow lines come on top).")
    var events: Int = ScenarioTimeline.defaultEvents

    @Option(name: .long, help: ArgumentHelp("Number of rows of the reference (default \(ScenarioFiles.defaultReferenceRows) for binary, \(TaskScenarioFiles.defaultReferenceRows) otherwise).", valueName: "n"))
    var referenceRows: Int?

    func validate() throws {
        guard events > 0 else {
            throw ValidationError("--events must be a positive number of requests, got \(events).")
        }
        if let referenceRows, referenceRows < 0 {
            throw ValidationError("--reference-rows must not be negative, got \(referenceRows).")
        }
    }

    func run() throws {
        let summary: CustomStringConvertible
        do {
            switch task {
            case .binary:
                summary = try ScenarioFiles.write(
                    to: out, seed: seed, timeline: .story(events: events),
                    referenceRows: referenceRows ?? ScenarioFiles.defaultReferenceRows)
            case .multiclass, .regression:
                summary = try TaskScenarioFiles.write(
                    task: task, to: out, seed: seed, timeline: .story(events: events),
                    referenceRows: referenceRows ?? TaskScenarioFiles.defaultReferenceRows)
            }
        } catch let error as ScenarioWriteError {
            FileHandle.standardError.write(Data("modeltop generate: \(error)\n".utf8))
            throw ExitCode(3)
        }
        FileHandle.standardError.write(Data("wrote \(out)\n\(summary.description)\n".utf8))
    }
}
