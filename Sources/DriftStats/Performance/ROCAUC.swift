/// ROC AUC from per-class score histograms (docs/statistics.md, "Business outcomes layer"):
/// AUC = Σ_b pos_b · (neg_below_b + ½ neg_b) / (P · N), the probability that a positive outscores
/// a negative, ties within a bin counting one half. Exact when scores have at most three decimals
/// (each such score has a 1000-bin bin of its own; 0.999 and 1 share the last one).
public enum ROCAUC {
    /// The binned AUC; `nil` when either class is empty.
    public static func binned(positives: ScoreHistogram, negatives: ScoreHistogram) -> Double? {
        precondition(positives.binCount == negatives.binCount, "ROCAUC: histograms with different bins")
        let p = positives.total
        let n = negatives.total
        guard p > 0, n > 0 else { return nil }
        var negativesBelow = 0.0
        var area = 0.0
        for bin in 0..<positives.binCount {
            let negativesHere = negatives.weights[bin]
            area += positives.weights[bin] * (negativesBelow + negativesHere / 2)
            negativesBelow += negativesHere
        }
        return area / (p * n)
    }
}
