import DriftStats

/// What the reference says about one monitored feature: its kind, its grids or categories, and
/// the range of values that are not out of range (docs/statistics.md, "Data quality").
///
/// A class, immutable: counting a value borrows it for one reference count.
public final class FeatureReference: Sendable {
    /// The feature's name as it appears in records.
    public let name: String
    /// Numeric or categorical: forced by the configuration, else inferred from the reference.
    public let kind: FeatureSnapshot.Kind
    /// Grids and counts, for a numeric feature.
    public let numeric: NumericReference?
    /// Categories and counts, for a categorical feature.
    public let categorical: CategoricalReference?
    /// The expected range of a numeric feature: the configured one, else the reference's
    /// [min, max] widened by 10% of the range; `nil` when neither exists.
    public let expectedRange: ValueRange?

    /// A numeric feature.
    public init(name: String, numeric: NumericReference, configuredRange: ValueRange?) {
        self.name = name
        kind = .numeric
        self.numeric = numeric
        categorical = nil
        if let configuredRange {
            expectedRange = configuredRange
        } else if let plausible = numeric.plausibleRange {
            expectedRange = ValueRange(lower: plausible.lowerBound, upper: plausible.upperBound)
        } else {
            expectedRange = nil
        }
    }

    /// A categorical feature.
    public init(name: String, categorical: CategoricalReference) {
        self.name = name
        kind = .categorical
        numeric = nil
        self.categorical = categorical
        expectedRange = nil
    }
}
