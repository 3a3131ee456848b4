import Foundation
import Testing
@testable import SampleScenario

/// The shape of the generated files: determinism, canonical records, order, labels, corruption.
struct StoryFileTests {
    private let story = GeneratedStory.large

    @Test func sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot() {
        let first = GeneratedStory(seed: 11, events: 2_000, referenceRows: 500)
        let again = GeneratedStory(seed: 11, events: 2_000, referenceRows: 500)
        let other = GeneratedStory(seed: 12, events: 2_000, referenceRows: 500)
        for name in GeneratedStory.fileNames {
            let a = first.file(name)
            #expect(!a.isEmpty)
            #expect(a == again.file(name), "\(name) differs for the same seed")
        }
        for name in ["predictions.jsonl", "labels.jsonl", "reference.csv"] {
            #expect(first.file(name)
                != other.file(name), "\(name) is the same for seeds 11 and 12")
        }
        #expect(first.summary == again.summary)
    }

    @Test func everyPredictionLineIsCanonicalExceptTheCorruptedOnes() throws {
        let corrupted = Dictionary(uniqueKeysWithValues: story.summary.malformed.map { ($0.line, $0.kind) })
        #expect(corrupted.count == 6)
        let featureNames: Set = [
            "amount", "merchant_category", "new_merchant", "country", "device", "hour", "account_age_days", "tx_last_24h",
        ]
        var champions = 0
        for (offset, line) in story.predictionLines.enumerated() {
            let number = offset + 1
            if let kind = corrupted[number] {
                switch kind {
                case .truncatedJSON:
                    #expect(GeneratedStory.object(line) == nil, "line \(number) should not parse")
                case .invalidUTF8:
                    #expect(String(validating: line, as: UTF8.self) == nil, "line \(number) should not be UTF-8")
                case .scoreAsString:
                    let object = try #require(GeneratedStory.object(line))
                    #expect(object["score"] is String)
                }
                champions += 1
                continue
            }
            let object = try #require(GeneratedStory.object(line), "line \(number) is not a JSON object")
            #expect(object["model"] as? String == "fraud-detector")
            let version = try #require(object["version"] as? String)
            #expect(version == "v3" || version == "v4")
            if version == "v3" { champions += 1 }
            let id = try #require(object["id"] as? String)
            #expect(id.hasPrefix("tx-") && id.utf8.count == 10)
            #expect((object["ts"] as? String).flatMap(DecodedPrediction.epochSeconds) != nil)
            let features = try #require(object["features"] as? [String: Any])
            #expect(Set(features.keys) == featureNames, "line \(number)")
            #expect(features["amount"] is Double || features["amount"] is Int)
            #expect(object["latency_ms"] is Double || object["latency_ms"] is Int)
            let status = try #require(object["status"] as? String)
            if status == "ok" {
                let score = try #require((object["score"] as? NSNumber)?.doubleValue)
                #expect(score >= 0 && score <= 1)
                let prediction = try #require((object["prediction"] as? NSNumber)?.intValue)
                #expect(prediction == (score >= 0.5 ? 1 : 0))
            } else {
                #expect(status == "error" || status == "timeout")
                #expect(object["score"] == nil && object["prediction"] == nil)
            }
        }
        #expect(champions == 30_000)
        #expect(story.summary.records == 30_000)
        #expect(story.summary.predictionLines == story.predictionLines.count)
    }

    @Test func shadowLinesFollowTheirChampionWithTheSameIdAndTime() throws {
        let corrupted = Set(story.summary.malformed.map(\.line))
        var shadows = 0
        var previous: [String: Any]?
        for (offset, line) in story.predictionLines.enumerated() {
            guard let object = GeneratedStory.object(line) else { previous = nil; continue }
            if object["version"] as? String == "v4" {
                shadows += 1
                if let champion = previous {
                    #expect(champion["version"] as? String == "v3")
                    #expect(champion["id"] as? String == object["id"] as? String)
                    #expect(champion["ts"] as? String == object["ts"] as? String)
                } else {
                    // The champion line of this request is one of the corrupted ones.
                    #expect(corrupted.contains(offset), "shadow line \(offset + 1) follows no champion")
                }
            }
            previous = object
        }
        #expect(shadows == story.summary.shadowLines)
        // Binomial(30,000 served, 0.2): standard deviation 0.0023.
        #expect(abs(Double(shadows) / 30_000 - 0.2) < 0.012)
    }

    @Test func eventTimesNeverDecreaseAndFillTheStory() throws {
        var last = 0.0
        for line in story.predictionLines {
            guard let object = GeneratedStory.object(line), let ts = object["ts"] as? String else { continue }
            let seconds = try #require(DecodedPrediction.epochSeconds(ts))
            #expect(seconds >= last)
            last = seconds
        }
        let start = ScenarioTimeline.storyStartSeconds
        #expect(story.summary.firstEventSeconds >= start && story.summary.firstEventSeconds < start + 10)
        #expect(story.summary.lastEventSeconds < start + 4 * 3600 && story.summary.lastEventSeconds > start + 4 * 3600 - 10)
    }

    @Test func aboutNineTenthsOfServedRequestsGetOneLaterLabel() throws {
        var predictions: [String: (seconds: Double, amount: Double, served: Bool)] = [:]
        var labellable = 0
        for line in story.predictionLines {
            guard let object = GeneratedStory.object(line), object["version"] as? String == "v3",
                  let decoded = DecodedPrediction(line: 0, object: object)
            else { continue }
            predictions[decoded.id] = (decoded.epochSeconds, decoded.amount, decoded.status == "ok")
            if decoded.status == "ok" && decoded.score != nil { labellable += 1 }
        }
        var seen: Set<String> = []
        var lastArrival = 0.0
        for line in story.labelLines {
            let object = try #require(GeneratedStory.object(line))
            #expect(Set(object.keys) == ["ts", "id", "label", "value"])
            let id = try #require(object["id"] as? String)
            #expect(seen.insert(id).inserted, "duplicate label for \(id)")
            let prediction = try #require(predictions[id], "label \(id) refers to no prediction")
            #expect(prediction.served)
            let ts = try #require(object["ts"] as? String)
            let arrival = try #require(DecodedPrediction.epochSeconds(ts))
            #expect(arrival >= lastArrival)
            lastArrival = arrival
            #expect(arrival - prediction.seconds >= 300 - 0.002)
            let label = try #require((object["label"] as? NSNumber)?.intValue)
            #expect(label == 0 || label == 1)
            #expect((object["value"] as? NSNumber)?.doubleValue == prediction.amount)
        }
        let share = Double(story.labelLines.count) / Double(labellable)
        // Binomial(~29,800, 0.9): standard deviation 0.0017.
        #expect(abs(share - 0.9) < 0.01)
        #expect(story.summary.labelLines == story.labelLines.count)
    }

    @Test func failedRequestsAreAboutHalfAPercent() {
        let share = Double(story.summary.failedRequests) / 30_000
        #expect(share > 0.003 && share < 0.007)
    }

    @Test func corruptedLinesSitAtFixedFractionsOfTheRecords() {
        let expected: [(Int, MalformedLine.Kind)] = [
            (3_600, .truncatedJSON), (8_100, .invalidUTF8), (12_300, .scoreAsString),
            (17_400, .truncatedJSON), (22_200, .invalidUTF8), (26_700, .scoreAsString),
        ]
        #expect(story.timeline.malformedLines.map(\.recordIndex) == expected.map(\.0))
        #expect(story.summary.malformed.map(\.kind) == expected.map(\.1))
        #expect(story.summary.malformed.map(\.id) == expected.map { ScenarioFiles.requestId($0.0) })
    }

    @Test func referenceIsACSVOfCalmPayments() throws {
        #expect(story.referenceLines.count == 12_001)
        #expect(String(decoding: story.referenceLines[0], as: UTF8.self) == ReferenceSample.header)
        var frauds = 0
        var scores = 0.0
        for line in story.referenceLines.dropFirst() {
            let cells = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
            #expect(cells.count == 10)
            let score = try #require(Double(cells[8]))
            scores += score
            frauds += cells[9] == "1" ? 1 : 0
        }
        #expect(frauds == story.summary.referenceFraud)
        // Calibrated: mean score and fraud rate agree (standard error of the rate 0.0019).
        #expect(abs(scores / 12_000 - Double(frauds) / 12_000) < 0.008)
        let rate = Double(frauds) / 12_000
        #expect(rate > 0.03 && rate < 0.06)
    }

    @Test func configNamesTheFilesSegmentsAndOneRulePerEpisode() {
        let config = story.config
        for line in [
            "model: fraud-detector", "reference: reference.csv", "predictions: [\"predictions.jsonl\"]",
            "labels: [\"labels.jsonl\"]", "segments: [country, device]", "threshold: 0.5",
            "  tp: \"value\"", "  fn: \"-value\"", "  fp: -5", "  tn: 0",
            "    metric: latency_p99", "    scope: segment:country=BR", "    scope: segment:device=web",
            "    metric: missing", "    metric: recall",
        ] {
            #expect(config.contains("\n" + line + "\n") || config.hasPrefix(line + "\n"), "missing line: \(line)")
        }
        #expect(!config.contains("\t"))
        let topLevelKeys = config.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") }
            .map { String($0.prefix { $0 != ":" }) }
        #expect(topLevelKeys == [
            "model", "reference", "predictions", "labels", "segments", "threshold", "window", "bucket", "drift",
            "business", "alerts",
        ])
        #expect(config.components(separatedBy: "  - name: ").count - 1 == Episode.allCases.count)
    }
}
