import Foundation
import Testing
@testable import MonitorEngine

/// The headless run reads on a thread of its own while it counts: the same records in the same
/// order as reading and counting on one thread (the path `--follow` takes).
struct MonitorRunTests {
    /// Predictions with ids, a shadow version on every fifth, and labels a minute later in a
    /// file of their own; enough records to fill many batches of the pipe.
    static func files(count: Int) throws -> (directory: URL, config: MonitorConfig) {
        let (directory, base) = try LiveEngineTests.files(count: 0)
        var predictions = ""
        var labels = ""
        for index in 0..<count {
            let ts = 1_800_000_000 + index
            predictions += #"{"ts":\#(ts),"id":"r\#(index)","version":"v1","score":0.\#(index % 10),"features":{"amount":\#(index % 300),"device":"\#(index % 3 == 0 ? "web" : "ios")"}}"# + "\n"
            if index % 5 == 0 {
                predictions += #"{"ts":\#(ts),"id":"r\#(index)","version":"v2","score":0.\#((index + 3) % 10),"features":{"amount":\#(index % 300),"device":"ios"}}"# + "\n"
            }
            if index % 2 == 0 { labels += #"{"ts":\#(ts + 60),"id":"r\#(index)","label":\#(index % 7 == 0 ? 1 : 0),"value":\#(index % 50)}"# + "\n" }
            if index % 997 == 0 { predictions += "not json\n" }
        }
        try predictions.write(to: directory.appendingPathComponent("predictions.jsonl"), atomically: true, encoding: .utf8)
        try labels.write(to: directory.appendingPathComponent("labels.jsonl"), atomically: true, encoding: .utf8)
        var config = base
        config.labels = [directory.appendingPathComponent("labels.jsonl").path]
        config.business = BusinessValues(truePositive: .init(coefficient: 1, constant: 0), falsePositive: .constant(-5))
        return (directory, config)
    }

    @Test func readingAlongsideCountsWhatOneThreadCounts() throws {
        let (directory, config) = try Self.files(count: 20_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        let alongside = try MonitorRun.run(config: config, reader: LiveEngineTests.reader(config, follow: false), chunkSize: 3_000, wallClock: { 0 })
        // With an idle exit the run reads and counts on this thread.
        let inline = try MonitorRun.run(
            config: config, reader: LiveEngineTests.reader(config, follow: false), idleExitSeconds: 60, chunkSize: 3_000, wallClock: { 0 })
        let (a, b) = (alongside.snapshot, inline.snapshot)
        #expect(a.overall.records == 20_000)
        #expect(a.input.records == b.input.records)
        #expect(a.input.malformedTotal == 21)
        #expect(a.input.malformedTotal == b.input.malformedTotal)
        #expect(a.counters == b.counters)
        #expect(a.counters.matchedLabels == 10_000)
        // Every number of every slice, as the values print.
        #expect(String(reflecting: a.overall) == String(reflecting: b.overall))
        #expect(String(reflecting: a.segments) == String(reflecting: b.segments))
        #expect(alongside.chunks.map(\.records) == inline.chunks.map(\.records))
        #expect(alongside.chunks.count == 8)
        #expect(String(reflecting: alongside.chunks.map(\.snapshot.overall)) == String(reflecting: inline.chunks.map(\.snapshot.overall)))
    }

    @Test func anUnusableReferenceStopsTheReaderAndIsThrown() throws {
        var (directory, config) = try Self.files(count: 5_000)
        defer { try? FileManager.default.removeItem(at: directory) }
        config.reference = directory.appendingPathComponent("missing.csv").path
        #expect(throws: ReferenceError.self) {
            _ = try MonitorRun.run(config: config, reader: LiveEngineTests.reader(config, follow: false), wallClock: { 0 })
        }
    }
}
