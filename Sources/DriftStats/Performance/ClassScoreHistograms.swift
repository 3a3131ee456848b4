/// The score histograms of the labelled records of one bucket, one per class, on the ROC grid.
public struct ClassScoreHistograms: Sendable, Hashable {
    /// Scores of records labelled positive.
    public private(set) var positives = ScoreHistogram()
    /// Scores of records labelled negative.
    public private(set) var negatives = ScoreHistogram()

    /// Empty histograms.
    public init() {}

    /// Counts one labelled score.
    public mutating func record(score: Double, actualPositive: Bool) {
        if actualPositive {
            positives.record(score)
        } else {
            negatives.record(score)
        }
    }

    /// The binned ROC AUC; `nil` with a single class.
    public var rocAUC: Double? { ROCAUC.binned(positives: positives, negatives: negatives) }

    /// Adds the histograms of another bucket.
    public mutating func merge(_ other: ClassScoreHistograms) {
        positives.merge(other.positives)
        negatives.merge(other.negatives)
    }

    /// The histograms of both buckets.
    public func merged(with other: ClassScoreHistograms) -> ClassScoreHistograms {
        var result = self
        result.merge(other)
        return result
    }

    /// The histograms of both buckets.
    public static func + (lhs: ClassScoreHistograms, rhs: ClassScoreHistograms) -> ClassScoreHistograms {
        lhs.merged(with: rhs)
    }
}

extension ClassScoreHistograms: Recyclable {
    public var isClear: Bool { positives.isClear && negatives.isClear }

    public mutating func clear() {
        positives.clear()
        negatives.clear()
    }
}
