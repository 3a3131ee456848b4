/// What an alert rule watches (docs/log-format.md, "Configuration file"; docs/statistics.md defines each
/// number).
///
/// A struct with static members rather than an enum, so that new metrics can be added without
/// breaking code that switches over the known ones.
public struct AlertMetric: Sendable, Hashable, CustomStringConvertible {
    /// The name used in the configuration and in reports.
    public let name: String
    /// Whether the metric is computed per feature (scopes `any_feature`, `feature:NAME`).
    public let isPerFeature: Bool
    /// Whether the metric is a share or a probability, so a threshold outside [0, 1] is a mistake.
    public let isRate: Bool

    private init(_ name: String, perFeature: Bool = false, rate: Bool = false) {
        self.name = name
        self.isPerFeature = perFeature
        self.isRate = rate
    }

    /// The drift metric of a feature, by its configured method (PSI, KS, ...).
    public static let drift = AlertMetric("drift", perFeature: true)
    /// Share of records where a feature is absent, null or NaN.
    public static let missing = AlertMetric("missing", perFeature: true, rate: true)
    /// Share of a numeric feature's values outside the expected range.
    public static let outOfRange = AlertMetric("out_of_range", perFeature: true, rate: true)
    /// Share of a categorical feature's values never seen in the reference.
    public static let unseen = AlertMetric("unseen", perFeature: true, rate: true)
    /// PSI of the score distribution against the reference scores.
    public static let psiPrediction = AlertMetric("psi_prediction")
    /// Share of positive decisions.
    public static let positiveRate = AlertMetric("positive_rate", rate: true)
    /// Realized precision from joined labels.
    public static let precision = AlertMetric("precision", rate: true)
    /// Realized recall from joined labels.
    public static let recall = AlertMetric("recall", rate: true)
    /// Realized F1 from joined labels.
    public static let f1 = AlertMetric("f1", rate: true)
    /// Realized ROC AUC from joined labels.
    public static let auc = AlertMetric("auc", rate: true)
    /// Precision estimated before labels arrive (confidence-based).
    public static let estimatedPrecision = AlertMetric("est_precision", rate: true)
    /// Multiclass (tasks.md): realized accuracy and macro F1, and their estimates.
    public static let accuracy = AlertMetric("accuracy", rate: true)
    public static let macroF1 = AlertMetric("macro_f1", rate: true)
    public static let estimatedAccuracy = AlertMetric("est_accuracy", rate: true)
    public static let estimatedMacroF1 = AlertMetric("est_macro_f1", rate: true)
    /// Multiclass: the share of decisions of one class (scope `class:NAME`, else each class).
    public static let classShare = AlertMetric("class_share", rate: true)
    /// Regression (tasks.md): realized MAE, RMSE, MAPE and R², and the estimated MAE and RMSE.
    public static let mae = AlertMetric("mae")
    public static let rmse = AlertMetric("rmse")
    public static let mape = AlertMetric("mape")
    public static let r2 = AlertMetric("r2")
    public static let estimatedMAE = AlertMetric("est_mae")
    public static let estimatedRMSE = AlertMetric("est_rmse")
    /// The spread of one rate across a dimension's segments (statistics.md, "Fairness gap"):
    /// scope `dimension:DIM`, else each dimension; the rate is the rule's `rate`.
    public static let fairnessGap = AlertMetric("fairness_gap", rate: true)
    /// Multivariate drift (statistics.md, "Multivariate drift"): the window's mean PCA
    /// reconstruction error; alerts outside the reference's [lower, upper] whatever side the
    /// rule names, the rule's number only standing in when the reference gives no thresholds.
    public static let reconstructionError = AlertMetric("reconstruction_error")
    /// 99th percentile of serving latency, in milliseconds.
    public static let latencyP99 = AlertMetric("latency_p99")
    /// Share of requests whose status is not a success.
    public static let errorRate = AlertMetric("error_rate", rate: true)
    /// Seconds of wall-clock time since the newest record arrived.
    public static let stale = AlertMetric("stale")

    /// Whether the metric is measured on the wall clock (judged whenever the engine publishes)
    /// rather than in event time (judged at the end of each bucket).
    public var isWallClock: Bool { self == .stale }

    /// Every metric a rule may name, in the order of the documentation.
    public static let known: [AlertMetric] = [
        .drift, .missing, .outOfRange, .unseen, .psiPrediction, .positiveRate, .precision, .recall,
        .f1, .auc, .estimatedPrecision, .accuracy, .macroF1, .estimatedAccuracy, .estimatedMacroF1, .classShare,
        .mae, .rmse, .mape, .r2, .estimatedMAE, .estimatedRMSE, .fairnessGap, .reconstructionError, .latencyP99, .errorRate,
        .stale,
    ]

    /// The metric called `name` in the configuration, if there is one.
    public init?(name: String) {
        guard let metric = Self.known.first(where: { $0.name == name }) else { return nil }
        self = metric
    }

    public var description: String { name }
}
