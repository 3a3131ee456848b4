import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MonitorEngine
import Testing

/// `--metrics-listen` against the real servers (fleet.md "Testing"): three headless agents on
/// three shards of the sample data, scraped by a real Prometheus, sum to what one agent reading
/// every shard exposes; the PromQL of docs/fleet.md gives the report's PSI; `promtool check
/// metrics` accepts the exposition.
@Suite(.serialized) struct MetricsFleetTests {
    static let sampleData = ReportSampleDataTests.sampleData

    /// The sample data's configuration without its logs (the tests name them), its reference by
    /// absolute path.
    static func config(in directory: TemporaryDirectory) throws -> String {
        let text = try String(contentsOf: sampleData.appendingPathComponent("modeltop.yaml"), encoding: .utf8)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("predictions:") && !$0.hasPrefix("labels:") }
            .map { $0.hasPrefix("reference:") ? "reference: \(sampleData.appendingPathComponent("reference.csv").path)" : String($0) }
        return try directory.write("modeltop.yaml", kept.joined(separator: "\n"))
    }

    /// Prometheus' tools from Debian's packages; CI installs them, so there they must be found.
    static func tool(_ name: String) throws -> String? {
        let path = "/usr/bin/" + name
        if FileManager.default.isExecutableFile(atPath: path) { return path }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw FleetTestError("\(path) is missing: .ci/run installs Debian's prometheus package")
        }
        return nil
    }

    @Test func threeAgentsSummedByPrometheusEqualOneAgentReadingEveryShard() throws {
        guard let prometheusPath = try Self.tool("prometheus") else {
            print("skipped: prometheus is not installed")
            return
        }
        let directory = try TemporaryDirectory()
        let (whole, shards) = try Self.writeShards(into: directory)
        let config = try Self.config(in: directory)
        let agent = try HeadlessAgent(config: config, predictions: whole.predictions, labels: whole.labels, directory: directory, name: "whole")
        defer { agent.stop() }
        var agents: [HeadlessAgent] = []
        defer { agents.forEach { $0.stop() } }
        for (index, shard) in shards.enumerated() {
            agents.append(try HeadlessAgent(config: config, predictions: shard.predictions, labels: shard.labels, directory: directory, name: "agent\(index)"))
        }
        let prometheus = try PrometheusServer(path: prometheusPath, targets: agents.map(\.address), directory: directory)
        defer { prometheus.stop() }

        // The single agent's own exposition, once it has read every line of both files (a
        // line is a record or a malformed line) and its counts stay the same a second later.
        let lines = try Self.lines(of: whole.predictions) + Self.lines(of: whole.labels)
        var previous: Exposition?
        let single = try Self.waitFor("the whole agent to read every line") { () -> Exposition? in
            let exposition = try Exposition(try HTTP.get("http://\(agent.address)/metrics"))
            let read = exposition.sum("modeltop_records_total") + exposition.sum("modeltop_malformed_lines_total")
            if read < Double(lines) { throw FleetTestError("read \(read) of \(lines) lines") }
            // Read is not yet counted: a record waits in the event-time merge until a poll.
            let counted = exposition.sum("modeltop_requests_total")
            let predictions = exposition.value("modeltop_records_total", ["kind": "prediction"]) ?? 0
            if counted < predictions { throw FleetTestError("counted \(counted) of \(predictions) predictions") }
            defer { previous = exposition }
            guard let previous, previous.grouped("modeltop_outcomes_total", by: ["segment", "outcome"])
                == exposition.grouped("modeltop_outcomes_total", by: ["segment", "outcome"]) else {
                Thread.sleep(forTimeInterval: 1)
                return nil
            }
            return exposition
        }
        // Prometheus has scraped every agent once each had read and counted its shard: the
        // records and outcomes it counted (not only the lines it read) add up to the single's.
        let expected = [
            "sum(modeltop_records_total{kind=\"prediction\"})": single.value("modeltop_records_total", ["kind": "prediction"]),
            "sum(modeltop_records_total{kind=\"label\"})": single.value("modeltop_records_total", ["kind": "label"]),
            "sum(modeltop_requests_total)": single.sum("modeltop_requests_total"),
            "sum(modeltop_outcomes_total{segment=\"\"})": single.grouped("modeltop_outcomes_total", by: ["segment"])[""],
        ]
        try Self.waitFor("Prometheus to scrape every agent to the end") { () -> Bool? in
            let up = try prometheus.query("count(up == 1)").first?.value ?? 0
            if up != 3 { throw FleetTestError("\(up) of 3 agents up") }
            for (query, value) in expected {
                let scraped = try prometheus.query(query).first?.value
                if scraped != value { throw FleetTestError("\(query): \(String(describing: scraped)) of \(String(describing: value))") }
            }
            return true
        }

        // Counts: exact, family by family.
        for (family, labels) in [
            ("modeltop_feature_bin_total", ["feature", "segment", "bin"]),
            ("modeltop_slice_records_total", ["segment"]),
            ("modeltop_requests_total", ["version", "status"]),
            ("modeltop_outcomes_total", ["segment", "outcome"]),
            ("modeltop_score_bin_total", ["segment", "bin"]),
            ("modeltop_predictions_positive_total", ["version", "segment"]),
            ("modeltop_feature_cell_total", ["feature", "cell"]),
            ("modeltop_feature_cell_edge_total", ["feature", "cell"]),
            ("modeltop_latency_seconds_bucket", ["le"]),
        ] {
            let summed = try prometheus.query("sum by (\(labels.joined(separator: ","))) (\(family))")
            let fleet = Dictionary(summed.map { (Exposition.key($0.labels, labels), $0.value) }, uniquingKeysWith: +)
            let one = single.grouped(family, by: labels)
            #expect(!one.isEmpty, "\(family): the single agent exposes nothing")
            #expect(fleet == one, "\(family): the fleet's sums differ from one agent's counts")
        }
        let sums = try prometheus.query("sum(modeltop_latency_seconds_sum)").first?.value ?? 0
        #expect(abs(sums - single.sum("modeltop_latency_seconds_sum")) <= 1e-9 * sums)

        // The PSI of docs/fleet.md's PromQL, against the report's for the whole log.
        let result = try ModeltopProcess.run(["report", "--format", "json", "--config", config, "--window", "all", whole.predictions, "--labels", whole.labels])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let matched = ((report["engine"] as? [String: Any])?["label_join"] as? [String: Any])?["matched_labels"] as? Int
        #expect(matched == Int(single.grouped("modeltop_outcomes_total", by: ["segment"])[""] ?? -1), "the report joined other labels")
        for feature in ["amount", "merchant_category", "hour"] {
            let psi = try #require(try prometheus.query(Self.psiQuery(feature: feature)).first?.value)
            let reported = try #require(try ReportSampleDataTests.feature(report, feature)["psi"] as? Double)
            #expect(abs(psi - reported) <= 1e-9, "\(feature): PromQL PSI \(psi), report \(reported)")
        }

        // The fleet view: `report --source` against the report of one modeltop over every log.
        let fleetRun = try ModeltopProcess.run(["report", "--format", "json", "--config", config, "--window", "all",
                                                "--source", "prometheus://\(prometheus.address)"])
        #expect(fleetRun.status == 0, "\(fleetRun.stderr)")
        let fleet = try #require(try JSONSerialization.jsonObject(with: Data(fleetRun.stdout.utf8)) as? [String: Any])
        try Self.expectSameStatistics(fleet, report, path: "whole stream", wholeStream: true)
        let fleetSegments = try #require(fleet["segments"] as? [[String: Any]])
        let reportSegments = try #require(report["segments"] as? [[String: Any]])
        #expect(fleetSegments.count == reportSegments.count)
        for segment in reportSegments {
            let name = "\(segment["dimension"] ?? "")=\(segment["value"] ?? "")"
            let theirs = try #require(fleetSegments.first { $0["dimension"] as? String == segment["dimension"] as? String
                && $0["value"] as? String == segment["value"] as? String }, "\(name) missing from the fleet's report")
            try Self.expectSameStatistics(theirs, segment, path: name, wholeStream: false)
        }
        let notices = (fleet["notices"] as? [String] ?? []).joined(separator: " | ")
        #expect(notices.contains("a fleet of 3 agents"), "\(notices)")
    }

    /// Counts exact, PSI, JS and chi-square to 1e-9, KS within its bound (whole stream: the
    /// fine cells are kept for it only), realized precision and recall to 1e-12.
    static func expectSameStatistics(_ fleet: [String: Any], _ one: [String: Any], path: String, wholeStream: Bool) throws {
        for feature in try #require(one["features"] as? [[String: Any]]) {
            let name = try #require(feature["name"] as? String)
            let theirs = try ReportSampleDataTests.feature(fleet, name)
            #expect(theirs["records"] as? Int == feature["records"] as? Int, "\(path) \(name): records")
            for key in ["psi", "js", "missing_rate", "unseen_rate"] {
                let mine = feature[key] as? Double, other = theirs[key] as? Double
                #expect((mine == nil) == (other == nil), "\(path) \(name) \(key): \(String(describing: mine)) vs \(String(describing: other))")
                if let mine, let other { #expect(abs(mine - other) <= 1e-9, "\(path) \(name) \(key): \(mine) vs \(other)") }
            }
            if let chi = (feature["chi2"] as? [String: Any])?["statistic"] as? Double {
                let other = try #require((theirs["chi2"] as? [String: Any])?["statistic"] as? Double, "\(path) \(name) chi2")
                #expect(abs(chi - other) <= 1e-9 * max(1, chi), "\(path) \(name) chi2: \(chi) vs \(other)")
            }
            if wholeStream, let ks = feature["ks"] as? [String: Any], let statistic = ks["statistic"] as? Double {
                let other = try #require((theirs["ks"] as? [String: Any])?["statistic"] as? Double, "\(path) \(name) ks")
                let bound = ks["bound"] as? Double ?? 0
                #expect(abs(statistic - other) <= bound + 1e-12, "\(path) \(name) ks: \(statistic) vs \(other)")
            }
        }
        let mine = try ReportSampleDataTests.realized(one), other = try ReportSampleDataTests.realized(fleet)
        for key in ["labelled", "precision", "recall"] {
            let a = mine[key] as? Double, b = other[key] as? Double
            #expect((a == nil) == (b == nil) && abs((a ?? 0) - (b ?? 0)) <= 1e-12, "\(path) realized \(key): \(String(describing: a)) vs \(String(describing: b))")
        }
    }

    /// docs/fleet.md's PSI of one feature over the whole stream since start.
    static func psiQuery(feature: String) -> String {
        let counts = "sum by (bin) (modeltop_feature_bin_total{feature=\"\(feature)\",segment=\"\",bin!=\"__missing__\"})"
        let reference = "max by (bin) (modeltop_feature_reference_ratio{feature=\"\(feature)\",segment=\"\"})"
        let current = "((\(counts) / scalar(sum(\(counts)))) > 0 or (\(reference) * 0 + 0.0001))"
        let expected = "((\(reference)) > 0 or (\(reference) * 0 + 0.0001))"
        return "sum((\(current) - \(expected)) * ln(\(current) / \(expected)))"
    }

    /// `watch --source` in tmux over three agents fed live: the header names the fleet, `:segment`
    /// drills into Brazil, whose amounts drift over the whole log, and its alert (a rule with no
    /// `for:`) is acknowledged with `A`.
    @Test func watchOverAFleetFedLiveDrillsIntoASegmentAndAcknowledgesAnAlert() throws {
        guard let prometheusPath = try Self.tool("prometheus"), TmuxSession.isAvailable else {
            print("skipped: prometheus or tmux is not installed")
            return
        }
        let directory = try TemporaryDirectory()
        let (_, shards) = try Self.writeShards(into: directory)
        let config = try Self.config(in: directory)
        // The sample's rules fire at once: no `for:` (the fleet is judged every reading).
        let rules = try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("for:") }.joined(separator: "\n")
        try rules.write(toFile: config, atomically: true, encoding: .utf8)
        // The agents start on empty logs; the lines arrive once Prometheus scrapes them.
        var live: [String] = []
        var agents: [HeadlessAgent] = []
        defer { agents.forEach { $0.stop() } }
        for (index, shard) in shards.enumerated() {
            let predictions = try directory.write("live-predictions-\(index).jsonl", "")
            let labels = try directory.write("live-labels-\(index).jsonl", "")
            live.append(contentsOf: [shard.predictions, predictions, shard.labels, labels])
            agents.append(try HeadlessAgent(config: config, predictions: predictions, labels: labels, directory: directory, name: "live\(index)"))
        }
        let prometheus = try PrometheusServer(path: prometheusPath, targets: agents.map(\.address), directory: directory)
        defer { prometheus.stop() }
        try Self.waitFor("Prometheus to scrape the agents") { () -> Bool? in
            (try prometheus.query("count(modeltop_reference_info)").first?.value ?? 0) == 3 ? true : nil
        }
        let tmux = try TmuxSession(
            command: "\(TmuxSession.quoted(ModeltopProcess.executable.path)) watch --config \(TmuxSession.quoted(config)) --window all "
                + "--state \(TmuxSession.quoted(directory.url.appendingPathComponent("fleet.sqlite").path)) --source prometheus://\(prometheus.address)",
            in: directory.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { $0.contains("fleet of 3 agents") && $0.contains("scraped") }
        // Fed live: every shard's lines appended to its agent's logs.
        for pair in stride(from: 0, to: live.count, by: 2) {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: live[pair + 1]))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(contentsOf: URL(fileURLWithPath: live[pair])))
            try handle.close()
        }
        let firing = try tmux.waitFor { $0.contains("fleet of 3 agents") && $0.contains(" firing") && $0.contains("drifting") }
        #expect(!firing.contains("Prometheus unreachable"))
        try tmux.sendKeys(":", "segment country=BR", "Enter")
        let brazil = try tmux.waitFor { $0.contains(" country=BR ") && $0.contains("amount") }
        #expect(brazil.contains("fleet of 3 agents"))
        try tmux.sendKeys("Escape")
        try tmux.sendKeys("a")
        _ = try tmux.waitFor { $0.contains("▶ FIRING") }
        try tmux.sendKeys("A")
        _ = try tmux.waitFor { $0.contains("Note (optional):") }
        try tmux.sendKeys("-l", "fleet-wide")
        try tmux.sendKeys("Enter")
        let acknowledged = try tmux.waitFor { $0.contains("ACKED") && $0.contains("1 handled") }
        #expect(acknowledged.contains("fleet of 3 agents"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
    }

    @Test func promtoolAcceptsTheExposition() throws {
        guard let promtool = try Self.tool("promtool") else {
            print("skipped: promtool is not installed")
            return
        }
        let directory = try TemporaryDirectory()
        let agent = try HeadlessAgent(
            config: try Self.config(in: directory), predictions: Self.sampleData.appendingPathComponent("predictions.jsonl").path,
            labels: Self.sampleData.appendingPathComponent("labels.jsonl").path, directory: directory, name: "lint")
        defer { agent.stop() }
        let text = try Self.waitFor("the agent's counts") { () -> String? in
            let text = try HTTP.get("http://\(agent.address)/metrics")
            return text.contains("modeltop_feature_bin_total") ? text : nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try input.fileHandleForWriting.close()
        let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "promtool: \(said)")
        #expect(said.isEmpty, "promtool's lint: \(said)")
    }

    @Test func hashedCategoriesLeaveNoValueOfTheLogsInTheExposition() throws {
        let directory = try TemporaryDirectory()
        let config = try Self.config(in: directory)
        try (String(contentsOfFile: config, encoding: .utf8) + "\nmetrics:\n  categories: hashed\n").write(toFile: config, atomically: true, encoding: .utf8)
        let agent = try HeadlessAgent(
            config: config, predictions: Self.sampleData.appendingPathComponent("predictions.jsonl").path,
            labels: Self.sampleData.appendingPathComponent("labels.jsonl").path, directory: directory, name: "hashed")
        defer { agent.stop() }
        let text = try Self.waitFor("the agent's counts") { () -> String? in
            let text = try HTTP.get("http://\(agent.address)/metrics")
            // sha256("BR") = bbaf83524427...
            return text.contains("segment=\"country=bbaf83524427\"") ? text : nil
        }
        // Plain names of categories and segments are gone.
        #expect(!text.contains("country=BR"), "a segment value in clear: \(text.components(separatedBy: "\n").filter { $0.contains("country=BR") }.prefix(3))")
        #expect(!text.contains("bin=\"electronics\""))
        #expect(text.contains("feature=\"merchant_category\""))
    }

    @Test func aBadOrTakenAddressIsAUsageErrorBeforeAnythingStarts() throws {
        let directory = try TemporaryDirectory()
        let config = try Self.config(in: directory)
        let taken = try HeadlessAgent(
            config: config, predictions: Self.sampleData.appendingPathComponent("predictions.jsonl").path,
            labels: Self.sampleData.appendingPathComponent("labels.jsonl").path, directory: directory, name: "first")
        defer { taken.stop() }
        for (address, said) in [(taken.address, "in use"), ("9464", "HOST:PORT"), ("127.0.0.1:99999", "HOST:PORT"), ("::1:9464", "brackets")] {
            let result = try ModeltopProcess.run([
                "watch", "--headless", "--config", config, "--state", directory.url.appendingPathComponent("other.sqlite").path,
                "--metrics-listen", address, Self.sampleData.appendingPathComponent("predictions.jsonl").path,
            ])
            #expect(result.status == 2, "\(address): \(result.stderr)")
            #expect(result.stderr.contains(said), "\(address): \(result.stderr)")
        }
    }

    // MARK: - Shards, agents, Prometheus

    struct Shard { var predictions: String; var labels: String }

    /// The first 4,000 lines of the sample data (a malformed line among them) and their labels,
    /// and the same split in three by id, each label with its prediction (lines without an id go
    /// to the first shard).
    static func writeShards(into directory: TemporaryDirectory) throws -> (whole: Shard, shards: [Shard]) {
        func id(of line: Data) -> Int? {
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: "\"id\":\"tx-") else { return nil }
            return Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        func lines(_ name: String) throws -> [Data] {
            try Data(contentsOf: sampleData.appendingPathComponent(name)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .dropLast().map { Data($0) }
        }
        let predictionLines = Array(try lines("predictions.jsonl").prefix(4_000))
        let lastID = predictionLines.compactMap(id).max() ?? 0
        let labelLines = try lines("labels.jsonl").filter { (id(of: $0) ?? 0) <= lastID }
        func write(_ name: String, _ lines: [Data]) throws -> String {
            var data = Data()
            for line in lines { data.append(line); data.append(UInt8(ascii: "\n")) }
            return try directory.write(name, data)
        }
        let whole = Shard(predictions: try write("predictions.jsonl", predictionLines), labels: try write("labels.jsonl", labelLines))
        var shards: [Shard] = []
        for index in 0..<3 {
            let mine = { (line: Data) in (id(of: line) ?? 0) % 3 == index }
            shards.append(Shard(predictions: try write("predictions-\(index).jsonl", predictionLines.filter(mine)),
                                labels: try write("labels-\(index).jsonl", labelLines.filter(mine))))
        }
        return (whole, shards)
    }

    static func lines(of path: String) throws -> Int {
        try Data(contentsOf: URL(fileURLWithPath: path)).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    }

    @discardableResult
    static func waitFor<T>(_ what: String, seconds: Double = 180, _ body: () throws -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(seconds)
        var lastError: (any Error)?
        while Date() < deadline {
            do {
                if let value = try body() { return value }
            } catch { lastError = error }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw FleetTestError("timed out waiting for \(what)\(lastError.map { ": \($0)" } ?? "")")
    }
}

struct FleetTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// `modeltop watch --headless --metrics-listen 127.0.0.1:0` over one shard; the address it
/// bound is read from its standard error.
final class HeadlessAgent {
    let process = Process()
    let address: String

    init(config: String, predictions: String, labels: String, directory: TemporaryDirectory, name: String) throws {
        let errors = directory.url.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = ModeltopProcess.executable
        process.arguments = [
            "watch", "--headless", "--config", config, "--labels", labels,
            "--state", directory.url.appendingPathComponent("\(name).sqlite").path,
            "--metrics-listen", "127.0.0.1:0", predictions,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let process = self.process
        address = try MetricsFleetTests.waitFor("\(name) to listen", seconds: 30) { () -> String? in
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            if !process.isRunning { throw FleetTestError("\(name) ended: \(said)") }
            guard let range = said.range(of: "metrics at http://") else { return nil }
            return String(said[range.upperBound...].prefix { $0 != "/" })
        }
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// A real Prometheus on a free loopback port with a temporary data directory, scraping the
/// targets every second.
final class PrometheusServer {
    let process = Process()
    let address: String

    init(path: String, targets: [String], directory: TemporaryDirectory) throws {
        let port = try FreePort.take()
        address = "127.0.0.1:\(port)"
        let config = try directory.write("prometheus.yml", """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: modeltop
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
            """)
        let data = directory.url.appendingPathComponent("prometheus-data").path
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = [
            "--config.file=\(config)", "--storage.tsdb.path=\(data)", "--web.listen-address=\(address)",
            "--log.level=warn",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let process = self.process
        let address = self.address
        try MetricsFleetTests.waitFor("Prometheus to be ready", seconds: 60) { () -> Bool? in
            if !process.isRunning { throw FleetTestError("prometheus ended with \(process.terminationStatus)") }
            return (try? HTTP.get("http://\(address)/-/ready")) != nil ? true : nil
        }
    }

    struct Sample { var labels: [String: String]; var value: Double }

    /// An instant query's vector (or scalar) result.
    func query(_ promql: String) throws -> [Sample] {
        var components = URLComponents(string: "http://\(address)/api/v1/query")!
        components.queryItems = [URLQueryItem(name: "query", value: promql)]
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        let body = try HTTP.get(components.url!.absoluteString)
        guard let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
              json["status"] as? String == "success", let data = json["data"] as? [String: Any] else {
            throw FleetTestError("query \(promql): \(body)")
        }
        func number(_ pair: Any?) -> Double? {
            guard let pair = pair as? [Any], pair.count == 2, let text = pair[1] as? String else { return nil }
            return Double(text)
        }
        if data["resultType"] as? String == "scalar" { return number(data["result"]).map { [Sample(labels: [:], value: $0)] } ?? [] }
        return (data["result"] as? [[String: Any]] ?? []).compactMap { entry in
            guard let value = number(entry["value"]) else { return nil }
            return Sample(labels: entry["metric"] as? [String: String] ?? [:], value: value)
        }
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

enum FreePort {
    /// A port the system chose for a socket just closed: free for a server started next.
    static func take() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw FleetTestError("socket: \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw FleetTestError("bind: \(errno)") }
        return UInt16(bigEndian: address.sin_port)
    }
}

enum HTTP {
    /// The body of a GET answered 200; throws otherwise.
    static func get(_ url: String) throws -> String {
        let done = DispatchSemaphore(value: 0)
        let result = LockedValue<Result<String, any Error>>(.failure(FleetTestError("no answer from \(url)")))
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                result.withLock { $0 = .failure(error) }
            } else if let response = response as? HTTPURLResponse, response.statusCode == 200, let data {
                result.withLock { $0 = .success(String(decoding: data, as: UTF8.self)) }
            } else {
                result.withLock { $0 = .failure(FleetTestError("\(url): status \((response as? HTTPURLResponse)?.statusCode ?? 0)")) }
            }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return try result.withLock { $0 }.get()
    }
}

/// The samples of a text exposition, parsed for the tests (names, labels, values).
struct Exposition {
    struct Sample { var name: String; var labels: [String: String]; var value: Double }
    var samples: [Sample] = []

    init(_ text: String) throws {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...].replacingOccurrences(of: "+Inf", with: "inf")) else {
                throw FleetTestError("unreadable sample: \(line)")
            }
            let series = line[..<space]
            var labels: [String: String] = [:]
            var name = String(series)
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                var rest = series[series.index(after: brace)...].dropLast()
                while let equals = rest.firstIndex(of: "=") {
                    let label = String(rest[..<equals])
                    var cursor = rest.index(equals, offsetBy: 2)
                    var labelValue = ""
                    while rest[cursor] != "\"" {
                        if rest[cursor] == "\\" {
                            cursor = rest.index(after: cursor)
                            labelValue.append(rest[cursor] == "n" ? "\n" : rest[cursor])
                        } else {
                            labelValue.append(rest[cursor])
                        }
                        cursor = rest.index(after: cursor)
                    }
                    labels[label] = labelValue
                    rest = rest[rest.index(after: cursor)...]
                    if rest.first == "," { rest = rest.dropFirst() }
                }
            }
            samples.append(Sample(name: name, labels: labels, value: value))
        }
    }

    static func key(_ labels: [String: String], _ names: [String]) -> String {
        names.map { labels[$0] ?? "" }.joined(separator: "\u{1}")
    }

    func value(_ name: String, _ labels: [String: String]) -> Double? {
        samples.first { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }?.value
    }

    func sum(_ name: String) -> Double {
        samples.filter { $0.name == name }.reduce(0) { $0 + $1.value }
    }

    func grouped(_ name: String, by names: [String]) -> [String: Double] {
        var result: [String: Double] = [:]
        for sample in samples where sample.name == name { result[Self.key(sample.labels, names), default: 0] += sample.value }
        return result
    }
}
