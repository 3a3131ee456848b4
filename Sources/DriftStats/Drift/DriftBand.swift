/// How far a drift metric is from its reference, as shown on screen (docs/statistics.md, "Bands").
public enum DriftBand: String, Sendable, Hashable, CaseIterable {
    /// Below the warning threshold (or a p-value at or above it).
    case ok
    /// Between the warning and the alert thresholds.
    case warning
    /// At or beyond the alert threshold.
    case drift
    /// The window holds fewer records than the minimum (default 200), or the metric is undefined.
    case notEnoughData

    /// The window size (records) below which no band but `notEnoughData` is shown.
    public static let defaultMinimumWindow = 200

    /// The band of a distance (PSI, Jensen-Shannon, Wasserstein): below `warn` ok, below `alert`
    /// warning, else drift.
    public init(distance: Double?, thresholds: DistanceThresholds, windowCount: Int,
                minimumWindow: Int = DriftBand.defaultMinimumWindow) {
        guard windowCount >= minimumWindow, let distance, !distance.isNaN else {
            self = .notEnoughData
            return
        }
        self = distance < thresholds.warn ? .ok : distance < thresholds.alert ? .warning : .drift
    }

    /// The band of a test's p-value (Kolmogorov-Smirnov, chi-square): at least `warn` ok, at least
    /// `alert` warning, else drift (whylogs' bands).
    public init(pValue: Double?, thresholds: PValueThresholds = .whylogs, windowCount: Int,
                minimumWindow: Int = DriftBand.defaultMinimumWindow) {
        guard windowCount >= minimumWindow, let pValue, !pValue.isNaN else {
            self = .notEnoughData
            return
        }
        self = pValue >= thresholds.warn ? .ok : pValue >= thresholds.alert ? .warning : .drift
    }
}

/// The two thresholds of a distance metric: values from `warn` on are a warning, from `alert` on
/// are drift.
public struct DistanceThresholds: Sendable, Hashable {
    /// The smallest value shown as a warning.
    public var warn: Double
    /// The smallest value shown as drift.
    public var alert: Double

    /// Thresholds with `warn <= alert`.
    public init(warn: Double, alert: Double) {
        precondition(warn <= alert, "DistanceThresholds: warn (\(warn)) above alert (\(alert))")
        self.warn = warn
        self.alert = alert
    }

    /// PSI's defaults: 0.1 / 0.2.
    public static let psi = DistanceThresholds(warn: 0.1, alert: 0.2)
    /// Jensen-Shannon distance's defaults: 0.1 / 0.2.
    public static let jensenShannon = DistanceThresholds(warn: 0.1, alert: 0.2)
    /// Normalised Wasserstein's defaults: 0.1 / 0.2.
    public static let wasserstein = DistanceThresholds(warn: 0.1, alert: 0.2)
}

/// The two p-value thresholds of a test: below `warn` is a warning, below `alert` is drift.
public struct PValueThresholds: Sendable, Hashable {
    /// p-values below this are a warning.
    public var warn: Double
    /// p-values below this are drift.
    public var alert: Double

    /// Thresholds with `alert <= warn`.
    public init(warn: Double, alert: Double) {
        precondition(alert <= warn, "PValueThresholds: alert (\(alert)) above warn (\(warn))")
        self.warn = warn
        self.alert = alert
    }

    /// whylogs' bands: 0.15 / 0.05 (α = 0.05).
    public static let whylogs = PValueThresholds(warn: 0.15, alert: 0.05)
}
