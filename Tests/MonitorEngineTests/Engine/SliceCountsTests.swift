import DriftStats
import Testing
@testable import MonitorEngine

/// Counts merge like the records they hold, segments stay bounded, and the CBPE estimate is the
/// one DriftStats computes on the same scores.
struct SliceCountsTests {
    typealias Fixture = MonitorStateTests

    @Test func mergingTwoHalvesEqualsTheWhole() {
        let config = Fixture.config()
        let reference = Fixture.reference(config: config)
        let template = SliceCounts(reference: reference, scoreBins: 20, keepsVersionScores: true)
        var whole = template
        var first = template
        var second = template
        var rng = SplitMix64(seed: 11)
        for index in 0..<400 {
            let amount = Double(rng.next() % 500)
            let score = Double(rng.next() % 1000) / 1000
            let record = Fixture.prediction(ts: 0, amount: amount, country: index % 3 == 0 ? "US" : "BR", score: score)
            let observations = [
                FeatureObservation(record.features[0].value, reference: reference.features[0]),
                FeatureObservation(record.features[1].value, reference: reference.features[1]),
            ]
            for target in [0, index < 170 ? 1 : 2] {
                func count(_ slice: inout SliceCounts) {
                    var facts = PredictionFacts(
                        score: score, decision: score >= 0.5, estimatedPositive: score >= 0.5, latency: Double(index),
                        isSuccess: true, takesPart: true, version: 0, newFeatures: 0)
                    facts.place(onScoreGrid: reference.scoreGrid, calibration: reference.calibration)
                    facts.count(into: &slice, observations: observations, placements: [])
                }
                if target == 0 { count(&whole) } else if target == 1 { count(&first) } else { count(&second) }
            }
        }
        let merged = first.merged(with: second)
        #expect(merged.records == whole.records)
        // Counts are exact; the running mean may differ in its last bits.
        #expect(merged.features[0].numeric?.coarseCounts == whole.features[0].numeric?.coarseCounts)
        #expect(merged.features[0].numeric?.fineCounts == whole.features[0].numeric?.fineCounts)
        #expect(merged.features[0].numeric?.fineSums == whole.features[0].numeric?.fineSums)
        #expect(merged.features[0].numeric!.mean.isApproximatelyEqual(to: whole.features[0].numeric!.mean))
        #expect(merged.features[1].categorical == whole.features[1].categorical)
        #expect(merged.score.coarseCounts == whole.score.coarseCounts)
        #expect(merged.scoreDisplay == whole.scoreDisplay)
        #expect(merged.latency.p99 == whole.latency.p99)
        #expect(merged.positives == whole.positives)
        #expect(merged.estimate?.expectedTruePositives.isApproximatelyEqual(to: whole.estimate!.expectedTruePositives) == true)
        #expect(merged.versions[0].records == 400)
    }

    @Test func segmentValuesBeyondTheBoundShareOther() {
        var config = Fixture.config()
        config.segmentValues = 3
        var state = MonitorState(config: config, reference: Fixture.reference(config: config))
        for (index, country) in ["BR", "US", "FR", "DE", "IT", "DE"].enumerated() {
            state.ingest(Fixture.prediction(ts: 60 + Double(index), amount: 5, country: country), arrivalSeconds: 0)
        }
        let snapshot = state.snapshot(nowSeconds: 0)
        #expect(snapshot.segments.map(\.segment!.value) == ["BR", "FR", "US", "(other)"])
        #expect(snapshot.segments.last?.records == 3)
        let sixth = 1.0 / 6
        let shares: [Double] = [sixth, sixth, sixth, 0.5]
        #expect(snapshot.segments.map(\.share) == shares)
    }

    @Test func estimatedPerformanceIsTheCalibratedExpectation() throws {
        let config = Fixture.config()
        let reference = Fixture.reference(config: config)
        let calibration = try #require(reference.calibration)
        var state = MonitorState(config: config, reference: reference)
        var direct = ConfidenceEstimate()
        for index in 0..<100 {
            let score = Double(index) / 100
            state.ingest(Fixture.prediction(ts: 60, amount: 5, score: score), arrivalSeconds: 0)
            direct.record(score: score, predictedPositive: score >= 0.5, calibration: calibration)
        }
        let estimated = try #require(state.snapshot(nowSeconds: 0).overall.performance.estimated)
        #expect(estimated.precision == direct.metrics.precision)
        #expect(estimated.rocAUC == direct.rocAUC)
        #expect(estimated.precision.map { abs($0 - 0.2) < 1e-9 } == true)
    }

    @Test(arguments: [[3, 51], [0, 1, 2, 3], [5, 200, 7, 0, 9, 100], [1, 5000, 2, 3, 4]])
    func joinedPredictionsKeepTheirSlots(slots: [Int]) {
        let packed = JoinedPrediction.pack(slots)
        let joined = JoinedPrediction(timestampSeconds: 0, score: 0.5, packedSlots: packed, version: 0, decision: true, isShadow: false)
        let bits = JoinedPrediction.bitsPerDimension(slots.count)
        let expected: [Int?] = slots.map { $0 < (1 << bits) - 1 ? $0 : nil }
        #expect(slots.indices.map { joined.slot(ofDimension: $0, dimensions: slots.count) } == expected)
        #expect(MemoryLayout<JoinedPrediction>.stride == 24)
    }

    @Test func labelsAreReadAsTheSpecSays() {
        #expect(BinaryOutcome.isPositive(.number(1.0), positiveLabel: nil) == true)
        #expect(BinaryOutcome.isPositive(.number(0), positiveLabel: nil) == false)
        #expect(BinaryOutcome.isPositive(.number(2), positiveLabel: nil) == nil)
        #expect(BinaryOutcome.isPositive(.bool(true), positiveLabel: nil) == true)
        #expect(BinaryOutcome.isPositive(.string("false"), positiveLabel: nil) == false)
        #expect(BinaryOutcome.isPositive(.string("1"), positiveLabel: nil) == true)
        #expect(BinaryOutcome.isPositive(.string("fraud"), positiveLabel: nil) == nil)
        #expect(BinaryOutcome.isPositive(.string("fraud"), positiveLabel: "fraud") == true)
        #expect(BinaryOutcome.isPositive(.string("legit"), positiveLabel: "fraud") == false)
        #expect(BinaryOutcome.isPositive(.null, positiveLabel: "fraud") == nil)
    }
}

extension Double {
    func isApproximatelyEqual(to other: Double) -> Bool { abs(self - other) <= 1e-9 * max(1, abs(other)) }
}

extension PredictionFacts {
    /// ``count(into:observations:placements:task:)`` of arrays, lent as buffers (the engine
    /// lends its own).
    mutating func count(into slice: inout SliceCounts, observations: [FeatureObservation], placements: [NumericPlacement]) {
        observations.withUnsafeBufferPointer { observations in
            placements.withUnsafeBufferPointer { placements in
                count(into: &slice, observations: observations, placements: placements)
            }
        }
    }
}
