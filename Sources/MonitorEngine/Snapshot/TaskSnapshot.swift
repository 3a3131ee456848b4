/// The prediction and business layers of a multiclass or regression model in one slice
/// (docs/tasks.md). The binary keys of ``PredictionSnapshot`` and ``PerformanceSnapshot`` stay
/// (positive rate and precision are then null); this holds the task's own.
public struct TaskSnapshot: Sendable, Hashable {
    public var task: ModelTask
    /// Multiclass: the classes in order.
    public var classes: [String]
    /// The predicted class (multiclass: chi-square, PSI, JS of the class shares) or the
    /// prediction (regression: PSI, JS, KS, Wasserstein) against the reference.
    public var prediction: FeatureSnapshot
    /// Multiclass: each class's share of the decisions, beside the reference's.
    public var classShares: [ClassShare]
    /// Multiclass: each class's score as a numeric feature (`score:CLASS`).
    public var classScores: [FeatureSnapshot]
    /// Regression: the mean prediction.
    public var meanPrediction: Double?
    /// Labels credited to the window against the reference's labels; `nil` without reference labels.
    public var labelDrift: FeatureSnapshot?
    public var multiclass: MulticlassPerformance?
    public var regression: RegressionPerformance?
    /// Regression: the residuals ŷ − y of the window beside the reference's.
    public var residualHistogram: HistogramSnapshot?
    /// Per model version with labels: its realized headline metrics.
    public var versions: [TaskVersion]
    /// Estimated before labels arrive (multiclass CBPE, regression DLE); `nil` without an estimator.
    public var estimated: TaskEstimate?
    /// The same metrics on the reference's own labelled rows: the baseline of a drop.
    public var reference: TaskEstimate?

    public init(task: ModelTask, classes: [String], prediction: FeatureSnapshot) {
        self.task = task
        self.classes = classes
        self.prediction = prediction
        classShares = []
        classScores = []
        versions = []
    }
}

/// One class's share of the decisions.
public struct ClassShare: Sendable, Hashable {
    public var name: String
    public var share: Double?
    public var referenceShare: Double?

    public init(name: String, share: Double?, referenceShare: Double?) {
        self.name = name
        self.share = share
        self.referenceShare = referenceShare
    }
}

/// A multiclass model's realized performance, as scikit-learn defines each metric.
public struct MulticlassPerformance: Sendable, Hashable {
    public var labelled = 0
    public var coverage: Double?
    public var accuracy: Double?
    public var macroPrecision: Double?
    public var macroRecall: Double?
    public var macroF1: Double?
    public var weightedF1: Double?
    /// One-vs-rest, macro-averaged, from binned score histograms.
    public var rocAUC: Double?
    public var classes: [ClassPerformance] = []
    /// Rows true class, columns predicted class, in class order.
    public var confusion: [[Int]] = []
    /// Σ of `business.matrix` over the labelled records; `nil` without it.
    public var businessValue: Double?

    public init() {}
}

/// One class's one-vs-rest metrics.
public struct ClassPerformance: Sendable, Hashable {
    public var name: String
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var specificity: Double?
    public var support: Int

    public init(name: String, precision: Double?, recall: Double?, f1: Double?, specificity: Double?, support: Int) {
        self.name = name
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.specificity = specificity
        self.support = support
    }
}

/// A regression's realized performance, as scikit-learn defines each metric.
public struct RegressionPerformance: Sendable, Hashable {
    public var labelled = 0
    public var coverage: Double?
    public var mae: Double?
    public var mse: Double?
    public var rmse: Double?
    public var mape: Double?
    /// `nil` when a prediction or label is negative.
    public var msle: Double?
    public var rmsle: Double?
    public var r2: Double?
    /// Mean of ŷ − y.
    public var meanError: Double?
    /// Σ of `business.per_unit_error` × |y − ŷ| over the labelled records; `nil` without it.
    public var businessValue: Double?

    public init() {}
}

/// One model version's realized headline metrics for a multiclass or regression model.
public struct TaskVersion: Sendable, Hashable {
    public var version: String
    public var labelled: Int
    /// Multiclass.
    public var accuracy: Double?
    public var macroF1: Double?
    /// Regression.
    public var mae: Double?
    public var rmse: Double?

    public init(version: String, labelled: Int) {
        self.version = version
        self.labelled = labelled
    }
}

/// The headline metrics of a multiclass or regression model, estimated or on the reference.
public struct TaskEstimate: Sendable, Hashable {
    public var accuracy: Double?
    public var macroPrecision: Double?
    public var macroRecall: Double?
    public var macroF1: Double?
    public var rocAUC: Double?
    public var mae: Double?
    public var rmse: Double?

    public init(accuracy: Double? = nil, macroPrecision: Double? = nil, macroRecall: Double? = nil, macroF1: Double? = nil,
                rocAUC: Double? = nil, mae: Double? = nil, rmse: Double? = nil) {
        self.accuracy = accuracy
        self.macroPrecision = macroPrecision
        self.macroRecall = macroRecall
        self.macroF1 = macroF1
        self.rocAUC = rocAUC
        self.mae = mae
        self.rmse = rmse
    }
}
