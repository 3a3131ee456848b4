import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// The committed sample data through the whole engine: each episode shows in its segment and
/// layer (sample-data/README.md), and the calm period is quiet.
struct SampleScenarioEngineTests {
    static let sampleDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("sample-data").path
    }()

    /// 2026-11-02T08:00:00Z.
    static let start = 1_793_606_400.0

    /// Runs the sample through a state, returning it after the records up to `endSeconds`.
    static func state(window: WindowLength, until endSeconds: Double? = nil, allLabels: Bool = true) throws -> MonitorState {
        var config = try MonitorConfig.load(path: sampleDirectory + "/modeltop.yaml")
        config.window = window
        let reference = try ReferenceSet.load(path: config.reference!, config: config)
        var state = MonitorState(config: config, reference: reference)
        var predictionsDecoder = RecordDecoder(format: .jsonl, mapping: config.fields)
        var labelsDecoder = RecordDecoder(format: .jsonl, mapping: config.fields)
        var record = Record()
        let predictions = try String(contentsOfFile: config.predictions[0], encoding: .isoLatin1)
        for line in predictions.split(separator: "\n") {
            var bytes = Array(line.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
            let outcome = bytes.withUnsafeMutableBytes { predictionsDecoder.decode(UnsafeRawBufferPointer($0), into: &record) }
            guard outcome == .record else { continue }
            if let endSeconds, let ts = record.timestampSeconds, ts >= endSeconds { break }
            state.ingest(record, arrivalSeconds: 0)
        }
        // Labels credit their prediction's bucket whenever they arrive; only labels that
        // arrived by the end count.
        for line in try String(contentsOfFile: config.labels[0], encoding: .utf8).split(separator: "\n") {
            guard labelsDecoder.decode(String(line), into: &record) == .record else { continue }
            if !allLabels, let endSeconds, let ts = record.timestampSeconds, ts >= endSeconds { continue }
            state.ingest(record, arrivalSeconds: 0)
        }
        return state
    }

    @Test func calmFirstHourIsQuiet() throws {
        let snapshot = try Self.state(window: .all, until: Self.start + 3600).snapshot(nowSeconds: 0)
        #expect(snapshot.overall.features.allSatisfy { $0.band != .drift })
        #expect(snapshot.segments.allSatisfy { slice in slice.features.allSatisfy { $0.band != .drift || slice.records < 200 } })
    }

    @Test func eachEpisodeShowsInItsSegmentAndLayer() throws {
        let end = Self.start + 4 * 3600
        let snapshot = try Self.state(window: .span(.hours(1)), until: end).snapshot(nowSeconds: end)
        let br = try #require(snapshot.slice(SegmentKey(dimension: "country", value: "BR")))
        #expect(br.records == 414)
        #expect(br.referenceScope == .segment)
        let amount = try #require(br.feature(named: "amount"))
        #expect(amount.band == .drift)
        #expect(br.features.first?.name == "amount")
        let android = try #require(snapshot.slice(SegmentKey(dimension: "device", value: "android")))
        #expect(android.feature(named: "account_age_days")?.missingRate == 1)
        #expect(snapshot.overall.performance.realized.recall.map { $0 < 0.2 } == true)
        let ratio = snapshot.overall.performance.realized.positiveLabelRate! / snapshot.overall.performance.realized.referencePositiveLabelRate!
        #expect(ratio > 2)
        #expect(snapshot.overall.prediction.versions.map(\.version) == ["v3", "v4"])
        #expect(snapshot.overall.prediction.versions[1].agreement.map { $0 > 0.9 } == true)
        #expect(snapshot.overall.performance.estimated?.precision != nil)
        // Concept drift on web at 11:00: precision collapses there, not elsewhere.
        let atEleven = try Self.state(window: .span(.hours(1)), until: Self.start + 3 * 3600).snapshot(nowSeconds: 0)
        let web = try #require(atEleven.slice(SegmentKey(dimension: "device", value: "web")))
        #expect(web.performance.realized.precision.map { $0 < 0.3 } == true)
        // Latency spike at 08:40-08:50.
        let spike = try Self.state(window: .span(.minutes(10)), until: Self.start + 50 * 60).snapshot(nowSeconds: 0)
        #expect(spike.overall.infrastructure.latencyP99Milliseconds.map { $0 > 120 } == true)
        #expect(atEleven.overall.infrastructure.latencyP99Milliseconds.map { $0 < 120 } == true)
    }
}
