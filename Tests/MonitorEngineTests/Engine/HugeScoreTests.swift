import Foundation
import Testing
import MonitorEngine

/// A score far outside [0, 1] (1e300, the largest finite double) is a number like any other:
/// it lands in the display histogram's last bin, in the stream and in the reference, instead
/// of stopping the process when it was converted to a bin index.
@Suite struct HugeScoreTests {
    static let scores = [1e300, Double.greatestFiniteMagnitude, 1, 0.999, -1e300]

    @Test func hugeScoresInTheStreamLandInTheOuterBins() throws {
        let config = try MonitorConfig.load(
            path: PreparedRecordTests.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var state = MonitorState(config: config, reference: reference, historyBuckets: 1)
        for (index, score) in Self.scores.enumerated() {
            var record = Record()
            record.timestampSeconds = 1_800_000_000 + Double(index)
            record.id = "r\(index)"
            record.features = [Feature(name: "amount", value: .number(10))]
            record.score = score
            state.ingest(record, arrivalSeconds: 0)
        }
        let bins = state.snapshot(nowSeconds: 0).overall.prediction.scoreHistogram.current
        let total = bins.reduce(0, +)
        #expect(bins.count > 1 && total > 0)
        // Four at or above 1 and just below it in the last bin, -1e300 in the first.
        #expect(abs((bins.last ?? 0) / total - 4.0 / 5) < 1e-12)
        #expect(abs((bins.first ?? 0) / total - 1.0 / 5) < 1e-12)
    }

    @Test func hugeScoresInTheReferenceLoad() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("modeltop-huge-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var text = "amount,score,label\n"
        for (index, score) in Self.scores.enumerated() { text += "\(index),\(score),\(index % 2)\n" }
        try Data(text.utf8).write(to: url)
        let reference = try ReferenceSet.load(path: url.path, config: MonitorConfig())
        #expect(reference.rowCount == Self.scores.count)
    }
}
