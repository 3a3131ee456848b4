import DriftStats

/// The prediction and business layers' counts of a multiclass or regression model in one slice
/// and bucket (docs/tasks.md): its outputs counted as features are, the label's distribution,
/// and the mergeable counts behind the realized metrics. O(K) per record for K classes.
public struct TaskCounts: Sendable, Mergeable {
    public let task: ModelTask
    /// Per output of ``TaskReference/outputs``: the predicted class and each class's score
    /// (multiclass), or the prediction (regression).
    public var outputs: [FeatureCounts]
    /// Labels credited here (label drift): class shares or values.
    public var labels: FeatureCounts?
    /// Regression: ŷ − y of the labelled records.
    public var residuals: FeatureCounts?
    /// Multiclass: rows true class, columns predicted class, of the labelled records with a decision.
    public var confusion: MulticlassConfusionCounts
    /// Multiclass: each class's score of the labelled records with usable scores, by true class.
    public var rocHistograms: MulticlassScoreHistograms
    /// Regression: the sums behind MAE, MSE, MAPE, MSLE, R².
    public var regression: RegressionCounts
    /// Multiclass: expected confusion counts and ROC histograms from the calibrated scores
    /// (CBPE); `nil` without a calibration.
    public var estimate: MulticlassConfidenceEstimate?
    /// Regression: the predicted losses of the window's predictions (DLE); `nil` without models.
    public var lossEstimate: DirectLossEstimate?

    /// Empty counts on a task reference.
    public init(reference: TaskReference) {
        task = reference.task
        outputs = reference.outputs.map { FeatureCounts(reference: $0) }
        labels = reference.label.map { FeatureCounts(reference: $0) }
        residuals = reference.residual.map { FeatureCounts(reference: $0) }
        let classes = max(reference.classes.count, 1)
        confusion = MulticlassConfusionCounts(classCount: classes)
        rocHistograms = MulticlassScoreHistograms(classCount: reference.task == .multiclass ? classes : 1)
        regression = RegressionCounts()
        estimate = reference.calibration.map { MulticlassConfidenceEstimate(classCount: $0.classCount) }
        lossEstimate = reference.lossEstimator == nil ? nil : DirectLossEstimate()
    }

    public mutating func merge(_ other: TaskCounts) {
        for index in outputs.indices where index < other.outputs.count { outputs[index].merge(other.outputs[index]) }
        if let theirs = other.labels { labels?.merge(theirs) }
        if let theirs = other.residuals { residuals?.merge(theirs) }
        confusion.merge(other.confusion)
        rocHistograms.merge(other.rocHistograms)
        regression.merge(other.regression)
        if let theirs = other.estimate { estimate?.merge(theirs) }
        if let theirs = other.lossEstimate { lossEstimate?.merge(theirs) }
    }
}

extension TaskCounts: Recyclable {
    public var isClear: Bool {
        outputs.allSatisfy(\.isClear) && (labels?.isClear ?? true) && (residuals?.isClear ?? true)
            && confusion.isClear && rocHistograms.isClear && regression.count == 0
            && (estimate?.isClear ?? true) && (lossEstimate?.count ?? 0) == 0
    }

    /// Empty again, in the arrays it has (``Mergeable/reset(to:)``).
    public mutating func clear() {
        outputs.clearEach()
        labels.clear()
        residuals.clear()
        confusion.clear()
        rocHistograms.clear()
        regression = RegressionCounts()
        estimate.clear()
        if lossEstimate != nil { lossEstimate = DirectLossEstimate() }
    }
}
