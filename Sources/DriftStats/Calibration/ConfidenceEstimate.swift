/// Performance estimated before labels arrive, from calibrated probabilities (docs/statistics.md,
/// "Estimated performance before labels arrive"; NannyML's confidence-based performance
/// estimation, CBPE).
///
/// With p̂ the calibrated probability of a record: E[TP] = Σ_{pred=1} p̂, E[FP] = Σ_{pred=1} (1 − p̂),
/// E[FN] = Σ_{pred=0} p̂, E[TN] = Σ_{pred=0} (1 − p̂). The estimated ROC AUC puts p̂ and 1 − p̂ of
/// each record in the score's bin as expected positives and negatives. O(1) per record, mergeable.
public struct ConfidenceEstimate: Sendable, Hashable {
    /// E[TP] = Σ p̂ over records predicted positive.
    public private(set) var expectedTruePositives = 0.0
    /// E[FP] = Σ (1 − p̂) over records predicted positive.
    public private(set) var expectedFalsePositives = 0.0
    /// E[FN] = Σ p̂ over records predicted negative.
    public private(set) var expectedFalseNegatives = 0.0
    /// E[TN] = Σ (1 − p̂) over records predicted negative.
    public private(set) var expectedTrueNegatives = 0.0
    /// Expected positives per score bin.
    public private(set) var expectedPositives = ScoreHistogram()
    /// Expected negatives per score bin.
    public private(set) var expectedNegatives = ScoreHistogram()
    /// Records counted.
    public private(set) var count = 0

    /// An empty estimate.
    public init() {}

    /// Counts one scored record: its score, its calibrated probability p̂ and the decision served.
    /// Records with a NaN score or probability are not counted.
    public mutating func record(score: Double, probability: Double, predictedPositive: Bool) {
        guard !score.isNaN, !probability.isNaN else { return }
        let p = Swift.min(Swift.max(probability, 0), 1)
        if predictedPositive {
            expectedTruePositives += p
            expectedFalsePositives += 1 - p
        } else {
            expectedFalseNegatives += p
            expectedTrueNegatives += 1 - p
        }
        expectedPositives.record(score, weight: p)
        expectedNegatives.record(score, weight: 1 - p)
        count += 1
    }

    /// Counts one scored record, calibrating its score with the reference's map.
    public mutating func record(score: Double, predictedPositive: Bool, calibration: IsotonicCalibration) {
        record(score: score, probability: calibration.probability(at: score), predictedPositive: predictedPositive)
    }

    /// Estimated precision, recall, F1, accuracy and specificity, from the expected counts.
    public var metrics: ConfusionMetrics {
        ConfusionMetrics(truePositives: expectedTruePositives, falsePositives: expectedFalsePositives,
                         falseNegatives: expectedFalseNegatives, trueNegatives: expectedTrueNegatives)
    }

    /// Estimated ROC AUC; `nil` when no positive or no negative is expected.
    public var rocAUC: Double? { ROCAUC.binned(positives: expectedPositives, negatives: expectedNegatives) }

    /// Adds the estimate of another bucket.
    public mutating func merge(_ other: ConfidenceEstimate) {
        expectedTruePositives += other.expectedTruePositives
        expectedFalsePositives += other.expectedFalsePositives
        expectedFalseNegatives += other.expectedFalseNegatives
        expectedTrueNegatives += other.expectedTrueNegatives
        expectedPositives.merge(other.expectedPositives)
        expectedNegatives.merge(other.expectedNegatives)
        count += other.count
    }

    /// The estimate of both buckets.
    public func merged(with other: ConfidenceEstimate) -> ConfidenceEstimate {
        var result = self
        result.merge(other)
        return result
    }

    /// The estimate of both buckets.
    public static func + (lhs: ConfidenceEstimate, rhs: ConfidenceEstimate) -> ConfidenceEstimate {
        lhs.merged(with: rhs)
    }
}

extension ConfidenceEstimate: Recyclable {
    /// Every record counted adds to `count` (merges too).
    public var isClear: Bool { count == 0 }

    public mutating func clear() {
        guard !isClear else { return }
        expectedTruePositives = 0
        expectedFalsePositives = 0
        expectedFalseNegatives = 0
        expectedTrueNegatives = 0
        expectedPositives.clear()
        expectedNegatives.clear()
        count = 0
    }
}
