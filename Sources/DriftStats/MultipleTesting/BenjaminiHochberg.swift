/// Benjamini–Hochberg adjusted p-values (docs/statistics.md, "Many tests at once"): the false
/// discovery rate control that decides drift from a family of p-values, so that with many
/// features × segments a band does not turn red by chance alone.
///
/// Exactly `scipy.stats.false_discovery_control(ps, method='bh')`: sort the p-values ascending,
/// multiply the one of rank i (from 1) by m / i, take from the largest rank down the running
/// minimum, clip to [0, 1], and hand each back in its input's place. A test is a discovery at
/// false discovery rate α when its adjusted p-value is below α.
public enum BenjaminiHochberg {
    /// The adjusted p-values, in the order of `pValues`.
    ///
    /// - Precondition: every p-value is in [0, 1] (NaN is not a p-value: leave a test without
    ///   one out of the family).
    public static func adjusted(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        precondition(pValues.allSatisfy { $0 >= 0 && $0 <= 1 }, "BenjaminiHochberg: p-values must lie in [0, 1]")
        // Ties keep their input order; their adjusted values are equal whatever the order.
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] || (pValues[$0] == pValues[$1] && $0 < $1) }
        var scaled = order.enumerated().map { rank, index in
            pValues[index] * (Double(m) / Double(rank + 1))
        }
        var running = Double.infinity
        for rank in scaled.indices.reversed() {
            running = Swift.min(running, scaled[rank])
            scaled[rank] = running
        }
        var result = [Double](repeating: 0, count: m)
        for (rank, index) in order.enumerated() {
            result[index] = Swift.min(Swift.max(scaled[rank], 0), 1)
        }
        return result
    }
}
