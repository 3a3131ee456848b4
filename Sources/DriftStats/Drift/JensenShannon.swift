import Foundation

/// Jensen-Shannon distance in bits (docs/statistics.md, "Drift metrics"): the square root of the
/// Jensen-Shannon divergence with base-2 logarithms, in [0, 1], without smoothing; the same number
/// as `scipy.spatial.distance.jensenshannon(r, c, base=2)`.
public enum JensenShannon {
    /// The distance between two count vectors over the same bins; `nil` when either side is empty.
    public static func distance(referenceCounts: [Int], currentCounts: [Int]) -> Double? {
        precondition(referenceCounts.count == currentCounts.count, "JensenShannon: bins differ in number")
        let referenceTotal = Double(referenceCounts.reduce(0, +))
        let currentTotal = Double(currentCounts.reduce(0, +))
        guard referenceTotal > 0, currentTotal > 0 else { return nil }
        var referenceSide = 0.0
        var currentSide = 0.0
        for (r, c) in zip(referenceCounts, currentCounts) {
            let p = Double(r) / referenceTotal
            let q = Double(c) / currentTotal
            let middle = (p + q) / 2
            // rel_entr(x, m) is 0 when x is 0; m > 0 whenever x > 0.
            if p > 0 { referenceSide += p * log(p / middle) }
            if q > 0 { currentSide += q * log(q / middle) }
        }
        let divergence = (referenceSide + currentSide) / log(2.0)
        // Rounding can leave a tiny negative divergence for identical distributions.
        return (Swift.max(divergence, 0) / 2).squareRoot()
    }

    /// The distance of a numeric feature on the coarse bins of its reference.
    public static func numeric(reference: NumericCounts, current: NumericCounts) -> Double? {
        precondition(reference.grid == current.grid, "JensenShannon: counts made on different grids")
        return distance(referenceCounts: reference.coarseCounts, currentCounts: current.coarseCounts)
    }

    /// The distance of a categorical feature: one bin per reference slot plus the `unseen` bin.
    public static func categorical(reference: CategoricalCounts, current: CategoricalCounts) -> Double? {
        distance(referenceCounts: reference.binsWithUnseen, currentCounts: current.binsWithUnseen)
    }
}
