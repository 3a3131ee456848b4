/// A difference of two ratios of counts (second − first) with a 95% percentile bootstrap
/// interval over blocks of counts: the seed's `bootstrap_ci_95` (docs/statistics.md,
/// "Versions side by side").
///
/// The blocks are the window's buckets: block i holds both versions' counts in bucket i, so a
/// resample draws `blocks.count` bucket indices with replacement (``SplitMix64/index(below:)``)
/// and keeps the pairing of the two versions in time. Each resample sums numerators and
/// denominators over its blocks per version and takes the difference of the ratios; a
/// resample where either denominator is 0 is left out. The interval is NumPy's linear
/// percentile 2.5 and 97.5 of the differences kept. Deterministic for a seed.
public enum BootstrapDifference {
    /// The resamples of the design.
    public static let resamples = 1_000
    /// The seed of the design (any fixed value; the report says it).
    public static let seed: UInt64 = 20_260_101
    /// The effective number of blocks an interval needs, (Σ dᵢ)² / Σ dᵢ² over the blocks' summed
    /// denominators of both versions (Kish): 5 blocks of equal weight, or more when one block
    /// holds most of the counts (a resample then mostly says whether it drew that block).
    public static let minimumEffectiveBlocks = 5.0

    /// (Σ dᵢ)² / Σ dᵢ², dᵢ the denominators of both ratios in block i; 0 without counts.
    public static func effectiveBlocks(_ blocks: [Block]) -> Double {
        var sum = 0.0, squares = 0.0
        for block in blocks {
            let weight = Double(block.firstDenominator + block.secondDenominator)
            sum += weight
            squares += weight * weight
        }
        return squares > 0 ? sum * sum / squares : 0
    }

    /// One block: numerator and denominator of the ratio of each version.
    public struct Block: Sendable, Hashable {
        public var firstNumerator: Int
        public var firstDenominator: Int
        public var secondNumerator: Int
        public var secondDenominator: Int

        public init(firstNumerator: Int, firstDenominator: Int, secondNumerator: Int, secondDenominator: Int) {
            self.firstNumerator = firstNumerator
            self.firstDenominator = firstDenominator
            self.secondNumerator = secondNumerator
            self.secondDenominator = secondDenominator
        }
    }

    /// The difference over every block and its interval.
    public struct Interval: Sendable, Hashable {
        /// second − first over the sums of every block.
        public var value: Double
        /// 95% bootstrap interval; `nil` when the blocks are too few or too unequal to resample
        /// (fewer than ``minimumEffectiveBlocks`` effective blocks), or when no resample has both
        /// ratios defined.
        public var lower: Double?
        public var upper: Double?
    }

    /// Second − first and its interval, for each of several ratios drawn from the same
    /// resamples (`blocks[m]` are the blocks of ratio m, all of the same length: the same
    /// bucket indices are drawn for every ratio). `nil` for a ratio undefined over all blocks.
    public static func intervals(_ blocks: [[Block]], resamples: Int = resamples, seed: UInt64 = seed) -> [Interval?] {
        let count = blocks.first?.count ?? 0
        precondition(blocks.allSatisfy { $0.count == count }, "BootstrapDifference: every ratio needs the same blocks")
        var values: [Interval?] = blocks.map { ratioBlocks in
            let sum = ratioBlocks.reduce(into: Block(firstNumerator: 0, firstDenominator: 0, secondNumerator: 0, secondDenominator: 0)) {
                $0.firstNumerator += $1.firstNumerator
                $0.firstDenominator += $1.firstDenominator
                $0.secondNumerator += $1.secondNumerator
                $0.secondDenominator += $1.secondDenominator
            }
            return Self.difference(sum).map { Interval(value: $0, lower: nil, upper: nil) }
        }
        let informative = blocks.map { effectiveBlocks($0) >= minimumEffectiveBlocks }
        guard count >= 2, resamples > 0, informative.contains(true) else { return values }
        var generator = SplitMix64(seed: seed)
        var differences = Array(repeating: [Double](), count: blocks.count)
        for index in differences.indices { differences[index].reserveCapacity(resamples) }
        var drawn = Array(repeating: 0, count: count)
        for _ in 0..<resamples {
            for position in 0..<count { drawn[position] = generator.index(below: count) }
            for (ratio, ratioBlocks) in blocks.enumerated() where values[ratio] != nil {
                var sum = Block(firstNumerator: 0, firstDenominator: 0, secondNumerator: 0, secondDenominator: 0)
                for index in drawn {
                    let block = ratioBlocks[index]
                    sum.firstNumerator += block.firstNumerator
                    sum.firstDenominator += block.firstDenominator
                    sum.secondNumerator += block.secondNumerator
                    sum.secondDenominator += block.secondDenominator
                }
                if let difference = Self.difference(sum) { differences[ratio].append(difference) }
            }
        }
        for ratio in blocks.indices where values[ratio] != nil && informative[ratio] {
            let sorted = differences[ratio].sorted()
            values[ratio]?.lower = Quantile.numpyLinear(sorted: sorted, q: 0.025)
            values[ratio]?.upper = Quantile.numpyLinear(sorted: sorted, q: 0.975)
        }
        return values
    }

    static func difference(_ sum: Block) -> Double? {
        guard sum.firstDenominator > 0, sum.secondDenominator > 0 else { return nil }
        return Double(sum.secondNumerator) / Double(sum.secondDenominator)
            - Double(sum.firstNumerator) / Double(sum.firstDenominator)
    }
}
