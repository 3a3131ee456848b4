import Foundation
import Testing
@testable import SampleScenario

/// The generator must be the published algorithms, bit for bit: the sample data depends on it.
struct RandomTests {
    /// Expected values from a direct Python port of Blackman and Vigna's `xoshiro256starstar.c`,
    /// with the state seeded by the first four SplitMix64 outputs of 7:
    ///
    ///     r = rotl(s[1] * 5, 7) * 9; t = s[1] << 17; s[2] ^= s[0]; s[3] ^= s[1];
    ///     s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t; s[3] = rotl(s[3], 45)   (all mod 2**64)
    @Test func xoshiroMatchesAnIndependentPort() {
        var rng = Xoshiro256StarStar(seed: 7)
        let values = (0..<5).map { _ in rng.next() }
        #expect(values == [
            12_923_355_070_828_475_994, 5_142_052_590_334_782_674, 15_488_392_906_492_639_638,
            18_098_058_644_649_177_664, 18_278_145_976_438_096_664,
        ])
    }

    @Test func unitValuesStayInTheHalfOpenInterval() {
        var rng = Xoshiro256StarStar(seed: 1)
        var low = 1.0
        var high = 0.0
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = rng.nextUnit()
            low = min(low, u)
            high = max(high, u)
            sum += u
        }
        #expect(low >= 0 && high < 1)
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
    }

    /// 200,000 normals: the standard error of the mean is 0.0022 and of the variance 0.0032,
    /// so the bounds below are about five standard errors.
    @Test func normalsHaveMeanZeroAndUnitVariance() {
        var rng = Xoshiro256StarStar(seed: 42)
        let count = 200_000
        var sum = 0.0
        var squares = 0.0
        var beyondTwo = 0
        for _ in 0..<count {
            let z = rng.nextNormal()
            sum += z
            squares += z * z
            if abs(z) > 1.959_964 { beyondTwo += 1 }
        }
        let mean = sum / Double(count)
        #expect(abs(mean) < 0.011)
        #expect(abs(squares / Double(count) - mean * mean - 1) < 0.016)
        // P(|Z| > 1.96) = 0.05.
        #expect(abs(Double(beyondTwo) / Double(count) - 0.05) < 0.0025)
    }

    @Test(arguments: [0.3, 1.2, 6.0])
    func poissonMeanAndVarianceMatch(mean: Double) {
        var rng = Xoshiro256StarStar(seed: 3)
        let count = 100_000
        var sum = 0.0
        var squares = 0.0
        for _ in 0..<count {
            let k = Double(rng.nextPoisson(mean: mean))
            sum += k
            squares += k * k
        }
        let sampleMean = sum / Double(count)
        let variance = squares / Double(count) - sampleMean * sampleMean
        #expect(abs(sampleMean - mean) < 5 * (mean / Double(count)).squareRoot())
        #expect(abs(variance / mean - 1) < 0.03)
    }

    @Test func weightedIndicesFollowTheirWeights() {
        var rng = Xoshiro256StarStar(seed: 9)
        var counts = [0, 0, 0]
        for _ in 0..<60_000 {
            counts[rng.nextIndex(cumulativeWeights: [1, 3, 6])] += 1
        }
        #expect(abs(Double(counts[0]) - 10_000) < 500)
        #expect(abs(Double(counts[1]) - 20_000) < 600)
        #expect(abs(Double(counts[2]) - 30_000) < 600)
    }
}
