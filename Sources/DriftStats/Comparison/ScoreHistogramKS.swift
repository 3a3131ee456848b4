/// The two-sample Kolmogorov–Smirnov test of two score histograms on the same bins
/// (docs/statistics.md, "Versions side by side"): D = max over bin edges of |F₁ − F₂|, with
/// the asymptotic p-value of ``KolmogorovSmirnov/asymptoticPValue(statistic:referenceCount:currentCount:)``.
/// D is the exact two-sample statistic of the scores when every score lies on the bins'
/// resolution (three decimals on 1,000 bins), and at most it otherwise.
public enum ScoreHistogramKS {
    /// `nil` when either histogram is empty or their bins differ.
    public static func test(_ first: ScoreHistogram, _ second: ScoreHistogram) -> KolmogorovSmirnov? {
        guard first.total > 0, second.total > 0, first.binCount == second.binCount else { return nil }
        var firstSum = 0.0, secondSum = 0.0, statistic = 0.0
        for bin in 0..<first.binCount {
            firstSum += first.weights[bin]
            secondSum += second.weights[bin]
            statistic = max(statistic, abs(firstSum / first.total - secondSum / second.total))
        }
        let pValue = KolmogorovSmirnov.asymptoticPValue(
            statistic: statistic, referenceCount: Int(first.total.rounded()), currentCount: Int(second.total.rounded()))
        return KolmogorovSmirnov(statistic: statistic, errorBound: 0, pValue: pValue)
    }
}
