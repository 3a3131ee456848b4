import DriftStats
import MonitorEngine

/// Values of rule metrics over chunks of the reference, for adaptive thresholds
/// (statistics.md "Adaptive thresholds": split the reference into chunks of the window's size,
/// compute the metric for each chunk against the whole reference).
///
/// Whoever holds the reference fills it; a rule whose metric and scope have no entry here (or
/// fewer than two finite values) falls back to its fixed threshold, and the measurement says so.
public struct ReferenceChunks: Sendable, Hashable {
    /// A metric in one measured scope (`feature:amount`, `segment:country=BR/feature:amount`).
    public struct Key: Sendable, Hashable {
        /// The metric's configuration name (`drift`, `missing`...).
        public var metric: String
        /// The measured scope, as in alert ids.
        public var scope: String

        /// The key of `metric` in `scope`.
        public init(metric: AlertMetric, scope: String) {
            self.metric = metric.name
            self.scope = scope
        }
    }

    /// The chunk values by metric and scope.
    public var values: [Key: [Double]]

    /// Chunk values as given; empty means no rule can adapt.
    public init(values: [Key: [Double]] = [:]) {
        self.values = values
    }

    /// The learned limit for `threshold`'s direction: mean + 3σ for `above`, mean − 3σ for
    /// `below` (never below 0: no metric here is negative); `nil` without two finite values.
    public func limit(metric: AlertMetric, scope: String, direction: AlertRule.Threshold) -> Double? {
        let finite = (values[Key(metric: metric, scope: scope)] ?? []).filter(\.isFinite)
        guard finite.count >= 2 else { return nil }
        switch direction {
        case .above:
            return AdaptiveThreshold.upperLimit(chunkValues: finite)
        case .below:
            // mean − 3σ is the upper limit of the negated values, negated.
            return AdaptiveThreshold.upperLimit(chunkValues: finite.map { -$0 }).map { max(0, -$0) }
        }
    }
}
