import ArgumentParser
import Foundation
import SampleScenario
#if canImport(Glibc)
import Glibc
#endif

/// `modeltop demo`: the whole product with nothing to prepare. Writes the sample-data story
/// live into a temporary directory (a reference, a configuration, and prediction and label
/// logs growing at a steady wall-clock rate), watches it, and removes the directory on exit.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch a live synthetic stream: a sample scenario, written as you watch.",
        discussion: """
            A writer process appends the scenario's prediction and label lines to files in a \
            temporary directory at --rate requests a second, and the dashboard follows them. The \
            directory is removed on exit.

            --task binary (the default): the card-fraud scenario, event time is the wall clock. \
            A latency spike comes after half of --drift-after, amount drift in Brazil at \
            --drift-after, then concept drift on web, a missing feature on android and a rise of \
            fraud, each half of --drift-after apart.

            --task multiclass: card-tier-router sends card applications to prepaid_card, \
            highstreet_card or upmarket_card; after --drift-after the mobile app sends income \
            monthly instead of yearly (channel=app), and upmarket_card all but vanishes there. \
            --task regression: house-price values flats; after --drift-after the portal feed \
            sends size in square feet (source=portal). Neither sets alert rules; the default ones \
            catch them: prediction drift within a minute of the episode, accuracy drop or \
            error rise within another half minute. Event time runs --speed \
            times the wall clock, ahead of it, so that rules held for 5 or 15 minutes of event \
            time fire within a minute (the alerts list shows event times).
            """
    )

    @Option(help: "The kind of model: binary (card fraud), multiclass (card tiers) or regression (house prices).")
    var task: ScenarioTask = .binary

    @Option(help: "Prediction requests a second of wall time (binary: champion lines; shadow lines and labels come on top).")
    var rate: Double = 50

    @Option(name: .customLong("drift-after"), help: ArgumentHelp("When the (first) episode starts, in wall time; binary: the other episodes follow at half this interval.", valueName: "duration"))
    var driftAfter: String = "60s"

    @Option(help: ArgumentHelp("Seconds of event time per second of wall time (multiclass and regression; default \(Int(TaskTimeline.defaultSpeed))).", valueName: "factor"))
    var speed: Double?

    @Option(help: "Seed of the random draws.")
    var seed: UInt64 = 7

    @OptionGroup var screen: ScreenOptions

    func validate() throws {
        guard rate > 0, rate <= 1_000_000, rate.isFinite else {
            throw ValidationError("--rate must be a positive number of requests a second (at most 1000000), got \(rate).")
        }
        if let speed {
            guard task != .binary else {
                throw ValidationError("--speed applies to --task multiclass or regression: the binary demo runs on the wall clock.")
            }
            guard speed > 0, speed <= 3600, speed.isFinite else {
                throw ValidationError("--speed must be a positive factor (at most 3600), got \(speed).")
            }
        }
    }

    func run() throws {
        let driftAfterSeconds = try CommonOptions.seconds(driftAfter, flag: "--drift-after")
        let directory = try DemoDirectory.create()
        var removed = false
        let remove = {
            if !removed { directory.remove(); removed = true }
        }
        defer { remove() }
        let start = Date().timeIntervalSince1970
        let speed = task == .binary ? 1 : (self.speed ?? TaskTimeline.defaultSpeed)
        let story = DemoStory.live(task: task, startSeconds: start, rate: rate, driftAfterSeconds: driftAfterSeconds, speed: speed)
        try directory.writeSetup(seed: seed, story: story)
        let writer = try DemoWriterProcess(
            directory: directory.path, seed: seed, task: task, startSeconds: start, rate: rate,
            driftAfterSeconds: driftAfterSeconds, speed: speed)
        defer { writer.stop() }
        let common = try CommonOptions.parse(["--config", directory.path + "/" + ScenarioFiles.configFile])
        var settings = try common.resolve(paths: [])
        // The demo's alerts, acknowledgements and silences live and die with its directory: they
        // never reach the store of a real stream of the same model name.
        settings.config.state = directory.path + "/alerts.sqlite"
        try runDashboard(settings: settings, screen: screen) {
            writer.stop()
            remove()
        }
    }
}

/// The temporary directory of a demo: `modeltop-demo-XXXXXX` under `$TMPDIR` (else `/tmp`).
struct DemoDirectory {
    let path: String

    static func create() throws -> DemoDirectory {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((base.hasSuffix("/") ? base : base + "/").utf8CString.dropLast()) + Array("modeltop-demo-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CommandFailure(message: "demo: cannot create a directory in \(base): \(String(cString: strerror(errno)))", exitCode: 1)
        }
        return DemoDirectory(path: String(cString: made))
    }

    /// The reference, the configuration and the two empty logs the writer will grow.
    func writeSetup(seed: UInt64, story: DemoStory) throws {
        var reference: [UInt8] = []
        switch story {
        case .binary(let timeline):
            var sample = ReferenceSample(seed: seed)
            sample.writeHeader(into: &reference)
            for _ in 0..<ScenarioFiles.defaultReferenceRows { _ = sample.writeRow(into: &reference) }
            try write(reference, to: ScenarioFiles.referenceFile)
            try write(Array(ScenarioConfigFile.text(timeline: timeline).utf8), to: ScenarioFiles.configFile)
        case .task(let task, let timeline):
            var sample = TaskReferenceSample(task: task, seed: seed)
            for _ in 0..<TaskScenarioFiles.defaultReferenceRows { sample.writeRow(into: &reference) }
            try write(reference, to: TaskScenarioFiles.referenceFile)
            try write(Array(TaskScenarioConfigFile.text(task: task, timeline: timeline).utf8), to: ScenarioFiles.configFile)
        }
        try write([], to: ScenarioFiles.predictionsFile)
        try write([], to: ScenarioFiles.labelsFile)
    }

    private func write(_ bytes: [UInt8], to name: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
        } catch {
            throw CommandFailure(message: "demo: cannot write \(path)/\(name): \(error.localizedDescription)", exitCode: 1)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}


extension ScenarioTask: ExpressibleByArgument {}
