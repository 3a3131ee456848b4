import Foundation
import Testing

/// `modeltop report` end to end: the real executable on files written for each test.
@Suite struct ReportCommandTests {
    static let prediction = #"{"ts":"2026-11-27T10:15:02.123Z","id":"tx-1","model":"fraud-detector","version":"v3","features":{"amount":532.1,"country":"BR"},"score":0.91,"prediction":1,"latency_ms":12.4,"status":"ok"}"#
    static let label = #"{"ts":"2026-11-29T08:00:00Z","id":"tx-1","label":1,"value":532.1}"#

    @Test func countsRecordsAndEveryMalformedReason() throws {
        let directory = try TemporaryDirectory()
        let lines = [
            Self.prediction,
            Self.prediction.replacingOccurrences(of: "tx-1", with: "tx-2"),
            #"{"ts":1764238502,"id":7,"status":"timeout"}"#,           // failed request: a prediction
            Self.label,
            #"{"id":"tx-3","score":0.5,}"#,                            // trailing comma
            #"{"id":"tx-4","features":{"a":1}}"#,                      // no score, no label
            #"{"id":"tx-5","score":"0.5"}"#,                           // score as a string
            "",                                                        // blank: ignored
        ]
        var data = Data((lines.joined(separator: "\n") + "\n").utf8)
        data.append(contentsOf: [0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x7D, 0x0A])       // overlong UTF-8
        let path = try directory.write("predictions.jsonl", data)

        let result = try ModeltopProcess.run(["report", "--format", "json", path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("input", "records") == 4)
        #expect(report.int("input", "predictions") == 3)
        #expect(report.int("input", "labels") == 1)
        #expect(report.int("input", "malformed", "total") == 4)
        #expect(report.int("input", "malformed", "by_reason", "invalid_json") == 1)
        #expect(report.int("input", "malformed", "by_reason", "missing_field") == 1)
        #expect(report.int("input", "malformed", "by_reason", "wrong_type") == 1)
        #expect(report.int("input", "malformed", "by_reason", "invalid_utf8") == 1)
        #expect(report.int("input", "malformed", "examples", "0", "line") == 5)
        #expect(report.int("input", "sources", "0", "bytes") == data.count)
        #expect(report["input", "sources", "0", "path"] as? String == path)
        #expect(report["model"] as? String == "fraud-detector")
    }

    /// A sparse log (a prediction every 87 minutes, more than the hour a one-minute bucket
    /// jump must be confirmed within) loses no record: each is far ahead of the one before.
    @Test func aSparseLogLosesNoRecord() throws {
        let directory = try TemporaryDirectory()
        var reference = "amount,score\n"
        for row in 0..<300 { reference += "\(Double(row % 50) + 0.5),\(Double(row % 10) / 10)\n" }
        let referencePath = try directory.write("reference.csv", reference)
        var lines: [String] = []
        for index in 0..<61 {
            let time = 1_764_000_000 + index * 87 * 60
            lines.append(#"{"ts":\#(time),"id":"p\#(index)","features":{"amount":\#(index % 40)},"score":0.3}"#)
        }
        let path = try directory.write("predictions.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try ModeltopProcess.run(["report", "--format", "json", "--reference", referencePath, path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("window", "records") == 61)
        #expect(report.int("engine", "dropped_records") == 0)
    }

    @Test func lineTooLongIsCountedAndReadingGoesOn() throws {
        let directory = try TemporaryDirectory()
        try directory.write("modeltop.yaml", "max_line: 1KiB\n")
        let long = #"{"id":"x","score":0.1,"pad":""# + String(repeating: "a", count: 2000) + #""}"#
        try directory.write("p.jsonl", [Self.prediction, long, Self.prediction].joined(separator: "\n") + "\n")
        let result = try ModeltopProcess.run(["report", "--format", "json", "p.jsonl"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("input", "predictions") == 2)
        #expect(report.int("input", "malformed", "by_reason", "line_too_long") == 1)
        #expect(report.int("input", "malformed", "examples", "0", "line") == 2)
    }

    @Test func readsStandardInput() throws {
        let input = Data(([Self.prediction, Self.label, "not json"].joined(separator: "\n") + "\n").utf8)
        let result = try ModeltopProcess.run(["report", "--format", "json", "-"], input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("input", "records") == 2)
        #expect(report.int("input", "malformed", "total") == 1)
        #expect(report["input", "sources", "0", "path"] as? String == "-")
        #expect(report.int("input", "sources", "0", "bytes") == input.count)
    }

    @Test func readsGlobsAndLabelFilesAsSeparateSources() throws {
        let directory = try TemporaryDirectory()
        try directory.write("logs/a.jsonl", Self.prediction + "\n")
        try directory.write("logs/b.jsonl", Self.prediction + "\n" + Self.prediction + "\n")
        try directory.write("labels.jsonl", Self.label + "\n")
        let result = try ModeltopProcess.run(
            ["report", "--format", "json", "logs/*.jsonl", "--labels", "labels.jsonl"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("input", "predictions") == 3)
        #expect(report.int("input", "labels") == 1)
        let paths = (report["input", "sources"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(paths == ["logs/a.jsonl", "logs/b.jsonl", "labels.jsonl"])
    }

    @Test func readsCSVThroughTheConfiguredMapping() throws {
        let directory = try TemporaryDirectory()
        try directory.write("modeltop.yaml", """
            predictions: [loans.csv]
            fields:
              id: id
              ts: timestamp
              score: y_pred_proba
              prediction: y_pred
              label: repaid
            """)
        let rows = [
            "id,timestamp,car_value,salary_range,y_pred_proba,y_pred,repaid",
            #"1,2026-01-01 10:00:00,39811,"40K - 60K €",0.99,1,1"#,
            #"2,2026-01-01 10:00:05,12679,"20K - 20K ""x""",0.07,0,"#,
            #"3,2026-01-01 10:00:09,"unclosed,0.5,1,1"#,         // unclosed quote
            #"4,2026-01-01 10:00:12,1,2,0.5,1,1,extra"#,          // more fields than the header
        ]
        try directory.write("loans.csv", rows.joined(separator: "\r\n") + "\r\n")
        let result = try ModeltopProcess.run(["report", "--format", "json"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report.int("input", "predictions") == 2)
        #expect(report.int("input", "malformed", "by_reason", "invalid_csv") == 2)
    }

    @Test func followsUntilIdleThenPrints() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("p.jsonl", Self.prediction + "\n" + Self.prediction + "\n")
        let result = try ModeltopProcess.run(["report", "--format", "json", "--follow", "--idle-exit", "1s", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try JSONReport(result.stdout).int("input", "predictions") == 2)
    }

    @Test func textAndMarkdownNameTheSameCounts() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("p.jsonl", Self.prediction + "\n{bad\n")
        let text = try ModeltopProcess.run(["report", path])
        #expect(text.status == 0)
        #expect(text.stdout.contains("records     1  (predictions 1, labels 0)"))
        #expect(text.stdout.contains("\(path):2  invalid_json"))
        let markdown = try ModeltopProcess.run(["report", "--format", "markdown", path])
        #expect(markdown.stdout.contains("| 1 | 1 | 0 | 1  (invalid_json 1) |"))
    }

    @Test(arguments: [
        (["report", "/nonexistent/predictions.jsonl"], Int32(3), "/nonexistent/predictions.jsonl"),
        (["report", "/nonexistent/*.jsonl"], Int32(3), "no file matches '/nonexistent/*.jsonl'"),
        (["report", "--no-such-flag", "x"], Int32(2), "--no-such-flag"),
        (["report", "--sections", "input,bogus", "x"], Int32(2), "unknown section 'bogus'"),
        (["report", "--format", "yaml", "x"], Int32(2), "yaml"),
        (["report", "--idle-exit", "5m", "x"], Int32(2), "--idle-exit is used with --follow"),
        (["report", "--follow", "--idle-exit", "soon", "x"], Int32(2), "--idle-exit: 'soon'"),
        (["report", "--config", "/nonexistent/modeltop.yaml"], Int32(2), "/nonexistent/modeltop.yaml"),
        (["report"], Int32(2), "no input"),
    ])
    func exitCodesNameTheProblem(arguments: [String], status: Int32, message: String) throws {
        let directory = try TemporaryDirectory()
        let result = try ModeltopProcess.run(arguments, in: directory.url)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func badConfigurationNamesFileLineAndKey() throws {
        let directory = try TemporaryDirectory()
        try directory.write("modeltop.yaml", "model: fraud\ndrift:\n  binz: 10\n")
        let result = try ModeltopProcess.run(["report", "x.jsonl"], in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("modeltop.yaml:3:"), "\(result.stderr)")
        #expect(result.stderr.contains("binz"), "\(result.stderr)")
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try ModeltopProcess.run(["report", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--idle-exit"))
        let version = try ModeltopProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }
}

/// The flags `report` takes besides the input's: each error exits 2 (3 for an unreadable
/// reference) and names the flag.
@Suite struct ReportFlagTests {
    static let prediction = ReportCommandTests.prediction

    @Test(arguments: [
        (["--window", "soon"], 2, "--window: 'soon'"),
        (["--window", "0s"], 2, "--window"),
        (["--bucket", "-1m"], 2, "--bucket"),
        (["--window", "1h", "--bucket", "7m"], 2, "--window: 'window' (1h) must be a whole number of buckets"),
        (["--bucket", "7m", "--window", "10m"], 2, "--window"),
        (["--threshold", "1.5"], 2, "--threshold: 'threshold' must be a number between 0 and 1"),
        (["--threshold", "x"], 2, "--threshold: 'x'"),
        (["--segments", "country,,device"], 2, "--segments"),
        (["--segments", "country,country"], 2, "--segments: 'country,country' names a dimension twice"),
        (["--reference", "missing.csv"], 3, "--reference: reference missing.csv: no such file"),
        (["--sections", "features,colour"], 2, "unknown section 'colour'"),
        (["--chunk-size", "0"], 2, "--chunk-size"),
        (["--task", "ranking"], 2, "--task: 'ranking' is not binary, multiclass or regression"),
    ])
    func badFlagsNameThemselves(arguments: [String], status: Int32, message: String) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("predictions.jsonl", Self.prediction + "\n")
        let result = try ModeltopProcess.run(["report", path] + arguments, in: directory.url)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func segmentsThatDropARulesDimensionNameTheFlag() throws {
        let directory = try TemporaryDirectory()
        try directory.write("modeltop.yaml", """
            segments: [country, device]
            alerts:
              - name: web precision
                metric: precision
                scope: segment:device=web
                below: 0.3
            """)
        let path = try directory.write("predictions.jsonl", Self.prediction + "\n")
        let result = try ModeltopProcess.run(["report", path, "--segments", "country"], in: directory.url)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--segments: scope 'segment:device=web' names dimension 'device'"), "\(result.stderr)")
    }

    /// `--task` reads a multiclass log without a configuration file, and names itself when the
    /// file's keys do not fit the task it gives.
    @Test func theTaskFlagReadsAMulticlassLog() throws {
        let directory = try TemporaryDirectory()
        var lines: [String] = []
        for index in 0..<40 {
            let top = ["a", "b", "c"][index % 3]
            lines.append(#"{"id":"p\#(index)","features":{"x":\#(index % 7)},"scores":{"a":0.2,"b":0.3,"c":0.5},"prediction":"\#(top)"}"#)
            lines.append(#"{"id":"p\#(index)","label":"\#(top)"}"#)
        }
        let path = try directory.write("predictions.jsonl", lines.joined(separator: "\n") + "\n")
        let reference = try directory.write("reference.jsonl", lines.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            .joined(separator: "\n") + "\n")
        let result = try ModeltopProcess.run(["report", path, "--reference", reference, "--task", "multiclass", "--format", "json"],
                                             in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(#""task": "multiclass""#))
        #expect(result.stdout.contains(#""accuracy": 1"#), "\(result.stdout.prefix(400))")
        _ = try directory.write("modeltop.yaml", "task: multiclass\nclasses: [a, b, c]\n")
        let wrong = try ModeltopProcess.run(["report", path, "--task", "regression"], in: directory.url)
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("--task: 'classes' needs 'task: multiclass' (the task is regression)"), "\(wrong.stderr)")
    }

    @Test func inputAloneRunsNoStatistics() throws {
        // A reference that does not exist is never opened when only the input is asked for.
        let directory = try TemporaryDirectory()
        let path = try directory.write("predictions.jsonl", Self.prediction + "\n")
        let result = try ModeltopProcess.run(
            ["report", path, "--sections", "input", "--reference", "missing.csv", "--format", "json"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        #expect(report["window"] == nil)
        #expect(report["features"] == nil)
        #expect(report.int("input", "predictions") == 1)
    }

    @Test func flagsOverrideTheConfiguration() throws {
        let directory = try TemporaryDirectory()
        try directory.write("modeltop.yaml", "reference: reference.csv\nwindow: 1h\nsegments: [device]\n")
        try directory.write("reference.csv", "amount,country,score,label\n10,BR,0.1,0\n20,US,0.2,0\n30,BR,0.9,1\n")
        let path = try directory.write("predictions.jsonl", Self.prediction + "\n")
        let withConfig = try JSONReport(try ModeltopProcess.run(["report", path, "--format", "json"], in: directory.url).stdout)
        #expect(withConfig.int("window", "records") == 1)
        #expect(withConfig["window", "length_seconds"] is NSNull)      // report: all, not the file's 1h
        #expect(withConfig["segments", "0", "dimension"] as? String == "device")
        #expect(withConfig["reference", "records"] as? Int == 3)
        let flagged = try JSONReport(try ModeltopProcess.run(
            ["report", path, "--format", "json", "--window", "30m", "--segments", "country", "--threshold", "0.95"],
            in: directory.url).stdout)
        #expect(flagged.int("window", "length_seconds") == 1_800)
        #expect(flagged["segments", "0", "dimension"] as? String == "country")
        #expect(flagged["segments", "0", "value"] as? String == "BR")
        // The record's explicit prediction 1 decides, whatever the threshold.
        #expect(flagged["prediction", "positive_rate"] as? Double == 1)
    }
}
