import Foundation
import Synchronization
import Testing
@testable import MonitorEngine
import SampleScenario
@testable import MonitorRules
@testable import MonitorReport
@testable import MonitorAlerts

/// The alert rules are judged as each bucket of event time ends, so a log read at once (a
/// replay, catching up) and the same log read as it grows reach the same transitions at the same
/// event times: the sample scenario, both ways, through the engine and the alert monitor.
struct AlertReplayTests {
    /// The scenario of `modeltop generate --seed 5`, as lines in the order they are written
    /// (predictions in event time, labels at their arrival), and its configuration.
    struct Scenario {
        var directory: URL
        var config: MonitorConfig
        var lines: [(isLabel: Bool, timeSeconds: Double, bytes: [UInt8])]

        init(seed: UInt64 = 5) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("alert-replay-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let timeline = ScenarioTimeline.story()
            var reference: [UInt8] = []
            var sample = ReferenceSample(seed: seed)
            sample.writeHeader(into: &reference)
            for _ in 0..<ScenarioFiles.defaultReferenceRows { _ = sample.writeRow(into: &reference) }
            try Data(reference).write(to: directory.appendingPathComponent(ScenarioFiles.referenceFile))
            let configPath = directory.appendingPathComponent(ScenarioFiles.configFile).path
            config = try MonitorConfig.parse(yaml: ScenarioConfigFile.text(timeline: timeline), path: configPath)
            var generator = ScenarioGenerator(seed: seed, timeline: timeline)
            lines = []
            var bytes: [UInt8] = []
            while let line = generator.next(into: &bytes) {
                lines.append((line.kind == .label, line.timeSeconds, bytes))
                bytes.removeAll(keepingCapacity: true)
            }
        }

        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

        /// Writes the lines `range` to the end of the two logs.
        func append(_ range: Range<Int>) throws {
            var predictions: [UInt8] = []
            var labels: [UInt8] = []
            for index in range {
                if lines[index].isLabel { labels += lines[index].bytes } else { predictions += lines[index].bytes }
            }
            for (name, bytes) in [(ScenarioFiles.predictionsFile, predictions), (ScenarioFiles.labelsFile, labels)] {
                let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(name)))
                try handle.seekToEnd()
                try handle.write(contentsOf: Data(bytes))
                try handle.close()
            }
        }

        func startEmpty() throws {
            for name in [ScenarioFiles.predictionsFile, ScenarioFiles.labelsFile] {
                try Data().write(to: URL(fileURLWithPath: path(name)))
            }
        }
    }

    /// A transition as `watch --headless` prints it.
    static func line(_ transition: AlertTransition) -> String { transition.jsonValue.compactSerialized() }

    /// An engine with an alert monitor (no store, no actions) judging at bucket ends and on
    /// publish, collecting the transitions in order.
    static func engine(_ scenario: Scenario, clock: LockedValue<Double>, into lines: LockedValue<[String]>) throws -> LiveEngine {
        let monitor = AlertMonitor(config: scenario.config, store: nil, user: "test", wallClock: { clock.withLock { $0 } })
        let reader = try InputReader(
            predictions: scenario.config.predictions, labels: scenario.config.labels, format: nil,
            mapping: scenario.config.fields, maxLineBytes: 1 << 20, follow: true)
        return try LiveEngine(
            // Published once: the scenario's rules are all judged at bucket ends, and a debug
            // build spends a tenth of a second on each full snapshot.
            config: scenario.config, reader: reader, wallClock: { clock.withLock { $0 } }, publishInterval: 1e12,
            snapshotHook: { snapshot in
                let new = monitor.evaluate(&snapshot, judging: .wallClock).map(Self.line)
                lines.withLock { $0 += new }
            },
            bucketHook: { snapshot, end in
                let new = monitor.evaluate(&snapshot, judging: .bucketEnd(end)).map(Self.line)
                lines.withLock { $0 += new }
            })
    }

    static func drain(_ engine: LiveEngine) {
        while engine.step() > 0 {}
    }

    @Test func aReplayFiresWhatWatchingTheLogGrowFired() throws {
        let scenario = try Scenario()
        defer { try? FileManager.default.removeItem(at: scenario.directory) }
        let end = scenario.lines.last!.timeSeconds

        // Watching: the lines appended as they happen, ten seconds of event time at a time,
        // the engine reading after each append; the wall clock is the event time.
        try scenario.startEmpty()
        let liveClock = LockedValue(scenario.lines[0].timeSeconds)
        let live = LockedValue<[String]>([])
        let watching = try Self.engine(scenario, clock: liveClock, into: live)
        var start = 0
        while start < scenario.lines.count {
            let limit = (scenario.lines[start].timeSeconds / 10).rounded(.down) * 10 + 10
            var stop = start
            while stop < scenario.lines.count, scenario.lines[stop].timeSeconds < limit { stop += 1 }
            try scenario.append(start..<stop)
            liveClock.withLock { $0 = scenario.lines[stop - 1].timeSeconds }
            Self.drain(watching)
            start = stop
        }

        // Replaying: the whole log there before the engine starts.
        let replayClock = LockedValue(end + 1)
        let replay = LockedValue<[String]>([])
        let replaying = try Self.engine(scenario, clock: replayClock, into: replay)
        Self.drain(replaying)

        let watched = live.withLock { $0 }
        let replayed = replay.withLock { $0 }
        // The story's episodes all show: the latency spike fires, the drift in Brazil fires.
        #expect(replayed.contains { $0.hasPrefix(#"{"event":"firing","at":"2026-11-02T08:4"#) && $0.contains(#""rule":"latency spike""#) })
        #expect(replayed.contains { $0.hasPrefix(#"{"event":"firing""#) && $0.contains(#""rule":"amount drift in Brazil""#) })
        #expect(replayed.contains { $0.hasPrefix(#"{"event":"firing""#) && $0.contains(#""rule":"missing feature values""#) })
        #expect(replayed.count >= 6)
        #expect(replayed == watched)
    }
}
