/// A label waiting in the join, or matched: the outcome and the business amount.
public struct JoinedLabel: Sendable {
    /// Whether the label is the positive class.
    public var isPositive: Bool
    /// The business amount at stake (`value`), for expressions of `value`.
    public var value: Double?
}
