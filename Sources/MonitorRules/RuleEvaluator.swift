import DriftStats
import MonitorEngine

/// Measures alert rules on a snapshot: for each rule, the metric's value in every scope the rule
/// covers (log-format.md "Configuration file"; statistics.md defines each metric).
///
/// Scopes expand as follows: `global` is the whole stream; `any_feature` every feature of the
/// whole stream; `feature:NAME` that feature of the whole stream; `any_segment` every segment
/// slice (and, for a per-feature metric, every feature of every segment); `segment:DIM=VALUE`
/// that slice (every feature of it for a per-feature metric). A scope named explicitly but absent
/// from the window is still measured, with no value, so a gate lists it.
///
/// Enough data: drift needs the feature's band to be other than "not enough data" (the engine's
/// `drift.min_records`, default 200); data quality, prediction, estimated precision, latency and
/// error rate need `minimumRecords` records in the slice; realized precision, recall, F1 and AUC
/// need `minimumLabelled` joined labels.
public struct RuleEvaluator: Sendable {
    /// Records a slice needs before its rates and percentiles count.
    public var minimumRecords: Int
    /// Joined labels a slice needs before its realized performance counts.
    public var minimumLabelled: Int
    /// The p-value below which a test method (KS, chi-square) is drift.
    public var alpha: Double
    /// Reference chunk values for adaptive thresholds.
    public var referenceChunks: ReferenceChunks

    /// The labelled records realized performance needs by default: enough that one label does
    /// not swing precision by more than two points.
    public static let defaultMinimumLabelled = 50

    /// An evaluator with the configuration's drift settings.
    public init(settings: DriftSettings = DriftSettings(),
                minimumLabelled: Int = RuleEvaluator.defaultMinimumLabelled,
                referenceChunks: ReferenceChunks = ReferenceChunks()) {
        self.minimumRecords = settings.minRecords
        self.minimumLabelled = minimumLabelled
        self.alpha = settings.alpha
        self.referenceChunks = referenceChunks
    }

    /// Every rule measured in every scope it covers, rules in order.
    public func measure(_ rules: [AlertRule], in snapshot: Snapshot) -> [RuleMeasurement] {
        rules.flatMap { measure($0, in: snapshot) }
    }

    /// The rule's metric in every scope it covers.
    public func measure(_ rule: AlertRule, in snapshot: Snapshot) -> [RuleMeasurement] {
        var out: [RuleMeasurement] = []
        if rule.metric == .classShare {
            measureClassShares(rule, in: snapshot, into: &out)
            return out
        }
        if rule.metric == .fairnessGap {
            measureFairness(rule, in: snapshot, into: &out)
            return out
        }
        switch rule.scope {
        case .modelClass, .dimension:
            // Only class_share and fairness_gap look at one class or dimension: for another
            // metric the whole stream.
            measureSlice(rule, snapshot.overall, snapshot: snapshot, into: &out)
        case .global:
            measureSlice(rule, snapshot.overall, snapshot: snapshot, into: &out)
        case .anyFeature:
            measureFeatures(rule, of: snapshot.overall, named: nil, into: &out)
        case .feature(let name):
            measureFeatures(rule, of: snapshot.overall, named: name, into: &out)
        case .anySegment:
            for slice in snapshot.segments {
                if rule.metric.isPerFeature {
                    measureFeatures(rule, of: slice, named: nil, into: &out)
                } else {
                    measureSlice(rule, slice, snapshot: snapshot, into: &out)
                }
            }
        case .segment(let dimension, let value):
            let key = SegmentKey(dimension: dimension, value: value)
            guard let slice = snapshot.slice(key) else {
                // Named, but the window has no such records: listed with no value.
                out.append(RuleMeasurement(rule: rule.name, scope: "segment:\(key)", value: nil,
                                           threshold: rule.threshold, hasEnoughData: false, segment: key))
                return out
            }
            if rule.metric.isPerFeature {
                measureFeatures(rule, of: slice, named: nil, into: &out)
            } else {
                measureSlice(rule, slice, snapshot: snapshot, into: &out)
            }
        }
        return out
    }

    /// A multiclass model's share of decisions per class: of the class the scope names, else of
    /// each class separately (scope `class:NAME`), over the whole stream.
    private func measureClassShares(_ rule: AlertRule, in snapshot: Snapshot, into out: inout [RuleMeasurement]) {
        guard let task = snapshot.overall.task, task.task == .multiclass else { return }
        let enough = task.prediction.records >= minimumRecords
        for share in task.classShares {
            if case .modelClass(let name) = rule.scope, name != share.name { continue }
            out.append(RuleMeasurement(rule: rule.name, scope: "class:\(share.name)", value: share.share,
                                       threshold: rule.threshold, hasEnoughData: enough))
        }
        if case .modelClass(let name) = rule.scope, !task.classes.contains(name) {
            out.append(RuleMeasurement(rule: rule.name, scope: "class:\(name)", value: nil,
                                       threshold: rule.threshold, hasEnoughData: false))
        }
    }

    /// The spread of the rule's rate across each dimension's segments (the one its scope
    /// names, else every configured dimension), scope `dimension:DIM`.
    private func measureFairness(_ rule: AlertRule, in snapshot: Snapshot, into out: inout [RuleMeasurement]) {
        let dimensions: [String] = if case .dimension(let name) = rule.scope { [name] } else { snapshot.dimensions }
        for dimension in dimensions {
            let gap = FairnessGap.gap(rule.rate, dimension: dimension, segments: snapshot.segments,
                                      minimumRecords: minimumRecords)
            out.append(RuleMeasurement(rule: rule.name, scope: "dimension:\(dimension)", value: gap?.gap,
                                       threshold: rule.threshold, hasEnoughData: gap != nil))
        }
    }

    /// The scope text of a slice, and of a feature in it.
    static func scope(segment: SegmentKey?, feature: String?) -> String {
        switch (segment, feature) {
        case (nil, nil): "global"
        case (nil, let feature?): "feature:\(feature)"
        case (let segment?, nil): "segment:\(segment)"
        case (let segment?, let feature?): "segment:\(segment)/feature:\(feature)"
        }
    }

    private func measureFeatures(_ rule: AlertRule, of slice: SliceSnapshot, named name: String?,
                                 into out: inout [RuleMeasurement]) {
        if let name {
            let scope = Self.scope(segment: slice.segment, feature: name)
            if let feature = slice.feature(named: name) {
                out.append(measure(rule, feature: feature, segment: slice.segment, scope: scope)
                    ?? RuleMeasurement(rule: rule.name, scope: scope, value: nil, threshold: rule.threshold,
                                       hasEnoughData: false, feature: name, segment: slice.segment))
            } else {
                out.append(RuleMeasurement(rule: rule.name, scope: scope, value: nil, threshold: rule.threshold,
                                           hasEnoughData: false, feature: name, segment: slice.segment))
            }
            return
        }
        // Features in name order, so ids and check output do not move with the severity sort.
        for feature in slice.features.sorted(by: { $0.name < $1.name }) {
            let scope = Self.scope(segment: slice.segment, feature: feature.name)
            if let measurement = measure(rule, feature: feature, segment: slice.segment, scope: scope) {
                out.append(measurement)
            }
        }
    }

    /// A per-feature metric of one feature; `nil` when the metric does not apply to the
    /// feature's kind (out of range of a categorical feature, unseen of a numeric one).
    private func measure(_ rule: AlertRule, feature: FeatureSnapshot, segment: SegmentKey?,
                         scope: String) -> RuleMeasurement? {
        var threshold = rule.threshold
        var source: RuleMeasurement.ThresholdSource?
        let value: Double?
        let enough: Bool
        switch rule.metric {
        case .drift:
            enough = feature.driftBand != .notEnoughData
            if Self.testMethods.contains(feature.method) {
                // A test's value is a p-value: drift is a small one, whatever direction a rule
                // written for distances gives. A `below` rule keeps its own limit. With
                // `drift.fdr` on (the default) the engine made the value the Benjamini–Hochberg
                // adjusted p-value of the window's family, so the rule decides as the band does.
                value = feature.value ?? feature.ks?.pValue ?? feature.chiSquare?.pValue
                if case .above = rule.threshold { threshold = .below(alpha) }
                source = .pValue
                return RuleMeasurement(rule: rule.name, scope: scope, value: value, threshold: threshold,
                                       hasEnoughData: enough, feature: feature.name, segment: segment,
                                       thresholdSource: source)
            }
            value = feature.value
        case .missing:
            value = feature.missingRate
            enough = feature.records >= minimumRecords
        case .outOfRange:
            guard feature.kind == .numeric else { return nil }
            value = feature.outOfRangeRate
            enough = feature.records >= minimumRecords
        case .unseen:
            guard feature.kind == .categorical else { return nil }
            value = feature.unseenRate
            enough = feature.records >= minimumRecords
        default:
            return nil
        }
        if rule.adaptive {
            (threshold, source) = adapted(rule, scope: scope)
        }
        return RuleMeasurement(rule: rule.name, scope: scope, value: value, threshold: threshold,
                               hasEnoughData: enough, feature: feature.name, segment: segment,
                               thresholdSource: source)
    }

    /// A metric of a whole slice (the stream or one segment value).
    private func measureSlice(_ rule: AlertRule, _ slice: SliceSnapshot, snapshot: Snapshot,
                              into out: inout [RuleMeasurement]) {
        let scope = Self.scope(segment: slice.segment, feature: nil)
        let realized = slice.performance.realized
        let labelled = realized.labelled >= minimumLabelled
        let scored = (slice.task?.prediction.records ?? slice.prediction.records) >= minimumRecords
        let requests = slice.infrastructure.requests >= minimumRecords
        let value: Double?
        let enough: Bool
        switch rule.metric {
        case .psiPrediction:
            // A multiclass or regression model's output: the predicted class or the prediction.
            if let task = slice.task {
                value = task.prediction.psi
                enough = task.prediction.driftBand != .notEnoughData
            } else {
                value = slice.prediction.psi
                enough = slice.prediction.band != .notEnoughData
            }
        case .accuracy:
            let multiclass = slice.task?.multiclass
            (value, enough) = (multiclass?.accuracy, (multiclass?.labelled ?? 0) >= minimumLabelled)
        case .macroF1:
            let multiclass = slice.task?.multiclass
            (value, enough) = (multiclass?.macroF1, (multiclass?.labelled ?? 0) >= minimumLabelled)
        case .mae, .rmse, .mape, .r2:
            let regression = slice.task?.regression
            let metric: Double? = switch rule.metric {
            case .mae: regression?.mae
            case .rmse: regression?.rmse
            case .mape: regression?.mape
            default: regression?.r2
            }
            (value, enough) = (metric, (regression?.labelled ?? 0) >= minimumLabelled)
        case .estimatedAccuracy:
            (value, enough) = (slice.task?.estimated?.accuracy, scored)
        case .estimatedMacroF1:
            (value, enough) = (slice.task?.estimated?.macroF1, scored)
        case .estimatedMAE:
            (value, enough) = (slice.task?.estimated?.mae, scored)
        case .estimatedRMSE:
            (value, enough) = (slice.task?.estimated?.rmse, scored)
        case .positiveRate:
            value = slice.prediction.positiveRate
            enough = scored
        case .precision:
            (value, enough) = (realized.precision, labelled)
        case .recall:
            (value, enough) = (realized.recall, labelled)
        case .f1:
            (value, enough) = (realized.f1, labelled)
        case .auc:
            (value, enough) = (realized.rocAUC, labelled)
        case .estimatedPrecision:
            (value, enough) = (slice.performance.estimated?.precision, scored)
        case .latencyP99:
            (value, enough) = (slice.infrastructure.latencyP99Milliseconds, requests)
        case .errorRate:
            (value, enough) = (slice.infrastructure.errorRate, requests)
        case .stale:
            // Freshness belongs to the stream, not to a segment of it.
            if slice.segment == nil {
                value = snapshot.freshness.secondsSinceLastRecord ?? snapshot.freshness.eventLagSeconds
                enough = value != nil
            } else {
                (value, enough) = (nil, false)
            }
        case .reconstructionError:
            let multivariate = slice.multivariate
            (value, enough) = (multivariate?.error, (multivariate?.records ?? 0) >= minimumRecords)
        default:
            (value, enough) = (nil, false)
        }
        var threshold = rule.threshold
        var source: RuleMeasurement.ThresholdSource?
        if rule.metric == .reconstructionError {
            // Two-sided, from the reference's chunks: the side the value lies on is compared.
            if let multivariate = slice.multivariate, let lower = multivariate.lower, let upper = multivariate.upper {
                threshold = (value.map { $0 < lower } ?? false) ? .below(lower) : .above(upper)
                source = .adaptive
            } else {
                source = .adaptiveUnavailable
            }
        } else if rule.adaptive {
            (threshold, source) = adapted(rule, scope: scope)
        }
        out.append(RuleMeasurement(rule: rule.name, scope: scope, value: value, threshold: threshold,
                                   hasEnoughData: enough, segment: slice.segment, thresholdSource: source))
    }

    /// The adaptive threshold of a rule in a scope, or its fixed one when the reference gives none.
    private func adapted(_ rule: AlertRule, scope: String) -> (AlertRule.Threshold, RuleMeasurement.ThresholdSource) {
        guard let limit = referenceChunks.limit(metric: rule.metric, scope: scope, direction: rule.threshold) else {
            return (rule.threshold, .adaptiveUnavailable)
        }
        switch rule.threshold {
        case .above: return (.above(limit), .adaptive)
        case .below: return (.below(limit), .adaptive)
        }
    }

    /// Drift methods whose value is a p-value.
    static let testMethods: Set<String> = ["ks", "chi2"]
}
