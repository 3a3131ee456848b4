import Foundation
import Testing

/// A report read on two threads (reading, decoding and preparing beside the counting, the
/// default) is the report read on one (`--threads 1`), byte for byte but for what the wall
/// clock decides: the same records reach the same counts in the same order, whichever thread
/// prepared them.
struct ThreadsEndToEndTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    /// The binary is the release build (CI's second pass): a million records read twice is
    /// minutes for a debug build.
    static var isRelease: Bool {
        !(ProcessInfo.processInfo.environment["MODELTOP_TEST_BINARY"] ?? "").isEmpty
    }

    /// The report's JSON without what the wall clock decides: a `stale` rule's value and
    /// margin (seconds since the last record arrived).
    static func withoutWallClock(_ text: String) throws -> NSDictionary {
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
        guard var report = parsed as? [String: Any] else {
            Issue.record("the report is not a JSON object")
            return [:]
        }
        if var gate = report["gate"] as? [String: Any], let results = gate["results"] as? [[String: Any]] {
            gate["results"] = results.map { result in
                guard result["metric"] as? String == "stale" else { return result }
                return result.filter { $0.key != "value" && $0.key != "margin" && $0.key != "result" }
            }
            report["gate"] = gate
        }
        return report as NSDictionary
    }

    /// Runs the report in `directory` on one thread and on two and compares them.
    static func expectSameReport(in directory: URL, _ arguments: [String] = []) throws {
        let two = try ModeltopProcess.run(["report", "--format", "json"] + arguments, in: directory)
        let one = try ModeltopProcess.run(["report", "--format", "json", "--threads", "1"] + arguments, in: directory)
        #expect(two.status == 0, "\(two.stderr)")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(two.stdout.count > 10_000)
        let twoReport = try withoutWallClock(two.stdout)
        let oneReport = try withoutWallClock(one.stdout)
        #expect(twoReport.isEqual(oneReport), "the reports differ: \(arguments)")
    }

    @Test func theSampleDataGivesTheSameReportOnOneThreadAsOnTwo() throws {
        let directory = try TemporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.sampleData.path) {
            try FileManager.default.copyItem(
                at: Self.sampleData.appendingPathComponent(name), to: directory.url.appendingPathComponent(name))
        }
        // Chunks too: each chunk's state counts what the run's join hands it.
        try Self.expectSameReport(in: directory.url, ["--chunk-size", "2000"])
    }

    /// Without a reference file the stream's first records become the reference; the records
    /// after it are prepared beside the counting from the batch after the one that completed it.
    @Test func aReferenceBuiltFromTheStreamGivesTheSameReportOnOneThreadAsOnTwo() throws {
        let directory = try TemporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.sampleData.path) {
            try FileManager.default.copyItem(
                at: Self.sampleData.appendingPathComponent(name), to: directory.url.appendingPathComponent(name))
        }
        let config = directory.url.appendingPathComponent("modeltop.yaml")
        let text = try String(contentsOf: config, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("reference:") }
        #expect(lines.count < text.split(separator: "\n", omittingEmptySubsequences: false).count, "the sample names a reference file")
        try (lines.joined(separator: "\n") + "\nreference_records: 3000\n").write(to: config, atomically: true, encoding: .utf8)
        try Self.expectSameReport(in: directory.url, ["--chunk-size", "2000"])
    }

    /// A multiclass and a regression model: their scores read and calibrated, and their tree
    /// models' losses, prepared beside the counting; their stories (a feed sending other units
    /// on one channel from 10:00) in chunks.
    @Test(arguments: ["multiclass", "regression"])
    func aTaskGivesTheSameReportOnOneThreadAsOnTwo(task: String) throws {
        let directory = try TemporaryDirectory()
        let generated = try ModeltopProcess.run(
            ["generate", "--task", task, "--out", directory.url.path, "--seed", "14", "--events", "6000"])
        #expect(generated.status == 0, "\(generated.stderr)")
        try Self.expectSameReport(in: directory.url, ["--chunk-size", "1500"])
    }

    @Test(.enabled(if: ThreadsEndToEndTests.isRelease, "a million records: with the release build only"))
    func aGeneratedMillionLineLogGivesTheSameReportOnOneThreadAsOnTwo() throws {
        let directory = try TemporaryDirectory()
        // 500,000 requests: about 1.05 million prediction and label lines, two versions, labels
        // days late at the join's bound.
        let generated = try ModeltopProcess.run(
            ["generate", "--out", directory.url.path, "--seed", "18", "--events", "500000"])
        #expect(generated.status == 0, "\(generated.stderr)")
        try Self.expectSameReport(in: directory.url)
    }

    @Test func threadsOtherThanOneOrTwoAreRefused() throws {
        let refused = try ModeltopProcess.run(["report", "--threads", "3"], in: Self.sampleData)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("--threads must be 1 or 2, got 3"))
    }
}
