/// A label waiting in the join for its prediction: the outcome and the business amount.
///
/// Once matched, the join keeps only the outcome in a byte (``matchTag``).
public struct JoinedLabel: JoinableLabel {
    /// The business amount at stake (`value`), for expressions of `value`.
    public var value: Double?
    /// What a multiclass or regression model's label says: the true class's index, or the
    /// number; NaN for a binary model's label (and for a regression label the join
    /// remembers only as matched).
    public var target: Double
    /// Whether the label is the positive class.
    public var isPositive: Bool

    /// A label with its outcome and amount.
    public init(isPositive: Bool, value: Double?, target: Double = .nan) {
        self.value = value
        self.target = target
        self.isPositive = isPositive
    }

    /// The outcome alone, as the join keeps a matched label.
    public init(matchedOutcome isPositive: Bool) {
        self.init(isPositive: isPositive, value: nil)
    }

    /// Binary: 2 positive, 1 negative. Multiclass: 3 + the class index (classes are at most
    /// ``TaskReference/maximumClasses``). Regression: 1, the number is not kept.
    public var matchTag: UInt8 {
        if target.isNaN { return isPositive ? 2 : 1 }
        if target >= 0, target < 253, target == target.rounded(), !isRegression { return UInt8(3 + Int(target)) }
        return 1
    }

    /// Whether `target` is a regression label rather than a class index.
    public var isRegression = false

    public init(matchTag: UInt8) {
        if matchTag >= 3 {
            self.init(isPositive: false, value: nil, target: Double(Int(matchTag) - 3))
        } else {
            self.init(matchedOutcome: matchTag == 2)
        }
    }
}
