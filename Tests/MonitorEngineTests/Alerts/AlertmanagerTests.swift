import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorRules
@testable import MonitorAlerts

/// What is sent to Alertmanager and the outbox that keeps it until Alertmanager took it
/// (docs/alertmanager.md), without a server: payloads, the outbox in the store, the monitor
/// owing notices with the transitions, configuration and silence matchers.
struct AlertmanagerTests {
    typealias F = SnapshotFixture

    static let settings: AlertmanagerSettings = {
        var settings = AlertmanagerSettings(url: "http://127.0.0.1:1")
        settings.labels = ["team": "ml-platform"]
        return settings
    }()

    static func alert(state: AlertSnapshot.State = .firing) -> AlertSnapshot {
        AlertSnapshot(id: "feature drift/feature:amount", rule: "feature drift", scope: "feature:amount", severity: "high",
                      state: state, value: 0.31, threshold: 0.2, comparison: "above", sinceSeconds: 1_793_000_000,
                      resolvedSeconds: state == .resolved ? 1_793_000_600 : nil, occurrence: 2,
                      firedAtSeconds: 1_793_000_060, firedValue: 0.3)
    }

    static func object(_ value: JSONValue) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(value.compactSerialized().utf8)) as? [String: Any])
    }

    @Test func aFiringAlertCarriesLabelsAnnotationsAndTheWallTimeItStartedHere() throws {
        var alert = Self.alert()
        alert.acknowledged = Acknowledgement(by: "ana", atSeconds: 1_800_000_100, note: "retraining")
        let payload = try Self.object(AlertmanagerPayload.alert(alert, model: "fraud", extra: Self.settings.labels,
                                                                 startsAt: 1_800_000_000))
        #expect(payload["labels"] as? [String: String] == [
            "alertname": "feature drift", "scope": "feature:amount", "model": "fraud", "severity": "high", "team": "ml-platform",
        ])
        let annotations = try #require(payload["annotations"] as? [String: String])
        #expect(annotations["value"] == "0.31")
        #expect(annotations["threshold"] == "0.2")
        #expect(annotations["summary"] == "feature drift on feature:amount of fraud: 0.31 above 0.2")
        // Event time is an annotation; startsAt is the wall time (Alertmanager refuses times far
        // from its clock).
        #expect(annotations["event_time"] == "2026-10-26T07:34:20Z")
        #expect(annotations["acknowledged"] == "by ana at 2027-01-15T08:01:40Z: retraining")
        #expect(payload["startsAt"] as? String == "2027-01-15T08:00:00Z")
        #expect(payload["endsAt"] == nil)
    }

    @Test func aResolvedAlertEndsAtTheWallTimeItResolved() throws {
        let payload = try Self.object(AlertmanagerPayload.alert(Self.alert(state: .resolved), model: "fraud", extra: [:],
                                                                 startsAt: 1_800_000_000, endsAt: 1_800_000_900))
        #expect(payload["startsAt"] as? String == "2027-01-15T08:00:00Z")
        #expect(payload["endsAt"] as? String == "2027-01-15T08:15:00Z")
        let annotations = try #require(payload["annotations"] as? [String: String])
        #expect(annotations["resolved_event_time"] == "2026-10-26T07:43:20Z")
        #expect(annotations["acknowledged"] == nil)
    }

    @Test func aSilenceMatchesRuleScopeAndModelWithItsAuthorAndNote() throws {
        let body = try Self.object(AlertmanagerPayload.silence(rule: "errors", scope: "segment:country=BR", model: "fraud",
                                                                by: "ana", note: nil, startsAt: 1_800_000_000, endsAt: 1_800_003_600))
        let matchers = try #require(body["matchers"] as? [[String: Any]])
        #expect(matchers.map { $0["name"] as? String } == ["alertname", "scope", "model"])
        #expect(matchers.map { $0["value"] as? String } == ["errors", "segment:country=BR", "fraud"])
        #expect(matchers.allSatisfy { $0["isRegex"] as? Bool == false && $0["isEqual"] as? Bool == true })
        #expect(body["createdBy"] as? String == "ana")
        // Alertmanager refuses a silence without a comment.
        #expect(body["comment"] as? String == "silenced in modeltop")
        #expect(body["endsAt"] as? String == "2027-01-15T09:00:00Z")
    }

    @Test func silencesReadBackMatchByEqualityAndAnchoredRegex() throws {
        let json = """
            [{"id":"a","status":{"state":"active"},"createdBy":"bo","comment":"maintenance","endsAt":"2027-01-15T09:00:00.123456789Z",
              "matchers":[{"name":"alertname","value":"feature.*","isRegex":true,"isEqual":true},
                          {"name":"model","value":"fraud","isRegex":false}]},
             {"id":"b","status":{"state":"expired"},"createdBy":"cy","comment":"old","endsAt":"2020-01-01T00:00:00Z",
              "matchers":[{"name":"alertname","value":"errors","isRegex":false,"isEqual":true}]},
             {"id":"c","status":{"state":"active"},"createdBy":"di","comment":"not BR","endsAt":"2027-01-15T10:00:00+01:00",
              "matchers":[{"name":"scope","value":"segment:country=BR","isRegex":false,"isEqual":false}]}]
            """
        let silences = AlertmanagerPayload.activeSilences(from: Data(json.utf8))
        #expect(silences.map(\.id) == ["a", "c"])
        #expect(silences[0].endsAtSeconds == 1_800_003_600.123456789)
        #expect(silences[1].endsAtSeconds == 1_800_003_600)
        let drift = ["alertname": "feature drift", "model": "fraud", "scope": "feature:amount"]
        #expect(silences[0].matches(drift))
        #expect(!silences[0].matches(drift.merging(["model": "churn"]) { $1 }))
        // Anchored: "feature.*" does not match "my feature drift".
        #expect(!silences[0].matches(drift.merging(["alertname": "my feature drift"]) { $1 }))
        #expect(silences[1].matches(drift))
        #expect(!silences[1].matches(drift.merging(["scope": "segment:country=BR"]) { $1 }))
    }

    @Test func owedNoticesSurviveReopeningTheStore() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("outbox.sqlite")
        do {
            let store = try AlertStore(path: path)
            var stored = AlertStoreTests.occurrence()
            stored.startedWallSeconds = 1_800_000_000
            try store.record(stored, owing: AlertmanagerNotice(kind: .firing, alertId: "errors/global", occurrence: 1, body: "[1]"))
            stored.alert.state = .resolved
            try store.record(stored, owing: AlertmanagerNotice(kind: .resolved, alertId: "errors/global", occurrence: 1, body: "[2]"))
        }
        let reopened = try AlertStore(path: path)
        let owed = try reopened.owed()
        #expect(owed.map(\.notice.kind) == [.firing, .resolved])
        #expect(owed.map(\.notice.body) == ["[1]", "[2]"])
        #expect(try reopened.owedCounts() == ["errors/global": 2])
        #expect(try reopened.latestOccurrences(wallSeconds: 0).first?.startedWallSeconds == 1_800_000_000)
        // A failed attempt keeps it, counted; a 2xx answer deletes it.
        try reopened.failed(owed[0], reason: "connection refused")
        #expect(try reopened.owed().first?.attempts == 1)
        #expect(try reopened.owed().first?.lastError == "connection refused")
        try reopened.delivered(owed[0])
        #expect(try reopened.owed().map(\.notice.kind) == [.resolved])
    }

    @Test func aFiringAlertIsOwedOnlyItsLatestStateAndAnOlderDeliveryDoesNotDeleteIt() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("coalesce.sqlite"))
        try store.owe(AlertmanagerNotice(kind: .firing, alertId: "a", occurrence: 1, body: "old"))
        let inFlight = try #require(try store.owed().first)
        try store.owe(AlertmanagerNotice(kind: .firing, alertId: "a", occurrence: 1, body: "new"))
        #expect(try store.owed().map(\.notice.body) == ["new"])
        try store.delivered(inFlight)
        #expect(try store.owed().map(\.notice.body) == ["new"])
    }

    @Test func overItsBoundTheOutboxDropsOldFiringNoticesNeverAResolve() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("bound.sqlite"))
        try store.write("fill") { db in
            for number in 0..<(AlertStore.maximumOwed - 2) {
                try AlertStore.owe(AlertmanagerNotice(kind: .resolved, alertId: "r", occurrence: number, body: "r\(number)"), db)
            }
            try AlertStore.owe(AlertmanagerNotice(kind: .firing, alertId: "a", occurrence: 1, body: "a1"), db)
            try AlertStore.owe(AlertmanagerNotice(kind: .firing, alertId: "b", occurrence: 1, body: "b1"), db)
            // Over the bound: the oldest firing notice goes, the resolves all stay.
            try AlertStore.owe(AlertmanagerNotice(kind: .resolved, alertId: "b", occurrence: 1, body: "b1 resolved"), db)
            try AlertStore.owe(AlertmanagerNotice(kind: .resolved, alertId: "c", occurrence: 1, body: "c1 resolved"), db)
        }
        let owed = try store.owed(limit: AlertStore.maximumOwed + 10)
        #expect(owed.filter { $0.notice.kind == .resolved }.count == AlertStore.maximumOwed)
        // b's firing notice went first (b is already resolved), then a's.
        #expect(owed.filter { $0.notice.kind == .firing }.isEmpty)
        #expect(owed.last?.notice.body == "c1 resolved")
    }

    @Test func rowsThisVersionCannotReadAreNeitherCountedNorDelivered() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("unreadable.sqlite"))
        // A kind a newer modeltop sharing the store owes, and a row whose time is not a number.
        try store.executeUnchecked("""
            INSERT INTO alertmanager_outbox (kind, alert_id, occurrence, body, created) VALUES ('page', 'a', 1, 'x', 1);
            INSERT INTO alertmanager_outbox (kind, alert_id, occurrence, body, created) VALUES ('firing', 'b', 1, 'x', 'yesterday')
            """)
        #expect(try store.owedCounts().isEmpty)
        #expect(try store.owed().isEmpty)
        // Counted as owed is exactly what can be read (and so delivered).
        try store.owe(AlertmanagerNotice(kind: .firing, alertId: "c", occurrence: 1, body: "[]"))
        #expect(try store.owedCounts() == ["c": 1])
        #expect(try store.owed().map(\.notice.alertId) == ["c"])
    }

    @Test func theMonitorOwesFiringAndResolveWithTheTransitionsNotDuringCatchUp() throws {
        let fixture = try DeliveringMonitor(file: "monitor.sqlite")
        let (store, clock, monitor) = (fixture.store, fixture.clock, fixture.monitor)
        // Caught up on: not owed.
        var old = AlertMonitorTests.snapshot(errorRate: 0.2, at: 0)
        old.catchUp = CatchUpProgress(bytesRead: 1, bytesTotal: 10)
        #expect(monitor.evaluate(&old).map(\.kind) == [.firing])
        #expect(try store.owed().isEmpty)
        // Live: the firing alert is owed at the next write, with the wall time as its start.
        clock.withLock { $0 += 10 }
        var live = AlertMonitorTests.snapshot(errorRate: 0.2, at: 60)
        monitor.evaluate(&live)
        let firing = try #require(try store.owed().first)
        #expect(firing.notice.kind == .firing)
        #expect(firing.notice.body.contains("\"startsAt\":\"2027-01-15T08:00:10Z\""))
        #expect(firing.notice.body.contains("\"model\":\"fraud\""))
        #expect(live.alerts.first?.delivery == "owed 1 (sending)" || live.alerts.first?.delivery == nil)
        // Resolved: owed in the same write, ending at the wall time.
        clock.withLock { $0 += 50 }
        for at in [120.0, 180] {
            var quiet = AlertMonitorTests.snapshot(errorRate: 0, at: at)
            monitor.evaluate(&quiet)
        }
        let owed = try store.owed()
        #expect(owed.map(\.notice.kind) == [.firing, .resolved])
        #expect(owed.last?.notice.body.contains("\"endsAt\":\"2027-01-15T08:01:00Z\"") == true)
        #expect(owed.last?.notice.body.contains("\"startsAt\":\"2027-01-15T08:00:10Z\"") == true)
    }

    @Test func aResolveWhoseWriteFailedIsOwedAtTheNextWrite() throws {
        let fixture = try DeliveringMonitor(file: "failed.sqlite")
        let (store, clock, monitor) = (fixture.store, fixture.clock, fixture.monitor)
        var firing = AlertMonitorTests.snapshot(errorRate: 0.2, at: 0)
        #expect(monitor.evaluate(&firing).map(\.kind) == [.firing])
        #expect(try store.owed().map(\.notice.kind) == [.firing])
        // The store refuses the write that records the resolve (as a full disk would).
        try store.executeUnchecked("""
            CREATE TEMP TRIGGER refuse BEFORE INSERT ON alertmanager_outbox BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END
            """)
        clock.withLock { $0 += 10 }
        var kinds: [AlertTransition.Kind] = []
        for at in [60.0, 120, 180] {
            var quiet = AlertMonitorTests.snapshot(errorRate: 0, at: at)
            kinds += monitor.evaluate(&quiet).map(\.kind)
        }
        #expect(kinds.contains(.resolved))
        #expect(monitor.storeError != nil)
        #expect(try store.owed().map(\.notice.kind) == [.firing])
        // The store takes writes again: the next write owes the resolve it missed.
        try store.executeUnchecked("DROP TRIGGER temp.refuse")
        clock.withLock { $0 += 10 }
        var later = AlertMonitorTests.snapshot(errorRate: 0, at: 240)
        monitor.evaluate(&later)
        #expect(monitor.storeError == nil)
        let owed = try store.owed()
        #expect(owed.map(\.notice.kind) == [.firing, .resolved])
        #expect(owed.last?.notice.body.contains("\"endsAt\":\"2027-01-15T08:00:20Z\"") == true, "\(owed.last?.notice.body ?? "")")
        #expect(owed.last?.notice.body.contains("\"startsAt\":\"2027-01-15T08:00:00Z\"") == true)
        #expect(try store.latestOccurrences(wallSeconds: clock.withLock { $0 }).first?.alert.state == .resolved)
        // Owed once: a later write owes nothing more.
        clock.withLock { $0 += 10 }
        var again = AlertMonitorTests.snapshot(errorRate: 0, at: 300)
        monitor.evaluate(&again)
        #expect(try store.owed().map(\.notice.kind) == [.firing, .resolved])
    }

    @Test func whenTheResolveIsOwedTheAlertIsNoLongerRepostedAsFiring() throws {
        let fixture = try DeliveringMonitor(file: "order.sqlite")
        let (store, clock, delivery, monitor) = (fixture.store, fixture.clock, fixture.delivery, fixture.monitor)
        var firing = AlertMonitorTests.snapshot(errorRate: 0.2, at: 0)
        monitor.evaluate(&firing)
        #expect(delivery.firingIds == ["errors/global"])
        // What a delivery round would re-post at the moment the resolve enters the outbox.
        let seen = LockedValue<[(kind: String, firing: [String])]>([])
        try store.observeOutboxInserts { kind in
            let firing = delivery.firingIds
            seen.withLock { $0.append((kind, firing)) }
        }
        clock.withLock { $0 += 10 }
        for at in [60.0, 120, 180] {
            var quiet = AlertMonitorTests.snapshot(errorRate: 0, at: at)
            monitor.evaluate(&quiet)
        }
        let resolves = seen.withLock { $0 }.filter { $0.kind == "resolved" }
        #expect(resolves.count == 1)
        #expect(resolves.first?.firing == [], "\(resolves)")
    }

    @Test func patternsThatNestRepetitionsAreRefused() {
        // A repeated group of alternatives too: `(\w|[a-z])*!` takes 2^n steps on n letters
        // (conservative: `(foo|bar)+`, whose alternatives do not overlap, is refused as well).
        for pattern in ["(a+)+b", "(a*)*", "((a+)b)+", "(x{2,})+", "(a|b?)*c", "(?:a+)+", "(\\w|[a-z])*!", "(foo|bar)+"] {
            #expect(AlertmanagerSilence.Matcher.nestsQuantifiers(pattern), "\(pattern)")
        }
        for pattern in ["err.*", "(foo|bar)", "(?:a+)?", "feature.*|errors", "[(a+)]+", "\\(a+\\)+", "(ab)+", "a{2,3}"] {
            #expect(!AlertmanagerSilence.Matcher.nestsQuantifiers(pattern), "\(pattern)")
        }
        // Such a silence is not read at all; the others are.
        let json = """
            [{"id":"slow","status":{"state":"active"},"createdBy":"bo","comment":"","endsAt":"2027-01-15T09:00:00Z",
              "matchers":[{"name":"scope","value":"(a+)+b","isRegex":true,"isEqual":true}]},
             {"id":"fine","status":{"state":"active"},"createdBy":"bo","comment":"","endsAt":"2027-01-15T09:00:00Z",
              "matchers":[{"name":"scope","value":"a+b","isRegex":true,"isEqual":true}]}]
            """
        #expect(AlertmanagerPayload.activeSilences(from: Data(json.utf8)).map(\.id) == ["fine"])
    }

    @Test func silencingOwesTheSilenceAndUndoOwesItsExpiry() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("silence.sqlite"))
        try store.record(AlertStoreTests.occurrence())
        let body: (String, String) -> String = { rule, scope in "\(rule)|\(scope)" }
        #expect(try store.silence(id: "errors/global", Silence(by: "ana", untilSeconds: 9_000, note: "deploy"), alertmanager: body))
        let silence = try #require(try store.owed().first)
        #expect(silence.notice.kind == .silence)
        #expect(silence.notice.body == "errors|global")
        // Alertmanager's id is kept with the silence; ending it owes the expiry of that id.
        try store.delivered(silence, silenceId: "4f1c")
        #expect(try store.alertmanagerSilenceId(of: "errors/global") == "4f1c")
        #expect(try store.unsilence(id: "errors/global"))
        #expect(try store.owed().map(\.notice.kind) == [.expire])
        #expect(try store.owed().first?.notice.body == "4f1c")
        // A silence ended before it was delivered is never sent.
        try store.delivered(try #require(try store.owed().first))
        #expect(try store.silence(id: "errors/global", Silence(by: "ana", untilSeconds: 9_000, note: nil), alertmanager: body))
        #expect(try store.undo(id: "errors/global"))
        #expect(try store.owed().isEmpty)
    }

    @Test func theConfigurationReadsAndChecksAlertmanager() throws {
        let config = try MonitorConfig.parse(yaml: """
            alertmanager:
              url: http://127.0.0.1:9093/
              labels: {team: ml-platform}
              repeat: 30s
            """, path: "modeltop.yaml")
        #expect(config.alertmanager?.url == "http://127.0.0.1:9093")
        #expect(config.alertmanager?.labels == ["team": "ml-platform"])
        #expect(config.alertmanager?.repeatSeconds == 30)
        #expect(config.alertmanager?.timeoutSeconds == 10)
        for (yaml, message) in [
            ("alertmanager: {url: '127.0.0.1:9093'}", "http://"),
            ("alertmanager: {url: 'ftp://host'}", "must start with http:// or https://"),
            ("alertmanager: {url: 'http://'}", "names no host"),
            ("alertmanager: {labels: {team: a}}", "needs 'url'"),
            ("alertmanager: {url: 'http://h:9093', labels: {severity: a}}", "is set by modeltop"),
            ("alertmanager: {url: 'http://h:9093', labels: {'1team': a}}", "is not a label name"),
        ] {
            #expect(throws: ConfigError.self) { try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml") }
            do {
                _ = try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}

/// A monitor of model "fraud" delivering to Alertmanager (`AlertmanagerTests.settings`), with
/// its store in a directory of its own and a wall clock the test moves.
struct DeliveringMonitor {
    let directory: AlertTestDirectory
    let store: AlertStore
    let clock: LockedValue<Double>
    let delivery: AlertmanagerDelivery
    let monitor: AlertMonitor

    init(file: String) throws {
        directory = try AlertTestDirectory()
        store = try AlertStore(path: directory.file(file))
        var config = AlertMonitorTests.config()
        config.model = "fraud"
        config.alertmanager = AlertmanagerTests.settings
        delivery = AlertmanagerDelivery(settings: AlertmanagerTests.settings, model: "fraud", store: store)
        let clock = LockedValue(1_800_000_000.0)
        self.clock = clock
        monitor = AlertMonitor(config: config, store: store, user: "ana", delivery: delivery, wallClock: { clock.withLock { $0 } })
    }
}
