/// The `business:` section: what each outcome of a labelled prediction is worth
/// (docs/statistics.md, "Business outcomes layer"). An outcome the section leaves out is worth 0.
public struct BusinessValues: Sendable, Hashable {
    /// A positive caught (predicted 1, label 1).
    public var truePositive: ValueExpression
    /// A false alarm (predicted 1, label 0).
    public var falsePositive: ValueExpression
    /// A positive missed (predicted 0, label 1).
    public var falseNegative: ValueExpression
    /// A negative let through (predicted 0, label 0).
    public var trueNegative: ValueExpression

    /// Values for each outcome; the ones not given are worth 0.
    public init(truePositive: ValueExpression = .zero, falsePositive: ValueExpression = .zero,
                falseNegative: ValueExpression = .zero, trueNegative: ValueExpression = .zero) {
        self.truePositive = truePositive
        self.falsePositive = falsePositive
        self.falseNegative = falseNegative
        self.trueNegative = trueNegative
    }

    /// The worth of one labelled prediction: its outcome's expression at the label's `value`;
    /// `nil` when that expression needs a value and the label has none.
    public func evaluate(predicted: Bool, actual: Bool, value: Double?) -> Double? {
        switch (predicted, actual) {
        case (true, true): truePositive.evaluate(value: value)
        case (true, false): falsePositive.evaluate(value: value)
        case (false, true): falseNegative.evaluate(value: value)
        case (false, false): trueNegative.evaluate(value: value)
        }
    }
}
