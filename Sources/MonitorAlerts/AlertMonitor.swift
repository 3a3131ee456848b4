import Foundation
import MonitorEngine
import MonitorRules

/// Alerting end to end for one running modeltop: measures the rules on every snapshot, drives
/// the state machine, keeps the store in step (both ways: another process's acknowledgements
/// show within one evaluation), and starts actions when an occurrence fires.
///
/// `evaluate(_:)` is the engine's snapshot hook: it fills `snapshot.alerts` and
/// `snapshot.alertStoreError`. `handle(_:)` applies acknowledge, silence and undo. Both may be
/// called from any thread. Without a store (it could not be opened) alerting works in memory and
/// every snapshot says why nothing is kept; a write that fails later is reported the same way
/// and retried on the next change.
public final class AlertMonitor: Sendable {
    /// How the monitor behaves, with the defaults of the documentation.
    public struct Options: Sendable {
        /// Event time the condition must stay false before a firing alert resolves; `nil` means
        /// one bucket of the snapshot.
        public var graceSeconds: Double?
        /// Event time a resolved occurrence stays listed.
        public var keepResolvedSeconds: Double = 3_600
        /// Wall-clock seconds between writes of the last values of open occurrences.
        public var persistIntervalSeconds: Double = 5
        /// Whether firing occurrences start their rule's action.
        public var runsActions: Bool = true
        /// Why actions are off, said in every snapshot's notices (a configuration found in the
        /// working directory and not trusted: docs/security.md).
        public var actionsOffNotice: String?

        /// The defaults, with the grace period given (`nil`: one bucket).
        public init(graceSeconds: Double? = nil) {
            self.graceSeconds = graceSeconds
        }
    }

    private struct State: Sendable {
        var tracker: AlertTracker
        var storeError: AlertStoreError?
        /// The store last served other inputs: said on screen.
        var sharedNotice: String?
        var lastPersistWall: Double = -.infinity
        /// Wall time retention last ran (at start, then hourly).
        var lastPruneWall: Double = -.infinity
        var rules: [AlertRule] = []
        /// Learned once, at the first window with enough records; `nil` until then.
        var referenceChunks: ReferenceChunks?
        /// Wall time each open occurrence started firing here, once it was owed to
        /// Alertmanager (its `startsAt`).
        var startedWall: [OccurrenceKey: Double] = [:]
        /// The last state of each occurrence in `startedWall`, for a resolve owed after its
        /// transition was lost (a write that failed) and the tracker no longer lists it.
        var announced: [OccurrenceKey: AlertSnapshot] = [:]
    }

    /// The configuration and the rule evaluator it makes: replaced together by ``reload(_:)``
    /// (a configuration file edited while `watch` runs), read by every evaluation.
    private let current: LockedValue<(config: MonitorConfig, evaluator: RuleEvaluator)>
    private var config: MonitorConfig { current.withLock { $0.config } }
    private var evaluator: RuleEvaluator { current.withLock { $0.evaluator } }
    private let store: AlertStore?
    private let runner: ActionRunner?
    private let user: String
    private let wallClock: @Sendable () -> Double
    private let options: Options
    private let state: LockedValue<State>
    /// Delivery to Alertmanager, when the configuration names one and the store is open.
    public let delivery: AlertmanagerDelivery?

    /// A monitor for `config`'s rules (or the default rules); `store` `nil` with `storeError`
    /// when the store could not be opened.
    /// `inputs` describes the prediction sources: a store that last served others (a demo, a
    /// generated log under the same model name) says so in every snapshot's notices.
    public init(config: MonitorConfig, store: AlertStore?, storeError: AlertStoreError? = nil,
                runner: ActionRunner? = nil, user: String = AlertUser.current(), inputs: String? = nil,
                referenceChunks: ReferenceChunks = ReferenceChunks(), options: Options = Options(),
                delivery: AlertmanagerDelivery? = nil,
                wallClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.delivery = store == nil ? nil : delivery
        current = LockedValue((config, RuleEvaluator(settings: config.drift, referenceChunks: referenceChunks)))
        self.store = store
        self.runner = runner
        self.user = user
        self.wallClock = wallClock
        self.options = options
        var tracker = AlertTracker(graceSeconds: options.graceSeconds ?? Double(config.bucket.seconds),
                                   keepResolvedSeconds: options.keepResolvedSeconds)
        var error = storeError
        var sharedNotice: String?
        var startedWall: [OccurrenceKey: Double] = [:]
        var announced: [OccurrenceKey: AlertSnapshot] = [:]
        if let store {
            do {
                if let inputs, let previous = try store.claim(inputs: inputs) {
                    sharedNotice = "the alert store \(store.path) last served other inputs (\(previous)): its alerts show here too; "
                        + "set 'state:' to keep them apart"
                }
                // Retention first: a store years old must not be read whole at every start.
                try store.prune(maxAgeSeconds: Double(config.alertRetention.seconds),
                                maxResolved: config.alertMaxOccurrences, wallSeconds: wallClock())
                // Carry on the occurrences a previous run left open, with their marks.
                for stored in try store.latestOccurrences(wallSeconds: wallClock()) {
                    tracker.restore(stored.alert, holdSeconds: stored.holdSeconds,
                                    lastEventSeconds: stored.lastEventSeconds, firstValue: stored.firstValue,
                                    firedAtSeconds: stored.firedAtSeconds)
                    if stored.alert.state != .resolved, let started = stored.startedWallSeconds {
                        let key = OccurrenceKey(id: stored.alert.id, occurrence: stored.alert.occurrence)
                        startedWall[key] = started
                        announced[key] = stored.alert
                    }
                }
                let marks = try store.marks(wallSeconds: wallClock())
                tracker.applyMarks(acknowledgements: marks.acknowledgements, silences: marks.silences)
                _ = try store.hasChanged()
            } catch let failure {
                error = failure
            }
        }
        var initial = State(tracker: tracker, storeError: error, sharedNotice: sharedNotice)
        initial.startedWall = startedWall
        initial.announced = announced
        initial.lastPruneWall = wallClock()
        state = LockedValue(initial)
    }

    /// Takes the rules and drift thresholds of a reloaded configuration: alerts of rules kept
    /// (same name and scope) keep their state; a rule gone resolves at the next judgement, as
    /// any alert whose rule no longer fires; adaptive thresholds are learned again.
    public func reload(_ reloaded: MonitorConfig) {
        current.withLock { current in
            var config = current.config
            config.alerts = reloaded.alerts
            config.drift = reloaded.drift
            current = (config, RuleEvaluator(settings: config.drift))
        }
        state.withLock { $0.referenceChunks = nil }
    }

    /// Opens the store at the configuration's state path and builds a monitor; a store that
    /// cannot be opened leaves the monitor working in memory with the error shown.
    public static func opening(config: MonitorConfig, statePath: String?, runner: ActionRunner?, inputs: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               options: Options = Options()) -> AlertMonitor {
        guard let path = statePath ?? config.statePath(environment: environment) else {
            let error = AlertStoreError(path: "(none)", operation: "find a place for the store",
                                        reason: "neither 'state' nor XDG_STATE_HOME nor HOME is set")
            return AlertMonitor(config: config, store: nil, storeError: error, runner: runner,
                                user: AlertUser.current(environment: environment), options: options)
        }
        do {
            let store = try AlertStore(path: path)
            let delivery = config.alertmanager.map { AlertmanagerDelivery(settings: $0, model: config.alertmanagerModel, store: store) }
            let monitor = AlertMonitor(config: config, store: store, runner: runner,
                                       user: AlertUser.current(environment: environment), inputs: inputs, options: options,
                                       delivery: delivery)
            delivery?.start()
            return monitor
        } catch {
            return AlertMonitor(config: config, store: nil, storeError: error, runner: runner,
                                user: AlertUser.current(environment: environment), options: options)
        }
    }

    /// Damaged rows the store skipped (``AlertStore/damage``), if any.
    public var storeDamage: String? { store?.damage }

    /// The store's current problem, if any.
    public var storeError: AlertStoreError? { state.withLock { $0.storeError } }

    /// The rules measured at the last evaluation.
    public var rules: [AlertRule] { state.withLock { $0.rules } }

    /// Current occurrences, most urgent first.
    public var alerts: [AlertSnapshot] { state.withLock { $0.tracker.alerts } }

    /// Which rules an evaluation judges.
    public enum Judging: Sendable, Equatable {
        /// Every rule, at the snapshot's newest event time: a snapshot judged on its own.
        case all
        /// The rules measured in event time, at the end of a bucket (event time, seconds): what
        /// the engine does as each bucket closes, so that replaying a log and watching it grow
        /// judge the same windows at the same times.
        case bucketEnd(Double)
        /// Only the rules on the wall clock (`stale`), when the engine publishes; the other
        /// occurrences' values are refreshed for the screen without being judged.
        case wallClock
    }

    /// Measures the rules on `snapshot`, judges those `judging` says, updates states, the store
    /// and the actions, and fills `snapshot.alerts`. Returns the transitions (for headless
    /// output).
    ///
    /// A firing occurrence runs its rule's action once, when it is neither silenced nor being
    /// caught up on (`snapshot.catchUp`), and no run of the same rule is going.
    @discardableResult
    public func evaluate(_ snapshot: inout Snapshot, judging: Judging = .all) -> [AlertTransition] {
        let wall = wallClock()
        let eventTime: Double? = switch judging {
        case .bucketEnd(let end): end
        case .all, .wallClock: snapshot.freshness.newestEventSeconds ?? snapshot.window.toSeconds
        }
        let rules = AlertRule.rules(of: config, referencePrecision: snapshot.overall.performance.reference?.precision,
                                     task: snapshot.overall.task)
        let judged: [AlertRule] = switch judging {
        case .all: rules
        case .bucketEnd: rules.filter { !$0.metric.isWallClock }
        case .wallClock: rules.filter(\.metric.isWallClock)
        }
        let judgedNames = judging == .all ? nil : Set(judged.map(\.name))
        let evaluator = evaluatorWithChunks(rules: rules, snapshot: snapshot)
        let measurements = eventTime == nil ? [] : evaluator.measure(rules, in: snapshot)
        let catchingUp = snapshot.catchUp != nil
        var started: [(AlertSnapshot, [String])] = []
        var owedNow = false
        let (alerts, transitions, error) = state.withLock { state -> ([AlertSnapshot], [AlertTransition], AlertStoreError?) in
            state.rules = rules
            syncMarks(&state, wall: wall)
            var transitions: [AlertTransition] = []
            if let eventTime {
                let judgedMeasurements = judgedNames.map { names in measurements.filter { names.contains($0.rule) } } ?? measurements
                transitions = state.tracker.update(rules: judged, measurements: judgedMeasurements,
                                                   eventSeconds: eventTime, wallSeconds: wall, judging: judgedNames)
                if judging == .wallClock {
                    state.tracker.refreshValues(measurements.filter { !(judgedNames?.contains($0.rule) ?? true) })
                }
            }
            // The alerts re-posted as firing are updated before a resolve is committed: a delivery
            // round that posts the resolve must never then re-post the alert as firing (which
            // would open it again in Alertmanager). Inside the lock, so that two evaluations
            // cannot hand them over in the wrong order.
            delivery?.setFiring(firingAlerts(state))
            owedNow = persist(transitions, &state, wall: wall, catchingUp: catchingUp)
            delivery?.setFiring(firingAlerts(state))
            // Actions wait until the files' old content is read: replaying last month's log must
            // not trigger last month's retraining. Then every firing occurrence without a run
            // gets one: new ones, those that fired during catch-up, those whose silence ended,
            // and those held back while the same rule's action was still running.
            if options.runsActions, runner != nil, !catchingUp {
                for alert in state.tracker.alerts where alert.state == .firing && alert.action == nil && alert.silenced == nil
                    && !alertmanagerHoldsAction(of: alert, wall: wall) {
                    guard let action = rules.first(where: { $0.name == alert.rule })?.action else { continue }
                    started.append((alert, action))
                }
            }
            return (state.tracker.alerts, transitions, state.storeError)
        }
        for (alert, action) in started { startAction(action, for: alert) }
        snapshot.alerts = started.isEmpty ? alerts : self.alerts
        if let delivery {
            if owedNow { delivery.owedChanged() }
            // The problem before the alerts' states: a round that ends between the two then
            // shows its outcome on the alerts, never "unreachable" beside an older "sent".
            let problem = delivery.problem(now: wall)
            snapshot.alerts = snapshot.alerts.map { Self.marked($0, delivery: delivery, wall: wall) }
            if let problem {
                snapshot.alertDeliveryProblem = problem
                snapshot.notices.append(problem)
            }
        }
        snapshot.alertStoreError = error?.description
        if let notice = state.withLock({ $0.sharedNotice }) { snapshot.notices.append(notice) }
        if let damage = store?.damage { snapshot.notices.append(damage) }
        if let notice = options.actionsOffNotice { snapshot.notices.append(notice) }
        return transitions
    }

    /// Applies an acknowledge, silence or undo command; other commands are not alerting's and
    /// are ignored. Returns `false` when the alert id has no current occurrence.
    @discardableResult
    public func handle(_ command: EngineCommand) -> Bool {
        let wall = wallClock()
        return state.withLock { state -> Bool in
            switch command {
            case .acknowledge(let id, let note):
                guard let alert = state.tracker.alert(id: id) else { return false }
                let acknowledgement = Acknowledgement(by: user, atSeconds: wall, note: note)
                state.tracker.acknowledge(id: id, acknowledgement)
                write(&state) { store in try store.acknowledge(id: id, occurrence: alert.occurrence, acknowledgement) }
                // The acknowledgement is an annotation: Alertmanager hears of it at once.
                if let delivery { delivery.setFiring(firingAlerts(state), repostNow: true) }
                return true
            case .silence(let id, let until, let note):
                guard state.tracker.alert(id: id) != nil else { return false }
                let silence = Silence(by: user, untilSeconds: until, note: note)
                state.tracker.silence(id: id, silence)
                let body = alertmanagerSilenceBody(silence, wall: wall)
                write(&state) { store in try store.silence(id: id, silence, alertmanager: body) }
                delivery?.owedChanged()
                return true
            case .undo(let id):
                guard state.tracker.alert(id: id) != nil else { return false }
                state.tracker.undo(id: id)
                write(&state) { store in try store.undo(id: id) }
                delivery?.owedChanged()
                return true
            case .setWindow, .refresh, .reloadDrift, .moveCursor, .setCursor:
                return false
            }
        }
    }

    /// Stops delivery to Alertmanager (what is still owed stays in the store for the next run).
    public func stopDelivery() {
        delivery?.stop()
    }

    // MARK: - Alertmanager

    /// The body of the Alertmanager silence that goes with `silence`, for the store to owe;
    /// `nil` without Alertmanager.
    private func alertmanagerSilenceBody(_ silence: Silence, wall: Double) -> ((String, String) -> String)? {
        guard let delivery else { return nil }
        return { rule, scope in
            AlertmanagerPayload.body(AlertmanagerPayload.silence(rule: rule, scope: scope, model: delivery.model, by: silence.by,
                                                                 note: silence.note, startsAt: wall, endsAt: silence.untilSeconds))
        }
    }

    /// The firing occurrences Alertmanager was told of, with their `startsAt`: what is re-posted.
    private func firingAlerts(_ state: State) -> [AlertmanagerDelivery.FiringAlert] {
        state.tracker.alerts.compactMap { alert in
            guard alert.state == .firing,
                  let start = state.startedWall[OccurrenceKey(id: alert.id, occurrence: alert.occurrence)] else { return nil }
            return AlertmanagerDelivery.FiringAlert(alert: alert, startsAt: start)
        }
    }

    /// Whether an Alertmanager silence holds back `alert`'s action: one matches, or the alert's
    /// labels are new and not yet matched against the silences (the next evaluation knows).
    private func alertmanagerHoldsAction(of alert: AlertSnapshot, wall: Double) -> Bool {
        guard let delivery, alert.silenced == nil else { return false }
        let lookup = delivery.lookUpSilence(delivery.labels(of: alert), now: wall)
        return lookup.silence != nil || !lookup.known
    }

    /// `alert` with its delivery state and, when silenced in Alertmanager only, that silence.
    static func marked(_ alert: AlertSnapshot, delivery: AlertmanagerDelivery, wall: Double) -> AlertSnapshot {
        var alert = alert
        alert.delivery = delivery.deliveryText(alertId: alert.id, now: wall)
        if alert.silenced == nil, let silence = delivery.silence(matching: delivery.labels(of: alert), now: wall) {
            alert.silenced = Silence(by: silence.createdBy, untilSeconds: silence.endsAtSeconds,
                                     note: silence.comment.isEmpty ? nil : silence.comment, inAlertmanager: true)
        }
        return alert
    }

    /// Waits for running actions (before a clean exit).
    public func waitForActions() {
        runner?.waitForAll()
    }

    /// Ends running actions and waits until they have ended (a stop signal).
    public func stopActions() {
        runner?.stopAll()
        runner?.waitForAll()
    }

    // MARK: - Adaptive thresholds

    /// The evaluator with reference chunk values for adaptive rules: computed once, when the
    /// window first holds `drift.min_records` records, with chunks of that window's size.
    private func evaluatorWithChunks(rules: [AlertRule], snapshot: Snapshot) -> RuleEvaluator {
        var evaluator = self.evaluator
        guard rules.contains(where: \.adaptive) else { return evaluator }
        if let chunks = state.withLock({ $0.referenceChunks }) {
            evaluator.referenceChunks = chunks
            return evaluator
        }
        guard snapshot.window.records >= evaluator.minimumRecords, let path = config.reference else { return evaluator }
        var chunks = ReferenceChunks()
        if let reference = try? ReferenceSet.load(path: path, config: config) {
            chunks = ReferenceChunks.computed(rules: rules, reference: reference, config: config,
                                              chunkRecords: snapshot.window.records)
        }
        state.withLock { $0.referenceChunks = chunks }
        evaluator.referenceChunks = chunks
        return evaluator
    }

    // MARK: - Store

    private func syncMarks(_ state: inout State, wall: Double) {
        guard let store else { return }
        do {
            guard try store.hasChanged() else { return }
            let marks = try store.marks(wallSeconds: wall)
            state.tracker.applyMarks(acknowledgements: marks.acknowledgements, silences: marks.silences)
            state.storeError = nil
        } catch {
            state.storeError = error
        }
    }

    /// Writes the transitions (and, periodically, every open occurrence) to the store; returns
    /// whether Alertmanager is owed something new.
    private func persist(_ transitions: [AlertTransition], _ state: inout State, wall: Double, catchingUp: Bool) -> Bool {
        guard store != nil else { return false }
        let periodic = wall - state.lastPersistWall >= options.persistIntervalSeconds
        guard !transitions.isEmpty || periodic else { return false }
        state.lastPersistWall = wall
        if wall - state.lastPruneWall >= 3_600 {
            state.lastPruneWall = wall
            let (age, count) = (Double(config.alertRetention.seconds), config.alertMaxOccurrences)
            write(&state) { store in try store.prune(maxAgeSeconds: age, maxResolved: count, wallSeconds: wall) }
        }
        let tracker = state.tracker
        // What Alertmanager is owed is written with the change it announces: an occurrence
        // firing here (not while old content is being caught up on: last month's alerts would
        // page today), and the resolve of one it was told of.
        var startedWall = state.startedWall
        var announced = state.announced
        var owedSomething = false
        let delivery = delivery
        write(&state) { store in
            for transition in transitions where transition.kind == .cleared {
                try store.forget(id: transition.alert.id, occurrence: transition.alert.occurrence)
            }
            // Resolved ones first: they may have left the tracker's list already.
            for transition in transitions where transition.kind == .resolved {
                let key = OccurrenceKey(id: transition.alert.id, occurrence: transition.alert.occurrence)
                var stored = Self.stored(transition.alert, tracker)
                var owing: AlertmanagerNotice?
                if let delivery, let start = startedWall[key] {
                    stored.startedWallSeconds = start
                    let payload = AlertmanagerPayload.alert(transition.alert, model: delivery.model, extra: delivery.settings.labels,
                                                            startsAt: start, endsAt: max(wall, start))
                    owing = AlertmanagerNotice(kind: .resolved, alertId: key.id, occurrence: key.occurrence,
                                               body: "[" + AlertmanagerPayload.body(payload) + "]")
                }
                try store.record(stored, owing: owing)
                if owing != nil { owedSomething = true }
                startedWall[key] = nil
                announced[key] = nil
            }
            // Any other occurrence Alertmanager was told of and that no longer fires here is
            // owed its resolve now: its transition's write failed (a store busy with another
            // modeltop, a full disk), and without this Alertmanager would keep it firing until
            // its resolve_timeout.
            let firingKeys = Set(tracker.alerts.filter { $0.state == .firing }.map { OccurrenceKey(id: $0.id, occurrence: $0.occurrence) })
            for (key, start) in startedWall where !firingKeys.contains(key) {
                let listed = tracker.alerts.first { $0.id == key.id && $0.occurrence == key.occurrence }
                if let delivery, let alert = listed ?? announced[key] {
                    let payload = AlertmanagerPayload.alert(alert, model: delivery.model, extra: delivery.settings.labels,
                                                            startsAt: start, endsAt: max(wall, start))
                    let notice = AlertmanagerNotice(kind: .resolved, alertId: key.id, occurrence: key.occurrence,
                                                    body: "[" + AlertmanagerPayload.body(payload) + "]")
                    if let listed {
                        var stored = Self.stored(listed, tracker)
                        stored.startedWallSeconds = start
                        try store.record(stored, owing: notice)
                    } else {
                        try store.owe(notice)
                    }
                    owedSomething = true
                }
                startedWall[key] = nil
                announced[key] = nil
            }
            for alert in tracker.alerts where alert.state != .resolved || periodic {
                let key = OccurrenceKey(id: alert.id, occurrence: alert.occurrence)
                var stored = Self.stored(alert, tracker)
                var owing: AlertmanagerNotice?
                var start = startedWall[key]
                if let delivery, alert.state == .firing, start == nil, !catchingUp {
                    start = wall
                    let payload = AlertmanagerPayload.alert(alert, model: delivery.model, extra: delivery.settings.labels, startsAt: wall)
                    owing = AlertmanagerNotice(kind: .firing, alertId: key.id, occurrence: key.occurrence,
                                               body: "[" + AlertmanagerPayload.body(payload) + "]")
                }
                stored.startedWallSeconds = start
                try store.record(stored, owing: owing)
                if owing != nil { owedSomething = true }
                if alert.state == .firing {
                    startedWall[key] = start
                    announced[key] = start == nil ? nil : alert
                }
            }
        }
        state.startedWall = startedWall
        state.announced = announced
        return owedSomething
    }

    private static func stored(_ alert: AlertSnapshot, _ tracker: AlertTracker) -> StoredOccurrence {
        StoredOccurrence(alert: alert, firstValue: tracker.firstValue(id: alert.id) ?? alert.value,
                         firedAtSeconds: tracker.firedAtSeconds(id: alert.id),
                         lastEventSeconds: tracker.lastEventSeconds(id: alert.id) ?? alert.sinceSeconds,
                         holdSeconds: tracker.holdSeconds(id: alert.id) ?? 0)
    }

    /// Runs a store write; a failure is kept for the screen (and cleared by the next success).
    private func write(_ state: inout State, _ body: (AlertStore) throws -> Void) {
        guard let store else { return }
        do {
            try body(store)
            state.storeError = nil
        } catch let error as AlertStoreError {
            state.storeError = error
        } catch {
            state.storeError = AlertStoreError(path: store.path, operation: "write", reason: "\(error)")
        }
    }

    // MARK: - Actions

    private func startAction(_ action: [String], for alert: AlertSnapshot) {
        guard let runner else { return }
        let arguments = ActionTemplate(action, relativeTo: config.directory).filled(ActionTemplate.values(of: alert))
        let environment = ActionTemplate.environment(of: alert)
        let key = OccurrenceKey(id: alert.id, occurrence: alert.occurrence)
        let started = runner.start(rule: alert.rule, arguments: arguments, environment: environment,
                                   directory: config.directory) { [self] run in
            self.recordAction(run, key)
        }
        if let started { recordAction(started, key) }
    }

    private func recordAction(_ run: ActionRun, _ key: OccurrenceKey) {
        state.withLock { state in
            // A quick action can finish before its start is recorded: never let "running"
            // overwrite the outcome of the same run.
            if run.exitStatus == nil, !run.timedOut,
               let current = state.tracker.alert(id: key.id)?.action,
               current.startedAtSeconds == run.startedAtSeconds, current.exitStatus != nil || current.timedOut {
                return
            }
            state.tracker.recordAction(id: key.id, occurrence: key.occurrence, run)
            write(&state) { store in try store.recordAction(id: key.id, occurrence: key.occurrence, run) }
        }
    }
}
