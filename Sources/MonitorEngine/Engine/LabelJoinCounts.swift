/// What the label join did so far (docs/statistics.md, "Business outcomes layer"): shown beside the
/// business numbers so that a low label coverage can be explained.
public struct LabelJoinCounts: Sendable, Hashable {
    /// Predictions credited with a label. A label for an id scored by two versions credits
    /// both, so this can exceed ``matchedLabels``.
    public var matchedPredictions = 0
    /// Labels that found their prediction (at once or when it arrived).
    public var matchedLabels = 0
    /// Unlabelled predictions dropped because `maxPending` ids were held (oldest first).
    public var evictedPredictions = 0
    /// Unlabelled predictions dropped because the stream moved the horizon past them.
    public var expiredPredictions = 0
    /// Early labels dropped because `maxEarlyLabels` were held (oldest first).
    public var evictedLabels = 0
    /// Early labels dropped because the stream moved the horizon past them before their
    /// prediction came.
    public var expiredLabels = 0
    /// A second label for an id that already has one (held or matched); the first one counts.
    public var duplicateLabels = 0
    /// A prediction with the id and version of one already held; the first one counts.
    public var duplicatePredictions = 0

    public init() {}

    /// Labels that never found their prediction.
    public var unmatchedLabels: Int { evictedLabels + expiredLabels }
}

/// What became of a prediction handed to ``LabelJoin/recordPrediction(id:version:timestampSeconds:_:onLabel:onOtherVersion:)``.
public enum PredictionJoinOutcome: Sendable, Hashable {
    /// Held until its label arrives.
    case pending
    /// Its label was already there: `onLabel` was called.
    case matched
    /// Same id and same version as a prediction already held: ignored and counted.
    case duplicate
}

/// What became of a label handed to ``LabelJoin/recordLabel(id:_:onPrediction:)``.
public enum LabelJoinOutcome: Sendable, Hashable {
    /// Its prediction was there: `onPrediction` was called once per version.
    case matched
    /// No prediction yet: held until one arrives.
    case held
    /// No prediction held, and the caller asked not to hold the label.
    case notHeld
    /// The id already has a label: ignored and counted.
    case duplicate
}
