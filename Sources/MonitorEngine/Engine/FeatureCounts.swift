import DriftStats

/// Counts of one feature in one slice and bucket: its distribution on the reference's grids or
/// categories, and its data quality (statistics.md, "Data quality").
public struct FeatureCounts: Sendable, Mergeable {
    /// Numeric features: values on the reference's coarse bins and fine grid.
    public var numeric: NumericCounts?
    /// Categorical features: values per reference category, and the unseen ones.
    public var categorical: CategoricalCounts?
    /// Records where the feature is absent, null or NaN.
    public var missing = 0
    /// Numeric values outside the expected range.
    public var outOfRange = 0
    /// Values of the wrong type for the feature's kind.
    public var typeViolations = 0
    /// NaN and infinities.
    public var invalid = 0

    /// Empty counts on a feature's reference.
    public init(reference: FeatureReference) {
        numeric = reference.numeric?.emptyCounts()
        categorical = reference.categorical?.emptyCounts()
    }

    /// Values binned (numeric) or categorised (categorical, unseen included).
    public var present: Int { numeric?.count ?? categorical?.count ?? 0 }

    /// Counts one record's value of the feature (`nil` when the record lacks it).
    public mutating func record(_ value: FeatureValue?, reference: FeatureReference) {
        switch value {
        case .none, .null?:
            missing += 1
        case .invalidNumber?:
            missing += 1
            invalid += 1
        case .unsupported?:
            typeViolations += 1
        case .number(let number)?:
            guard number.isFinite else {
                missing += 1
                invalid += 1
                return
            }
            if numeric != nil {
                numeric!.record(number)
                if let range = reference.expectedRange, !range.contains(number) { outOfRange += 1 }
            } else if let categories = reference.categorical {
                // A number where categories were expected is still a category (an integer
                // code), compared as the reference renders numbers.
                categorical!.record(slot: categories.slot(of: SegmentDimension.text(of: .number(number)) ?? ""))
            }
        case .string(let text)?:
            if let categories = reference.categorical {
                categorical!.record(slot: categories.slot(of: text))
            } else {
                typeViolations += 1
            }
        case .bool(let flag)?:
            if let categories = reference.categorical {
                categorical!.record(slot: categories.slot(of: flag ? "true" : "false"))
            } else {
                typeViolations += 1
            }
        }
    }

    public mutating func merge(_ other: FeatureCounts) {
        if numeric != nil, let counts = other.numeric { numeric!.merge(counts) }
        if categorical != nil, let counts = other.categorical { categorical!.merge(counts) }
        missing += other.missing
        outOfRange += other.outOfRange
        typeViolations += other.typeViolations
        invalid += other.invalid
    }
}
