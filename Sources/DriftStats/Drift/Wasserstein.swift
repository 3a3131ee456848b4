/// Wasserstein-1 distance of a numeric feature on the fine grid of its reference, normalised by
/// the reference's standard deviation (docs/statistics.md, "Drift metrics"; Evidently's normalisation).
///
/// W = ∫ |F_R − F_C| dx. Each fine cell [a, b] holds the count and the sum of its values, so the
/// integral of an empirical CDF over it is exact: F(a)·(b − a) + (count·b − sum)/N. Per cell the
/// method takes |∫F_R − ∫F_C|, which is exact unless the two CDFs cross inside the cell. The two
/// outer cells reach to the smallest and the largest value of R ∪ C, where F_R is 0 or 1 and no
/// crossing is possible. The grid's tails are finer than its quantile cells
/// (``NumericGrid/tailEdges(sortedReference:fineCells:)``): a heavy tail's wide outer cells are
/// where crossings cost most, and with them the value stays within 1% + 1e-4 of
/// `scipy.stats.wasserstein_distance / std` on the fixtures (heavy tails, crossing CDFs).
public enum Wasserstein {
    /// The smallest standard deviation divided by, so a constant reference does not divide by 0.
    public static let minimumScale = 0.001

    /// W / max(std(R), 0.001), std with ddof 0; `nil` when either side is empty.
    public static func normalized(reference: NumericCounts, current: NumericCounts) -> Double? {
        guard let w = distance(reference: reference, current: current),
              let std = reference.standardDeviation else { return nil }
        return w / Swift.max(std, minimumScale)
    }

    /// W in the feature's unit; `nil` when either side is empty.
    public static func distance(reference: NumericCounts, current: NumericCounts) -> Double? {
        precondition(reference.grid == current.grid, "Wasserstein: counts made on different grids")
        let edges = reference.grid.fineEdges
        guard reference.count > 0, current.count > 0, !edges.isEmpty else { return nil }
        let low = Swift.min(reference.minimum, current.minimum)
        let high = Swift.max(reference.maximum, current.maximum)
        let m = Double(reference.count)
        let n = Double(current.count)
        var referenceBelow = 0
        var currentBelow = 0
        var total = 0.0
        for cell in 0...edges.count {
            let lower = cell == 0 ? low : edges[cell - 1]
            let upper = cell == edges.count ? Swift.max(high, lower) : edges[cell]
            let referenceIntegral = integral(below: referenceBelow, count: reference.cells[cell].count,
                                             sum: reference.cells[cell].sum, total: m, from: lower, to: upper)
            let currentIntegral = integral(below: currentBelow, count: current.cells[cell].count,
                                           sum: current.cells[cell].sum, total: n, from: lower, to: upper)
            total += abs(referenceIntegral - currentIntegral)
            referenceBelow += reference.cells[cell].count
            currentBelow += current.cells[cell].count
        }
        return total
    }

    /// ∫_a^b F(x) dx for an empirical CDF with `below` values ≤ a and `count` values in (a, b]
    /// summing to `sum`: every value v in the cell adds (b − v)/N.
    private static func integral(below: Int, count: Int, sum: Double, total: Double,
                                 from lower: Double, to upper: Double) -> Double {
        Double(below) / total * (upper - lower) + (Double(count) * upper - sum) / total
    }
}
