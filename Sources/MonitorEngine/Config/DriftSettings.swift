import DriftStats

/// The `drift:` section: which method measures drift, on how many bins, and where the bands are
/// (docs/statistics.md, "Numeric features" and "Drift metrics").
public struct DriftSettings: Sendable, Hashable {
    /// Method for numeric features.
    public var numeric: DriftMethod = .psi
    /// Method for categorical features.
    public var categorical: DriftMethod = .psi
    /// Coarse bins per numeric feature (PSI, Jensen-Shannon), from reference quantiles.
    public var bins: Int = 10
    /// Distance from which a feature is shown as a warning (PSI, JS, Wasserstein).
    public var warn: Double = 0.1
    /// Distance from which a feature is shown as drifted; always above `warn`.
    public var alert: Double = 0.2
    /// Cells of the fine grid (KS, Wasserstein).
    public var fineBins: Int = 256
    /// Significance level of the tests (KS, chi-square): drift when p < alpha.
    public var alpha: Double = 0.05
    /// Whether decisions from p-values (the bands and rules of KS and chi-square) use the
    /// Benjamini–Hochberg adjusted p-value, the family being every feature's own test in the
    /// whole stream and every segment slice of one window (docs/statistics.md, "Many tests at once").
    public var fdr: Bool = true
    /// Records a window needs before any band other than "not enough data" is shown.
    public var minRecords: Int = 200
    /// Categories kept per categorical feature, by reference frequency; the rest are `(other)`.
    public var topCategories: Int = 50

    /// Every setting at its default.
    public init() {}

    /// The p-value bands of the tests: drift below `alpha`, a warning below 0.15 (whylogs'),
    /// or below `alpha` when that is higher.
    public var pValueThresholds: PValueThresholds {
        PValueThresholds(warn: max(PValueThresholds.whylogs.warn, alpha), alert: alpha)
    }
}
