import MonitorEngine
import MonitorRules

/// The alert state machine: turns rule measurements, evaluated on every snapshot at the
/// snapshot's event time, into alert occurrences and their transitions (tui.md "Alerts").
///
/// Per rule and scope: the condition starts to hold → `pending`; it has held for the rule's
/// `for` → `firing` (at once when `for` is 0); it has been false for `graceSeconds` → `resolved`,
/// kept on the list for `keepResolvedSeconds` of event time. A resolved alert whose condition
/// holds again is a new occurrence (its number goes up) and starts without an acknowledgement.
/// A pending occurrence that clears before firing is dropped and does not count.
///
/// Acknowledgements and silences are marks, not states: an acknowledgement belongs to one
/// occurrence; a silence belongs to the alert id until its wall-clock end, so it also covers a
/// new occurrence that starts before then. Undefined values, thin windows and scopes that
/// vanished from the window count as "condition false".
///
/// Evaluations older (in event time) than an occurrence's last one are ignored for it: replaying
/// a log from its start after a restart does not resolve what was firing at its end.
public struct AlertTracker: Sendable {
    /// Event time the condition must stay false before a firing occurrence resolves.
    public var graceSeconds: Double
    /// Event time a resolved occurrence stays listed.
    public var keepResolvedSeconds: Double

    struct Entry: Sendable {
        var alert: AlertSnapshot
        var holdSeconds: Double
        var clearSinceSeconds: Double?
        var lastEventSeconds: Double
        var firstValue: Double?
        var firedAtSeconds: Double?
    }

    private(set) var entries: [String: Entry] = [:]
    /// Highest occurrence number per id (firing or fired).
    private(set) var occurrenceCounts: [String: Int] = [:]
    /// Current silences by id.
    private(set) var silences: [String: Silence] = [:]

    /// A tracker with no alerts yet.
    public init(graceSeconds: Double = 60, keepResolvedSeconds: Double = 3_600) {
        self.graceSeconds = graceSeconds
        self.keepResolvedSeconds = keepResolvedSeconds
    }

    /// Applies one evaluation: `measurements` of `rules` at event time `eventSeconds`, silences
    /// expiring at wall time `wallSeconds`. Returns the transitions, in measurement order.
    ///
    /// With `judging`, only those rules' occurrences move (the others are judged elsewhere: at
    /// bucket ends, or on the wall clock): a scope of theirs that is not measured counts as false.
    public mutating func update(rules: [AlertRule], measurements: [RuleMeasurement],
                                eventSeconds: Double, wallSeconds: Double,
                                judging: Set<String>? = nil) -> [AlertTransition] {
        expireSilences(wallSeconds: wallSeconds)
        let rulesByName = Dictionary(rules.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var transitions: [AlertTransition] = []
        var seen: Set<String> = []
        for measurement in measurements {
            let id = measurement.alertID
            guard !seen.contains(id), let rule = rulesByName[measurement.rule] else { continue }
            seen.insert(id)
            step(id: id, rule: rule, measurement: measurement, at: eventSeconds, into: &transitions)
        }
        // Scopes no longer measured (a segment left the window, a rule was removed): false.
        for id in entries.keys.sorted() where !seen.contains(id) && (judging?.contains(entries[id]!.alert.rule) ?? true) {
            step(id: id, rule: nil, measurement: nil, at: eventSeconds, into: &transitions)
        }
        return transitions
    }

    /// Sets the current value of each measured occurrence without judging it: what a screen
    /// shows between two judgements.
    public mutating func refreshValues(_ measurements: [RuleMeasurement]) {
        for measurement in measurements {
            guard var entry = entries[measurement.alertID], entry.alert.state != .resolved else { continue }
            entry.alert.value = measurement.value
            entries[measurement.alertID] = entry
        }
    }

    private mutating func step(id: String, rule: AlertRule?, measurement: RuleMeasurement?, at time: Double,
                               into transitions: inout [AlertTransition]) {
        let breached = measurement?.isBreached ?? false
        if var entry = entries[id] {
            guard time >= entry.lastEventSeconds else { return }
            entry.lastEventSeconds = time
            if let measurement {
                entry.alert.value = measurement.value
                entry.alert.threshold = measurement.threshold.value
                entry.alert.comparison = measurement.threshold.comparison
            }
            switch entry.alert.state {
            case .pending:
                if breached {
                    if time - entry.alert.sinceSeconds >= entry.holdSeconds {
                        entry.alert.state = .firing
                        entry.firedAtSeconds = time
                        entry.alert.firedAtSeconds = time
                        entry.alert.firedValue = measurement?.value
                        entries[id] = entry
                        transitions.append(AlertTransition(kind: .firing, alert: marked(entry.alert), atSeconds: time))
                    } else {
                        entries[id] = entry
                    }
                } else {
                    entries[id] = nil
                    occurrenceCounts[id] = entry.alert.occurrence - 1
                    transitions.append(AlertTransition(kind: .cleared, alert: marked(entry.alert), atSeconds: time))
                }
            case .firing:
                if breached {
                    entry.clearSinceSeconds = nil
                    entries[id] = entry
                } else {
                    let since = entry.clearSinceSeconds ?? time
                    entry.clearSinceSeconds = since
                    if time - since >= graceSeconds {
                        entry.alert.state = .resolved
                        entry.alert.resolvedSeconds = time
                        entries[id] = entry
                        transitions.append(AlertTransition(kind: .resolved, alert: marked(entry.alert), atSeconds: time))
                    } else {
                        entries[id] = entry
                    }
                }
            case .resolved:
                if breached, let rule, let measurement {
                    open(id: id, rule: rule, measurement: measurement, at: time, into: &transitions)
                } else if time - (entry.alert.resolvedSeconds ?? time) > keepResolvedSeconds {
                    entries[id] = nil
                } else {
                    entries[id] = entry
                }
            }
        } else if breached, let rule, let measurement {
            open(id: id, rule: rule, measurement: measurement, at: time, into: &transitions)
        }
    }

    /// Starts a new occurrence: pending, or firing at once when the rule's `for` is 0.
    private mutating func open(id: String, rule: AlertRule, measurement: RuleMeasurement, at time: Double,
                               into transitions: inout [AlertTransition]) {
        let occurrence = occurrenceCounts[id, default: 0] + 1
        occurrenceCounts[id] = occurrence
        let hold = Double(rule.holdFor.seconds)
        let alert = AlertSnapshot(
            id: id, rule: rule.name, scope: measurement.scope, severity: rule.severity.name,
            state: hold <= 0 ? .firing : .pending, value: measurement.value,
            threshold: measurement.threshold.value, comparison: measurement.threshold.comparison,
            sinceSeconds: time, occurrence: occurrence, feature: measurement.feature, segment: measurement.segment,
            firedAtSeconds: hold <= 0 ? time : nil, firedValue: hold <= 0 ? measurement.value : nil)
        let entry = Entry(alert: alert, holdSeconds: hold, clearSinceSeconds: nil, lastEventSeconds: time,
                          firstValue: measurement.value, firedAtSeconds: hold <= 0 ? time : nil)
        entries[id] = entry
        transitions.append(AlertTransition(kind: hold <= 0 ? .firing : .pending, alert: marked(alert), atSeconds: time))
    }

    private mutating func expireSilences(wallSeconds: Double) {
        for (id, silence) in silences where silence.untilSeconds <= wallSeconds {
            silences[id] = nil
        }
    }

    /// The occurrence with its silence applied.
    private func marked(_ alert: AlertSnapshot) -> AlertSnapshot {
        var alert = alert
        alert.silenced = silences[alert.id]
        return alert
    }

    /// Occurrences to show, firing first, then pending, then resolved; within each the most
    /// severe first, then by id.
    public var alerts: [AlertSnapshot] {
        entries.values.map { marked($0.alert) }.sorted(by: Self.displayOrder)
    }

    /// The current occurrence of an id.
    public func alert(id: String) -> AlertSnapshot? { entries[id].map { marked($0.alert) } }

    /// The value the occurrence had when it started, for the store's history.
    public func firstValue(id: String) -> Double? { entries[id]?.firstValue }

    /// Event time of the last evaluation that touched the occurrence of `id`.
    public func lastEventSeconds(id: String) -> Double? { entries[id]?.lastEventSeconds }

    /// The `for` of the rule, in seconds, when the occurrence of `id` started.
    public func holdSeconds(id: String) -> Double? { entries[id]?.holdSeconds }

    /// Event time the occurrence started firing, `nil` while pending.
    public func firedAtSeconds(id: String) -> Double? { entries[id]?.firedAtSeconds }

    /// Marks the current occurrence of `id` acknowledged; `false` when there is none.
    @discardableResult
    public mutating func acknowledge(id: String, _ acknowledgement: Acknowledgement) -> Bool {
        guard entries[id] != nil else { return false }
        entries[id]?.alert.acknowledged = acknowledgement
        return true
    }

    /// Silences `id` until the silence's wall time; `false` when the id has no occurrence.
    @discardableResult
    public mutating func silence(id: String, _ silence: Silence) -> Bool {
        guard entries[id] != nil else { return false }
        silences[id] = silence
        return true
    }

    /// Removes the acknowledgement and the silence of `id`.
    public mutating func undo(id: String) {
        entries[id]?.alert.acknowledged = nil
        silences[id] = nil
    }

    /// Records the last action run of the current occurrence of `id`.
    public mutating func recordAction(id: String, occurrence: Int, _ run: ActionRun) {
        guard entries[id]?.alert.occurrence == occurrence else { return }
        entries[id]?.alert.action = run
    }

    /// Replaces the marks with those another process wrote to the store: acknowledgements by
    /// (id, occurrence), silences by id.
    public mutating func applyMarks(acknowledgements: [OccurrenceKey: Acknowledgement], silences: [String: Silence]) {
        for id in entries.keys {
            let key = OccurrenceKey(id: id, occurrence: entries[id]!.alert.occurrence)
            entries[id]?.alert.acknowledged = acknowledgements[key]
        }
        self.silences = silences
    }

    /// Continues an occurrence that a previous run left pending or firing, so that its number,
    /// its acknowledgement and its action carry on after a restart.
    public mutating func restore(_ alert: AlertSnapshot, holdSeconds: Double, lastEventSeconds: Double,
                                 firstValue: Double?, firedAtSeconds: Double?) {
        occurrenceCounts[alert.id] = max(occurrenceCounts[alert.id, default: 0], alert.occurrence)
        guard alert.state != .resolved else { return }
        var alert = alert
        alert.firedAtSeconds = firedAtSeconds
        // Fired at once, it fired at its first value; after a `for`, the store does not know.
        alert.firedValue = firedAtSeconds != nil && holdSeconds <= 0 ? firstValue : nil
        entries[alert.id] = Entry(alert: alert, holdSeconds: holdSeconds, clearSinceSeconds: nil,
                                  lastEventSeconds: lastEventSeconds, firstValue: firstValue,
                                  firedAtSeconds: firedAtSeconds)
    }

    /// The screens' order: firing, then pending, then resolved; the most severe first; then by id.
    public static func displayOrder(_ lhs: AlertSnapshot, _ rhs: AlertSnapshot) -> Bool {
        func rank(_ state: AlertSnapshot.State) -> Int {
            switch state {
            case .firing: 0
            case .pending: 1
            case .resolved: 2
            }
        }
        if rank(lhs.state) != rank(rhs.state) { return rank(lhs.state) < rank(rhs.state) }
        let left = AlertSeverity(name: lhs.severity)?.rank ?? 0
        let right = AlertSeverity(name: rhs.severity)?.rank ?? 0
        if left != right { return left > right }
        return lhs.id < rhs.id
    }
}
