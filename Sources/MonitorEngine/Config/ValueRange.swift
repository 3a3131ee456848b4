/// An explicit expected range of a numeric feature (`ranges:`), replacing the one derived from
/// the reference for the out-of-range rate (docs/statistics.md, "Data quality"). Either bound may be
/// open (`[0, ~]`: no upper bound).
public struct ValueRange: Sendable, Hashable, CustomStringConvertible {
    /// Smallest expected value, inclusive; `nil` for no lower bound.
    public var lower: Double?
    /// Largest expected value, inclusive; `nil` for no upper bound.
    public var upper: Double?

    /// A range with the given bounds; `lower` must not exceed `upper`.
    public init(lower: Double?, upper: Double?) {
        if let lower, let upper {
            precondition(lower <= upper, "a ValueRange needs lower <= upper (got \(lower) > \(upper))")
        }
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies within the bounds.
    public func contains(_ value: Double) -> Bool {
        if let lower, value < lower { return false }
        if let upper, value > upper { return false }
        return true
    }

    /// `[0, 100]`, `[0, ~]`.
    public var description: String {
        "[\(lower.map { "\($0)" } ?? "~"), \(upper.map { "\($0)" } ?? "~")]"
    }
}
