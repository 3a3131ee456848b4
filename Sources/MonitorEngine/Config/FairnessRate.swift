/// A rate compared across the segments of a dimension (statistics.md, "Fairness gap"): what a
/// `fairness_gap` rule's `rate:` names.
public enum FairnessRate: String, Sendable, Hashable, CaseIterable {
    case positiveRate = "positive_rate"
    /// Realized true positive rate.
    case recall
    /// Realized false positive rate.
    case fpr
    case precision

    /// Whether the rate needs labels.
    public var needsLabels: Bool { self != .positiveRate }
}
