import Foundation
@testable import SampleScenario

/// A story written to a temporary directory and read back, shared by the tests that check the
/// generated data. The directory is removed once read: a test run writes dozens of stories.
struct GeneratedStory: Sendable {
    /// The bytes of each file written, by name.
    let files: [String: [UInt8]]
    let summary: ScenarioSummary
    let timeline: ScenarioTimeline
    /// Lines of each file without their newline, as raw bytes.
    let predictionLines: [[UInt8]]
    let labelLines: [[UInt8]]
    let referenceLines: [[UInt8]]
    let config: String

    /// The default story at 30,000 requests: enough records per episode and segment for the
    /// statistical checks to sit far from their bounds.
    static let large = GeneratedStory(seed: 7, events: 30_000)

    /// The files a story writes.
    static let fileNames = [ScenarioFiles.predictionsFile, ScenarioFiles.labelsFile, ScenarioFiles.referenceFile, ScenarioFiles.configFile]

    init(seed: UInt64, events: Int, referenceRows: Int = 12_000) {
        let directory = NSTemporaryDirectory() + "modeltop-scenario-\(seed)-\(events)-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        timeline = .story(events: events)
        summary = try! ScenarioFiles.write(to: directory, seed: seed, timeline: timeline, referenceRows: referenceRows)
        files = Dictionary(uniqueKeysWithValues: Self.fileNames.map { ($0, Self.bytes(ofFile: directory + "/" + $0)) })
        predictionLines = Self.lines(files[ScenarioFiles.predictionsFile]!)
        labelLines = Self.lines(files[ScenarioFiles.labelsFile]!)
        referenceLines = Self.lines(files[ScenarioFiles.referenceFile]!)
        config = String(decoding: files[ScenarioFiles.configFile]!, as: UTF8.self)
    }

    /// The bytes of a file the story wrote (empty for one it did not).
    func file(_ name: String) -> [UInt8] { files[name] ?? [] }

    static func bytes(ofFile path: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }

    static func lines(ofFile path: String) -> [[UInt8]] {
        lines(bytes(ofFile: path))
    }

    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Array($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The JSON object of a line, or `nil` when it is not one.
    static func object(_ line: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
    }
}

/// A champion prediction of the story, decoded for the statistical checks.
struct DecodedPrediction {
    var line: Int
    var id: String
    var ts: String
    var version: String
    var status: String
    var score: Double?
    var amount: Double
    var country: String
    var device: String
    var accountAge: Any
    var epochSeconds: Double

    init?(line: Int, object: [String: Any]) {
        guard let id = object["id"] as? String, let ts = object["ts"] as? String,
              let version = object["version"] as? String, let status = object["status"] as? String,
              let features = object["features"] as? [String: Any],
              let amount = features["amount"] as? Double, let country = features["country"] as? String,
              let device = features["device"] as? String
        else { return nil }
        self.line = line
        self.id = id
        self.ts = ts
        self.version = version
        self.status = status
        self.score = object["score"] as? Double
        self.amount = amount
        self.country = country
        self.device = device
        self.accountAge = features["account_age_days"] as Any
        guard let seconds = Self.epochSeconds(ts) else { return nil }
        self.epochSeconds = seconds
    }

    /// Seconds since the Unix epoch of a `2026-11-DDTHH:MM:SS.mmmZ` timestamp (the story and
    /// its labels stay within November 2026).
    static func epochSeconds(_ ts: String) -> Double? {
        let bytes = Array(ts.utf8)
        guard bytes.count == 24, ts.hasPrefix("2026-11-"), bytes[23] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let day = number(8..<10), let hour = number(11..<13), let minute = number(14..<16),
              let second = number(17..<19), let millisecond = number(20..<23)
        else { return nil }
        // 2026-11-01T00:00:00Z is 1,793,491,200.
        let secondsOfMonth: Int = (day - 1) * 86_400 + hour * 3_600 + minute * 60 + second
        return 1_793_491_200 + Double(secondsOfMonth) + Double(millisecond) / 1000
    }
}
