/// One alert rule of the configuration: a metric in a scope, compared with a threshold for a
/// while, and what to do when it fires (docs/log-format.md, "Configuration file").
public struct AlertRule: Sendable, Hashable {
    /// Which side of the threshold is bad.
    public enum Threshold: Sendable, Hashable, CustomStringConvertible {
        /// Fires when the metric is greater than the number.
        case above(Double)
        /// Fires when the metric is less than the number.
        case below(Double)

        /// The number compared with.
        public var value: Double {
            switch self {
            case .above(let value), .below(let value): value
            }
        }

        /// Whether `metric` is on the bad side (strictly: a value equal to the threshold does
        /// not fire).
        public func isBreached(by metric: Double) -> Bool {
            switch self {
            case .above(let limit): metric > limit
            case .below(let limit): metric < limit
            }
        }

        /// `above 0.2` or `below 0.8`.
        public var description: String {
            switch self {
            case .above(let value): "above \(value)"
            case .below(let value): "below \(value)"
            }
        }
    }

    /// Texts in an action's arguments that are replaced when the action runs.
    public static let placeholders = ["rule", "scope", "value", "threshold", "severity"]

    /// The rule's name, unique in the configuration; alert ids are `name/scope`.
    public var name: String
    /// What the rule watches.
    public var metric: AlertMetric
    /// Where it looks; an `any_...` scope fires once per feature or segment value.
    public var scope: AlertScope
    /// The number the metric is compared with, and on which side it is bad.
    public var threshold: Threshold
    /// How long (event time) the condition must hold before the alert fires; 0 fires at once.
    public var holdFor: TimeSpan
    /// How urgent the alert is when it fires.
    public var severity: AlertSeverity
    /// The program and its arguments to run when the alert fires, with no shell; placeholders
    /// such as `{rule}` are left as text here and filled in when it runs. `nil` for no action.
    public var action: [String]?
    /// Whether the threshold is learned from the reference (docs/statistics.md, "Adaptive
    /// thresholds": mean ± 3σ of the metric over reference chunks of the window's size), in the
    /// direction of `threshold`; `threshold`'s number is then the fallback when the reference is
    /// too short to give two chunks.
    public var adaptive: Bool
    /// `fairness_gap`: the rate compared across segments (`rate:`, default positive rate).
    public var rate: FairnessRate = .positiveRate

    /// A rule with every field given.
    public init(name: String, metric: AlertMetric, scope: AlertScope, threshold: Threshold,
                holdFor: TimeSpan = .zero, severity: AlertSeverity = .warning,
                action: [String]? = nil, adaptive: Bool = false) {
        self.name = name
        self.metric = metric
        self.scope = scope
        self.threshold = threshold
        self.holdFor = holdFor
        self.severity = severity
        self.action = action
        self.adaptive = adaptive
    }
}
