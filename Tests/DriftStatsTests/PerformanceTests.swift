import Testing
@testable import DriftStats

/// Confusion metrics and binned ROC AUC against scikit-learn (docs/statistics.md, "Business outcomes layer").
struct PerformanceTests {
    static let cases = Fixtures.performance.cases

    @Test("confusion counts and metrics exactly as scikit-learn's", arguments: cases)
    func confusion(fixture: PerformanceFile.Case) throws {
        var counts = ConfusionCounts()
        for (score, label) in zip(fixture.scores, fixture.labels) {
            counts.record(predictedPositive: score >= fixture.threshold, actualPositive: label == 1)
        }
        #expect(counts == ConfusionCounts(truePositives: fixture.confusion.tp, falsePositives: fixture.confusion.fp,
                                          falseNegatives: fixture.confusion.fn, trueNegatives: fixture.confusion.tn))
        let metrics = counts.metrics
        #expect(try #require(metrics.precision) == fixture.metrics.precision)
        #expect(try #require(metrics.recall) == fixture.metrics.recall)
        #expect(try #require(metrics.f1) == fixture.metrics.f1)
        #expect(try #require(metrics.accuracy) == fixture.metrics.accuracy)
        #expect(try #require(metrics.specificity) == fixture.metrics.specificity)
    }

    @Test("binned ROC AUC within 1e-3 of roc_auc_score (exact with three decimals)", arguments: cases)
    func rocAUC(fixture: PerformanceFile.Case) throws {
        var histograms = ClassScoreHistograms()
        for (score, label) in zip(fixture.scores, fixture.labels) {
            histograms.record(score: score, actualPositive: label == 1)
        }
        let auc = try #require(histograms.rocAUC)
        #expect(abs(auc - fixture.rocAUC) <= 1e-3, "AUC \(auc) vs \(fixture.rocAUC)")
        if fixture.name != "six_decimals" {
            #expect(abs(auc - fixture.rocAUC) <= 1e-12, "AUC \(auc) vs \(fixture.rocAUC)")
        }
    }

    @Test("counts of two halves merged equal the counts of the whole", arguments: cases)
    func mergeHalves(fixture: PerformanceFile.Case) {
        var whole = (ConfusionCounts(), ClassScoreHistograms())
        var first = whole
        var second = whole
        for (index, (score, label)) in zip(fixture.scores, fixture.labels).enumerated() {
            let decision = score >= fixture.threshold
            whole.0.record(predictedPositive: decision, actualPositive: label == 1)
            whole.1.record(score: score, actualPositive: label == 1)
            if index < fixture.scores.count / 2 {
                first.0.record(predictedPositive: decision, actualPositive: label == 1)
                first.1.record(score: score, actualPositive: label == 1)
            } else {
                second.0.record(predictedPositive: decision, actualPositive: label == 1)
                second.1.record(score: score, actualPositive: label == 1)
            }
        }
        #expect(first.0 + second.0 == whole.0)
        #expect(first.1 + second.1 == whole.1)
    }

    @Test func undefinedMetricsAreNil() {
        let none = ConfusionCounts()
        #expect(none.metrics.precision == nil)
        #expect(none.metrics.accuracy == nil)
        // Errors but no true positive: F1 is 0, as scikit-learn reports it.
        let missed = ConfusionCounts(truePositives: 0, falsePositives: 3, falseNegatives: 2, trueNegatives: 5)
        #expect(missed.metrics.f1 == 0)
        #expect(missed.metrics.precision == 0)
        let onlyNegatives = ConfusionCounts(truePositives: 0, falsePositives: 0, falseNegatives: 0, trueNegatives: 5)
        #expect(onlyNegatives.metrics.recall == nil)
        #expect(onlyNegatives.metrics.specificity == 1)
    }

    @Test func rocAUCNeedsBothClasses() {
        var histograms = ClassScoreHistograms()
        histograms.record(score: 0.3, actualPositive: true)
        #expect(histograms.rocAUC == nil)
        histograms.record(score: 0.3, actualPositive: false)
        #expect(histograms.rocAUC == 0.5)
    }

    @Test("three-decimal scores get bins of their own", arguments: [0, 1, 7, 29, 57, 123, 500, 999])
    func threeDecimalBins(thousandths: Int) {
        let histogram = ScoreHistogram()
        #expect(histogram.bin(of: Double(thousandths) / 1000) == thousandths)
        #expect(histogram.bin(of: 1.0) == 999)
        #expect(histogram.bin(of: -0.5) == 0)
        #expect(histogram.bin(of: 7.0) == 999)
        #expect(ScoreHistogram(binCount: 20).bin(of: 0.29) == 5)
        #expect(histogram.bin(of: .nan) == 0)
        #expect(histogram.bin(of: .infinity) == 999)
    }
}
