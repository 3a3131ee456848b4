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

    /// Multiclass: what a labelled prediction is worth by true class, then predicted class
    /// (`matrix: {TRUE: {PRED: value}}`); a pair not given is worth 0. Empty otherwise.
    public var matrix: [String: [String: ValueExpression]] = [:]
    /// Regression: what one unit of absolute error |y − ŷ| is worth (`per_unit_error`, usually
    /// negative); `nil` otherwise.
    public var perUnitError: ValueExpression? = nil

    /// Values for each outcome; the ones not given are worth 0.
    public init(truePositive: ValueExpression = .zero, falsePositive: ValueExpression = .zero,
                falseNegative: ValueExpression = .zero, trueNegative: ValueExpression = .zero) {
        self.truePositive = truePositive
        self.falsePositive = falsePositive
        self.falseNegative = falseNegative
        self.trueNegative = trueNegative
    }

    /// Whether the section says anything a binary model uses (`tp`, `fp`, `fn`, `tn`).
    public var hasBinaryValues: Bool {
        truePositive != .zero || falsePositive != .zero || falseNegative != .zero || trueNegative != .zero
    }

    /// Multiclass: the worth of predicting `predicted` for a record of class `actual`, at the
    /// label's `value`; 0 for a pair not given, `nil` when its expression needs a missing value.
    public func evaluate(actualClass: String, predictedClass: String, value: Double?) -> Double? {
        guard let expression = matrix[actualClass]?[predictedClass] else { return 0 }
        return expression.evaluate(value: value)
    }

    /// Regression: the worth of an absolute error (`per_unit_error` times it, at the label's
    /// `value`); `nil` without `per_unit_error`.
    public func evaluate(absoluteError: Double, value: Double?) -> Double? {
        perUnitError?.evaluate(value: value).map { $0 * absoluteError }
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
