import DriftStats

/// Counts of one feature in one slice and bucket: its distribution on the reference's grids or
/// categories, and its data quality (docs/statistics.md, "Data quality").
///
/// Both counters are stored, not optional, whatever the kind (the unused one is empty and tiny):
/// mutating through an optional copies the counts, and with them 6 KB of arrays per record.
public struct FeatureCounts: Sendable, Mergeable {
    /// Whether the feature is numeric (else categorical).
    public let isNumeric: Bool
    /// Values on the reference's coarse bins and fine grid (numeric features).
    public private(set) var numericCounts: NumericCounts
    /// Values per reference category, and the unseen ones (categorical features).
    public private(set) var categoricalCounts: CategoricalCounts
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
        isNumeric = reference.numeric != nil
        numericCounts = reference.numeric?.emptyCounts() ?? NumericCounts(grid: Self.unusedGrid)
        categoricalCounts = reference.categorical?.emptyCounts() ?? CategoricalCounts(slotCount: 0)
    }

    /// Counts known as totals (a fleet's, summed by Prometheus): the distribution and the
    /// missing values; the other quality counts are not kept there and stay 0.
    public init(reference: FeatureReference, numeric: NumericCounts?, categorical: CategoricalCounts?, missing: Int) {
        self.init(reference: reference)
        if isNumeric, let numeric { numericCounts = numeric }
        if !isNumeric, let categorical { categoricalCounts = categorical }
        self.missing = missing
    }

    private static let unusedGrid = NumericGrid(coarseEdges: [], fineEdges: [])

    /// Numeric features: the counts on the grids; `nil` for a categorical feature.
    public var numeric: NumericCounts? { isNumeric ? numericCounts : nil }
    /// Categorical features: the counts per category; `nil` for a numeric feature.
    public var categorical: CategoricalCounts? { isNumeric ? nil : categoricalCounts }

    /// Values binned (numeric) or categorised (categorical, unseen included).
    public var present: Int { isNumeric ? numericCounts.count : categoricalCounts.count }

    /// Counts one record's value of the feature (`nil` when the record lacks it).
    public mutating func record(_ value: FeatureValue?, reference: FeatureReference) {
        record(FeatureObservation(value, reference: reference))
    }

    /// Counts a value already read against the reference: a record counts in several slices,
    /// and reading it once (category lookup, range check) is the costly part.
    public mutating func record(_ observation: FeatureObservation) {
        switch observation {
        case .missing:
            missing += 1
        case .invalid:
            missing += 1
            invalid += 1
        case .typeViolation:
            typeViolations += 1
        case .number(let number, let outOfRange):
            numericCounts.record(number)
            if outOfRange { self.outOfRange += 1 }
        case .category(let slot):
            categoricalCounts.record(slot: slot)
        }
    }

    /// Counts a value already read, and placed on the feature's grid when numeric
    /// (``ReferenceSet/place(_:into:)``): as ``record(_:)-(FeatureObservation)``.
    @inline(__always)
    public mutating func record(_ observation: FeatureObservation, at placement: NumericPlacement) {
        if case .number(let number, let outOfRange) = observation {
            numericCounts.record(number, at: placement)
            if outOfRange { self.outOfRange += 1 }
        } else {
            record(observation)
        }
    }

    /// Adds another bucket's counts of the same feature.
    public mutating func merge(_ other: FeatureCounts) {
        if isNumeric { numericCounts.merge(other.numericCounts) } else { categoricalCounts.merge(other.categoricalCounts) }
        missing += other.missing
        outOfRange += other.outOfRange
        typeViolations += other.typeViolations
        invalid += other.invalid
    }
}

extension FeatureCounts: Recyclable {
    public var isClear: Bool {
        missing == 0 && outOfRange == 0 && typeViolations == 0 && invalid == 0
            && numericCounts.isClear && categoricalCounts.isClear
    }

    /// Empty again, in the arrays it has (``Mergeable/reset(to:)``).
    public mutating func clear() {
        numericCounts.clear()
        categoricalCounts.clear()
        missing = 0
        outOfRange = 0
        typeViolations = 0
        invalid = 0
    }
}
