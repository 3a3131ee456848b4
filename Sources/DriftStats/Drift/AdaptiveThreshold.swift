/// A threshold learned from the reference itself (docs/statistics.md, "Adaptive thresholds";
/// NannyML's default): split the reference into chunks of the window's size, compute the metric
/// of each chunk against the whole reference, and alert above mean + 3σ of those values.
public enum AdaptiveThreshold {
    /// mean + `sigmas` · std (ddof 0, as NumPy's `np.std`) of the chunks' metric values; `nil`
    /// without any finite value.
    public static func upperLimit(chunkValues: [Double], sigmas: Double = 3) -> Double? {
        let values = chunkValues.filter(\.isFinite)
        guard !values.isEmpty else { return nil }
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        return mean + sigmas * variance.squareRoot()
    }
}
