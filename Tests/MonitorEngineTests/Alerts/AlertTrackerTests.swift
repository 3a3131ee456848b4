import Testing
@testable import MonitorEngine
@testable import MonitorRules
@testable import MonitorAlerts

struct AlertTrackerTests {
    typealias F = SnapshotFixture
    static let t0 = F.start
    static let rule = F.rule(.errorRate, .global, .above(0.05), name: "errors", for: .minutes(2), severity: .high)

    static func measurement(_ value: Double?, enough: Bool = true) -> RuleMeasurement {
        RuleMeasurement(rule: "errors", scope: "global", value: value, threshold: .above(0.05), hasEnoughData: enough)
    }

    /// Feeds values one minute apart (event time) and returns the transitions of each step.
    static func feed(_ tracker: inout AlertTracker, _ values: [Double?], from start: Double = t0,
                     rules: [AlertRule] = [rule], wall: Double = 0) -> [[AlertTransition.Kind]] {
        values.enumerated().map { index, value in
            tracker.update(rules: rules, measurements: [measurement(value)],
                           eventSeconds: start + Double(index) * 60, wallSeconds: wall).map(\.kind)
        }
    }

    @Test func pendingThenFiringAfterForThenResolvedAfterGrace() throws {
        var tracker = AlertTracker(graceSeconds: 60)
        let steps = Self.feed(&tracker, [0.01, 0.1, 0.1, 0.1, 0.01, 0.01])
        #expect(steps == [[], [.pending], [], [.firing], [], [.resolved]])
        let alert = try #require(tracker.alert(id: "errors/global"))
        #expect(alert.state == .resolved)
        #expect(alert.sinceSeconds == Self.t0 + 60)
        #expect(alert.resolvedSeconds == Self.t0 + 300)
        #expect(alert.occurrence == 1)
        #expect(alert.value == 0.01)
        #expect(alert.threshold == 0.05)
        #expect(alert.comparison == "above")
        #expect(alert.severity == "high")
        #expect(tracker.firstValue(id: "errors/global") == 0.1)
        #expect(tracker.firedAtSeconds(id: "errors/global") == Self.t0 + 180)
    }

    @Test func forOfZeroFiresAtOnce() {
        var tracker = AlertTracker(graceSeconds: 0)
        let instant = F.rule(.errorRate, .global, .above(0.05), name: "errors")
        #expect(Self.feed(&tracker, [0.1, 0.01], rules: [instant]) == [[.firing], [.resolved]])
    }

    @Test func aFlapShorterThanTheGraceDoesNotResolve() {
        var tracker = AlertTracker(graceSeconds: 120)
        let steps = Self.feed(&tracker, [0.1, 0.1, 0.1, 0.01, 0.1, 0.01, 0.01, 0.01])
        #expect(steps == [[.pending], [], [.firing], [], [], [], [], [.resolved]])
    }

    @Test func pendingThatClearsIsDroppedAndDoesNotCount() {
        var tracker = AlertTracker(graceSeconds: 60)
        #expect(Self.feed(&tracker, [0.1, 0.01]) == [[.pending], [.cleared]])
        #expect(tracker.alerts.isEmpty)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1], from: Self.t0 + 600)
        #expect(tracker.alert(id: "errors/global")?.occurrence == 1)
        #expect(tracker.alert(id: "errors/global")?.state == .firing)
    }

    @Test func undefinedAndThinValuesCountAsFalse() {
        var tracker = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1])
        let step = tracker.update(rules: [Self.rule], measurements: [Self.measurement(0.9, enough: false)],
                                  eventSeconds: Self.t0 + 180, wallSeconds: 0)
        #expect(step.map(\.kind) == [.resolved])
        var other = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&other, [0.1, 0.1, 0.1])
        // The scope vanished from the window (no measurement at all).
        #expect(other.update(rules: [Self.rule], measurements: [], eventSeconds: Self.t0 + 180, wallSeconds: 0)
            .map(\.kind) == [.resolved])
    }

    @Test func refiringIsANewOccurrenceWithoutTheOldAcknowledgement() throws {
        var tracker = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1])
        let acknowledged = tracker.acknowledge(id: "errors/global", Acknowledgement(by: "ana", atSeconds: 5, note: "on it"))
        #expect(acknowledged)
        #expect(tracker.alert(id: "errors/global")?.acknowledged?.by == "ana")
        let steps = Self.feed(&tracker, [0.01, 0.2, 0.2, 0.2], from: Self.t0 + 180)
        #expect(steps == [[.resolved], [.pending], [], [.firing]])
        let alert = try #require(tracker.alert(id: "errors/global"))
        #expect(alert.occurrence == 2)
        #expect(alert.acknowledged == nil)
        #expect(alert.sinceSeconds == Self.t0 + 240)
        #expect(tracker.firstValue(id: "errors/global") == 0.2)
    }

    @Test func acknowledgementIsAMarkNotAState() {
        var tracker = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1])
        tracker.acknowledge(id: "errors/global", Acknowledgement(by: "ana", atSeconds: 5, note: nil))
        #expect(tracker.alerts.map(\.state) == [.firing])
        let unknown = tracker.acknowledge(id: "nothing/global", Acknowledgement(by: "ana", atSeconds: 5, note: nil))
        #expect(!unknown)
        tracker.undo(id: "errors/global")
        #expect(tracker.alert(id: "errors/global")?.acknowledged == nil)
    }

    @Test func silenceExpiresByTheWallClockAndCoversANewOccurrence() {
        var tracker = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1], wall: 1_000)
        let silenced = tracker.silence(id: "errors/global", Silence(by: "ana", untilSeconds: 4_600, note: "deploy"))
        #expect(silenced)
        // Resolves and fires again before the silence ends: still silenced.
        let again = Self.feed(&tracker, [0.01, 0.1, 0.1, 0.1], from: Self.t0 + 180, wall: 2_000)
        #expect(again == [[.resolved], [.pending], [], [.firing]])
        #expect(tracker.alert(id: "errors/global")?.silenced?.untilSeconds == 4_600)
        #expect(tracker.alert(id: "errors/global")?.occurrence == 2)
        // One second before the end, still silenced; at the end, not (event time unchanged).
        _ = tracker.update(rules: [Self.rule], measurements: [Self.measurement(0.1)], eventSeconds: Self.t0 + 420, wallSeconds: 4_599)
        #expect(tracker.alert(id: "errors/global")?.silenced != nil)
        _ = tracker.update(rules: [Self.rule], measurements: [Self.measurement(0.1)], eventSeconds: Self.t0 + 420, wallSeconds: 4_600)
        #expect(tracker.alert(id: "errors/global")?.silenced == nil)
        #expect(tracker.alert(id: "errors/global")?.state == .firing)
    }

    @Test func resolvedOccurrencesLeaveTheListAfterTheirKeepTime() {
        var tracker = AlertTracker(graceSeconds: 0, keepResolvedSeconds: 120)
        let instant = F.rule(.errorRate, .global, .above(0.05), name: "errors")
        _ = Self.feed(&tracker, [0.1, 0.01, 0.01, 0.01], rules: [instant])  // resolved at +60, kept at +180
        #expect(tracker.alerts.map(\.state) == [.resolved])
        _ = Self.feed(&tracker, [0.01], from: Self.t0 + 300, rules: [instant])
        #expect(tracker.alerts.isEmpty)
        // The next occurrence still counts on from the first.
        _ = Self.feed(&tracker, [0.1], from: Self.t0 + 360, rules: [instant])
        #expect(tracker.alert(id: "errors/global")?.occurrence == 2)
    }

    @Test func olderEvaluationsDoNotMoveAnOccurrence() {
        var tracker = AlertTracker(graceSeconds: 0)
        _ = Self.feed(&tracker, [0.1, 0.1, 0.1], from: Self.t0 + 3_600)
        // A replay from the start of the log, where the condition was false.
        let replayed = Self.feed(&tracker, [0.01, 0.01], from: Self.t0)
        #expect(replayed == [[], []])
        #expect(tracker.alert(id: "errors/global")?.state == .firing)
    }

    @Test func listIsFiringFirstThenMostSevere() {
        var tracker = AlertTracker(graceSeconds: 0)
        let rules = [
            F.rule(.errorRate, .global, .above(0.05), name: "a-info", severity: .info),
            F.rule(.errorRate, .global, .above(0.05), name: "b-critical", severity: .critical),
            F.rule(.errorRate, .global, .above(0.05), name: "c-pending", for: .hours(1), severity: .critical),
        ]
        let measurements = rules.map {
            RuleMeasurement(rule: $0.name, scope: "global", value: 0.1, threshold: .above(0.05), hasEnoughData: true)
        }
        _ = tracker.update(rules: rules, measurements: measurements, eventSeconds: Self.t0, wallSeconds: 0)
        #expect(tracker.alerts.map(\.id) == ["b-critical/global", "a-info/global", "c-pending/global"])
    }

    @Test func restoredOccurrenceKeepsItsNumberAndAcknowledgement() {
        var tracker = AlertTracker(graceSeconds: 0)
        let alert = AlertSnapshot(id: "errors/global", rule: "errors", scope: "global", severity: "high", state: .firing,
                                  value: 0.1, threshold: 0.05, comparison: "above", sinceSeconds: Self.t0, occurrence: 3,
                                  acknowledged: Acknowledgement(by: "ana", atSeconds: 9, note: nil))
        tracker.restore(alert, holdSeconds: 120, lastEventSeconds: Self.t0 + 600, firstValue: 0.09, firedAtSeconds: Self.t0 + 120)
        #expect(Self.feed(&tracker, [0.1], from: Self.t0 + 660) == [[]])
        #expect(tracker.alert(id: "errors/global")?.occurrence == 3)
        #expect(tracker.alert(id: "errors/global")?.acknowledged?.by == "ana")
        #expect(Self.feed(&tracker, [0.01, 0.1], from: Self.t0 + 720) == [[.resolved], [.pending]])
        #expect(tracker.alert(id: "errors/global")?.occurrence == 4)
    }
}
