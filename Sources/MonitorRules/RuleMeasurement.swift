import MonitorEngine

/// The value of one rule's metric in one scope of a snapshot, with the threshold it is compared
/// with: one row of `modeltop check`, and what the alert states are driven by.
public struct RuleMeasurement: Sendable, Hashable {
    /// The rule measured.
    public var rule: String
    /// `global`, `feature:NAME`, `segment:DIM=VALUE` or `segment:DIM=VALUE/feature:NAME`.
    public var scope: String
    /// The metric's value; `nil` when it is undefined (no labels yet, no latency field, a
    /// feature or segment absent from the window).
    public var value: Double?
    /// The threshold in force: the rule's own, or the adaptive one learned from the reference,
    /// or, for a drift rule on a feature whose method is a test, the p-value limit.
    public var threshold: AlertRule.Threshold
    /// Whether the window holds enough data for the value to count (statistics.md: 200 records
    /// before any drift band; see `RuleEvaluator` for the other metrics).
    public var hasEnoughData: Bool
    /// What the measurement is about, for the alerts screen's Enter.
    public var feature: String?
    /// The segment value measured, `nil` for the whole stream.
    public var segment: SegmentKey?
    /// Where the threshold came from, for the check output: `nil` for the rule's own number.
    public var thresholdSource: ThresholdSource?

    /// Where a threshold other than the rule's own number came from.
    public enum ThresholdSource: String, Sendable, Hashable {
        /// mean ± 3σ of the metric over reference chunks of the window's size.
        case adaptive
        /// The rule asked for an adaptive threshold that the reference could not give.
        case adaptiveUnavailable = "adaptive_unavailable"
        /// The feature's method is a test: its p-value is compared `below` the drift alpha.
        case pValue = "p_value"
    }

    /// A measurement with every field given.
    public init(rule: String, scope: String, value: Double?, threshold: AlertRule.Threshold,
                hasEnoughData: Bool, feature: String? = nil, segment: SegmentKey? = nil,
                thresholdSource: ThresholdSource? = nil) {
        self.rule = rule
        self.scope = scope
        self.value = value
        self.threshold = threshold
        self.hasEnoughData = hasEnoughData
        self.feature = feature
        self.segment = segment
        self.thresholdSource = thresholdSource
    }

    /// `rule/scope`: the alert's id, stable across occurrences.
    public var alertID: String { "\(rule)/\(scope)" }

    /// Whether the condition holds: a defined value, on enough data, on the bad side of the
    /// threshold. Undefined values and thin windows never fire.
    public var isBreached: Bool {
        guard hasEnoughData, let value, value.isFinite else { return false }
        return threshold.isBreached(by: value)
    }
}

extension AlertRule.Threshold {
    /// `above` or `below`, as alert snapshots and the JSON output write it.
    public var comparison: String {
        switch self {
        case .above: "above"
        case .below: "below"
        }
    }
}
