import DriftStats
import Testing
@testable import MonitorEngine
@testable import MonitorReport

/// The verdict names what is wrong and where, from the snapshot alone.
@Suite struct ReportFindingTests {
    @Test func fixtureFindingsNameEachProblemWhereItIs() {
        let findings = ReportFixture.snapshot().findings()
        #expect(findings.map(\.sentence.raw) == [
            "`amount` drift (psi 0.951) in country=BR",
            "`account_age_days` missing 38.1% (device=android: 100.0%)",
            "precision 0.12 (baseline 0.75) in device=web",
            "recall 0.09 (baseline 0.34) in device=web",
            "recall 0.25 (baseline 0.34) in device=android",
            "positive label rate rose to 0.097 (reference 0.042)",
            "1 alert firing",
        ])
    }

    @Test func verdictListsTheFirstFourAndCountsTheRest() {
        let verdict = ReportContent.verdict(ReportFixture.snapshot())
        #expect(verdict.raw == "`amount` drift (psi 0.951) in country=BR; `account_age_days` missing 38.1% (device=android: 100.0%); precision 0.12 (baseline 0.75) in device=web; recall 0.09 (baseline 0.34) in device=web; and 3 more.")
    }

    @Test func aCalmStreamHasNoFindings() {
        var snapshot = ReportFixture.snapshot()
        snapshot.segments = []
        snapshot.alerts = []
        snapshot.overall.features = [ReportFixture.amount(psi: 0.01, band: .ok, records: 10_000)]
        snapshot.overall.performance = ReportFixture.performance(tp: 75, fp: 25, fn: 150, tn: 5_000, labelRate: 0.043)
        #expect(snapshot.findings().isEmpty)
        #expect(ReportContent.verdict(snapshot) == "no drift, data-quality or performance problem found.")
        snapshot.window.records = 0
        #expect(ReportContent.verdict(snapshot) == "no prediction records in the window.")
    }

    @Test func driftInTheWholeStreamNamesTheWorstSegment() {
        var snapshot = ReportFixture.snapshot()
        snapshot.overall.features[1] = ReportFixture.amount(psi: 0.31, band: .drift, records: 10_000)
        let drift = snapshot.findings().filter { $0.layer == .features }
        #expect(drift.map(\.sentence.raw) == ["`amount` drift (psi 0.310; worst in country=BR: 0.951)"])
    }

    @Test func aTestMethodIsWorstAtTheSmallestPValue() {
        var low = ReportFixture.amount(psi: 0.5, band: .drift, records: 500)
        low.method = "ks"
        low.value = 0.001
        var lower = low
        lower.value = 0.000_01
        #expect(Snapshot.badness(lower) > Snapshot.badness(low))
    }

    @Test func segmentsAreOrderedByBandThenPrecisionDrop() {
        let order = ReportContent.worstSegments(ReportFixture.snapshot()).map { $0.segment?.description ?? "all" }
        // BR drifts; web's precision dropped most among the ok ones; pos has too little data.
        #expect(order == ["country=BR", "device=web", "device=android", "device=pos"])
    }
}
