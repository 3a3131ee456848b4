import Foundation
import Testing
@testable import MonitorEngine

/// Labels without a time (a target file of `id,outcome`, as NannyML's car-loan files come) count
/// in their prediction's chunk, and each chunk's realized numbers match scikit-learn's on that
/// chunk's joined labels (`Fixtures/make_untimed_labels.py` writes the files and the expected
/// values).
struct UntimedLabelChunkTests {
    struct Expected: Decodable {
        struct Chunk: Decodable {
            var labelled: Int
            var roc_auc: Double
            var tp: Int
            var fp: Int
            var fn: Int
            var tn: Int
        }

        var chunk_size: Int
        var chunks: [Chunk]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test(arguments: [false, true])
    func eachChunkHasItsOwnLabels(targetsListedFirst: Bool) throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("untimed-expected.json")))
        var config = MonitorConfig()
        config.reference = Self.fixtures.appendingPathComponent("untimed-reference.csv").path
        let predictions = Self.fixtures.appendingPathComponent("untimed-predictions.csv").path
        let targets = Self.fixtures.appendingPathComponent("untimed-targets.csv").path
        if targetsListedFirst {
            config.predictions = [targets, predictions]
        } else {
            config.predictions = [predictions]
            config.labels = [targets]
        }
        config.fields.timestamp = "timestamp"
        config.fields.score = "proba"
        config.fields.prediction = "decision"
        config.fields.label = "outcome"
        let outcome = try MonitorRun.run(
            config: config, reader: LiveEngineTests.reader(config, follow: false), chunkSize: expected.chunk_size, wallClock: { 0 })
        #expect(outcome.snapshot.counters.matchedLabels == 6_000)
        if targetsListedFirst {
            // Read first, the untimed file holds the clock: no match could be timed, and the
            // panel says the join is bounded by max_pending alone.
            #expect(outcome.snapshot.counters.labelHorizonSource == "untimed")
        }
        #expect(outcome.chunks.count == expected.chunks.count)
        for (chunk, wanted) in zip(outcome.chunks, expected.chunks) {
            let realized = chunk.snapshot.overall.performance.realized
            #expect(realized.labelled == wanted.labelled)
            let counts: [Int] = [realized.truePositives, realized.falsePositives, realized.falseNegatives, realized.trueNegatives]
            let wantedCounts: [Int] = [wanted.tp, wanted.fp, wanted.fn, wanted.tn]
            #expect(counts == wantedCounts)
            let auc = try #require(realized.rocAUC)
            #expect(abs(auc - wanted.roc_auc) <= 1e-3, "chunk at \(chunk.firstRecord): \(auc) against \(wanted.roc_auc)")
        }
    }
}
