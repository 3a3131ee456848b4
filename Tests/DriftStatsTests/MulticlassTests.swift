import Testing
@testable import DriftStats

/// Multiclass confusion counts, metrics and one-vs-rest binned ROC AUC against scikit-learn
/// (tasks.md, "Business outcomes layer"; expectations from `Fixtures/make_task_fixtures.py`).
struct MulticlassTests {
    static let cases = Fixtures.multiclass.cases

    typealias Counts = (confusion: MulticlassConfusionCounts, histograms: MulticlassScoreHistograms)

    static func count(_ fixture: MulticlassFile.Case, _ records: Range<Int>) -> Counts {
        var counts = (confusion: MulticlassConfusionCounts(classCount: fixture.classCount),
                      histograms: MulticlassScoreHistograms(classCount: fixture.classCount))
        for i in records {
            counts.confusion.record(predictedClass: fixture.predictions[i], actualClass: fixture.labels[i])
            counts.histograms.record(scores: fixture.scores[i], actualClass: fixture.labels[i])
        }
        return counts
    }

    static func parts(_ fixture: MulticlassFile.Case) -> [Range<Int>] {
        zip([0] + fixture.partEnds.dropLast(), fixture.partEnds).map { $0 ..< $1 }
    }

    static func expectMetrics(_ counts: Counts, _ expected: MulticlassFile.Expected, scoreDecimals: Int,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(counts.confusion.matrix == expected.confusion, sourceLocation: sourceLocation)
        #expect(counts.confusion.total == expected.labelled, sourceLocation: sourceLocation)
        let metrics = counts.confusion.metrics
        #expect(metrics.labelled == Double(expected.labelled), sourceLocation: sourceLocation)
        expectAgrees(metrics.accuracy, expected.accuracy, "accuracy", sourceLocation: sourceLocation)
        expectAgrees(metrics.macroPrecision, expected.macroPrecision, "macro precision", sourceLocation: sourceLocation)
        expectAgrees(metrics.macroRecall, expected.macroRecall, "macro recall", sourceLocation: sourceLocation)
        expectAgrees(metrics.macroF1, expected.macroF1, "macro F1", sourceLocation: sourceLocation)
        expectAgrees(metrics.weightedF1, expected.weightedF1, "weighted F1", sourceLocation: sourceLocation)
        for (c, expectedClass) in expected.classes.enumerated() {
            let perClass = metrics.classMetrics(c)
            expectAgrees(perClass.precision, expectedClass.precision, "precision of \(c)", sourceLocation: sourceLocation)
            expectAgrees(perClass.recall, expectedClass.recall, "recall of \(c)", sourceLocation: sourceLocation)
            expectAgrees(perClass.f1, expectedClass.f1, "F1 of \(c)", sourceLocation: sourceLocation)
            expectAgrees(perClass.specificity, expectedClass.specificity, "specificity of \(c)",
                         sourceLocation: sourceLocation)
            #expect(metrics.support(c) == Double(expectedClass.support), sourceLocation: sourceLocation)
        }
        // Binned: exact for scores with at most three decimals, within 1e-3 otherwise.
        let aucTolerance = scoreDecimals <= 3 ? 1e-12 : 1e-3
        for (c, auc) in counts.histograms.classROCAUCs.enumerated() {
            expectAgrees(auc, expected.classROCAUC[c], relative: aucTolerance, "ROC AUC of \(c)",
                         sourceLocation: sourceLocation)
        }
        expectAgrees(counts.histograms.rocAUC, expected.rocAUC, relative: aucTolerance, "macro ROC AUC",
                     sourceLocation: sourceLocation)
    }

    @Test("counts and metrics of the whole sample as scikit-learn's", arguments: cases)
    func whole(fixture: MulticlassFile.Case) {
        Self.expectMetrics(Self.count(fixture, 0 ..< fixture.labels.count), fixture.whole,
                           scoreDecimals: fixture.scoreDecimals)
    }

    @Test("each part (window) as scikit-learn's, classes missing from it included", arguments: cases)
    func parts(fixture: MulticlassFile.Case) {
        for (records, expected) in zip(Self.parts(fixture), fixture.parts) {
            Self.expectMetrics(Self.count(fixture, records), expected, scoreDecimals: fixture.scoreDecimals)
        }
    }

    @Test("the parts' counts merged equal the counts of the whole", arguments: cases)
    func mergeParts(fixture: MulticlassFile.Case) {
        let whole = Self.count(fixture, 0 ..< fixture.labels.count)
        var merged = (confusion: MulticlassConfusionCounts(classCount: fixture.classCount),
                      histograms: MulticlassScoreHistograms(classCount: fixture.classCount))
        for records in Self.parts(fixture).reversed() {
            let part = Self.count(fixture, records)
            merged.confusion.merge(part.confusion)
            merged.histograms = part.histograms + merged.histograms
        }
        #expect(merged.confusion == whole.confusion)
        #expect(merged.histograms == whole.histograms)
        Self.expectMetrics(merged, fixture.whole, scoreDecimals: fixture.scoreDecimals)
    }

    @Test func emptyCountsHaveNoMetrics() {
        let counts = MulticlassConfusionCounts(classCount: 3)
        let metrics = counts.metrics
        #expect(metrics.labelled == 0)
        #expect(metrics.accuracy == nil)
        #expect(metrics.macroPrecision == nil)
        #expect(metrics.macroRecall == nil)
        #expect(metrics.macroF1 == nil)
        #expect(metrics.weightedF1 == nil)
        #expect(MulticlassScoreHistograms(classCount: 3).rocAUC == nil)
        #expect(counts + counts == counts)
    }

    @Test func matrixRoundTrips() {
        let matrix = [[5, 1, 0], [2, 7, 1], [0, 0, 4]]
        let counts = MulticlassConfusionCounts(matrix: matrix)
        #expect(counts.matrix == matrix)
        #expect(counts.count(actual: 1, predicted: 2) == 1)
        #expect(counts.total == 20)
        var recorded = MulticlassConfusionCounts(classCount: 3)
        for (actual, row) in matrix.enumerated() {
            for (predicted, n) in row.enumerated() {
                for _ in 0 ..< n { recorded.record(predictedClass: predicted, actualClass: actual) }
            }
        }
        #expect(recorded == counts)
    }
}
