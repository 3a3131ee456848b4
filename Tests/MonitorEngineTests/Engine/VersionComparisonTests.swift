import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// Versions side by side (docs/statistics.md): who is champion and challenger, the differences
/// as DriftStats computes them, blocks per bucket, and the configuration keys.
struct VersionComparisonTests {
    typealias Engine = MonitorStateTests

    /// Per minute bucket: v3 serves every id, v4 shadows the even ones; labels a minute later.
    static func state(config: MonitorConfig, minutes: Int = 6) -> MonitorState {
        var state = MonitorState(config: config, reference: Engine.reference(config: config))
        for minute in 0..<minutes {
            for index in 0..<20 {
                let id = "m\(minute)-\(index)"
                let ts = Double(60 * (minute + 1) + index)
                let positive = index % 4 == 0
                state.ingest(Engine.prediction(ts: ts, id: id, amount: 5, score: positive ? 0.9 : (index % 5 == 1 ? 0.7 : 0.1),
                                               version: "v3"), arrivalSeconds: 0)
                if index % 2 == 0 {
                    state.ingest(Engine.prediction(ts: ts, id: id, amount: 5, score: positive ? 0.8 : 0.2, version: "v4"),
                                 arrivalSeconds: 0)
                }
            }
            for index in 0..<20 {
                state.ingest(Engine.label(ts: Double(60 * (minute + 1) + 30 + index), id: "m\(minute)-\(index)",
                                          positive: index % 4 == 0), arrivalSeconds: 0)
            }
        }
        return state
    }

    @Test func theChallengerIsComparedWithTheChampionOverTheWindow() throws {
        var config = Engine.config()
        config.window = .all
        let snapshot = Self.state(config: config).snapshot(nowSeconds: 1_000)
        let comparison = try #require(snapshot.overall.prediction.comparison)
        #expect(comparison.champion == "v3")
        #expect(comparison.challenger == "v4")
        let versions = snapshot.overall.prediction.versions
        let z = try #require(TwoProportionTest(firstSuccesses: 6 * 8, firstTrials: 120, secondSuccesses: 6 * 5, secondTrials: 60))
        #expect(versions[0].positiveRate == 48.0 / 120 && versions[1].positiveRate == 0.5)
        #expect(comparison.positiveRateDifference == z.difference)
        #expect(comparison.z == z.z && comparison.pValue == z.pValue)
        // v3: tp 30, fp 18, tn 72, fn 0; v4: tp 30, fp 0, tn 30, fn 0.
        let precision = try #require(comparison.precision)
        #expect(abs(precision.value - (1 - 30.0 / 48)) < 1e-12)
        #expect(comparison.recall?.value == 0)
        #expect(abs((comparison.accuracy?.value ?? 0) - (1 - 102.0 / 120)) < 1e-12)
        // Six buckets of the same counts: every resample gives the same difference.
        #expect(precision.lower.map { abs($0 - precision.value) < 1e-12 } == true)
        #expect(precision.upper.map { abs($0 - precision.value) < 1e-12 } == true)
        #expect(comparison.ks != nil)
        // A segment has no labelled score histograms, so no KS.
        let segment = try #require(snapshot.slice(SegmentKey(dimension: "country", value: "BR"))?.prediction.comparison)
        #expect(segment.ks == nil && segment.precision?.value == precision.value)
    }

    /// The blocks are the predictions' buckets, wherever the labels were counted: held buckets,
    /// or the running total of a window of all holding a single bucket (a report's).
    @Test(arguments: [1, 60])
    func theBlocksAreThePredictionsBuckets(history: Int) throws {
        var config = Engine.config()
        config.window = .all
        var state = MonitorState(config: config, reference: Engine.reference(config: config), historyBuckets: history)
        // Six minutes of predictions, then every label an hour later.
        for minute in 0..<6 {
            for index in 0..<10 {
                for version in ["v3", "v4"] {
                    state.ingest(Engine.prediction(ts: Double(60 * (minute + 1) + index), id: "m\(minute)-\(index)", amount: 5,
                                                   score: index < minute ? 0.9 : 0.1, version: version), arrivalSeconds: 0)
                }
            }
        }
        for minute in 0..<6 {
            for index in 0..<10 {
                state.ingest(Engine.label(ts: Double(3_600 + 60 * minute + index), id: "m\(minute)-\(index)", positive: index < 3),
                             arrivalSeconds: 0)
            }
        }
        let total = state.buckets.window.slice(0)!
        let blocks = total.confusionBlocks
        #expect(blocks.count == 6)
        // Minute m: m positive decisions of 10 for both versions, 3 positive labels.
        for (minute, block) in blocks.enumerated() {
            #expect(block.map(\.total) == [10, 10])
            #expect(block[0].truePositives == min(minute, 3))
        }
        let sums = blocks.reduce(into: [ConfusionCounts(), ConfusionCounts()]) { sums, block in
            for index in block.indices { sums[index] = sums[index] + block[index] }
        }
        #expect(sums == total.versions.map(\.confusion))
    }

    @Test func blocksStayBoundedByFilingAdjacentBucketsTogether() {
        var config = Engine.config()
        config.window = .all
        var state = MonitorState(config: config, reference: Engine.reference(config: config), historyBuckets: 1)
        for minute in 0..<300 {
            for version in ["v3", "v4"] {
                state.ingest(Engine.prediction(ts: Double(60 * minute), id: "m\(minute)", amount: 5, score: 0.9, version: version),
                             arrivalSeconds: 0)
            }
            state.ingest(Engine.label(ts: Double(60 * minute + 1), id: "m\(minute)", positive: minute % 2 == 0), arrivalSeconds: 0)
        }
        let total = state.buckets.window.slice(0)!
        #expect(total.versionBlocks.count <= SliceCounts.maxVersionBlocks)
        #expect(total.blockShift >= 1)
        #expect(total.confusionBlocks.reduce(0) { $0 + $1[0].total } == 300)
    }

    @Test func configuredVersionsChooseTheSidesAndAMissingOneComparesNothing() throws {
        var config = Engine.config()
        config.window = .all
        config.champion = "v4"
        let swapped = try #require(Self.state(config: config).snapshot(nowSeconds: 1_000).overall.prediction.comparison)
        #expect(swapped.champion == "v4" && swapped.challenger == "v3")
        #expect((swapped.positiveRateDifference ?? 0) < 0 && (swapped.z ?? 0) < 0)
        config.challenger = "v9"
        #expect(Self.state(config: config).snapshot(nowSeconds: 1_000).overall.prediction.comparison == nil)
    }

    @Test func oneVersionComparesNothing() {
        var state = MonitorState(config: Engine.config(), reference: Engine.reference(config: Engine.config()))
        state.ingest(Engine.prediction(ts: 60, id: "a", score: 0.8, version: "v3"), arrivalSeconds: 0)
        #expect(state.snapshot(nowSeconds: 100).overall.prediction.comparison == nil)
    }

    @Test func championAndChallengerAreRead() throws {
        let config = try MonitorConfig.parse(yaml: "champion: v3\nchallenger: 4", path: "modeltop.yaml", environment: [:])
        #expect(config.champion == "v3" && config.challenger == "4")
        #expect(throws: ConfigError.self) {
            try MonitorConfig.parse(yaml: "champion: v3\nchallenger: v3", path: "modeltop.yaml", environment: [:])
        }
    }
}
