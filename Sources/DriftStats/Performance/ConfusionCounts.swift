/// Labelled predictions of one bucket at the decision threshold (docs/statistics.md, "Business
/// outcomes layer"): true and false positives and negatives. O(1) per record, mergeable.
public struct ConfusionCounts: Sendable, Hashable {
    /// Predicted positive, labelled positive.
    public private(set) var truePositives = 0
    /// Predicted positive, labelled negative.
    public private(set) var falsePositives = 0
    /// Predicted negative, labelled positive.
    public private(set) var falseNegatives = 0
    /// Predicted negative, labelled negative.
    public private(set) var trueNegatives = 0

    /// Empty counts.
    public init() {}

    /// Counts from the four cells.
    public init(truePositives: Int, falsePositives: Int, falseNegatives: Int, trueNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.trueNegatives = trueNegatives
    }

    /// Counts one labelled prediction: the decision served and the ground truth.
    public mutating func record(predictedPositive: Bool, actualPositive: Bool) {
        switch (predictedPositive, actualPositive) {
        case (true, true): truePositives += 1
        case (true, false): falsePositives += 1
        case (false, true): falseNegatives += 1
        case (false, false): trueNegatives += 1
        }
    }

    /// Labelled predictions counted.
    public var total: Int { truePositives + falsePositives + falseNegatives + trueNegatives }

    /// Precision, recall, F1, accuracy and specificity of these counts.
    public var metrics: ConfusionMetrics {
        ConfusionMetrics(truePositives: Double(truePositives), falsePositives: Double(falsePositives),
                         falseNegatives: Double(falseNegatives), trueNegatives: Double(trueNegatives))
    }

    /// Adds the counts of another bucket.
    public mutating func merge(_ other: ConfusionCounts) {
        truePositives += other.truePositives
        falsePositives += other.falsePositives
        falseNegatives += other.falseNegatives
        trueNegatives += other.trueNegatives
    }

    /// The counts of both buckets.
    public func merged(with other: ConfusionCounts) -> ConfusionCounts {
        var result = self
        result.merge(other)
        return result
    }

    /// The counts of both buckets.
    public static func + (lhs: ConfusionCounts, rhs: ConfusionCounts) -> ConfusionCounts {
        lhs.merged(with: rhs)
    }
}
