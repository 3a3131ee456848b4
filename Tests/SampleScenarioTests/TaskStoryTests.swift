import Foundation
import Testing
@testable import SampleScenario

/// The multiclass and regression stories of `modeltop generate --task ...`: deterministic,
/// canonical records of their task (docs/tasks.md), labels after their prediction, and the
/// episode exactly where the timeline puts it.
struct TaskStoryTests {
    /// A task's story written to a temporary directory and read back.
    struct Written {
        let directory: String
        let summary: TaskScenarioSummary
        let predictions: [[String: Any]]
        let labels: [[String: Any]]
        let reference: [[String: Any]]
        let config: String

        init(_ task: ScenarioTask, seed: UInt64 = 7, events: Int = ScenarioTimeline.defaultEvents, referenceRows: Int = 2_000) throws {
            directory = NSTemporaryDirectory() + "modeltop-task-\(task.rawValue)-\(seed)-\(UUID().uuidString)"
            summary = try TaskScenarioFiles.write(task: task, to: directory, seed: seed, timeline: .story(events: events), referenceRows: referenceRows)
            predictions = try Self.objects(directory + "/" + TaskScenarioFiles.predictionsFile)
            labels = try Self.objects(directory + "/" + TaskScenarioFiles.labelsFile)
            reference = try Self.objects(directory + "/" + TaskScenarioFiles.referenceFile)
            config = String(decoding: GeneratedStory.bytes(ofFile: directory + "/" + TaskScenarioFiles.configFile), as: UTF8.self)
        }

        static func objects(_ path: String) throws -> [[String: Any]] {
            try GeneratedStory.lines(ofFile: path).map {
                try #require(GeneratedStory.object($0), "\(path): a line is not a JSON object")
            }
        }

        func bytes(_ name: String) -> [UInt8] { GeneratedStory.bytes(ofFile: directory + "/" + name) }
    }

    static let files = [TaskScenarioFiles.referenceFile, TaskScenarioFiles.predictionsFile, TaskScenarioFiles.labelsFile, TaskScenarioFiles.configFile]

    /// 2026-11-02T10:00:00Z: both episodes start halfway through the story.
    static let episode = ScenarioTimeline.storyStartSeconds + 2 * 3600

    static func seconds(_ object: [String: Any]) -> Double? {
        (object["ts"] as? String).flatMap(DecodedPrediction.epochSeconds)
    }

    @Test(arguments: [ScenarioTask.multiclass, .regression])
    func sameSeedWritesIdenticalBytesAndAnotherSeedDoesNot(task: ScenarioTask) throws {
        let first = try Written(task, seed: 11, events: 1_500, referenceRows: 300)
        let again = try Written(task, seed: 11, events: 1_500, referenceRows: 300)
        let other = try Written(task, seed: 12, events: 1_500, referenceRows: 300)
        defer { for written in [first, again, other] { try? FileManager.default.removeItem(atPath: written.directory) } }
        for name in Self.files {
            #expect(!first.bytes(name).isEmpty)
            #expect(first.bytes(name) == again.bytes(name), "\(name) differs for the same seed")
        }
        for name in Self.files.dropLast() {
            #expect(first.bytes(name) != other.bytes(name), "\(name) is the same for seeds 11 and 12")
        }
        #expect(first.summary == again.summary)
    }

    @Test func multiclassRecordsAreCanonicalAndTheAppChannelLosesUpmarketCards() throws {
        let written = try Written(.multiclass)
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        let classes = Set(CardTierModel.classes)
        var before: [String: Int] = [:], after: [String: Int] = [:]
        var predictedAt: [String: (seconds: Double, prediction: String)] = [:]
        var lastTime = 0.0
        for (offset, object) in written.predictions.enumerated() {
            #expect(object["model"] as? String == "card-tier-router")
            let id = try #require(object["id"] as? String)
            #expect(id.hasPrefix("app-") && id.utf8.count == 11)
            let time = try #require(Self.seconds(object))
            #expect(time >= lastTime)
            lastTime = time
            let features = try #require(object["features"] as? [String: Any])
            #expect(Set(features.keys) == ["income", "age", "country", "device", "channel"])
            let scores = try #require(object["scores"] as? [String: NSNumber])
            #expect(Set(scores.keys) == classes)
            let sum = scores.values.reduce(0) { $0 + $1.doubleValue }
            #expect(abs(sum - 1) < 1e-9, "line \(offset + 1): scores sum to \(sum)")
            let prediction = try #require(object["prediction"] as? String)
            // The decision is the highest score.
            #expect(scores[prediction]!.doubleValue == scores.values.map(\.doubleValue).max())
            predictedAt[id] = (time, prediction)
            if features["channel"] as? String == CardTierModel.episodeChannel {
                if time < Self.episode { before[prediction, default: 0] += 1 } else { after[prediction, default: 0] += 1 }
            }
            // The episode starts with the first app record at or after 10:00.
            if offset + 1 == written.summary.firstAffectedLine {
                #expect(time >= Self.episode && features["channel"] as? String == "app")
                #expect(id == written.summary.firstAffectedId)
            }
        }
        #expect(written.predictions.count == ScenarioTimeline.defaultEvents)
        let firstLine = try #require(written.summary.firstAffectedLine)
        #expect(written.predictions[..<(firstLine - 1)].allSatisfy { (Self.seconds($0) ?? 0) < Self.episode || ($0["features"] as? [String: Any])?["channel"] as? String != "app" })
        // On the app channel upmarket_card goes from about a fifth of the decisions to a few percent.
        let shareBefore = Double(before["upmarket_card", default: 0]) / Double(before.values.reduce(0, +))
        let shareAfter = Double(after["upmarket_card", default: 0]) / Double(after.values.reduce(0, +))
        #expect(shareBefore > 0.15 && shareAfter < 0.05, "upmarket share on app \(shareBefore) -> \(shareAfter)")
        // Labels: one per labelled id, after its prediction, a known class; right less often after 10:00.
        var seen: Set<String> = []
        var right = (before: 0, beforeAll: 0, after: 0, afterAll: 0)
        for label in written.labels {
            #expect(Set(label.keys) == ["ts", "id", "label"])
            let id = try #require(label["id"] as? String)
            #expect(seen.insert(id).inserted)
            let predicted = try #require(predictedAt[id])
            #expect(try #require(Self.seconds(label)) >= predicted.seconds + 20 - 0.002)
            let truth = try #require(label["label"] as? String)
            #expect(classes.contains(truth))
            if predicted.seconds < Self.episode {
                right.beforeAll += 1
                if truth == predicted.prediction { right.before += 1 }
            } else {
                right.afterAll += 1
                if truth == predicted.prediction { right.after += 1 }
            }
        }
        #expect(abs(Double(written.labels.count) / Double(written.predictions.count) - 0.9) < 0.02)
        let accuracyBefore = Double(right.before) / Double(right.beforeAll)
        let accuracyAfter = Double(right.after) / Double(right.afterAll)
        #expect(accuracyBefore > 0.68 && accuracyAfter < accuracyBefore - 0.12, "accuracy \(accuracyBefore) -> \(accuracyAfter)")
        // The reference: calm applications with their scores and the true tier.
        #expect(written.reference.count == 2_000)
        for row in written.reference {
            #expect(Set(row.keys) == ["id", "features", "scores", "prediction", "label"])
        }
    }

    @Test func regressionRecordsAreCanonicalAndThePortalSendsSquareFeet() throws {
        let written = try Written(.regression)
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        var predictedAt: [String: (seconds: Double, prediction: Double)] = [:]
        var portalSizes = (before: [Double](), after: [Double]())
        for object in written.predictions {
            #expect(object["model"] as? String == "house-price")
            let id = try #require(object["id"] as? String)
            #expect(id.hasPrefix("val-"))
            let time = try #require(Self.seconds(object))
            let features = try #require(object["features"] as? [String: Any])
            #expect(Set(features.keys) == ["size", "rooms", "building_age", "city", "source"])
            #expect(object["scores"] == nil)
            let prediction = try #require((object["prediction"] as? NSNumber)?.doubleValue)
            #expect(prediction > 0)
            predictedAt[id] = (time, prediction)
            let size = try #require((features["size"] as? NSNumber)?.doubleValue)
            if features["source"] as? String == HousePriceModel.episodeSource {
                if time < Self.episode { portalSizes.before.append(size) } else { portalSizes.after.append(size) }
            } else {
                #expect(size <= 400)
            }
        }
        // Square feet from 10:00 on the portal: sizes about 10.76 times larger, none before.
        #expect(portalSizes.before.allSatisfy { $0 <= 400 })
        let ratio = portalSizes.after.reduce(0, +) / Double(portalSizes.after.count)
            / (portalSizes.before.reduce(0, +) / Double(portalSizes.before.count))
        #expect(ratio > 9.5 && ratio < 12, "mean portal size ratio \(ratio)")
        #expect(written.summary.affectedRecords == portalSizes.after.count)
        var errors = (before: 0.0, beforeAll: 0, after: 0.0, afterAll: 0)
        var seen: Set<String> = []
        for label in written.labels {
            #expect(Set(label.keys) == ["ts", "id", "label"])
            let id = try #require(label["id"] as? String)
            #expect(seen.insert(id).inserted)
            let predicted = try #require(predictedAt[id])
            let price = try #require((label["label"] as? NSNumber)?.doubleValue)
            #expect(try #require(Self.seconds(label)) >= predicted.seconds + 20 - 0.002)
            if predicted.seconds < Self.episode {
                errors.before += abs(price - predicted.prediction)
                errors.beforeAll += 1
            } else {
                errors.after += abs(price - predicted.prediction)
                errors.afterAll += 1
            }
        }
        let maeBefore = errors.before / Double(errors.beforeAll)
        let maeAfter = errors.after / Double(errors.afterAll)
        #expect(maeAfter > 3 * maeBefore, "MAE \(maeBefore) -> \(maeAfter)")
        #expect(written.reference.count == 2_000)
        for row in written.reference {
            #expect(Set(row.keys) == ["id", "features", "prediction", "label"])
        }
    }

    @Test(arguments: [ScenarioTask.multiclass, .regression])
    func configNamesTheTaskAndLeavesTheRulesToTheDefaults(task: ScenarioTask) throws {
        let written = try Written(task, events: 200, referenceRows: 10)
        defer { try? FileManager.default.removeItem(atPath: written.directory) }
        let lines = written.config.split(separator: "\n").map(String.init)
        #expect(lines.contains("task: \(task.rawValue)"))
        #expect(lines.contains("reference: reference.jsonl"))
        #expect(lines.contains("window: 15m"))
        #expect(!written.config.contains("alerts:"))
        #expect(lines.contains("classes: [prepaid_card, highstreet_card, upmarket_card]") == (task == .multiclass))
        #expect(!written.config.contains("\t"))
    }

    @Test(arguments: [ScenarioTask.multiclass, .regression])
    func liveStreamRunsEventTimeFasterThanTheWallClock(task: ScenarioTask) {
        let start = 1_800_000_000.0
        let timeline = TaskTimeline.live(startSeconds: start, linesPerSecond: 50, speed: 20, driftAfterSeconds: 60)
        #expect(timeline.episodeStart == start + 1_200)
        #expect(timeline.wallSeconds(atEventTime: start + 1_200) == start + 60)
        #expect(timeline.eventsPerSecond == 2.5)
        var generator = TaskScenarioGenerator(task: task, seed: 5, timeline: timeline)
        var bytes: [UInt8] = []
        var last = 0.0
        var affected = 0
        var predictions = 0
        for _ in 0..<8_000 {
            bytes.removeAll(keepingCapacity: true)
            guard let line = generator.next(into: &bytes) else {
                Issue.record("an endless stream ended")
                return
            }
            #expect(line.timeSeconds >= last)
            last = line.timeSeconds
            if line.kind == .prediction {
                predictions += 1
                if line.isAffected {
                    affected += 1
                    #expect(line.timeSeconds >= timeline.episodeStart)
                }
            }
        }
        // ~4,200 predictions at 2.5 a second of event time: 28 minutes, the episode from 20.
        #expect(predictions > 3_500 && affected > 300)
    }
}
