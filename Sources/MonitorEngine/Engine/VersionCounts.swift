import DriftStats

/// Counts of one model version in one slice and bucket: its records, decisions, scores, its
/// realized performance, and its agreement with the version that served the same ids first.
public struct VersionCounts: Sendable, Mergeable {
    public var records = 0
    public var decided = 0
    public var positives = 0
    public var scored = 0
    public var scoreSum = 0.0
    public var confusion = ConfusionCounts()
    /// Only kept for the whole stream: 16 KB per bucket would be too much per segment.
    public var classScores: ClassScoreHistograms?
    /// Ids also scored by an earlier version: how many, how many with the same decision, and
    /// the sum of |score difference| over those with both scores.
    public var compared = 0
    public var sameDecision = 0
    public var scoreDifferences = 0
    public var absoluteScoreDifferenceSum = 0.0

    public init(keepsScores: Bool) {
        classScores = keepsScores ? ClassScoreHistograms() : nil
    }

    public mutating func merge(_ other: VersionCounts) {
        records += other.records
        decided += other.decided
        positives += other.positives
        scored += other.scored
        scoreSum += other.scoreSum
        confusion.merge(other.confusion)
        if classScores != nil, let scores = other.classScores { classScores!.merge(scores) }
        compared += other.compared
        sameDecision += other.sameDecision
        scoreDifferences += other.scoreDifferences
        absoluteScoreDifferenceSum += other.absoluteScoreDifferenceSum
    }
}
