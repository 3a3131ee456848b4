import Foundation
import Testing

/// `modeltop check` through the real binary, on the committed sample data.
struct CheckCommandTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    static func failures(_ stdout: String) throws -> [String] {
        let report = try JSONReport(stdout)
        let results = (report["results"] as? [[String: Any]]) ?? []
        return results.filter { $0["result"] as? String == "fail" }
            .map { "\($0["rule"] as? String ?? "?")/\($0["scope"] as? String ?? "?")" }
    }

    @Test func theSampleEpisodesFailTheirRules() throws {
        // The whole four hours: the drift in Brazil and the android nulls are large enough to
        // show over everything; the ten-minute latency spike (p99 117.9 ms) and the late
        // precision and recall episodes are diluted.
        let all = try ModeltopProcess.run(["check", "--format", "json"], in: Self.sampleData)
        #expect(all.status == 1)
        #expect(all.stderr == "modeltop: gate failed: 2 of 19 checks failed\n")
        #expect(try Self.failures(all.stdout) == [
            "amount drift in Brazil/segment:country=BR/feature:amount",
            "missing feature values/feature:account_age_days",
        ])
        let report = try JSONReport(all.stdout)
        #expect(report["passed"] as? Bool == false)
        #expect(report.int("checks") == 19)
        // The last hour: the fraud ring has halved recall too.
        let lastHour = try ModeltopProcess.run(["check", "--format", "json", "--window", "1h"], in: Self.sampleData)
        #expect(lastHour.status == 1)
        #expect(try Self.failures(lastHour.stdout) == [
            "amount drift in Brazil/segment:country=BR/feature:amount",
            "missing feature values/feature:account_age_days",
            "fraud rate rise/global",
        ])
    }

    @Test func theCalmStartPasses() throws {
        let directory = try TemporaryDirectory()
        // Bytes, not text: the log holds deliberately corrupted lines (invalid UTF-8 among them).
        let bytes = try Data(contentsOf: Self.sampleData.appendingPathComponent("predictions.jsonl"))
        let newlines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        let calm = try directory.write("calm.jsonl", bytes.prefix(through: newlines[1_699]))
        let result = try ModeltopProcess.run(["check", calm, "--labels", "labels.jsonl"], in: Self.sampleData)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix(
            "modeltop check: PASS (19 checks, none failed) over all of the input (2026-11-02T08:00:01.153Z to 2026-11-02T08:38:11.985Z, 1,417 predictions)\n"))
        #expect(result.stderr == "")
    }

    @Test func noDataFailsTheGateUnlessAllowed() throws {
        let directory = try TemporaryDirectory()
        let empty = try directory.write("empty.jsonl", "")
        // An empty log, and the labels given as predictions: logging broke, the gate must fail.
        for input in [empty, "labels.jsonl"] {
            let result = try ModeltopProcess.run(["check", input], in: Self.sampleData)
            #expect(result.status == 1, "\(input): \(result.stdout)")
            #expect(result.stdout.hasPrefix("modeltop check: FAIL (no data for 5 of 5 rules) over all of the input (no prediction records)\n"))
            #expect(result.stdout.contains("no data  latency spike "))
            #expect(result.stdout.contains("--allow-no-data lets it pass"))
            #expect(result.stderr == "modeltop: gate failed: no data for 5 of 5 rules\n")
        }
        let allowed = try ModeltopProcess.run(["check", empty, "--allow-no-data", "--format", "json"], in: Self.sampleData)
        #expect(allowed.status == 0)
        let report = try JSONReport(allowed.stdout)
        #expect(report["passed"] as? Bool == true)
        #expect(report["rules_without_data"] as? [String] == [
            "latency spike", "amount drift in Brazil", "precision collapse on web", "missing feature values", "fraud rate rise",
        ])
        #expect(report["verdict"] as? String == "PASS (no data for 5 of 5 rules, allowed)")
    }

    @Test func reportAndCheckGiveOneVerdict() throws {
        for window in [[], ["--window", "1h"]] {
            let check = try ModeltopProcess.run(["check", "--format", "json"] + window, in: Self.sampleData)
            let report = try ModeltopProcess.run(["report", "--format", "json"] + window, in: Self.sampleData)
            #expect(report.status == 0)
            let gate = try #require(try JSONReport(report.stdout)["gate"] as? [String: Any])
            let checked = try JSONReport(check.stdout)
            #expect(gate["verdict"] as? String == checked["verdict"] as? String)
            let data = try JSONSerialization.data(withJSONObject: gate, options: [.sortedKeys])
            let checkData = try JSONSerialization.data(withJSONObject: checked.root, options: [.sortedKeys])
            #expect(data == checkData, "report's gate and check differ for \(window)")
        }
        // A replay fires the spike too, which the gate over all four hours no longer fails: its
        // p99 has only just come back under the threshold, within the grace of a bucket.
        let markdown = try ModeltopProcess.run(["report", "--format", "markdown"], in: Self.sampleData)
        #expect(markdown.stdout.hasPrefix("# fraud-detector: modeltop report over all of the input\n"))
        #expect(markdown.stdout.contains("**Gate:** FAIL (2 of 19 checks failed)"))
        #expect(markdown.stdout.contains("| firing | high | amount drift in Brazil |"))
        #expect(markdown.stdout.contains("| firing | warning | latency spike | global | 117.9 |"))
    }

    @Test func aGateFileReplacesTheRulesAndRunsActionsOnRequest() throws {
        let directory = try TemporaryDirectory()
        let record = try directory.write("record.sh", """
            #!/bin/sh
            printf '%s\\n' "$@" >> "$(dirname "$0")/runs.txt"
            echo "retraining $MODELTOP_SCOPE"
            """)
        chmod(record, 0o755)
        let gate = try directory.write("gate.yaml", """
            alerts:
              - name: brazil drift
                metric: drift
                scope: segment:country=BR
                above: 0.2
                action: ["./record.sh", "--scope", "{scope}", "{value}"]   # beside the gate file
              - name: latency
                metric: latency_p99
                scope: global
                above: 1000
                action: ["\(record)", "never"]
            """)
        let plain = try ModeltopProcess.run(["check", "--gate", gate], in: Self.sampleData)
        #expect(plain.status == 1)
        #expect(plain.stdout.hasPrefix("modeltop check: FAIL (1 of 9 checks failed) over all of the input (2026-11-02T08:00:01.153Z to 2026-11-02T11:59:59.179Z, 9,947 predictions)\n\nFAIL     brazil drift  segment:country=BR/feature:amount"))
        #expect(!FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("runs.txt").path))

        let acting = try ModeltopProcess.run(["check", "--gate", gate, "--run-actions"], in: Self.sampleData)
        #expect(acting.status == 1)
        let runs = try String(contentsOf: directory.url.appendingPathComponent("runs.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(runs.count == 3)
        #expect(runs.prefix(2) == ["--scope", "segment:country=BR/feature:amount"])
        #expect(Double(runs[2]).map { $0 > 0.2 } == true)
        #expect(acting.stderr.contains("modeltop: action of brazil drift/segment:country=BR/feature:amount: exit 0\n  retraining segment:country=BR/feature:amount\n"))
    }

    @Test func adaptiveThresholdsAreLearnedFromReferenceChunksOfTheWindowsSize() throws {
        let directory = try TemporaryDirectory()
        let gate = try directory.write("gate.yaml", """
            alerts:
              - name: brazil drift
                metric: drift
                scope: segment:country=BR
                above: 5
                adaptive: true
            """)
        let result = try ModeltopProcess.run(["check", "--gate", gate, "--window", "1h", "--format", "json"], in: Self.sampleData)
        #expect(result.status == 1)
        let report = try JSONReport(result.stdout)
        let results = (report["results"] as? [[String: Any]]) ?? []
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0["threshold_source"] as? String == "adaptive" })
        // Far below the fixed 5, the learned limit still lets the calm features pass.
        #expect(try Self.failures(result.stdout).contains("brazil drift/segment:country=BR/feature:amount"))
        let amount = try #require(results.first { $0["scope"] as? String == "segment:country=BR/feature:amount" })
        #expect((amount["threshold"] as? Double).map { $0 > 0 && $0 < 0.1 } == true)
        #expect(results.contains { $0["result"] as? String == "pass" })
    }

    @Test func badGatesWindowsAndInputsHaveTheirExitCodes() throws {
        let directory = try TemporaryDirectory()
        let bad = try directory.write("gate.yaml", "alerts:\n  - name: x\n    metric: drift\n    scope: any_feature\n    abvoe: 0.2\n")
        let badGate = try ModeltopProcess.run(["check", "--gate", bad], in: Self.sampleData)
        #expect(badGate.status == 2)
        #expect(badGate.stderr.contains("\(bad):5"))
        #expect(badGate.stderr.contains("abvoe"))
        let empty = try directory.write("empty.yaml", "model: x\n")
        let noRules = try ModeltopProcess.run(["check", "--gate", empty], in: Self.sampleData)
        #expect(noRules.status == 2)
        #expect(noRules.stderr == "modeltop: \(empty): no rules under 'alerts:'\n")
        let missingGate = try ModeltopProcess.run(["check", "--gate", directory.url.appendingPathComponent("none.yaml").path],
                                                  in: Self.sampleData)
        #expect(missingGate.status == 2)
        let window = try ModeltopProcess.run(["check", "--window", "forever"], in: Self.sampleData)
        #expect(window.status == 2)
        #expect(window.stderr.contains("--window: 'forever' is neither a positive duration"))
        let missing = try ModeltopProcess.run(["check", directory.url.appendingPathComponent("none.jsonl").path], in: Self.sampleData)
        #expect(missing.status == 3)
    }
}

/// A glob that matches only what cannot be read reads nothing: the gate must not pass it.
/// (CI runs as root, which reads a chmod 000 file: a FIFO, a symbolic link loop and a directory
/// stand in for it.)
struct UnreadableGlobTests {
    static func planted(_ kind: String, in directory: TemporaryDirectory) -> String {
        let path = directory.url.appendingPathComponent("secret-1.jsonl").path
        switch kind {
        case "fifo": mkfifo(path, 0o600)
        case "loop": symlink(path, path)
        default: try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }
        return path
    }

    @Test(arguments: ["fifo", "loop", "directory"])
    func checkAndReportRefuseAGlobOfUnreadableFiles(_ kind: String) throws {
        let directory = try TemporaryDirectory()
        _ = Self.planted(kind, in: directory)
        let check = try ModeltopProcess.run(["check", "secret*.jsonl"], in: directory.url)
        #expect(check.status == 3, "\(check.stdout)")
        #expect(!check.stdout.contains("PASS"))
        #expect(check.stderr.hasPrefix("modeltop: nothing 'secret*.jsonl' matches can be read: "))
        #expect(check.stderr.contains("secret-1.jsonl"))
        let report = try ModeltopProcess.run(["report", "secret*.jsonl"], in: directory.url)
        #expect(report.status == 3)
        // Named directly, the same file was already an error.
        #expect(try ModeltopProcess.run(["check", "secret-1.jsonl"], in: directory.url).status == 3)
    }

    @Test func aGlobWithOneReadableMatchIsRead() throws {
        let directory = try TemporaryDirectory()
        _ = Self.planted("fifo", in: directory)
        try directory.write("secret-2.jsonl", "")
        let check = try ModeltopProcess.run(["check", "secret*.jsonl", "--allow-no-data"], in: directory.url)
        #expect(check.status == 0)
    }
}

/// Themes are read with a configuration's limits, before the screen is taken, and from the
/// working directory only when named by path.
struct HostileThemeTests {
    static func log(in directory: TemporaryDirectory) throws {
        try directory.write("logs.jsonl", "")
    }

    @Test func aThemesFolderInTheWorkingDirectoryIsNotSearched() throws {
        let directory = try TemporaryDirectory()
        try Self.log(in: directory)
        try directory.write("themes/ocean.yaml", "ok: green\n")
        let run = try ModeltopProcess.run(["watch", "--theme", "ocean", "logs.jsonl"], in: directory.url)
        #expect(run.status == 2)
        #expect(run.stderr.contains("theme 'ocean' not found"))
        // Named by path, it is the user's choice (the screen then fails without a terminal).
        let named = try ModeltopProcess.run(["watch", "--theme", "themes/ocean.yaml", "logs.jsonl"], in: directory.url)
        #expect(!named.stderr.contains("not found"))
    }

    @Test func aThemeThatIsAFIFOOrAliasesIsRefusedBeforeTheScreen() throws {
        let directory = try TemporaryDirectory()
        try Self.log(in: directory)
        mkfifo(directory.url.appendingPathComponent("fifo.yaml").path, 0o600)
        let fifo = try ModeltopProcess.run(["watch", "--theme", "./fifo.yaml", "logs.jsonl"], in: directory.url)
        #expect(fifo.status == 2)
        #expect(fifo.stderr.contains("fifo.yaml: cannot be read: not a regular file"))

        var laughs = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for level in 0..<9 {
            let name = "b\(level)"
            let previous = level == 0 ? "a" : "b\(level - 1)"
            laughs += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        try directory.write("laughs.yaml", laughs + "{*b8: 1}: x\n")
        let started = Date()
        let hostile = try ModeltopProcess.run(["watch", "--theme", "./laughs.yaml", "logs.jsonl"], in: directory.url)
        #expect(hostile.status == 2)
        #expect(hostile.stderr.contains("alias"))
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
