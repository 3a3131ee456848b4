import Testing
@testable import MonitorEngine
@testable import MonitorRules
@testable import MonitorReport
@testable import MonitorAlerts

struct GateReportTests {
    typealias F = SnapshotFixture

    static let rules = [
        F.rule(.latencyP99, .global, .above(120), name: "latency spike"),
        F.rule(.precision, .segment(dimension: "device", value: "web"), .below(0.3), name: "precision on web", severity: .critical),
        F.rule(.missing, .anyFeature, .above(0.05), name: "missing"),
    ]

    static let snapshot = F.snapshot(
        overall: F.slice(features: [F.feature("amount", value: 0.01, missing: 0.2), F.feature("hour", records: 10, value: 0.01, missing: 0.5)],
                         p99: 95.5),
        segments: [F.slice(segment: SegmentKey(dimension: "device", value: "web"), precision: 0.125)])

    @Test func resultsAreFailPassOrNoData() {
        let report = GateReport(rules: Self.rules, snapshot: Self.snapshot, evaluator: RuleEvaluator())
        #expect(report.measurements.map(GateReport.result(of:)) == [.pass, .fail, .fail, .noData])
        #expect(!report.passed)
        #expect(report.failures.map(\.alertID) == ["precision on web/segment:device=web", "missing/feature:amount"])
        #expect(GateReport.margin(of: report.measurements[1]) == 0.175)
        #expect(abs((GateReport.margin(of: report.measurements[2]) ?? 0) - 0.15) < 1e-12)
    }

    @Test func textListsFailuresFirstWithTheirMargin() {
        let report = GateReport(rules: Self.rules, snapshot: Self.snapshot, evaluator: RuleEvaluator())
        #expect(report.text == """
            modeltop check: FAIL (2 of 4 checks failed) over the last 15m (2026-10-26T07:18:20Z to 2026-10-26T07:33:20Z, 1,000 predictions)

            FAIL     precision on web  segment:device=web  0.125 is below 0.3 by 0.175
            FAIL     missing           feature:amount      0.2 is above 0.05 by 0.15
            pass     latency spike     global              95.5 (fails above 120)
            no data  missing           feature:hour        0.5 on too few records (fails above 0.05)

            """)
    }

    @Test func jsonHasOneEntryPerRuleAndScope() {
        let report = GateReport(rules: Self.rules, snapshot: Self.snapshot, evaluator: RuleEvaluator())
        let json = report.jsonValue.compactSerialized()
        #expect(json.hasPrefix(#"{"passed":false,"verdict":"FAIL (2 of 4 checks failed)","window":{"length_seconds":900,"from":"2026-10-26T07:18:20Z","to":"2026-10-26T07:33:20Z","records":1000},"checks":4,"failed":2,"no_data":1,"rules_without_data":[],"allow_no_data":false,"results":[{"rule":"latency spike","metric":"latency_p99","scope":"global","severity":"warning","result":"pass","value":95.5,"threshold":120,"comparison":"above","threshold_source":"rule","margin":-24.5},"#))
        #expect(json.contains(#"{"rule":"precision on web","metric":"precision","scope":"segment:device=web","severity":"critical","result":"fail","value":0.125,"threshold":0.3,"comparison":"below","threshold_source":"rule","margin":0.175}"#))
    }

    @Test func aCalmInputPasses() {
        let calm = F.snapshot(overall: F.slice(features: [F.feature("amount", value: 0.01, missing: 0)], p99: 20),
                              segments: [F.slice(segment: SegmentKey(dimension: "device", value: "web"), precision: 0.8)])
        let report = GateReport(rules: Self.rules, snapshot: calm, evaluator: RuleEvaluator())
        #expect(report.passed)
        #expect(report.text.hasPrefix("modeltop check: PASS (3 checks, none failed) over the last 15m (2026-10-26T07:18:20Z to 2026-10-26T07:33:20Z, 1,000 predictions)\n\n"))
    }

    @Test func aRuleWithNoScopeToJudgeFailsUnlessAllowed() {
        // Nothing for the web segment nor any feature: two rules cannot be judged anywhere.
        let thin = F.snapshot(overall: F.slice(features: [], p99: 20), segments: [])
        let report = GateReport(rules: Self.rules, snapshot: thin, evaluator: RuleEvaluator())
        #expect(report.failures.isEmpty)
        #expect(report.rulesWithoutData == ["precision on web", "missing"])
        #expect(!report.passed)
        #expect(report.verdict == "FAIL (no data for 2 of 3 rules)")
        #expect(report.text.contains("no data  missing           no scope of this rule is in the input\n"))
        let allowed = GateReport(rules: Self.rules, snapshot: thin, evaluator: RuleEvaluator(), allowsNoData: true)
        #expect(allowed.passed)
        #expect(allowed.verdict == "PASS (no data for 2 of 3 rules, allowed)")
    }

    @Test(arguments: [(0.0, "0"), (120, "120"), (0.125, "0.125"), (0.123456, "0.1235"), (1.5, "1.5"), (123.456, "123.5"),
                      (-24.5, "-24.5"), (Double.nan, "undefined")])
    func numbersAreShortAndExact(value: Double, text: String) {
        #expect(GateReport.number(value) == text)
    }
}
