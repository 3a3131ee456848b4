/// Classification metrics from the four cells of a confusion matrix, realized (counts) or
/// estimated (expected counts); each is `nil` when its denominator is 0.
public struct ConfusionMetrics: Sendable, Hashable {
    /// TP: a count, or an expected count.
    public var truePositives: Double
    /// FP: a count, or an expected count.
    public var falsePositives: Double
    /// FN: a count, or an expected count.
    public var falseNegatives: Double
    /// TN: a count, or an expected count.
    public var trueNegatives: Double

    /// Metrics from the four cells.
    public init(truePositives: Double, falsePositives: Double, falseNegatives: Double, trueNegatives: Double) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// TP / (TP + FP).
    public var precision: Double? { ratio(truePositives, truePositives + falsePositives) }
    /// TP / (TP + FN), the true positive rate.
    public var recall: Double? { ratio(truePositives, truePositives + falseNegatives) }
    /// 2·TP / (2·TP + FP + FN): the harmonic mean of precision and recall, written so that it is
    /// 0 (not undefined) when there are errors but no true positive, as scikit-learn does.
    public var f1: Double? {
        ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
    }
    /// (TP + TN) / total.
    public var accuracy: Double? { ratio(truePositives + trueNegatives, total) }
    /// TN / (TN + FP), the true negative rate.
    public var specificity: Double? { ratio(trueNegatives, trueNegatives + falsePositives) }
    /// TP + FP + FN + TN.
    public var total: Double { truePositives + falsePositives + falseNegatives + trueNegatives }

    private func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator > 0 ? numerator / denominator : nil
    }
}
