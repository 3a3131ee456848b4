import DriftStats

/// Counts of one model version in one slice and bucket: its records, decisions, scores, its
/// realized performance, and its agreement with the version that served the same ids first.
public struct VersionCounts: Sendable, Mergeable {
    /// Every prediction line of this version, failed ones included, and those not a success
    /// (the metrics exposition's requests by version).
    public var requests = 0
    public var errors = 0
    /// Prediction lines of this version that take part in the layers, and their decisions and scores.
    public var records = 0
    public var decided = 0
    public var positives = 0
    public var scored = 0
    public var scoreSum = 0.0
    public var confusion = ConfusionCounts()
    /// Multiclass: the version's confusion matrix (true × predicted); `nil` until a label.
    public var classConfusion: MulticlassConfusionCounts?
    /// Regression: the version's error sums; `nil` until a label.
    public var regression: RegressionCounts?
    /// Only kept for the whole stream: 16 KB per bucket would be too much per segment. Stored,
    /// not optional, so that recording does not copy it; unused ones share one empty value.
    public private(set) var scores: ClassScoreHistograms
    public let keepsScores: Bool
    /// Ids also scored by an earlier version: how many, how many with the same decision, and
    /// the sum of |score difference| over those with both scores.
    public var compared = 0
    public var sameDecision = 0
    public var scoreDifferences = 0
    public var absoluteScoreDifferenceSum = 0.0

    /// Empty counts; `keepsScores` for the whole stream's slice only.
    public init(keepsScores: Bool) {
        self.keepsScores = keepsScores
        scores = Self.unusedScores
    }

    private static let unusedScores = ClassScoreHistograms()

    /// The realized score histograms by class; `nil` where they are not kept.
    public var classScores: ClassScoreHistograms? { keepsScores ? scores : nil }

    /// Counts a labelled score where histograms are kept.
    public mutating func recordLabelled(score: Double, actualPositive: Bool) {
        guard keepsScores, !score.isNaN else { return }
        scores.record(score: score, actualPositive: actualPositive)
    }

    /// Adds another bucket's counts of the same version.
    public mutating func merge(_ other: VersionCounts) {
        if let theirs = other.classConfusion {
            if classConfusion == nil { classConfusion = theirs } else { classConfusion!.merge(theirs) }
        }
        if let theirs = other.regression {
            if regression == nil { regression = theirs } else { regression!.merge(theirs) }
        }
        requests += other.requests
        errors += other.errors
        records += other.records
        decided += other.decided
        positives += other.positives
        scored += other.scored
        scoreSum += other.scoreSum
        confusion.merge(other.confusion)
        if keepsScores, other.keepsScores { scores.merge(other.scores) }
        compared += other.compared
        sameDecision += other.sameDecision
        scoreDifferences += other.scoreDifferences
        absoluteScoreDifferenceSum += other.absoluteScoreDifferenceSum
    }
}
