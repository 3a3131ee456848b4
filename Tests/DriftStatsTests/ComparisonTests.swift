import Foundation
import Testing
@testable import DriftStats

/// The versions comparison's statistics against SciPy and NumPy (docs/statistics.md, "Versions
/// side by side"; expectations from `Fixtures/make_comparison_fixtures.py`).
struct ComparisonTests {
    /// The test vector of the SplitMix64 reference implementation (Vigna's `splitmix64.c`,
    /// seed 1234567), as quoted by many ports.
    @Test func splitMix64MatchesTheReferenceVector() {
        var mixer = SplitMix64(seed: 1_234_567)
        let values = (0..<5).map { _ in mixer.next() }
        #expect(values == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
    }

    struct File: Decodable {
        var seed: UInt64
        var resamples: Int
        var ztest: [ZCase]
        var bootstrap: [BootstrapCase]
        var ks: [KSCase]
    }

    struct ZCase: Decodable, CustomTestStringConvertible, Sendable {
        var x1: Int, n1: Int, x2: Int, n2: Int
        var difference: Double
        var z: Double?
        var pValue: Double?
        var testDescription: String { "\(x1)/\(n1) vs \(x2)/\(n2)" }
    }

    struct BootstrapCase: Decodable, CustomTestStringConvertible, Sendable {
        struct Bucket: Decodable, Sendable { var first: [Int]; var second: [Int] }
        struct Expected: Decodable, Sendable {
            var value: Double, lower: Double, upper: Double, normalWidth: Double, widthRatio: Double, effectiveBlocks: Double
        }
        var name: String
        var buckets: [Bucket]
        var expected: [String: Expected]
        var testDescription: String { name }
    }

    struct KSCase: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var first: [Double]
        var second: [Double]
        var statistic: Double
        var pValue: Double
        var testDescription: String { name }
    }

    static let file: File = {
        let url = Bundle.module.url(forResource: "comparison", withExtension: "json", subdirectory: "Fixtures")!
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(File.self, from: Data(contentsOf: url))
    }()

    @Test(arguments: file.ztest)
    func twoProportionZTestAgreesWithSciPy(_ fixture: ZCase) throws {
        let test = try #require(TwoProportionTest(firstSuccesses: fixture.x1, firstTrials: fixture.n1,
                                                  secondSuccesses: fixture.x2, secondTrials: fixture.n2))
        expectAgrees(test.difference, fixture.difference, relative: 1e-12, "difference")
        expectAgrees(test.z, fixture.z, relative: 1e-12, "z")
        expectAgrees(test.pValue, fixture.pValue, relative: 1e-9, "p-value")
        if let z = test.z { #expect(z.sign == test.difference.sign || test.difference == 0) }
    }

    @Test func twoProportionZTestNeedsTrials() {
        #expect(TwoProportionTest(firstSuccesses: 0, firstTrials: 0, secondSuccesses: 1, secondTrials: 2) == nil)
        #expect(TwoProportionTest(firstSuccesses: 3, firstTrials: 2, secondSuccesses: 1, secondTrials: 2) == nil)
    }

    static func blocks(_ fixture: BootstrapCase) -> [[BootstrapDifference.Block]] {
        let ratios: [([Int]) -> (Int, Int)] = [
            { ($0[0], $0[0] + $0[1]) },
            { ($0[0], $0[0] + $0[2]) },
            { ($0[0] + $0[3], $0.reduce(0, +)) },
        ]
        return ratios.map { ratio in
            fixture.buckets.map { bucket in
                let first = ratio(bucket.first), second = ratio(bucket.second)
                return BootstrapDifference.Block(firstNumerator: first.0, firstDenominator: first.1,
                                                 secondNumerator: second.0, secondDenominator: second.1)
            }
        }
    }

    @Test(arguments: file.bootstrap)
    func bootstrapIntervalIsTheScriptsFromTheSeed(_ fixture: BootstrapCase) throws {
        #expect(BootstrapDifference.seed == Self.file.seed)
        #expect(BootstrapDifference.resamples == Self.file.resamples)
        let intervals = BootstrapDifference.intervals(Self.blocks(fixture))
        for (index, key) in ["precision", "recall", "accuracy"].enumerated() {
            let expected = try #require(fixture.expected[key])
            expectAgrees(BootstrapDifference.effectiveBlocks(Self.blocks(fixture)[index]), expected.effectiveBlocks,
                         relative: 1e-12, "\(key) effective blocks")
            let interval = try #require(intervals[index])
            expectAgrees(interval.value, expected.value, relative: 1e-12, "\(key) difference")
            expectAgrees(interval.lower, expected.lower, relative: 1e-12, "\(key) lower")
            expectAgrees(interval.upper, expected.upper, relative: 1e-12, "\(key) upper")
            let width = try #require(interval.upper) - (try #require(interval.lower))
            #expect(abs(width / expected.normalWidth - 1) <= 0.35, "\(key): width \(width) vs normal \(expected.normalWidth)")
            #expect(try #require(interval.lower) <= interval.value && interval.value <= (try #require(interval.upper)))
        }
        // Reproducible: the same seed gives the same intervals.
        #expect(BootstrapDifference.intervals(Self.blocks(fixture)) == intervals)
    }

    @Test func bootstrapNeedsTwoBlocks() throws {
        let block = BootstrapDifference.Block(firstNumerator: 1, firstDenominator: 2, secondNumerator: 3, secondDenominator: 4)
        let one = try #require(BootstrapDifference.intervals([[block]])[0])
        #expect(one.value == 0.25 && one.lower == nil && one.upper == nil)
        let empty = BootstrapDifference.Block(firstNumerator: 0, firstDenominator: 0, secondNumerator: 0, secondDenominator: 0)
        #expect(BootstrapDifference.intervals([[empty, empty]])[0] == nil)
        // One block holding most of the counts: too unequal to resample.
        let dominant = [BootstrapDifference.Block(firstNumerator: 500, firstDenominator: 1_000, secondNumerator: 400, secondDenominator: 1_000)]
            + Array(repeating: BootstrapDifference.Block(firstNumerator: 5, firstDenominator: 10, secondNumerator: 4, secondDenominator: 10), count: 20)
        #expect(BootstrapDifference.effectiveBlocks(dominant) < BootstrapDifference.minimumEffectiveBlocks)
        let unequal = try #require(BootstrapDifference.intervals([dominant])[0])
        #expect(unequal.lower == nil && unequal.upper == nil && abs(unequal.value + 0.1) < 1e-12)
        // A different seed draws different resamples.
        let blocks = [(0..<20).map { BootstrapDifference.Block(firstNumerator: $0 % 3, firstDenominator: 5,
                                                               secondNumerator: $0 % 4, secondDenominator: 5) }]
        #expect(BootstrapDifference.intervals(blocks, seed: 1) != BootstrapDifference.intervals(blocks, seed: 2))
    }

    @Test(arguments: file.ks)
    func scoreHistogramKSAgreesWithSciPy(_ fixture: KSCase) throws {
        var first = ScoreHistogram(), second = ScoreHistogram()
        for score in fixture.first { first.record(score) }
        for score in fixture.second { second.record(score) }
        let test = try #require(ScoreHistogramKS.test(first, second))
        expectAgrees(test.statistic, fixture.statistic, relative: 1e-12, "KS statistic")
        expectAgrees(test.pValue, fixture.pValue, relative: 1e-9, "KS p-value")
        #expect(ScoreHistogramKS.test(first, ScoreHistogram()) == nil)
    }
}
