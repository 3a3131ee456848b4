/// Quantiles of a sorted sample, with the same conventions as NumPy.
public enum Quantile {
    /// NumPy's default `np.quantile(sorted, q)` (method `"linear"`), bit for bit.
    ///
    /// The virtual index is `(n - 1) * q`; the result interpolates between the order statistics
    /// around it with NumPy's `_lerp`, which computes `a + (b - a) * t`, but `b - (b - a) * (1 - t)`
    /// when `t >= 0.5` so that the result is exact at `t = 1` and monotone in `t`.
    ///
    /// - Parameters:
    ///   - sorted: the sample in ascending order, without NaN.
    ///   - q: the quantile, in [0, 1].
    /// - Returns: the quantile, or `nil` for an empty sample or a `q` outside [0, 1].
    public static func numpyLinear(sorted: [Double], q: Double) -> Double? {
        let n = sorted.count
        guard n > 0, q >= 0, q <= 1 else { return nil }
        let virtualIndex = Double(n - 1) * q
        // Above the last index NumPy reads the last element twice (index -1).
        if virtualIndex >= Double(n - 1) {
            return sorted[n - 1]
        }
        let previousIndex = virtualIndex.rounded(.down)
        let t = virtualIndex - previousIndex
        let lower = Int(previousIndex)
        return lerp(sorted[lower], sorted[lower + 1], t)
    }

    /// NumPy's `_lerp`: the interpolation that stays exact at both ends.
    static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }

    /// The inner edges of `cells` equal-mass cells of a sorted sample: NumPy's quantiles at
    /// i / cells for i = 1 ..< cells, repeated edges dropped (docs/statistics.md, "the two reference grids").
    public static func edges(sorted: [Double], cells: Int) -> [Double] {
        guard !sorted.isEmpty, cells > 1 else { return [] }
        var edges: [Double] = []
        edges.reserveCapacity(cells - 1)
        for i in 1..<cells {
            guard let edge = numpyLinear(sorted: sorted, q: Double(i) / Double(cells)) else { continue }
            if edges.last != edge { edges.append(edge) }
        }
        return edges
    }
}
