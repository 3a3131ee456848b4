import Testing
@testable import DriftStats

/// Regression error metrics from mergeable sums against scikit-learn (tasks.md, "Business
/// outcomes layer"; expectations from `Fixtures/make_task_fixtures.py`).
struct RegressionTests {
    static let cases = Fixtures.regression.cases

    static func count(_ fixture: RegressionFile.Case, _ records: Range<Int>) -> RegressionCounts {
        var counts = RegressionCounts()
        for i in records {
            let counted = counts.record(prediction: fixture.predictions[i], label: fixture.labels[i])
            #expect(counted)
        }
        return counts
    }

    static func parts(_ fixture: RegressionFile.Case) -> [Range<Int>] {
        zip([0] + fixture.partEnds.dropLast(), fixture.partEnds).map { $0 ..< $1 }
    }

    static func expectMetrics(_ counts: RegressionCounts, _ expected: RegressionFile.Expected,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(counts.count == expected.labelled, sourceLocation: sourceLocation)
        expectAgrees(counts.meanAbsoluteError, expected.mae, "MAE", sourceLocation: sourceLocation)
        expectAgrees(counts.meanSquaredError, expected.mse, "MSE", sourceLocation: sourceLocation)
        expectAgrees(counts.rootMeanSquaredError, expected.rmse, "RMSE", sourceLocation: sourceLocation)
        expectAgrees(counts.meanAbsolutePercentageError, expected.mape, "MAPE", sourceLocation: sourceLocation)
        expectAgrees(counts.meanSquaredLogError, expected.msle, "MSLE", sourceLocation: sourceLocation)
        expectAgrees(counts.rootMeanSquaredLogError, expected.rmsle, "RMSLE", sourceLocation: sourceLocation)
        expectAgrees(counts.r2, expected.r2, "R²", sourceLocation: sourceLocation)
        expectAgrees(counts.meanError, expected.meanError, "mean error", sourceLocation: sourceLocation)
    }

    @Test("metrics of the whole sample as scikit-learn's", arguments: cases)
    func whole(fixture: RegressionFile.Case) {
        Self.expectMetrics(Self.count(fixture, 0 ..< fixture.labels.count), fixture.whole)
    }

    @Test("metrics of each part (window) as scikit-learn's", arguments: cases)
    func parts(fixture: RegressionFile.Case) {
        for (records, expected) in zip(Self.parts(fixture), fixture.parts) {
            Self.expectMetrics(Self.count(fixture, records), expected)
        }
    }

    @Test("the parts' counts merged, in either order, give the metrics of the whole", arguments: cases)
    func mergeParts(fixture: RegressionFile.Case) {
        let parts = Self.parts(fixture).map { Self.count(fixture, $0) }
        let forward = parts.reduce(RegressionCounts(), +)
        let backward = parts.reversed().reduce(RegressionCounts()) { $0.merged(with: $1) }
        Self.expectMetrics(forward, fixture.whole)
        Self.expectMetrics(backward, fixture.whole)
    }

    @Test func epsilonIsScikitLearns() {
        #expect(RegressionCounts.percentageErrorFloor == Fixtures.regression.eps)
    }

    @Test func emptyAndNonFinite() {
        var counts = RegressionCounts()
        #expect(counts.meanAbsoluteError == nil)
        #expect(counts.meanError == nil)
        #expect(counts.r2 == nil)
        #expect(counts.meanSquaredLogError == nil)
        let nanCounted = counts.record(prediction: .nan, label: 1)
        let infinityCounted = counts.record(prediction: 1, label: .infinity)
        #expect(!nanCounted && !infinityCounted)
        #expect(counts == RegressionCounts())
        #expect(counts + counts == counts)
    }
}
