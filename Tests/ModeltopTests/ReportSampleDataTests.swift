import Foundation
import Testing

/// `modeltop report` on the committed sample data: each episode of sample-data/README.md shows
/// in its layer and segment, the calm start is quiet, and chunks cover the records exactly.
@Suite(.serialized) struct ReportSampleDataTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    static func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try ModeltopProcess.run(
            ["report", "--format", "json", "--config", sampleData.appendingPathComponent("modeltop.yaml").path] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func segment(_ report: [String: Any], _ dimension: String, _ value: String) throws -> [String: Any] {
        let segments = try #require(report["segments"] as? [[String: Any]])
        return try #require(segments.first { $0["dimension"] as? String == dimension && $0["value"] as? String == value })
    }

    static func feature(_ slice: [String: Any], _ name: String) throws -> [String: Any] {
        let features = try #require(slice["features"] as? [[String: Any]])
        return try #require(features.first { $0["name"] as? String == name })
    }

    static func realized(_ slice: [String: Any]) throws -> [String: Any] {
        try #require((slice["performance"] as? [String: Any])?["realized"] as? [String: Any])
    }

    @Test func wholeStreamShowsBrazilsAmountDrift() throws {
        let report = try Self.report([])
        #expect(report["model"] as? String == "fraud-detector")
        let window = try #require(report["window"] as? [String: Any])
        #expect(window["length_seconds"] is NSNull)
        #expect(window["records"] as? Int == 9_947)
        let brazil = try Self.segment(report, "country", "BR")
        #expect(brazil["reference"] as? String == "segment")
        let amount = try Self.feature(brazil, "amount")
        #expect(amount["band"] as? String == "drift")
        #expect(try #require(amount["psi"] as? Double) > 0.2)
        // The whole stream's amount is calm: the drift is Brazil's alone.
        #expect(try Self.feature(report, "amount")["band"] as? String == "ok")
        // Each label counts once, for the request it was given to (not again for its shadow).
        let realized = try Self.realized(report)
        #expect(realized["labelled"] as? Int == 8_954)
        #expect(try #require(realized["coverage"] as? Double) <= 1)
        let input = try #require(report["input"] as? [String: Any])
        #expect(input["labels"] as? Int == 8_954)
    }

    @Test func lastHourShowsEveryLateEpisodeInItsSegmentAndLayer() throws {
        let report = try Self.report(["--window", "1h"])
        let window = try #require(report["window"] as? [String: Any])
        #expect(window["from"] as? String == "2026-11-02T11:00:00Z")
        #expect(window["to"] as? String == "2026-11-02T12:00:00Z")
        // README's window table at 12:00: BR 414 records with amount drift; web precision 0.44
        // on 16 flagged; android account_age_days null; fraud label rate 0.097, recall 0.17.
        let brazil = try Self.segment(report, "country", "BR")
        #expect(brazil["records"] as? Int == 414)
        #expect(try Self.feature(brazil, "amount")["band"] as? String == "drift")
        let web = try Self.realized(try Self.segment(report, "device", "web"))
        #expect(web["tp"] as? Int == 7)
        #expect(web["fp"] as? Int == 9)
        let android = try Self.segment(report, "device", "android")
        let quality = try #require(try Self.feature(android, "account_age_days")["quality"] as? [String: Any])
        #expect(quality["missing_rate"] as? Double == 1)
        let realized = try Self.realized(report)
        let labelRate = try #require(realized["positive_label_rate"] as? Double)
        let referenceRate = try #require(realized["reference_positive_label_rate"] as? Double)
        #expect(abs(labelRate - 0.097) < 0.0005)
        #expect(labelRate > 2 * referenceRate)
        #expect(abs(try #require(realized["recall"] as? Double) - 0.17) < 0.005)
    }

    @Test func chunksCoverThePredictionsExactlyAndShowTheCalmStartAndTheLatencySpike() throws {
        let size = 1_500
        let report = try Self.report(["--chunk-size", String(size), "--sections", "input,infrastructure,features,prediction"])
        let chunks = try #require(report["chunks"] as? [[String: Any]])
        let predictions = try #require((report["input"] as? [String: Any])?["predictions"] as? Int)
        var next = 0
        for (index, chunk) in chunks.enumerated() {
            #expect(chunk["index"] as? Int == index)
            #expect(chunk["first_record"] as? Int == next)
            let records = try #require(chunk["records"] as? Int)
            #expect(index == chunks.count - 1 ? records <= size : records == size)
            next += records
        }
        #expect(next == predictions)
        #expect(chunks.count == (predictions + size - 1) / size)

        // The calm start: no feature drifts, the score does not, latency is normal.
        let calm = chunks[0]
        #expect(calm["from"] as? String == "2026-11-02T08:00:01.153Z")
        let bands = try #require(calm["features"] as? [[String: Any]]).compactMap { $0["band"] as? String }
        #expect(bands.count == 8)
        #expect(bands.allSatisfy { $0 == "ok" }, "\(bands)")
        #expect((calm["prediction"] as? [String: Any])?["band"] as? String == "ok")
        let p99 = { (chunk: [String: Any]) in
            ((chunk["infrastructure"] as? [String: Any])?["latency_ms"] as? [String: Any])?["p99"] as? Double ?? 0
        }
        #expect(p99(calm) < 120)
        // The latency spike (08:40 to 08:50, from line 1793) lands in the second chunk, and only there.
        let slow = chunks.enumerated().filter { p99($0.element) > 120 }.map(\.offset)
        #expect(slow == [1])
        #expect(report["segments"] == nil)
        #expect(report["performance"] == nil)
    }

    @Test func markdownNamesTheModelTheWindowAndWhereItIsWrong() throws {
        // From the sample-data folder, whose modeltop.yaml names the files relative to it.
        let result = try ModeltopProcess.run(["report", "--format", "markdown", "--window", "1h"], in: Self.sampleData)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "# fraud-detector: modeltop report over the last 1h")
        #expect(lines.contains("Window 2026-11-02T11:00:00Z to 2026-11-02T12:00:00Z (last 1h): 2,691 predictions; reference `reference.csv` (12,000 records)."))
        let verdict = try #require(lines.first { $0.hasPrefix("**Verdict:**") })
        #expect(verdict.contains("`amount` drift (psi 0.875) in country=BR"))
        #expect(verdict.contains("(device=android: 100.0%)"))
        #expect(verdict.contains("in device=web"))
        let segmentsHeading = try #require(lines.firstIndex { $0.hasPrefix("## Segments, worst first") })
        // Worst first: Brazil's amounts drifted; then the slices that lack 37-39% of account
        // ages (android's nulls), the largest precision drop first.
        #expect(lines[segmentsHeading + 3].hasPrefix("| country=BR | 414 | segment | amount | 0.875 | ✖ drift |"))
        #expect(lines[segmentsHeading + 4].hasPrefix("| country=US | 769 | segment | account_age_days | 0.037 | ✖ drift | account_age_days 39.3% |"))
    }

    /// `--at`: the window ending then, summed from the ring and the coarser history, holds
    /// what a report over the log cut at that time holds (the labels, which arrive later, kept).
    @Test(arguments: ["2026-11-02T10:00:00Z", "2026-11-02T11:40:00Z"])
    func atATimeReportsTheWindowACutLogEndsWith(_ at: String) throws {
        let report = try Self.report(["--window", "1h", "--at", at])
        let window = try #require(report["window"] as? [String: Any])
        #expect(window["to"] as? String == at)
        #expect(window["at"] as? String == at)

        let directory = try TemporaryDirectory()
        let cut = try #require(ISO8601DateFormatter().date(from: at)).timeIntervalSince1970
        let predictions = try Data(contentsOf: Self.sampleData.appendingPathComponent("predictions.jsonl"))
        var kept = Data()
        for line in predictions.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            // The ts is the line's first field: `{"ts":"2026-11-02T08:00:01.153Z",...`.
            let text = String(decoding: line.prefix(40), as: UTF8.self)
            if let range = text.range(of: #"20\d\d-\d\d-\d\dT[0-9:.]+Z"#, options: .regularExpression),
               let time = Self.time(String(text[range])), time >= cut { continue }
            kept.append(line)
            kept.append(UInt8(ascii: "\n"))
        }
        try kept.write(to: directory.url.appendingPathComponent("predictions.jsonl"))
        for name in ["labels.jsonl", "reference.csv", "modeltop.yaml"] {
            try FileManager.default.copyItem(at: Self.sampleData.appendingPathComponent(name), to: directory.url.appendingPathComponent(name))
        }
        let result = try ModeltopProcess.run(["report", "--format", "json", "--window", "1h"], in: directory.url)
        #expect(result.status == 0, "\(result.stderr)")
        let whole = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let cutWindow = try #require(whole["window"] as? [String: Any])
        #expect(window["from"] as? String == cutWindow["from"] as? String)
        #expect(window["records"] as? Int == cutWindow["records"] as? Int)
        #expect(try Self.realized(report)["labelled"] as? Int == Self.realized(whole)["labelled"] as? Int)
        #expect(try Self.realized(report)["precision"] as? Double == Self.realized(whole)["precision"] as? Double)
        let brazil = try Self.feature(Self.segment(report, "country", "BR"), "amount")
        let cutBrazil = try Self.feature(Self.segment(whole, "country", "BR"), "amount")
        let psi = try #require(brazil["psi"] as? Double), cutPSI = try #require(cutBrazil["psi"] as? Double)
        #expect(abs(psi - cutPSI) <= 1e-9)
    }

    /// The title says the window ends at the cursor, not that it is the last one.
    @Test func atATimeTitlesTheReportWithIt() throws {
        let result = try ModeltopProcess.run(["report", "--format", "markdown", "--window", "1h", "--at", "2026-11-02T10:00:00Z",
                                              "--config", Self.sampleData.appendingPathComponent("modeltop.yaml").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("# fraud-detector: modeltop report over the 1h window up to 2026-11-02T10:00:00Z\n"))
    }

    @Test func atATimeThatIsNotOneIsABadFlag() throws {
        let result = try ModeltopProcess.run(["report", "--config", Self.sampleData.appendingPathComponent("modeltop.yaml").path, "--at", "yesterday"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--at: 'yesterday' is not a time"))
    }

    static func time(_ text: String) -> Double? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return (formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text))?.timeIntervalSince1970
    }
}
