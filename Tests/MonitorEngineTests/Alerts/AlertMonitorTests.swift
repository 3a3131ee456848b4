import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorRules
@testable import MonitorReport
@testable import MonitorAlerts

struct AlertMonitorTests {
    typealias F = SnapshotFixture

    static func config(action: [String]? = nil, hold: TimeSpan = .zero) -> MonitorConfig {
        var config = MonitorConfig()
        config.alerts = [F.rule(.errorRate, .global, .above(0.05), name: "errors", for: hold, severity: .high, action: action)]
        return config
    }

    static func snapshot(errorRate: Double, at offset: Double) -> Snapshot {
        F.snapshot(overall: F.slice(errorRate: errorRate), eventSeconds: F.start + offset)
    }

    @Test func evaluationFillsTheSnapshotAndTheStore() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("s.sqlite"))
        let monitor = AlertMonitor(config: Self.config(hold: .minutes(1)), store: store, user: "ana", wallClock: { 5_000 })
        var first = Self.snapshot(errorRate: 0.2, at: 0)
        #expect(monitor.evaluate(&first).map(\.kind) == [.pending])
        #expect(first.alerts.map(\.state) == [.pending])
        var second = Self.snapshot(errorRate: 0.3, at: 60)
        let fired = monitor.evaluate(&second)
        #expect(fired.map(\.kind) == [.firing])
        #expect(fired.first?.jsonValue.compactSerialized() == """
            {"event":"firing","at":"2026-10-26T07:34:20Z","id":"errors/global","rule":"errors","scope":"global",\
            "severity":"high","state":"firing","value":0.3,"threshold":0.05,"comparison":"above",\
            "since":"2026-10-26T07:33:20Z","resolved":null,"occurrence":1,"acknowledged":null,"silenced":null,"action":null}
            """)
        #expect(second.alertStoreError == nil)
        let stored = try #require(try store.latestOccurrences(wallSeconds: 5_000).first)
        #expect(stored.alert.state == .firing)
        #expect(stored.firstValue == 0.2)
        #expect(stored.alert.value == 0.3)
        #expect(stored.firedAtSeconds == F.start + 60)

        #expect(monitor.handle(.acknowledge(alertID: "errors/global", note: "paged")))
        #expect(!monitor.handle(.acknowledge(alertID: "nothing/global", note: nil)))
        #expect(try store.latestOccurrences(wallSeconds: 5_000).first?.alert.acknowledged
            == Acknowledgement(by: "ana", atSeconds: 5_000, note: "paged"))
        var third = Self.snapshot(errorRate: 0.3, at: 120)
        monitor.evaluate(&third)
        #expect(third.alerts.first?.acknowledged?.note == "paged")
    }

    @Test func anotherProcesssAcknowledgementShowsOnTheNextEvaluation() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("shared.sqlite")
        let monitor = AlertMonitor(config: Self.config(), store: try AlertStore(path: path), user: "ana", wallClock: { 5_000 })
        var snapshot = Self.snapshot(errorRate: 0.2, at: 0)
        monitor.evaluate(&snapshot)
        // `modeltop alerts ack` in another process: its own connection.
        let other = try AlertStore(path: path)
        try other.acknowledge(id: "errors/global", Acknowledgement(by: "bo", atSeconds: 5_001, note: nil))
        try other.silence(id: "errors/global", Silence(by: "bo", untilSeconds: 9_000, note: "deploy"))
        var next = Self.snapshot(errorRate: 0.2, at: 60)
        monitor.evaluate(&next)
        #expect(next.alerts.first?.acknowledged?.by == "bo")
        #expect(next.alerts.first?.silenced?.note == "deploy")
        try other.undo(id: "errors/global")
        monitor.evaluate(&next)
        #expect(next.alerts.first?.acknowledged == nil)
        #expect(next.alerts.first?.silenced == nil)
    }

    @Test func aRestartContinuesTheOpenOccurrenceWithItsAcknowledgement() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("restart.sqlite")
        do {
            let monitor = AlertMonitor(config: Self.config(), store: try AlertStore(path: path), user: "ana", wallClock: { 5_000 })
            var snapshot = Self.snapshot(errorRate: 0.2, at: 600)
            monitor.evaluate(&snapshot)
            monitor.handle(.acknowledge(alertID: "errors/global", note: nil))
        }
        let restarted = AlertMonitor(config: Self.config(), store: try AlertStore(path: path), user: "ana", wallClock: { 6_000 })
        // Replaying the log from its calm start does not resolve it...
        var early = Self.snapshot(errorRate: 0.0, at: 0)
        #expect(restarted.evaluate(&early).isEmpty)
        #expect(early.alerts.map(\.state) == [.firing])
        #expect(early.alerts.first?.acknowledged?.by == "ana")
        // ...and catching up with the condition still true keeps the same occurrence.
        var caughtUp = Self.snapshot(errorRate: 0.2, at: 660)
        #expect(restarted.evaluate(&caughtUp).isEmpty)
        #expect(caughtUp.alerts.first?.occurrence == 1)
        #expect(caughtUp.alerts.first?.acknowledged?.by == "ana")
    }

    @Test func occurrenceNumbersContinueAfterARestart() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("numbers.sqlite")
        do {
            // Fires, resolves, fires again: occurrence 2, resolved at the end.
            let monitor = AlertMonitor(config: Self.config(), store: try AlertStore(path: path), user: "ana", wallClock: { 5_000 })
            for (rate, at) in [(0.2, 0.0), (0.0, 60), (0.0, 120), (0.2, 180), (0.0, 240), (0.0, 300)] {
                var snapshot = Self.snapshot(errorRate: rate, at: at)
                monitor.evaluate(&snapshot)
            }
            #expect(monitor.alerts.first?.occurrence == 2)
            #expect(monitor.alerts.first?.state == .resolved)
        }
        // A new process: the next firing is the third occurrence, not a second "1".
        let restarted = AlertMonitor(config: Self.config(), store: try AlertStore(path: path), user: "ana", wallClock: { 6_000 })
        var again = Self.snapshot(errorRate: 0.3, at: 900)
        #expect(restarted.evaluate(&again).map(\.alert.occurrence) == [3])
    }

    @Test func firingStartsTheActionUnlessSilenced() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("act.sh", "printf '%s\\n' \"$@\" >> '\(directory.file("runs.txt"))'; echo ran")
        let runner = ActionRunner(clock: { 7_000 })
        let monitor = AlertMonitor(config: Self.config(action: [script, "{rule}", "{scope}", "{value}"]),
                                   store: try AlertStore(path: directory.file("a.sqlite")), runner: runner,
                                   user: "ana", options: .init(graceSeconds: 0), wallClock: { 5_000 })
        var snapshot = Self.snapshot(errorRate: 0.25, at: 0)
        monitor.evaluate(&snapshot)
        #expect(snapshot.alerts.first?.action?.startedAtSeconds == 7_000)
        monitor.waitForActions()
        #expect(directory.read("runs.txt") == "errors\nglobal\n0.25\n")
        #expect(monitor.alerts.first?.action == ActionRun(startedAtSeconds: 7_000, exitStatus: 0, timedOut: false, outputTail: ["ran"]))

        // Silenced, the next occurrence runs nothing.
        monitor.handle(.silence(alertID: "errors/global", untilSeconds: 99_000, note: nil))
        var calm = Self.snapshot(errorRate: 0.0, at: 60)
        #expect(monitor.evaluate(&calm).map(\.kind) == [.resolved])
        var again = Self.snapshot(errorRate: 0.5, at: 120)
        #expect(monitor.evaluate(&again).map(\.kind) == [.firing])
        monitor.waitForActions()
        #expect(directory.read("runs.txt") == "errors\nglobal\n0.25\n")
        #expect(again.alerts.first?.occurrence == 2)
        #expect(again.alerts.first?.action == nil)
    }

    @Test func actionsWaitUntilTheOldContentIsRead() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("act.sh", "echo \"$1\" >> '\(directory.file("runs.txt"))'")
        let monitor = AlertMonitor(config: Self.config(action: [script, "{value}"]), store: nil,
                                   runner: ActionRunner(clock: { 7_000 }), user: "ana", wallClock: { 5_000 })
        var replaying = Self.snapshot(errorRate: 0.25, at: 0)
        replaying.catchUp = CatchUpProgress(bytesRead: 10, bytesTotal: 100)
        #expect(monitor.evaluate(&replaying).map(\.kind) == [.firing])
        monitor.waitForActions()
        #expect(directory.read("runs.txt") == nil)
        #expect(replaying.alerts.first?.action == nil)
        // Caught up and still firing: the action runs once, with the current value.
        var live = Self.snapshot(errorRate: 0.5, at: 60)
        #expect(monitor.evaluate(&live).isEmpty)
        monitor.waitForActions()
        var later = Self.snapshot(errorRate: 0.5, at: 120)
        monitor.evaluate(&later)
        monitor.waitForActions()
        #expect(directory.read("runs.txt") == "0.5\n")
        #expect(later.alerts.first?.action?.exitStatus == 0)
    }

    @Test func aStoreThatServedOtherInputsSaysSo() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("shared.sqlite")
        func notices(_ inputs: String) -> [String] {
            let monitor = AlertMonitor.opening(config: Self.config(), statePath: path, runner: nil, inputs: inputs)
            var snapshot = Self.snapshot(errorRate: 0.2, at: 0)
            monitor.evaluate(&snapshot)
            return snapshot.notices
        }
        #expect(notices("/data/a.jsonl").isEmpty)
        #expect(notices("/data/a.jsonl").isEmpty)
        #expect(notices("/tmp/demo/predictions.jsonl") == [
            "the alert store \(path) last served other inputs (/data/a.jsonl): its alerts show here too; set 'state:' to keep them apart",
        ])
    }

    @Test func withoutAStoreAlertingWorksAndSaysWhyNothingIsKept() throws {
        let monitor = AlertMonitor.opening(config: Self.config(), statePath: "/dev/null/modeltop/s.sqlite", runner: nil,
                                           environment: ["USER": "ana"])
        var snapshot = Self.snapshot(errorRate: 0.2, at: 0)
        monitor.evaluate(&snapshot)
        #expect(snapshot.alerts.map(\.state) == [.firing])
        #expect(snapshot.alertStoreError?.hasPrefix("alert store /dev/null/modeltop/s.sqlite: cannot create the directory") == true)
        #expect(monitor.handle(.acknowledge(alertID: "errors/global", note: nil)))
        monitor.evaluate(&snapshot)
        #expect(snapshot.alerts.first?.acknowledged?.by == "ana")
        #expect(snapshot.alertStoreError != nil)
    }

    @Test func adaptiveRulesLearnTheirThresholdOnceTheWindowHasEnoughRecords() throws {
        let directory = try AlertTestDirectory()
        var (_, config) = try ReferenceChunksTests.twinReference(in: directory)
        config.alerts = [F.rule(.drift, .anyFeature, .above(0.2), name: "drift", adaptive: true)]
        let monitor = AlertMonitor(config: config, store: nil, user: "ana", wallClock: { 0 })
        // Too few records yet: nothing learned, the fixed 0.2 holds.
        var thin = F.snapshot(overall: F.slice(records: 150, features: [F.feature("x", records: 150, value: 0.05)]))
        monitor.evaluate(&thin)
        #expect(thin.alerts.isEmpty)
        // 250 records: chunks of 250 reference rows, each identical to the reference: limit 0.
        var full = F.snapshot(overall: F.slice(records: 250, features: [F.feature("x", records: 250, value: 0.05)]))
        monitor.evaluate(&full)
        #expect(full.alerts.map(\.id) == ["drift/feature:x"])
        #expect(full.alerts.first?.threshold == 0)
    }

    @Test func theDefaultRulesApplyWhenTheConfigurationHasNone() {
        let monitor = AlertMonitor(config: MonitorConfig(), store: nil, user: "ana", wallClock: { 0 })
        var snapshot = F.snapshot(overall: F.slice(errorRate: 0.5))
        monitor.evaluate(&snapshot)
        #expect(monitor.rules.map(\.name).contains("error rate"))
        #expect(snapshot.alerts.map(\.id) == ["error rate/global"])
        #expect(snapshot.alerts.first?.state == .pending)
    }

    @Test func utcTimesAreRFC3339() {
        #expect(UTCTime.text(0) == "1970-01-01T00:00:00Z")
        #expect(UTCTime.text(1_793_000_000) == "2026-10-26T07:33:20Z")
        #expect(UTCTime.text(951_782_400.25) == "2000-02-29T00:00:00.250Z")
        #expect(UTCTime.text(-1) == "1969-12-31T23:59:59Z")
        #expect(UTCTime.text(.nan) == "invalid time")
    }
}
