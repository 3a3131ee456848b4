/// A histogram of scores on equal bins over [0, 1]: the display histogram of the prediction
/// layer (20 bins) and the per-class histograms behind the binned ROC AUC (1000 bins).
///
/// Bin b holds scores in [b/F, (b+1)/F), the last bin also holds 1. Each bin holds a weight:
/// a count of records, or an expected count (a sum of calibrated probabilities) for the
/// confidence-based estimate. Counts stay exact as doubles up to 2^53.
public struct ScoreHistogram: Sendable, Hashable {
    /// F, the bins of the ROC AUC histograms.
    public static let rocBinCount = 1000

    /// Weight per bin.
    public private(set) var weights: [Double]
    /// Sum of the weights.
    public private(set) var total: Double = 0

    /// An empty histogram of `binCount` bins.
    public init(binCount: Int = ScoreHistogram.rocBinCount) {
        precondition(binCount >= 1, "ScoreHistogram: at least one bin")
        weights = Array(repeating: 0, count: binCount)
    }

    /// Number of bins.
    public var binCount: Int { weights.count }

    /// The bin of a score. Scores outside [0, 1] fall in the outer bins (NaN in the first). A score with at most
    /// three decimals k/1000 lands in bin k (times F/1000), whatever the rounding of k/1000 in
    /// binary, so that binned ROC AUC is exact for such scores.
    @inlinable
    public func bin(of score: Double) -> Int {
        let scaled = score.isNaN ? 0 : score * Double(weights.count)
        // 1e-7 absorbs the representation error of k/1000 (< 1e-12 after scaling).
        let index = Int((Swift.min(Swift.max(scaled, 0), Double(weights.count)) + 1e-7).rounded(.down))
        return Swift.min(index, weights.count - 1)
    }

    /// Adds a score with a weight (1 for a record); NaN scores are not counted.
    @discardableResult
    public mutating func record(_ score: Double, weight: Double = 1) -> Bool {
        guard !score.isNaN else { return false }
        weights[bin(of: score)] += weight
        total += weight
        return true
    }

    /// Adds `weight` to bin `bin` (``bin(of:)`` of a score that is not NaN): what
    /// ``record(_:weight:)`` does once the bin is known.
    public mutating func record(bin: Int, weight: Double) {
        weights[bin] += weight
        total += weight
    }

    /// Adds the weights of another histogram with the same bins.
    public mutating func merge(_ other: ScoreHistogram) {
        precondition(weights.count == other.weights.count, "ScoreHistogram: cannot merge different bins")
        // Weights are never negative, so a total of 0 is an empty histogram (a bucket without
        // labels yet, a class never seen): 1,000 bins to skip. Otherwise one pass over both
        // buffers, without bounds checks.
        guard other.total != 0 else { return }
        weights.withUnsafeMutableBufferPointer { mine in
            other.weights.withUnsafeBufferPointer { theirs in
                for i in 0..<mine.count { mine[i] += theirs[i] }
            }
        }
        total += other.total
    }

    /// The weights of both histograms.
    public func merged(with other: ScoreHistogram) -> ScoreHistogram {
        var result = self
        result.merge(other)
        return result
    }

    /// The weights of both histograms.
    public static func + (lhs: ScoreHistogram, rhs: ScoreHistogram) -> ScoreHistogram {
        lhs.merged(with: rhs)
    }
}

extension ScoreHistogram: Recyclable {
    /// A total of 0 is all bins 0 for weights that are never negative (counts, clamped
    /// probabilities); ``MulticlassConfidenceEstimate``, whose weights may be negative, zeroes
    /// its histograms whole (``zero()``).
    public var isClear: Bool { total == 0 }

    public mutating func clear() {
        guard !isClear else { return }
        zero()
    }

    /// Every bin and the total set to 0, whatever they hold.
    mutating func zero() {
        Recycling.zero(&weights)
        total = 0
    }
}
