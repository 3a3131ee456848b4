import Foundation
import Testing

/// `modeltop check --gate challenger` through the real binary, on the committed sample data:
/// the shadow v4 against v3 (docs/statistics.md, "Versions side by side").
struct ChallengerGateTests {
    static let sampleData = CheckCommandTests.sampleData

    @Test func theShadowIsJudgedOnTheLowerEndOfItsInterval() throws {
        let strict = try ModeltopProcess.run(["check", "--gate", "challenger", "--format", "json"], in: Self.sampleData)
        let report = try JSONReport(strict.stdout)
        #expect(report["gate"] as? String == "challenger")
        #expect(report["champion"] as? String == "v3" && report["challenger"] as? String == "v4")
        #expect(report["metric"] as? String == "accuracy")
        let difference = try #require(report["difference"] as? [String: Any])
        let interval = try #require(difference["ci95"] as? [Double])
        let lower = try #require(interval.first)
        // The verdict is the promotion rule on the lower end: not worse by more than the margin.
        #expect(strict.status == (lower >= -0.01 ? 0 : 1))
        let loose = try ModeltopProcess.run(["check", "--gate", "challenger", "--margin", String(-lower + 0.001)], in: Self.sampleData)
        #expect(loose.status == 0, "\(loose.stdout)")
        #expect(loose.stdout.hasPrefix("modeltop check: PASS (challenger v4 not worse than champion v3 on accuracy by more than"))
        let tight = try ModeltopProcess.run(["check", "--gate", "challenger", "--margin", String(max(0, -lower - 0.001))], in: Self.sampleData)
        #expect(tight.status == 1)
        #expect(tight.stderr.hasPrefix("modeltop: gate failed: challenger v4 may be worse than champion v3 on accuracy"))
        // Reproducible: the same input gives the same interval.
        let again = try ModeltopProcess.run(["check", "--gate", "challenger", "--format", "json"], in: Self.sampleData)
        #expect(again.stdout == strict.stdout)
    }

    @Test func withoutLabelsThereIsNoDataAndTheGateFailsUnlessAllowed() throws {
        // Outside the sample folder: no configuration, so no labels.
        let directory = try TemporaryDirectory()
        let arguments = ["check", Self.sampleData.appendingPathComponent("predictions.jsonl").path,
                         "--reference", Self.sampleData.appendingPathComponent("reference.csv").path, "--gate", "challenger"]
        let failed = try ModeltopProcess.run(arguments, in: directory.url)
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        #expect(failed.stdout.hasPrefix("modeltop check: FAIL (no data: no accuracy of both v3 and v4)"))
        let allowed = try ModeltopProcess.run(arguments + ["--allow-no-data"], in: directory.url)
        #expect(allowed.status == 0)
    }

    @Test func metricAndMarginAreChecked() throws {
        for arguments in [["--metric", "f1"], ["--margin", "-0.1"], ["--margin", "1"]] {
            let result = try ModeltopProcess.run(["check", "--gate", "challenger"] + arguments, in: Self.sampleData)
            #expect(result.status == 2, "\(arguments)")
        }
        let withoutGate = try ModeltopProcess.run(["check", "--margin", "0.1"], in: Self.sampleData)
        #expect(withoutGate.status == 2)
        #expect(withoutGate.stderr.contains("--metric and --margin go with --gate challenger"))
    }
}
