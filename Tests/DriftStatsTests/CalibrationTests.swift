import Testing
@testable import DriftStats

/// Isotonic calibration against scikit-learn, and the confidence-based estimate (CBPE) against
/// realized metrics on synthetic data (docs/statistics.md, "Estimated performance before labels arrive").
struct CalibrationTests {
    @Test("isotonic predictions equal IsotonicRegression(out_of_bounds='clip')'s", arguments: Fixtures.performance.isotonic)
    func isotonic(fixture: PerformanceFile.Isotonic) throws {
        let calibration = try #require(IsotonicCalibration(scores: fixture.scores, labels: fixture.labels.map(Double.init),
                                                           weights: fixture.weights))
        for (score, expected) in zip(fixture.at, fixture.expected) {
            let p = calibration.probability(at: score)
            #expect(abs(p - expected) <= 1e-12, "p̂(\(score)) = \(p) vs \(expected)")
        }
        #expect(zip(calibration.probabilities, calibration.probabilities.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test func poolAdjacentViolatorsPoolsByWeight() {
        var y = [1.0, 3, 2, 0, 5]
        var w = [1.0, 1, 1, 2, 1]
        IsotonicCalibration.poolAdjacentViolators(&y, weights: &w)
        // 1 stays (1 < 3 is fine) until 3, 2, 0 pool to (3 + 2 + 0)/4 = 1.25 ≥ 1.
        #expect(y == [1, 1.25, 1.25, 1.25, 5])
    }

    @Test func degenerateFits() throws {
        #expect(IsotonicCalibration(scores: [.nan], labels: [1]) == nil)
        let single = try #require(IsotonicCalibration(scores: [0.4, 0.4, 0.4], labels: [1, 0, 1]))
        #expect(abs(single.probability(at: 0.9) - 2.0 / 3.0) <= 1e-15)
        #expect(single.probability(at: .nan).isNaN)
    }

    static func estimate(window: PerformanceFile.Window) throws -> ConfidenceEstimate {
        let cbpe = Fixtures.performance.cbpe
        let calibration = try #require(IsotonicCalibration(scores: cbpe.referenceScores,
                                                           labels: cbpe.referenceLabels.map(Double.init)))
        var estimate = ConfidenceEstimate()
        for score in window.scores {
            estimate.record(score: score, predictedPositive: score >= cbpe.threshold, calibration: calibration)
        }
        return estimate
    }

    static func gaps(_ estimate: ConfidenceEstimate, _ realized: RealizedMetrics) throws -> [String: Double] {
        let metrics = estimate.metrics
        return [
            "precision": abs(try #require(metrics.precision) - realized.precision),
            "recall": abs(try #require(metrics.recall) - realized.recall),
            "f1": abs(try #require(metrics.f1) - realized.f1),
            "accuracy": abs(try #require(metrics.accuracy) - realized.accuracy),
            "specificity": abs(try #require(metrics.specificity) - realized.specificity),
            "rocAUC": abs(try #require(estimate.rocAUC) - (try #require(realized.rocAUC))),
        ]
    }

    @Test func estimateFollowsRealizedMetricsWhileCalibrationHolds() throws {
        let window = try #require(Fixtures.performance.cbpe.windows.first { $0.name == "calibrated" })
        let estimate = try Self.estimate(window: window)
        #expect(estimate.count == window.scores.count)
        for (metric, gap) in try Self.gaps(estimate, window.realized) {
            #expect(gap <= 0.02, "estimated \(metric) off by \(gap)")
        }
    }

    @Test func estimateIsClearlyOffWhenCalibrationDrifted() throws {
        let window = try #require(Fixtures.performance.cbpe.windows.first { $0.name == "calibration_drifted" })
        let gaps = try Self.gaps(try Self.estimate(window: window), window.realized)
        // Positives became rarer at every score: precision and accuracy are overestimated.
        #expect(try #require(gaps["precision"]) >= 0.25)
        #expect(try #require(gaps["accuracy"]) >= 0.1)
    }

    @Test func mergedHalvesEqualTheWhole() throws {
        let window = try #require(Fixtures.performance.cbpe.windows.first)
        let half = window.scores.count / 2
        let first = PerformanceFile.Window(name: "first", scores: Array(window.scores[..<half]), labels: [], realized: window.realized)
        let second = PerformanceFile.Window(name: "second", scores: Array(window.scores[half...]), labels: [], realized: window.realized)
        let whole = try Self.estimate(window: window)
        let merged = try Self.estimate(window: first) + Self.estimate(window: second)
        #expect(merged.count == whole.count)
        let pairs = [(merged.expectedTruePositives, whole.expectedTruePositives),
                     (merged.expectedFalsePositives, whole.expectedFalsePositives),
                     (merged.expectedFalseNegatives, whole.expectedFalseNegatives),
                     (merged.expectedTrueNegatives, whole.expectedTrueNegatives)]
        for (a, b) in pairs { #expect(abs(a - b) <= 1e-9 * b) }
        for (a, b) in zip(merged.expectedPositives.weights, whole.expectedPositives.weights) { #expect(abs(a - b) <= 1e-12) }
        #expect(abs((merged.rocAUC ?? 0) - (whole.rocAUC ?? 1)) <= 1e-12)
    }
}
