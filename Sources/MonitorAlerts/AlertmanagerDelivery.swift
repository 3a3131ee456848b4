import Foundation
import MonitorEngine

/// Delivery to Alertmanager on a thread of its own (docs/alertmanager.md), so that neither the
/// engine nor the screen ever waits on the network:
///
/// - the outbox (``AlertStore/owed(limit:alertId:kinds:)``) is delivered in order; a notice is
///   deleted only once Alertmanager answered 2xx, so a notice written before `kill -9` or while
///   Alertmanager is down is delivered after the restart;
/// - the firing alerts (``setFiring(_:)``) are re-posted every `repeat` (Alertmanager forgets an
///   alert not repeated within its `resolve_timeout`);
/// - active silences are read every 15 seconds, for the alerts they match to show as silenced.
///
/// A failure (no answer, 5xx) stops the round and the next waits 1 s, doubling to 60 s.
public final class AlertmanagerDelivery: Sendable {
    /// A firing alert and the wall time it started firing here (`startsAt`).
    public struct FiringAlert: Sendable {
        public var alert: AlertSnapshot
        public var startsAt: Double

        public init(alert: AlertSnapshot, startsAt: Double) {
            self.alert = alert
            self.startsAt = startsAt
        }
    }

    /// Seconds between reads of Alertmanager's silences, by default.
    public static let silencePollSeconds: Double = 15
    /// The longest wait between attempts while Alertmanager does not answer.
    public static let maximumBackoffSeconds: Double = 60

    public let settings: AlertmanagerSettings
    /// The `model` label.
    public let model: String
    private let store: AlertStore
    private let client: AlertmanagerClient
    private let clock: @Sendable () -> Double
    private let silencePollSeconds: Double
    private let condition = NSCondition()
    private let woken = LockedValue(false)
    private let state = LockedValue(State())
    private let finished = DispatchSemaphore(value: 0)

    private struct State: Sendable {
        var started = false
        var stopped = false
        var firing: [FiringAlert] = []
        var repostNow = false
        var failures = 0
        var nextAttemptWall = -Double.infinity
        var lastRepostWall = -Double.infinity
        var lastPollWall = -Double.infinity
        /// Why the last round failed, and since when rounds fail.
        var unreachable: String?
        var unreachableSinceWall: Double?
        var refused: (reason: String, atWall: Double)?
        var storeProblem: String?
        var owed: [String: Int] = [:]
        var sent: [String: Double] = [:]
        var silences: [AlertmanagerSilence] = []
        /// The active silences matching each label set asked about, worked out on the delivery
        /// thread when silences are read: their regular expressions never run on the caller's
        /// (the engine's) thread.
        var silenceMatches: [[String: String]: [AlertmanagerSilence]] = [:]
        /// Label sets asked about since silences were last read (worked out at the next read).
        var asked: Set<[String: String]> = []
        /// Label sets asked about and not yet worked out against the silences held.
        var unmatched: Set<[String: String]> = []
    }

    public init(settings: AlertmanagerSettings, model: String, store: AlertStore,
                silencePollSeconds: Double = AlertmanagerDelivery.silencePollSeconds,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.silencePollSeconds = silencePollSeconds
        self.settings = settings
        self.model = model
        self.store = store
        self.clock = clock
        client = AlertmanagerClient(baseURL: settings.url, timeoutSeconds: settings.timeoutSeconds)
    }

    /// Starts the delivery thread (once).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "modeltop alertmanager"
        thread.start()
    }

    /// Stops the thread after the request in flight, if any, and waits for it.
    public func stop() {
        let wasRunning = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.started && !state.stopped
        }
        wake()
        if wasRunning { _ = finished.wait(timeout: .now() + settings.timeoutSeconds + 2) }
    }

    /// Something was added to the outbox: deliver it now (unless waiting out a backoff).
    public func wake() {
        condition.lock()
        woken.withLock { $0 = true }
        condition.signal()
        condition.unlock()
    }

    /// Something was added to (or removed from) the outbox: the counts the screen shows are
    /// read again now, on the caller's thread (one grouped count), and delivery is woken.
    public func owedChanged() {
        refreshOwed()
        wake()
    }

    /// The alerts firing now, re-posted every `repeat`; `repostNow` sends them at the next
    /// round (an acknowledgement changed an annotation).
    public func setFiring(_ alerts: [FiringAlert], repostNow: Bool = false) {
        let first = state.withLock { state -> Bool in
            defer { state.firing = alerts }
            if repostNow { state.repostNow = true }
            return state.firing.isEmpty && !alerts.isEmpty
        }
        // The first firing alerts after a start are posted at once (then every `repeat`).
        if repostNow || first { wake() }
    }

    /// The ids of the alerts re-posted as firing.
    var firingIds: [String] {
        state.withLock { $0.firing.map(\.alert.id) }
    }

    // MARK: - What the screen shows

    /// `sent 12s ago`, `owed 2 (retrying in 8s: connection refused)`; `nil` when nothing was
    /// sent or owed for `alertId`.
    public func deliveryText(alertId: String, now: Double) -> String? {
        state.withLock { state in
            if let owed = state.owed[alertId], owed > 0 {
                guard let reason = state.unreachable else { return "owed \(owed) (sending)" }
                let wait = max(0, Int((state.nextAttemptWall - now).rounded(.up)))
                return "owed \(owed) (retrying in \(wait)s: \(reason))"
            }
            guard let sent = state.sent[alertId] else { return nil }
            return "sent " + Self.age(now - sent) + " ago"
        }
    }

    /// What is wrong with delivery, for the alerts screen's title and the notices: Alertmanager
    /// unreachable, a notice refused in the last minute, the outbox unreadable; `nil` when all
    /// is well.
    public func problem(now: Double) -> String? {
        state.withLock { state in
            var parts: [String] = []
            if let reason = state.unreachable {
                let owed = state.owed.values.reduce(0, +)
                let since = state.unreachableSinceWall.map { " for " + Self.age(now - $0) } ?? ""
                let wait = max(0, Int((state.nextAttemptWall - now).rounded(.up)))
                parts.append("Alertmanager unreachable\(since) (\(reason)), retrying in \(wait)s"
                             + (owed > 0 ? ", \(owed) owed" : "") + " (\(settings.url))")
            }
            if let refused = state.refused, now - refused.atWall < 60 {
                parts.append("Alertmanager refused a notice (\(refused.reason))")
            }
            if let problem = state.storeProblem { parts.append("Alertmanager outbox: \(problem)") }
            return parts.isEmpty ? nil : parts.joined(separator: "; ")
        }
    }

    /// Why the last round failed (`connection refused`), while rounds fail; `nil` once
    /// Alertmanager answers. Steady while the outage lasts, unlike ``problem(now:)``: what
    /// `watch --headless` says on stderr when it changes.
    public var outage: String? {
        state.withLock { $0.unreachable }
    }

    /// The active Alertmanager silence matching an alert with `labels`, if any (the one that
    /// ends last).
    public func silence(matching labels: [String: String], now: Double) -> AlertmanagerSilence? {
        lookUpSilence(labels, now: now).silence
    }

    /// The active Alertmanager silence matching `labels`, as worked out on the delivery thread;
    /// `known` is `false` while a label set new since the last read of silences waits to be
    /// matched (the delivery thread is woken to do it; then `silence` is `nil`).
    public func lookUpSilence(_ labels: [String: String], now: Double) -> (silence: AlertmanagerSilence?, known: Bool) {
        let (found, known) = state.withLock { state -> (AlertmanagerSilence?, Bool) in
            state.asked.insert(labels)
            if state.silences.isEmpty { return (nil, true) }
            guard let matching = state.silenceMatches[labels] else {
                state.unmatched.insert(labels)
                return (nil, false)
            }
            return (matching.filter { $0.endsAtSeconds > now }.max { $0.endsAtSeconds < $1.endsAtSeconds }, true)
        }
        if !known { wake() }
        return (found, known)
    }

    /// Which of `silences` match each label set (the regular expressions run here).
    static func matches(of labelSets: Set<[String: String]>, _ silences: [AlertmanagerSilence]) -> [[String: String]: [AlertmanagerSilence]] {
        var matches: [[String: String]: [AlertmanagerSilence]] = [:]
        for labels in labelSets { matches[labels] = silences.filter { $0.matches(labels) } }
        return matches
    }

    /// Works out the label sets asked about since the last read against the silences held.
    private func matchNewLabelSets() {
        let (pending, silences) = state.withLock { ($0.unmatched, $0.silences) }
        guard !pending.isEmpty else { return }
        let matches = Self.matches(of: pending, silences)
        state.withLock { state in
            // Silences read meanwhile were matched against these label sets already.
            guard state.silences.map(\.id) == silences.map(\.id) else { return }
            state.silenceMatches.merge(matches) { $1 }
            state.unmatched.subtract(pending)
        }
    }

    /// The labels of `alert` as sent.
    public func labels(of alert: AlertSnapshot) -> [String: String] {
        AlertmanagerPayload.labels(of: alert, model: model, extra: settings.labels)
    }

    static func age(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds))
        if whole < 120 { return "\(whole)s" }
        if whole < 7_200 { return "\(whole / 60)m" }
        return "\(whole / 3_600)h"
    }

    // MARK: - The thread

    /// The shortest wait after a round that sent nothing: whatever the counts say, the thread
    /// never turns without a pause (a wake-up still ends the wait at once).
    static let idleSeconds: Double = 0.5

    private func run() {
        refreshOwed()
        while !state.withLock({ $0.stopped }) {
            let now = clock()
            var sent = false
            if now >= state.withLock({ $0.nextAttemptWall }) {
                sent = round(now: now)
            }
            matchNewLabelSets()
            refreshOwed()
            sleep(from: now, atLeast: sent ? 0 : Self.idleSeconds)
        }
    }

    /// Waits until the next thing is due: a retry, a re-post, a poll, or a wake-up; at least
    /// `minimum` seconds unless woken.
    private func sleep(from now: Double, atLeast minimum: Double) {
        let due = state.withLock { state -> Double in
            let hasOwed = state.owed.values.contains { $0 > 0 }
            let repost = state.firing.isEmpty ? Double.infinity : state.lastRepostWall + settings.repeatSeconds
            var due = min(repost, state.lastPollWall + silencePollSeconds)
            if hasOwed || state.repostNow { due = min(due, state.nextAttemptWall) }
            return max(due, state.nextAttemptWall)
        }
        let seconds = min(max(due - clock(), minimum), Self.maximumBackoffSeconds)
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !woken.withLock({ $0 }), seconds > 0, Date() < deadline {
            _ = condition.wait(until: deadline)
        }
        woken.withLock { $0 = false }
        _ = now
    }

    /// One round: the outbox in order, then the re-post and the silences when due. Stops at
    /// the first failure and schedules the next round by the backoff. Returns whether any
    /// request was made.
    @discardableResult
    private func round(now: Double) -> Bool {
        var failure: String?
        var requested = false
        do {
            var more = true
            while more, failure == nil, !state.withLock({ $0.stopped }) {
                let rows = try store.owed(limit: 100)
                more = rows.count == 100
                for row in rows {
                    requested = true
                    let outcome = Self.deliver(row, client: client, store: store)
                    switch outcome {
                    case .accepted:
                        if row.notice.kind == .firing || row.notice.kind == .resolved {
                            state.withLock { $0.sent[row.notice.alertId] = clock() }
                        }
                    case .refused(let reason):
                        state.withLock { $0.refused = (reason, clock()) }
                    case .failed(let reason):
                        failure = reason
                    }
                    if failure != nil { break }
                }
            }
            state.withLock { $0.storeProblem = nil }
        } catch {
            state.withLock { $0.storeProblem = error.reason }
            // Waits out the backoff too, rather than reading a broken store in a loop.
            failure = "the outbox cannot be read"
        }
        let (firing, repostDue, pollDue) = state.withLock { state in
            (state.firing, state.repostNow || now - state.lastRepostWall >= settings.repeatSeconds,
             now - state.lastPollWall >= silencePollSeconds)
        }
        if failure == nil, repostDue {
            if firing.isEmpty {
                state.withLock { $0.repostNow = false }
            } else {
                let body = "[" + firing.map {
                    AlertmanagerPayload.body(AlertmanagerPayload.alert($0.alert, model: model, extra: settings.labels, startsAt: $0.startsAt))
                }.joined(separator: ",") + "]"
                requested = true
                switch client.send("POST", "/api/v2/alerts", body: body) {
                case .accepted:
                    let at = clock()
                    state.withLock { state in
                        state.lastRepostWall = now
                        state.repostNow = false
                        for alert in firing { state.sent[alert.alert.id] = at }
                    }
                case .refused(let reason):
                    state.withLock { $0.lastRepostWall = now; $0.repostNow = false; $0.refused = (reason, clock()) }
                case .failed(let reason):
                    failure = reason
                }
            }
        }
        if failure == nil, pollDue {
            requested = true
            switch client.send("GET", "/api/v2/silences") {
            case .accepted(let data):
                let silences = AlertmanagerPayload.activeSilences(from: data)
                let labelSets = state.withLock { $0.asked.union($0.unmatched) }
                let matches = Self.matches(of: labelSets, silences)
                state.withLock { state in
                    state.silences = silences
                    state.silenceMatches = matches
                    state.lastPollWall = now
                    state.unmatched.subtract(labelSets)
                    state.asked = state.asked.subtracting(labelSets)
                }
            case .refused(let reason):
                state.withLock { $0.lastPollWall = now; $0.refused = (reason, clock()) }
            case .failed(let reason):
                failure = reason
            }
        }
        // The counts first, so that the screen never pairs "unreachable" with stale counts.
        refreshOwed()
        let end = clock()
        state.withLock { state in
            if let failure {
                state.failures += 1
                let wait = min(Self.maximumBackoffSeconds, pow(2, Double(state.failures - 1)))
                state.nextAttemptWall = end + wait
                state.unreachable = failure
                if state.unreachableSinceWall == nil { state.unreachableSinceWall = now }
            } else {
                state.failures = 0
                state.nextAttemptWall = end
                state.unreachable = nil
                state.unreachableSinceWall = nil
            }
        }
        return requested
    }

    private func refreshOwed() {
        do {
            let owed = try store.owedCounts()
            state.withLock { $0.owed = owed }
        } catch {
            state.withLock { $0.storeProblem = error.reason }
        }
    }

    // MARK: - One notice

    /// Sends one owed notice and records the outcome in the store: delivered (deleted, a new
    /// silence's id kept), refused (dropped), or failed (kept, its attempt counted).
    @discardableResult
    static func deliver(_ owed: OwedNotice, client: AlertmanagerClient, store: AlertStore) -> AlertmanagerClient.Outcome {
        let notice = owed.notice
        let outcome: AlertmanagerClient.Outcome
        switch notice.kind {
        case .firing, .resolved:
            outcome = client.send("POST", "/api/v2/alerts", body: notice.body)
        case .silence:
            outcome = client.send("POST", "/api/v2/silences", body: notice.body)
        case .expire:
            let id = notice.body.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? notice.body
            let sent = client.send("DELETE", "/api/v2/silence/\(id)")
            // Already gone (expired, or deleted in Alertmanager): nothing is owed any more.
            if case .refused(let reason) = sent, reason.hasPrefix("HTTP 404") {
                outcome = .accepted(Data())
            } else {
                outcome = sent
            }
        }
        do {
            switch outcome {
            case .accepted(let data):
                try store.delivered(owed, silenceId: notice.kind == .silence ? AlertmanagerPayload.silenceId(from: data) : nil)
            case .refused:
                try store.discard(owed)
            case .failed(let reason):
                try store.failed(owed, reason: reason)
            }
        } catch {
            return .failed(error.reason)
        }
        return outcome
    }

    /// Delivers, now and on the calling thread, what is owed for `alertId` of `kinds` (the
    /// `alerts silence` and `unsilence` commands, which post their silence themselves).
    /// Returns the silence id Alertmanager gave a created silence, or why it failed.
    public static func deliverNow(settings: AlertmanagerSettings, store: AlertStore, alertId: String,
                                  kinds: [AlertmanagerNotice.Kind]) -> Result<String?, DeliveryFailure> {
        let client = AlertmanagerClient(baseURL: settings.url, timeoutSeconds: settings.timeoutSeconds)
        var created: String?
        do {
            for owed in try store.owed(alertId: alertId, kinds: kinds) {
                switch deliver(owed, client: client, store: store) {
                case .accepted(let data):
                    if owed.notice.kind == .silence { created = AlertmanagerPayload.silenceId(from: data) }
                case .refused(let reason):
                    return .failure(DeliveryFailure(reason: "Alertmanager refused it: \(reason)", owed: false))
                case .failed(let reason):
                    return .failure(DeliveryFailure(reason: reason, owed: true))
                }
            }
        } catch {
            return .failure(DeliveryFailure(reason: error.reason, owed: true))
        }
        return .success(created)
    }

    /// Why a delivery made now failed, and whether it is still owed (a running modeltop, or
    /// the next command, will deliver it).
    public struct DeliveryFailure: Error, Sendable {
        public var reason: String
        public var owed: Bool
    }
}
