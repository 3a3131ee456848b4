/// A label waiting in the join for its prediction: the outcome and the business amount.
///
/// The amount comes first so that the flag packs after it: 10 bytes, not 17, in each of the
/// up to `max_pending` early labels. Once matched, the join keeps only the outcome.
public struct JoinedLabel: JoinableLabel {
    /// The business amount at stake (`value`), for expressions of `value`.
    public var value: Double?
    /// Whether the label is the positive class.
    public var isPositive: Bool

    /// A label with its outcome and amount.
    public init(isPositive: Bool, value: Double?) {
        self.value = value
        self.isPositive = isPositive
    }

    /// The outcome alone, as the join keeps a matched label.
    public init(matchedOutcome isPositive: Bool) {
        self.init(isPositive: isPositive, value: nil)
    }
}
