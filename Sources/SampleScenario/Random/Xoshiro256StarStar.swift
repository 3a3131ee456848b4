import Foundation
import DriftStats

/// The scenario's pseudo-random number generator: xoshiro256** (Blackman and Vigna, 2018),
/// seeded through SplitMix64 as its authors recommend.
///
/// The scenario never uses `SystemRandomNumberGenerator`: the same seed must give the same
/// bytes on every run, so that the committed sample data can be regenerated and tests can
/// compare files.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last Box-Muller pair, kept so that each pair costs one
    /// logarithm, one square root and one sine/cosine.
    private var spareNormal: Double?

    /// Seeds the four words of state with consecutive outputs of SplitMix64, which never
    /// yields the all-zero state xoshiro cannot leave.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, by: 45)
        return result
    }

    /// A uniform value in [0, 1) with 53 random bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal value (Box-Muller transform).
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - nextUnit()
        let u2 = nextUnit()
        let radius = (-2.0 * log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        spareNormal = radius * sin(angle)
        return radius * cos(angle)
    }

    /// A lognormal value: `exp(mu + sigma * Z)`, so `exp(mu)` is its median.
    public mutating func nextLogNormal(median: Double, sigma: Double) -> Double {
        median * exp(sigma * nextNormal())
    }

    /// True with probability `p`.
    public mutating func nextBool(probability p: Double) -> Bool {
        nextUnit() < p
    }

    /// A Poisson count with the given mean (Knuth's product method: the scenario only draws
    /// small means, where it needs a handful of uniforms).
    public mutating func nextPoisson(mean: Double) -> Int {
        let limit = exp(-mean)
        var product = nextUnit()
        var count = 0
        while product > limit && count < 1_000 {
            count += 1
            product *= nextUnit()
        }
        return count
    }

    /// An index drawn with probabilities proportional to a cumulative weight table whose last
    /// entry is the total.
    public mutating func nextIndex(cumulativeWeights: [Double]) -> Int {
        let target = nextUnit() * cumulativeWeights[cumulativeWeights.count - 1]
        for (index, bound) in cumulativeWeights.enumerated() where target < bound {
            return index
        }
        return cumulativeWeights.count - 1
    }

    private func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
