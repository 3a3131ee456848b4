/// One alert occurrence as the screens and reports show it (tui.md "Alerts", cli.md `alerts`).
///
/// Acknowledged and silenced are marks on an occurrence, not states that hide it.
public struct AlertSnapshot: Sendable, Hashable, Identifiable {
    /// The occurrence's state.
    public enum State: String, Sendable, Hashable {
        /// Condition true, `for` not yet elapsed.
        case pending
        case firing
        /// Condition false again (kept for a while on the alerts screen).
        case resolved
    }

    /// `rule/scope`, e.g. `feature drift/feature:amount`: stable across occurrences.
    public var id: String
    public var rule: String
    /// `global`, `feature:NAME`, `segment:DIM=VALUE`, `segment:DIM=VALUE/feature:NAME`.
    public var scope: String
    /// `info`, `warning`, `high`, `critical`.
    public var severity: String
    public var state: State
    /// The metric's value at the last evaluation, and the rule's threshold.
    public var value: Double?
    public var threshold: Double
    /// `above` or `below`.
    public var comparison: String
    /// Event time the occurrence started (pending or firing), seconds since the epoch.
    public var sinceSeconds: Double
    /// Event time it resolved.
    public var resolvedSeconds: Double?
    /// Event time it started firing, and the metric's value then (`value` is the latest one):
    /// the screens show both, so "now 117.9" never reads as the reason it fired. `nil` while
    /// pending; the value is also `nil` for an occurrence a previous run fired after a `for`
    /// (the store keeps its first value, not this one).
    public var firedAtSeconds: Double?
    public var firedValue: Double?
    /// Counts occurrences of this id: a resolved alert that fires again is a new occurrence.
    public var occurrence: Int
    public var acknowledged: Acknowledgement?
    public var silenced: Silence?
    /// The last run of the rule's action for this occurrence.
    public var action: ActionRun?
    /// What the alert is about, for Enter on the alerts screen.
    public var feature: String?
    public var segment: SegmentKey?
    /// Where the occurrence stands with Alertmanager (`sent 12s ago`,
    /// `owed 2 (retrying in 8s: connection refused)`); `nil` without Alertmanager or when
    /// nothing was sent.
    public var delivery: String? = nil

    public init(
        id: String, rule: String, scope: String, severity: String, state: State, value: Double?,
        threshold: Double, comparison: String, sinceSeconds: Double, resolvedSeconds: Double? = nil,
        occurrence: Int = 1, acknowledged: Acknowledgement? = nil, silenced: Silence? = nil,
        action: ActionRun? = nil, feature: String? = nil, segment: SegmentKey? = nil,
        firedAtSeconds: Double? = nil, firedValue: Double? = nil
    ) {
        self.id = id
        self.rule = rule
        self.scope = scope
        self.severity = severity
        self.state = state
        self.value = value
        self.threshold = threshold
        self.comparison = comparison
        self.sinceSeconds = sinceSeconds
        self.resolvedSeconds = resolvedSeconds
        self.occurrence = occurrence
        self.acknowledged = acknowledged
        self.silenced = silenced
        self.action = action
        self.feature = feature
        self.segment = segment
        self.firedAtSeconds = firedAtSeconds
        self.firedValue = firedValue
    }
}

/// Who acknowledged an occurrence, when (wall time, seconds since the epoch) and why.
public struct Acknowledgement: Sendable, Hashable {
    public var by: String
    public var atSeconds: Double
    public var note: String?

    public init(by: String, atSeconds: Double, note: String?) {
        self.by = by
        self.atSeconds = atSeconds
        self.note = note
    }
}

/// Who silenced an occurrence, until when (wall time) and why.
public struct Silence: Sendable, Hashable {
    public var by: String
    public var untilSeconds: Double
    public var note: String?
    /// Made in Alertmanager (its `createdBy` and `comment`), not here: ended there too.
    public var inAlertmanager: Bool

    public init(by: String, untilSeconds: Double, note: String?, inAlertmanager: Bool = false) {
        self.by = by
        self.untilSeconds = untilSeconds
        self.note = note
        self.inAlertmanager = inAlertmanager
    }
}

/// One run of a rule's action (a retraining trigger).
public struct ActionRun: Sendable, Hashable {
    public var startedAtSeconds: Double
    /// `nil` while running.
    public var exitStatus: Int32?
    public var timedOut: Bool
    /// The last lines of its output.
    public var outputTail: [String]

    public init(startedAtSeconds: Double, exitStatus: Int32?, timedOut: Bool, outputTail: [String]) {
        self.startedAtSeconds = startedAtSeconds
        self.exitStatus = exitStatus
        self.timedOut = timedOut
        self.outputTail = outputTail
    }
}
