/// The reference of a numeric feature: its grids and its own counts on them, built once when the
/// reference is loaded.
public struct NumericReference: Sendable {
    /// The coarse and fine grids, from the reference's quantiles.
    public let grid: NumericGrid
    /// The reference's counts on its grids (the `R` of every drift metric).
    public let counts: NumericCounts

    /// Builds the grids and counts of a reference sample. NaN and infinities (missing or invalid
    /// values) are left out of both.
    ///
    /// - Parameters:
    ///   - values: the reference values of the feature.
    ///   - coarseBins: B (`drift.bins`, default 10).
    ///   - fineCells: G (default 256).
    public init(values: some Sequence<Double>, coarseBins: Int = 10, fineCells: Int = 256) {
        var finite: [Double] = []
        finite.reserveCapacity(values.underestimatedCount)
        for value in values where value.isFinite { finite.append(value) }
        self.init(finiteValues: finite, coarseBins: coarseBins, fineCells: fineCells)
    }

    /// Builds the grids and counts from values that are all finite, sorting them in place: one
    /// contiguous sort, then one walk along the edges for the counts.
    ///
    /// - Precondition: no NaN or infinity in `finiteValues` (``init(values:coarseBins:fineCells:)``
    ///   filters them).
    public init(finiteValues: [Double], coarseBins: Int = 10, fineCells: Int = 256) {
        var sorted = finiteValues
        RadixSort.sortFinite(&sorted)
        grid = NumericGrid(sortedReference: sorted, coarseBins: coarseBins, fineCells: fineCells)
        counts = NumericCounts(grid: grid, sortedValues: sorted)
    }

    /// Empty counts on this reference's grids, for a bucket of the current stream or a segment.
    public func emptyCounts() -> NumericCounts { NumericCounts(grid: grid) }

    /// Number of reference values binned.
    public var count: Int { counts.count }
    /// Smallest reference value; `+infinity` for an empty reference.
    public var minimum: Double { counts.minimum }
    /// Largest reference value; `-infinity` for an empty reference.
    public var maximum: Double { counts.maximum }
    /// Population standard deviation of the reference (ddof 0); `nil` for an empty reference.
    public var standardDeviation: Double? { counts.standardDeviation }

    /// The values not counted as out of range (docs/statistics.md, "Data quality"): [min(R), max(R)]
    /// widened by 10% of the range on each side; `nil` for an empty reference.
    public var plausibleRange: ClosedRange<Double>? {
        guard count > 0 else { return nil }
        let margin = (maximum - minimum) * 0.1
        return (minimum - margin)...(maximum + margin)
    }
}
