import Foundation
import Synchronization
import Testing
@testable import MonitorEngine

/// The live engine driven step by step with an injected clock: publishing, commands, the
/// snapshot hook, catch-up progress, and the headless run with chunks.
struct LiveEngineTests {
    /// A directory with a small reference and a prediction log of `count` records, one a second.
    static func files(count: Int) throws -> (directory: URL, config: MonitorConfig) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var reference = "amount,device,score,label\n"
        for index in 0..<300 { reference += "\(index),\(index % 2 == 0 ? "ios" : "web"),\(Double(index % 100) / 100),\(index % 10 == 0 ? 1 : 0)\n" }
        try reference.write(to: directory.appendingPathComponent("reference.csv"), atomically: true, encoding: .utf8)
        var log = ""
        for index in 0..<count {
            log += "{\"ts\":\(1_800_000_000 + index),\"id\":\"r\(index)\",\"score\":0.\(index % 10),\"features\":{\"amount\":\(index % 300),\"device\":\"ios\"}}\n"
        }
        try log.write(to: directory.appendingPathComponent("predictions.jsonl"), atomically: true, encoding: .utf8)
        var config = MonitorConfig()
        config.reference = directory.appendingPathComponent("reference.csv").path
        config.predictions = [directory.appendingPathComponent("predictions.jsonl").path]
        config.segments = ["device"]
        config.window = .span(.minutes(5))
        return (directory, config)
    }

    static func reader(_ config: MonitorConfig, follow: Bool) throws -> InputReader {
        try InputReader(predictions: config.predictions, labels: config.labels, format: nil, mapping: config.fields,
                        maxLineBytes: 1 << 20, follow: follow)
    }

    @Test func publishesHandlesCommandsAndReportsCatchUp() throws {
        let (directory, config) = try Self.files(count: 600)
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = Mutex(1000.0)
        let handled = Mutex<[EngineCommand]>([])
        let engine = try LiveEngine(
            config: config, reader: Self.reader(config, follow: true), wallClock: { clock.withLock { $0 } },
            snapshotHook: { snapshot in
                snapshot.alerts = [AlertSnapshot(id: "r/global", rule: "r", scope: "global", severity: "info", state: .firing,
                                                  value: 1, threshold: 0, comparison: "above", sinceSeconds: 0)]
            },
            commandHandler: { command in handled.withLock { $0.append(command) } })
        #expect(engine.latestSnapshot() == nil)
        engine.step()
        let first = try #require(engine.latestSnapshot())
        #expect(first.overall.records == 300)
        #expect(first.window.lengthSeconds == 300)
        #expect(first.alerts.map(\.id) == ["r/global"])
        #expect(first.catchUp?.bytesRead == first.catchUp?.bytesTotal)
        #expect(first.catchUp != nil)
        #expect(first.input.predictions == 600)
        // Not due yet: the published snapshot stays.
        clock.withLock { $0 = 1000.1 }
        engine.send(.acknowledge(alertID: "r/global", note: nil))
        engine.send(.setWindow(seconds: nil))
        engine.step()
        let second = try #require(engine.latestSnapshot())
        #expect(second.window.lengthSeconds == nil)
        #expect(second.overall.records == 600)
        #expect(second.catchUp == nil)
        #expect(handled.withLock { $0 } == [.acknowledge(alertID: "r/global", note: nil)])
        #expect(second.freshness.secondsSinceLastRecord.map { abs($0 - 0.1) < 1e-9 } == true)
    }

    /// The cursor in the past: the screen's snapshot shows the window there, while the snapshot
    /// hook (the alert system's, judging rules) and the bucket hook see the live window.
    @Test func alertsAreJudgedOnTheLiveWindowWhileTheScreenShowsThePast() throws {
        let (directory, config) = try Self.files(count: 1_200)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hooked = Mutex<[Double?]>([])
        let engine = try LiveEngine(
            config: config, reader: Self.reader(config, follow: true), wallClock: { 1000 },
            snapshotHook: { snapshot in
                hooked.withLock { $0.append(snapshot.window.cursorSeconds) }
                snapshot.alerts = [AlertSnapshot(id: "r/global", rule: "r", scope: "global", severity: "info", state: .firing,
                                                  value: 1, threshold: 0, comparison: "above", sinceSeconds: 0)]
            },
            bucketHook: { snapshot, _ in hooked.withLock { $0.append(snapshot.window.cursorSeconds) } })
        engine.step()
        engine.send(.moveCursor(.windowBack))
        engine.step(force: true)
        let past = try #require(engine.latestSnapshot())
        #expect(past.history?.isLive == false)
        #expect(past.window.cursorSeconds != nil)
        #expect(past.window.toSeconds == 1_800_000_900)
        #expect(past.alerts.map(\.id) == ["r/global"])
        #expect(hooked.withLock { $0 }.allSatisfy { $0 == nil })
        engine.send(.moveCursor(.live))
        engine.step(force: true)
        #expect(try #require(engine.latestSnapshot()).history?.isLive == true)
    }

    @Test func threadRunsAndStops() throws {
        let (directory, config) = try Self.files(count: 50)
        defer { try? FileManager.default.removeItem(at: directory) }
        let engine = try LiveEngine(config: config, reader: Self.reader(config, follow: true), publishInterval: 0.01)
        engine.start()
        var snapshot: Snapshot?
        for _ in 0..<500 {
            snapshot = engine.latestSnapshot()
            if snapshot?.input.predictions == 50 { break }
            engine.send(.refresh)
            usleep(10_000)
        }
        engine.stop()
        #expect(snapshot?.input.predictions == 50)
    }

    @Test func headlessRunCutsChunks() throws {
        let (directory, config) = try Self.files(count: 250)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outcome = try MonitorRun.run(config: config, reader: Self.reader(config, follow: false), chunkSize: 100, wallClock: { 0 })
        // "all" by default whatever the configuration says; chunks are whole.
        #expect(outcome.snapshot.window.lengthSeconds == nil)
        #expect(outcome.snapshot.overall.records == 250)
        let lastMinute = try MonitorRun.run(
            config: config, reader: Self.reader(config, follow: false), window: .span(.minutes(1)), wallClock: { 0 })
        #expect(lastMinute.snapshot.window.lengthSeconds == 60)
        // The last whole bucket: seconds 240..249 of the log.
        #expect(lastMinute.snapshot.overall.records == 10)
        #expect(outcome.chunks.allSatisfy { $0.snapshot.window.lengthSeconds == nil })
        #expect(outcome.chunks.map(\.firstRecord) == [0, 100, 200])
        #expect(outcome.chunks.map(\.snapshot.overall.records) == [100, 100, 50])
        #expect(outcome.chunks[1].snapshot.window.fromSeconds == 1_800_000_100)
        #expect(outcome.chunks[1].snapshot.window.toSeconds == 1_800_000_199)
    }

    /// Two models serve every id (`only_model` keeps one): chunks are cut by the kept model's
    /// predictions alone, and each label counts once, in the chunk of the kept prediction.
    @Test func chunksCountOnlyTheKeptModel() throws {
        var (directory, config) = try Self.files(count: 0)
        defer { try? FileManager.default.removeItem(at: directory) }
        var log = "", labels = ""
        for index in 0..<250 {
            for model in ["fraud", "other"] {
                log += "{\"ts\":\(1_800_000_000 + index),\"id\":\"r\(index)\",\"model\":\"\(model)\",\"score\":0.\(index % 10),\"features\":{\"amount\":\(index % 300),\"device\":\"ios\"}}\n"
            }
            labels += "{\"ts\":\(1_800_000_000 + index),\"id\":\"r\(index)\",\"label\":\(index % 2)}\n"
        }
        try log.write(to: directory.appendingPathComponent("predictions.jsonl"), atomically: true, encoding: .utf8)
        try labels.write(to: directory.appendingPathComponent("labels.jsonl"), atomically: true, encoding: .utf8)
        config.labels = [directory.appendingPathComponent("labels.jsonl").path]
        config.onlyModel = "fraud"
        let outcome = try MonitorRun.run(config: config, reader: Self.reader(config, follow: false), chunkSize: 100, wallClock: { 0 })
        #expect(outcome.snapshot.overall.records == 250)
        #expect(outcome.snapshot.overall.performance.realized.labelled == 250)
        #expect(outcome.chunks.map(\.firstRecord) == [0, 100, 200])
        #expect(outcome.chunks.map(\.snapshot.overall.records) == [100, 100, 50])
        #expect(outcome.chunks.map(\.snapshot.overall.performance.realized.labelled) == [100, 100, 50])
    }

    @Test func missingReferenceIsAnErrorNamingTheFile() throws {
        var config = MonitorConfig()
        config.reference = "/nonexistent/reference.csv"
        #expect(throws: ReferenceError(path: "/nonexistent/reference.csv", problem: "no such file")) {
            _ = try MonitorRun.run(config: config, reader: Self.reader(config, follow: false), wallClock: { 0 })
        }
    }
}
