import Foundation
import Testing
@testable import SampleScenario

/// The streaming API a live demo uses: an endless, time-ordered mix of predictions and labels.
struct StreamingTests {
    @Test func liveTimelineStartsEveryEpisodeWithinTheFirstMinutes() {
        let timeline = ScenarioTimeline.live(startSeconds: 1_800_000_000, eventsPerSecond: 50, driftAfterSeconds: 60)
        #expect(timeline.startOffset(of: .latencySpike) == 30)
        #expect(timeline.startOffset(of: .amountDrift) == 60)
        #expect(timeline.startOffset(of: .conceptDrift) == 90)
        #expect(timeline.startOffset(of: .missingFeature) == 120)
        #expect(timeline.startOffset(of: .fraudRateRise) == 150)
        #expect(timeline.latencySpikeSeconds == 30..<40)
        #expect(timeline.events == nil && timeline.durationSeconds == nil)
    }

    @Test func liveStreamInterleavesLabelsInOneTimeOrder() {
        let timeline = ScenarioTimeline.live(startSeconds: 1_800_000_000, eventsPerSecond: 50, driftAfterSeconds: 60)
        var generator = ScenarioGenerator(seed: 5, timeline: timeline)
        var bytes: [UInt8] = []
        var lastTime = 0.0
        var predictions = 0
        var labels = 0
        var labelledIds: Set<Int> = []
        var servedIds: Set<Int> = []
        var corrupted = 0
        var sawEpisodes: EpisodeSet = []
        for _ in 0..<30_000 {
            bytes.removeAll(keepingCapacity: true)
            guard let line = generator.next(into: &bytes) else {
                Issue.record("an endless stream ended")
                return
            }
            #expect(bytes.last == UInt8(ascii: "\n"))
            #expect(line.timeSeconds >= lastTime)
            lastTime = line.timeSeconds
            switch line.kind {
            case .prediction:
                if !line.isShadow {
                    predictions += 1
                    servedIds.insert(line.recordIndex)
                    if line.malformation != nil { corrupted += 1 }
                }
                sawEpisodes.formUnion(line.episodes)
            case .label:
                labels += 1
                #expect(servedIds.contains(line.recordIndex), "label before its prediction")
                #expect(labelledIds.insert(line.recordIndex).inserted)
                #expect(line.isFraud != nil)
            }
        }
        #expect(labels > 0 && predictions > labels)
        #expect(generator.recordsDrawn >= predictions)
        // Each request makes about 2.1 lines (shadow and label): ~14,000 requests at 50 per
        // second cover almost five minutes, past every episode's start.
        #expect(sawEpisodes == EpisodeSet(rawValue: 0b11111))
        #expect(corrupted == predictions / 5_000)
        #expect(lastTime - timeline.startSeconds > 240)
    }

    @Test func storyWritesExactlyItsRecordsThenDrainsTheLabels() {
        var generator = ScenarioGenerator(seed: 1, timeline: .story(events: 500))
        var bytes: [UInt8] = []
        var champions = 0
        var afterLastPrediction = 0
        var predictionsDone = false
        var lastTime = 0.0
        while let line = generator.next(into: &bytes) {
            #expect(line.timeSeconds >= lastTime)
            lastTime = line.timeSeconds
            if line.kind == .prediction {
                #expect(!predictionsDone)
                if !line.isShadow { champions += 1 }
                if champions == 500 && !line.isShadow { predictionsDone = true }
            } else if predictionsDone {
                afterLastPrediction += 1
            }
        }
        #expect(champions == 500)
        #expect(afterLastPrediction > 0)
        #expect(generator.next(into: &bytes) == nil)
    }

    @Test(arguments: [1_000, 10_000, 1_000_000])
    func storyScalesWithTheSameEpisodeTimes(events: Int) {
        let timeline = ScenarioTimeline.story(events: events)
        #expect(timeline.events == events)
        #expect(timeline.start(of: .latencySpike) == ScenarioTimeline.storyStartSeconds + 2_400)
        #expect(timeline.start(of: .amountDrift) == ScenarioTimeline.storyStartSeconds + 4_800)
        #expect(timeline.start(of: .conceptDrift) == ScenarioTimeline.storyStartSeconds + 7_200)
        #expect(timeline.start(of: .missingFeature) == ScenarioTimeline.storyStartSeconds + 9_600)
        #expect(timeline.start(of: .fraudRateRise) == ScenarioTimeline.storyStartSeconds + 12_000)
        #expect(timeline.latencySpikeSeconds.upperBound == 3_000)
        #expect(timeline.malformedLines.count == 6)
    }

    /// The daily pattern: the integral of the intensity is exact, so the inverse lands where
    /// the records should be.
    @Test func intensityIntegralInvertsExactly() {
        let timeline = ScenarioTimeline.story()
        // Rate 1 at 08:00 UTC rising to 1.3 at 14:00; four hours from 08:00.
        #expect(abs(timeline.intensity(atOffset: 0) - 1) < 1e-12)
        #expect(abs(timeline.intensity(atOffset: 6 * 3600) - 1.3) < 1e-12)
        let mass = timeline.cumulativeIntensity(atOffset: 4 * 3600)
        // ∫0^4h (1 + 0.3 sin(2πt/day)) dt = 4h + 0.3·day/2π·(1 − cos(π/3)).
        #expect(abs(mass - (14_400 + 0.3 * 86_400 / (2 * Double.pi) * 0.5)) < 1e-6)
        for offset in stride(from: 0.0, through: 14_400, by: 1_234.5) {
            let back = timeline.offset(atCumulativeIntensity: timeline.cumulativeIntensity(atOffset: offset), from: 0)
            #expect(abs(back - offset) < 1e-6)
        }
    }
}
