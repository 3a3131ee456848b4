/// The chi-square test of homogeneity of a categorical feature (docs/statistics.md, "Chi-square
/// (categorical)"): the 2 × k table of reference and current counts per category, as
/// `scipy.stats.chi2_contingency([ref, cur], correction=False)`.
///
/// Categories empty in both rows are dropped; values the reference never had are not in the
/// table (they are the `unseen` rate).
public struct ChiSquare: Sendable, Hashable {
    /// Σ (observed − expected)² / expected over the table.
    public var statistic: Double
    /// k − 1, with k the categories left in the table.
    public var degreesOfFreedom: Int
    /// P(χ²_{k−1} ≥ statistic); 1 when there is a single category.
    public var pValue: Double

    /// The test of two count rows over the same categories; `nil` when either row is empty.
    public init?(referenceCounts: [Int], currentCounts: [Int]) {
        precondition(referenceCounts.count == currentCounts.count, "ChiSquare: rows differ in length")
        let referenceTotal = Double(referenceCounts.reduce(0, +))
        let currentTotal = Double(currentCounts.reduce(0, +))
        guard referenceTotal > 0, currentTotal > 0 else { return nil }
        let total = referenceTotal + currentTotal
        var statistic = 0.0
        var categories = 0
        for (r, c) in zip(referenceCounts, currentCounts) where r + c > 0 {
            categories += 1
            let column = Double(r + c)
            let expectedReference = referenceTotal * column / total
            let expectedCurrent = currentTotal * column / total
            let dr = Double(r) - expectedReference
            let dc = Double(c) - expectedCurrent
            statistic += dr * dr / expectedReference + dc * dc / expectedCurrent
        }
        self.degreesOfFreedom = categories - 1
        if degreesOfFreedom == 0 {
            // SciPy's convention for a table with one column: no evidence of any difference.
            self.statistic = 0
            self.pValue = 1
        } else {
            self.statistic = statistic
            self.pValue = ChiSquareDistribution.survival(statistic, degreesOfFreedom: degreesOfFreedom)
        }
    }

    /// The test of a categorical feature's current counts against its reference counts, over the
    /// reference's slots (the `unseen` count is left out).
    public init?(reference: CategoricalCounts, current: CategoricalCounts) {
        self.init(referenceCounts: reference.slotCounts, currentCounts: current.slotCounts)
    }
}
