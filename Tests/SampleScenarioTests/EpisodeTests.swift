import Foundation
import Testing
@testable import SampleScenario

/// Each episode is visible in the generated data, in its segment, from its start time.
struct EpisodeTests {
    private let story = GeneratedStory.large

    private struct Labelled {
        var prediction: DecodedPrediction
        var label: Int?
    }

    /// The champion predictions of the story with their labels.
    private func champions() -> [Labelled] {
        var labels: [String: Int] = [:]
        for line in story.labelLines {
            if let object = GeneratedStory.object(line), let id = object["id"] as? String,
               let label = (object["label"] as? NSNumber)?.intValue
            {
                labels[id] = label
            }
        }
        var result: [Labelled] = []
        for (offset, line) in story.predictionLines.enumerated() {
            guard let object = GeneratedStory.object(line), object["version"] as? String == "v3",
                  let decoded = DecodedPrediction(line: offset + 1, object: object)
            else { continue }
            result.append(Labelled(prediction: decoded, label: labels[decoded.id]))
        }
        return result
    }

    private func start(_ episode: Episode) -> Double { story.timeline.start(of: episode) }

    @Test func amountsInBrazilTripleFromTheAmountDrift() {
        let records = champions()
        let drift = start(.amountDrift)
        func meanAmount(_ country: String, _ range: Range<Double>) -> Double {
            let amounts = records.filter { $0.prediction.country == country && range.contains($0.prediction.epochSeconds) }
                .map(\.prediction.amount)
            return amounts.reduce(0, +) / Double(amounts.count)
        }
        let calm = 0..<drift
        let after = drift..<Double.infinity
        let ratio = meanAmount("BR", after) / meanAmount("BR", calm)
        #expect(ratio > 2.6 && ratio < 3.4, "BR mean amount ratio \(ratio)")
        let control = meanAmount("US", after) / meanAmount("US", calm)
        #expect(control > 0.85 && control < 1.15, "US mean amount ratio \(control)")
    }

    @Test func accountAgeGoesNullForAndroidOnlyFromTheBug() {
        let records = champions()
        let bug = start(.missingFeature)
        func nullRate(_ device: String, after: Bool) -> Double {
            let values = records.filter { $0.prediction.device == device && ($0.prediction.epochSeconds >= bug) == after }
            return Double(values.filter { $0.prediction.accountAge is NSNull }.count) / Double(values.count)
        }
        #expect(nullRate("android", after: false) == 0)
        #expect(nullRate("android", after: true) == 1)
        for device in ["ios", "web", "pos"] {
            #expect(nullRate(device, after: true) == 0, "\(device)")
        }
    }

    /// Precision at the 0.5 threshold on labelled web payments: the model keeps flagging the
    /// same share, but the flagged payments are no longer fraud.
    @Test func precisionOnWebCollapsesFromTheConceptDrift() {
        let records = champions()
        func precision(_ device: String, _ range: Range<Double>) -> (value: Double, flagged: Int) {
            let flagged = records.filter {
                $0.prediction.device == device && range.contains($0.prediction.epochSeconds)
                    && ($0.prediction.score ?? 0) >= 0.5 && $0.label != nil
            }
            return (Double(flagged.filter { $0.label == 1 }.count) / Double(flagged.count), flagged.count)
        }
        let calm = precision("web", 0..<start(.amountDrift))
        let drifted = precision("web", start(.conceptDrift)..<start(.fraudRateRise))
        #expect(calm.flagged > 40 && drifted.flagged > 40, "flagged web payments \(calm.flagged), \(drifted.flagged)")
        #expect(calm.value > 0.6, "calm web precision \(calm.value)")
        #expect(drifted.value < 0.25, "web precision after the concept drift \(drifted.value)")
        // Elsewhere nothing changed in that period.
        let ios = precision("ios", start(.conceptDrift)..<start(.fraudRateRise))
        #expect(ios.value > 0.55, "ios precision \(ios.value)")
    }

    @Test func fraudLabelRateRisesFromTheFraudRateRise() {
        let records = champions()
        func fraudRate(_ range: Range<Double>) -> Double {
            let labelled = records.filter { range.contains($0.prediction.epochSeconds) && $0.label != nil }
            return Double(labelled.filter { $0.label == 1 }.count) / Double(labelled.count)
        }
        let calm = fraudRate(0..<start(.amountDrift))
        let risen = fraudRate(start(.fraudRateRise)..<Double.infinity)
        #expect(calm > 0.03 && calm < 0.06, "calm fraud rate \(calm)")
        #expect(risen / calm > 2.2, "fraud rate \(calm) -> \(risen)")
    }

    /// In the calm period the score is calibrated, which confidence-based estimation needs:
    /// the mean score matches the fraud rate of the labelled payments.
    @Test func scoreIsCalibratedInTheCalmPeriod() {
        let calm = champions().filter { $0.prediction.epochSeconds < start(.amountDrift) && $0.label != nil }
        let meanScore = calm.map { $0.prediction.score ?? 0 }.reduce(0, +) / Double(calm.count)
        let rate = Double(calm.filter { $0.label == 1 }.count) / Double(calm.count)
        // About 9,000 labelled records: the standard error of the rate is 0.0022.
        #expect(abs(meanScore - rate) < 0.008, "mean score \(meanScore), fraud rate \(rate)")
    }

    @Test func latencyRisesSixfoldDuringTheSpikeOnly() throws {
        var calm: [Double] = []
        var spike: [Double] = []
        let window = story.timeline.latencySpikeSeconds
        for line in story.predictionLines {
            guard let object = GeneratedStory.object(line), object["status"] as? String == "ok",
                  let ts = object["ts"] as? String, let seconds = DecodedPrediction.epochSeconds(ts),
                  let latency = (object["latency_ms"] as? NSNumber)?.doubleValue
            else { continue }
            let offset = seconds - story.timeline.startSeconds
            if window.contains(offset) { spike.append(latency) } else if offset < story.timeline.amountDriftSeconds { calm.append(latency) }
        }
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let ratio = median(spike) / median(calm)
        #expect(ratio > 5.4 && ratio < 6.6, "median latency ratio \(ratio)")
    }

    /// The summary's first affected line is in the episode's segment, at or after its start,
    /// and no earlier record of that segment is.
    @Test(arguments: Episode.allCases)
    func firstAffectedLineIsTheFirstRecordOfTheSegmentAfterTheStart(episode: Episode) throws {
        let entry = try #require(story.summary.episodes.first { $0.episode == episode })
        let firstLine = try #require(entry.firstLine)
        let records = champions()
        let inSegment: (DecodedPrediction) -> Bool = { prediction in
            guard let segment = episode.segment else { return true }
            let parts = segment.split(separator: "=").map(String.init)
            return parts[0] == "country" ? prediction.country == parts[1] : prediction.device == parts[1]
        }
        let first = try #require(records.first { inSegment($0.prediction) && $0.prediction.epochSeconds >= entry.startSeconds })
        #expect(first.prediction.line == firstLine)
        #expect(first.prediction.id == entry.firstId)
    }
}
