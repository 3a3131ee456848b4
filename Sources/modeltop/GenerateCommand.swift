import ArgumentParser
import Foundation
import SampleScenario

/// `modeltop generate`: writes the sample-data scenario (a card-fraud model with four
/// episodes of trouble) into a directory.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the sample-data scenario: reference.csv, predictions.jsonl, labels.jsonl, modeltop.yaml.",
        discussion: """
        The scenario is a card-fraud model (fraud-detector v3, shadow challenger v4) over four \
        hours of event time from 2026-11-02T08:00Z: a calm period, a latency spike, then amount \
        drift in BR, concept drift on web, null account_age_days on android and a rise of the \
        fraud rate. The same seed always writes the same bytes.
        """
    )

    @Option(name: .long, help: ArgumentHelp("Directory to write into (created if missing).", valueName: "dir"))
    var out: String

    @Option(name: .long, help: "Seed of the random draws.")
    var seed: UInt64 = 7

    @Option(name: .long, help: "Number of prediction requests (champion lines; shadow lines come on top).")
    var events: Int = ScenarioTimeline.defaultEvents

    @Option(name: .long, help: "Number of rows of reference.csv.")
    var referenceRows: Int = ScenarioFiles.defaultReferenceRows

    func validate() throws {
        guard events > 0 else {
            throw ValidationError("--events must be a positive number of requests, got \(events).")
        }
        guard referenceRows >= 0 else {
            throw ValidationError("--reference-rows must not be negative, got \(referenceRows).")
        }
    }

    func run() throws {
        let summary: ScenarioSummary
        do {
            summary = try ScenarioFiles.write(
                to: out, seed: seed, timeline: .story(events: events), referenceRows: referenceRows)
        } catch let error as ScenarioWriteError {
            FileHandle.standardError.write(Data("modeltop generate: \(error)\n".utf8))
            throw ExitCode(3)
        }
        FileHandle.standardError.write(Data("wrote \(out)\n\(summary.description)\n".utf8))
    }
}
