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
    static func state(window: WindowLength, until endSeconds: Double? = nil) throws -> MonitorState {
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
            if let endSeconds, let ts = record.timestampSeconds, ts >= endSeconds { continue }
            state.ingest(record, arrivalSeconds: 0)
        }
        return state
    }

    @Test func printsSummary() throws {
        let state = try Self.state(window: .span(.hours(1)), until: Self.start + 4 * 3600)
        let snapshot = state.snapshot(nowSeconds: Self.start + 4 * 3600)
        print("overall", snapshot.overall.records, snapshot.overall.infrastructure.latencyP99Milliseconds as Any)
        for feature in snapshot.overall.features { print(feature.name, feature.kind, feature.value as Any, feature.band, feature.missingRate as Any) }
        for segment in snapshot.segments {
            print(segment.segment!, segment.records, segment.referenceScope, segment.features.first!.name, segment.features.first!.value as Any,
                  segment.performance.realized.precision as Any, segment.performance.realized.recall as Any)
        }
        print(snapshot.overall.prediction.versions)
        print(snapshot.overall.performance.realized, snapshot.overall.performance.estimated as Any)
        print(snapshot.counters)
    }
}
