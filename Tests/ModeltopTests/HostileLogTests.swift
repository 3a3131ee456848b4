import Foundation
import MonitorEngine
import Testing
import MonitorAlerts
#if canImport(Glibc)
import Glibc
#endif

/// Whoever writes a line into a prediction log is not the person at the keyboard
/// (docs/security.md): feature names, categories, segment values and model names carrying
/// escape sequences must not reach the terminal through any output of the real binary, and the
/// Markdown report must render them as text.
struct HostileLogTests {
    static let esc = "\u{1B}"
    /// OSC 52 (clipboard write), OSC 0 (window title), OSC 8 (a link), clear screen, the 8-bit
    /// CSI and a right-to-left override.
    static let payload = "\(esc)]52;c;ZWNobyBwd25lZA==\u{07}\(esc)]0;owned\u{07}\(esc)]8;;http://evil.example/\u{07}click\(esc)]8;;\u{07}\(esc)[2J\u{9B}31m\u{202E}gnp.exe"
    static let featureName = "amount" + payload
    static let category = "shop" + payload
    static let segmentValue = "US" + payload
    /// Markdown that would end a table row and inject HTML, a heading, a link and a code span.
    static let markdownName = "x\n# Injected\n<img src=x onerror=alert(1)>|<script>alert(2)</script>`` [click](http://evil.example/)"
    static let markdownCategory = "c\n<h1>Injected</h1>"
    static let markdownSegment = "BR`|[link](http://evil.example/)\n# Injected"

    /// A log whose second half drifts on every hostile feature, so that every output names them.
    static func writeLog(in directory: TemporaryDirectory) throws {
        var lines: [String] = []
        for index in 0..<3000 {
            let drifted = index >= 1500
            let features: [String: Any] = [
                featureName: Double(index % 50) + (drifted ? 100 : 0),
                "merchant": drifted && index % 2 == 1 ? category : "shop",
                "kind": drifted && index % 2 == 1 ? markdownCategory : "plain",
                markdownName: Double(index % 7) + (drifted ? 50 : 0),
                "country": index % 3 == 0 ? "BR" : index % 3 == 1 ? segmentValue : markdownSegment,
            ]
            let record: [String: Any] = [
                "ts": String(format: "2026-11-02T08:%02d:%02dZ", index / 60 % 60, index % 60),
                "id": "tx-\(index)", "model": "fraud" + payload, "version": "v1", "features": features,
                "score": drifted ? 0.9 : 0.1, "prediction": drifted ? 1 : 0, "latency_ms": 10, "status": "ok",
            ]
            let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try directory.write("predictions.jsonl", lines.joined(separator: "\n") + "\n")
        try directory.write("modeltop.yaml", """
            predictions: [predictions.jsonl]
            reference_records: 1000
            segments: [country]
            window: all
            """)
    }

    /// The scalars no human-readable output may carry: C0 controls but the newline, DEL, C1
    /// controls, bidi and zero-width formatting.
    static func unsafeScalars(_ text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { $0 != "\n" && SafeText.isUnsafe($0) }
    }

    @Test func reportAndCheckShowEscapeSequencesVisibly() throws {
        let directory = try TemporaryDirectory()
        try Self.writeLog(in: directory)
        for format in ["text", "markdown"] {
            let report = try ModeltopProcess.run(["report", "--format", format], in: directory.url)
            #expect(report.status == 0, "\(format): \(report.stderr)")
            #expect(Self.unsafeScalars(report.stdout).isEmpty, "report --format \(format)")
            #expect(report.stdout.contains("\\x1b]52;c;ZWNobyBwd25lZA==\\x07"), "report --format \(format)")
            #expect(report.stdout.contains("\\x9b31m"), "report --format \(format)")
        }
        let text = try ModeltopProcess.run(["report"], in: directory.url).stdout
        #expect(text.contains("amount\\x1b]52;c;ZWNobyBwd25lZA==\\x07\\x1b]0;owned\\x07\\x1b]8;;http://evil.example/\\x07click\\x1b]8;;\\x07\\x1b[2J\\x9b31m<U+202E>gnp.exe"))

        let check = try ModeltopProcess.run(["check"], in: directory.url)
        #expect(check.status == 1)
        #expect(Self.unsafeScalars(check.stdout).isEmpty)
        #expect(check.stdout.contains("feature:amount\\x1b]52;c;"))
        #expect(Self.unsafeScalars(check.stderr).isEmpty)
    }

    @Test func jsonKeepsExactValuesEscapedPerJSON() throws {
        let directory = try TemporaryDirectory()
        try Self.writeLog(in: directory)
        let report = try ModeltopProcess.run(["report", "--format", "json"], in: directory.url)
        #expect(report.status == 0)
        #expect(Self.unsafeScalars(report.stdout).isEmpty)
        #expect(report.stdout.contains("amount\\u001b]52;c;ZWNobyBwd25lZA==\\u0007"))
        #expect(report.stdout.contains("\\u009b31m\\u202egnp.exe"))
        let parsed = try JSONReport(report.stdout)
        let features = (parsed["features"] as? [[String: Any]]) ?? []
        #expect(features.contains { $0["name"] as? String == Self.featureName })
        #expect(parsed["model"] as? String == "fraud" + Self.payload)

        let check = try ModeltopProcess.run(["check", "--format", "json"], in: directory.url)
        #expect(Self.unsafeScalars(check.stdout).isEmpty)
        let results = (try JSONReport(check.stdout)["results"] as? [[String: Any]]) ?? []
        #expect(results.contains { $0["scope"] as? String == "feature:" + Self.featureName })
    }

    @Test func actionLinesAndTheirOutputAreShownVisibly() throws {
        let directory = try TemporaryDirectory()
        try Self.writeLog(in: directory)
        // An action that prints what it is given, as a notifier echoing the alert would.
        let action = try directory.write("echo.sh", "#!/bin/sh\nprintf '%s\\n' \"$MODELTOP_SCOPE\"\nprintf 'raw \\033]0;title\\007 \\302\\233 done\\n'\n")
        chmod(action, 0o755)
        try directory.write("gate.yaml", """
            alerts:
              - name: drift
                metric: drift
                scope: any_feature
                above: 0.2
                action: ["./echo.sh"]
            """)
        let result = try ModeltopProcess.run(["check", "--gate", "gate.yaml", "--run-actions"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("modeltop: action of drift/feature:amount\\x1b]52;c;"))
        #expect(result.stderr.contains("  raw \\x1b]0;title\\x07 \\x9b done\n"))
        // The scope handed to the action is stripped of controls (docs/security.md, actions).
        #expect(result.stderr.contains("  feature:amount]52;c;"))
        #expect(Self.unsafeScalars(result.stderr).isEmpty)
        #expect(Self.unsafeScalars(result.stdout).isEmpty)
    }

    @Test func alertsListShowsHostileScopesVisibly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("alerts.sqlite").path
        let store = try AlertStore(path: path)
        let scope = "segment:country=" + Self.segmentValue
        var alert = AlertSnapshot(id: "drift/" + scope, rule: "drift", scope: scope, severity: "high", state: .firing,
                                  value: 0.31, threshold: 0.2, comparison: "above", sinceSeconds: 1_793_000_000, occurrence: 1)
        alert.acknowledged = Acknowledgement(by: "ana", atSeconds: 1_793_000_100, note: "see \(Self.payload)")
        try store.record(StoredOccurrence(alert: alert, firstValue: 0.25, firedAtSeconds: 1_793_000_060,
                                          lastEventSeconds: 1_793_000_600, holdSeconds: 60))
        let list = try ModeltopProcess.run(["alerts", "list", "--state", path])
        #expect(list.status == 0)
        #expect(Self.unsafeScalars(list.stdout).isEmpty)
        #expect(list.stdout.contains("drift/segment:country=US\\x1b]52;c;"))
        let json = try ModeltopProcess.run(["alerts", "list", "--state", path, "--format", "json"])
        #expect(Self.unsafeScalars(json.stdout).isEmpty)
        #expect(json.stdout.contains("US\\u001b]52;c;"))
    }

    @Test func markdownReportRendersHostileValuesAsText() throws {
        let directory = try TemporaryDirectory()
        try Self.writeLog(in: directory)
        let report = try ModeltopProcess.run(["report", "--format", "markdown"], in: directory.url)
        #expect(report.status == 0)
        let markdown = report.stdout
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        // No value ends a row or starts a block: the only headings are the report's own.
        #expect(!lines.contains { $0.hasPrefix("# Injected") || $0.hasPrefix("<") })
        #expect(lines.filter { $0.hasPrefix("# ") }.count == 1)
        // No HTML, no link, no image outside code spans and escapes (there they are shown as
        // typed).
        let prose = Self.withoutCodeSpans(markdown)
        for raw in ["<img", "<script", "<h1>", "](http", "[click]", "[link]"] {
            #expect(!prose.contains(raw), "\(raw) in the Markdown report")
        }
        // Every table row has as many cells as its header: no `|` in a value splits a cell.
        var columns: Int?
        for line in lines {
            guard line.hasPrefix("|") else { columns = nil; continue }
            let cells = Self.cellCount(String(line))
            if let columns { #expect(cells == columns, "\(line)") } else { columns = cells }
        }
        // Backticks in a name cannot close its code span: the fence is longer than any run.
        #expect(markdown.contains("```x\\n# Injected\\n<img src=x onerror=alert(1)>|<script>alert(2)</script>`` [click](http://evil.example/)```"))
        #expect(markdown.contains("x\\\\n\\# Injected\\\\n&lt;img src=x onerror=alert(1)&gt;\\|&lt;script&gt;"))
    }

    /// Values that failed an allocation (exit 134) or a precondition (exit 132) are usage
    /// errors naming the file, line and key (docs/security.md "Configuration limits").
    @Test(arguments: [
        ("drift:\n  bins: 1000000000\n", "c.yaml:3:9: 'drift.bins'"),
        ("drift:\n  fine_bins: 1000000000\n", "c.yaml:3:14: 'drift.fine_bins'"),
        ("score_bins: 1000000000\n", "c.yaml:2:13: 'score_bins'"),
        ("segments: [country]\nsegment_values: 1000000000000\n", "c.yaml:3:17: 'segment_values'"),
        ("max_pending: 100000000000\n", "c.yaml:2:14: 'max_pending'"),
    ])
    func hugeConfigurationValuesAreUsageErrors(_ yaml: String, _ named: String) throws {
        let directory = try TemporaryDirectory()
        let sample = CheckCommandTests.sampleData
        try directory.write("c.yaml", "reference: \(sample.appendingPathComponent("reference.csv").path)\n" + yaml)
        let result = try ModeltopProcess.run(
            ["report", "--config", "c.yaml", sample.appendingPathComponent("predictions.jsonl").path], in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("modeltop: " + named), "\(result.stderr)")
    }

    /// `markdown` without its code spans (CommonMark: a run of backticks up to the next run of
    /// the same length) and backslash-escaped characters: what a renderer could read as markup.
    static func withoutCodeSpans(_ markdown: String) -> String {
        let characters = Array(markdown)
        var out = ""
        var index = 0
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count, characters[end] == "`" { end += 1 }
            return end - start
        }
        while index < characters.count {
            if characters[index] == "\\" && index + 1 < characters.count {
                index += 2  // an escaped character is text: dropped with its backslash
                continue
            }
            guard characters[index] == "`" else { out.append(characters[index]); index += 1; continue }
            let length = run(at: index)
            var close = index + length
            while close < characters.count {
                if characters[close] == "`" {
                    let other = run(at: close)
                    if other == length { break }
                    close += other
                } else {
                    close += 1
                }
            }
            index = min(characters.count, close + length)
        }
        return out
    }

    /// Cells of a GitHub table row: pipes not escaped by a backslash.
    static func cellCount(_ line: String) -> Int {
        var count = 0
        var escaped = false
        for character in line {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true } else if character == "|" { count += 1 }
        }
        return count - 1
    }
}
