import DriftStats
import MonitorEngine
import MonitorRules

/// One thing the report found wrong, for its verdict line: what (a feature's drift, a missing
/// rate, a precision drop...) and where (the whole stream or the segment that shows it most).
public struct ReportFinding: Sendable, Hashable {
    /// The layer a finding belongs to, in the order the verdict names them.
    public enum Layer: Int, Sendable, Hashable, Comparable {
        case features
        case dataQuality
        case performance
        case labels
        case prediction
        case infrastructure
        case alerts

        public static func < (lhs: Layer, rhs: Layer) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var layer: Layer
    /// `nil` for the whole stream.
    public var segment: SegmentKey?
    /// What is wrong, in a few words with the number: "`amount` drift (psi 0.951)", the feature
    /// a value (`ReportText`) in a code span.
    public var summary: ReportText
    /// How bad, to order findings of one layer (larger is worse; the unit depends on the layer).
    public var magnitude: Double

    public init(layer: Layer, segment: SegmentKey?, summary: ReportText, magnitude: Double) {
        self.layer = layer
        self.segment = segment
        self.summary = summary
        self.magnitude = magnitude
    }

    /// `summary`, followed by "in dimension=value" for a segment.
    public var sentence: ReportText { segment.map { "\(summary) in \($0)" } ?? summary }
}

/// Thresholds the verdict uses where statistics.md defines no band (data quality, performance
/// drops, label drift, error rate).
public struct FindingThresholds: Sendable, Hashable {
    /// A missing, out-of-range or unseen rate from this share on is a finding.
    public var qualityRate = 0.05
    /// A realized precision or recall below this fraction of its baseline (the reference's, else
    /// the whole stream's) is a drop...
    public var performanceRatio = 0.75
    /// ...when it rests on at least this many labelled records of the kind the metric divides by.
    public var minimumLabelled = 10
    /// A positive label rate (or positive prediction rate) this many times its reference value,
    /// or below its inverse, is label drift.
    public var rateRatio = 1.5
    /// An error rate from this share on is a finding.
    public var errorRate = 0.05

    public init() {}
}

extension Snapshot {
    /// Everything the verdict names, worst first within each layer (features, data quality,
    /// performance, labels, prediction, infrastructure, alerts).
    ///
    /// A feature problem is reported once, where it is worst: in the whole stream when the
    /// stream shows it, noting the segment that shows it most; otherwise in that segment.
    ///
    /// Linear in features × slices: each slice's features are looked up by name in a table
    /// built once (a search per name made a log of 60,000 feature names take a minute).
    public func findings(_ thresholds: FindingThresholds = FindingThresholds()) -> [ReportFinding] {
        var found: [ReportFinding] = []
        let slices = [overall] + segments
        let tables = slices.map { slice in
            Dictionary(slice.features.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        }
        let features = { (name: String) -> [(SliceSnapshot, FeatureSnapshot)] in
            slices.indices.compactMap { index in tables[index][name].map { (slices[index], slices[index].features[$0]) } }
        }
        var seen = Set<String>()
        for slice in slices {
            for feature in slice.features where seen.insert(feature.name).inserted {
                let present = features(feature.name)
                found += driftFinding(feature: feature.name, in: present)
                found += qualityFindings(feature: feature.name, in: present, thresholds)
            }
        }
        // All features at once (statistics.md, "Multivariate drift"), after the single ones.
        if let multivariate = overall.multivariate, multivariate.alert == true, let error = multivariate.error {
            let side = error < (multivariate.lower ?? 0)
                ? "below \(ReportNumber.fixed(multivariate.lower, digits: 3))"
                : "above \(ReportNumber.fixed(multivariate.upper, digits: 3))"
            found.append(ReportFinding(
                layer: .features, segment: nil,
                summary: "multivariate drift (reconstruction error \(ReportNumber.fixed(error, digits: 3)) \(side))",
                magnitude: 0))
        }
        found += performanceFindings(slices: slices, thresholds)
        found += taskFindings(slices: slices, thresholds)
        found += labelFindings(thresholds)
        if let task = overall.task {
            if task.prediction.driftBand == .drift {
                let what = task.task == .multiclass ? "predicted class shares drift" : "prediction drift"
                found.append(ReportFinding(
                    layer: .prediction, segment: nil, summary: "\(what) (psi \(ReportNumber.metric(task.prediction.psi)))",
                    magnitude: task.prediction.psi ?? 0))
            }
            if let drift = task.labelDrift, drift.driftBand == .drift {
                found.append(ReportFinding(
                    layer: .labels, segment: nil, summary: "label drift (psi \(ReportNumber.metric(drift.psi)))",
                    magnitude: drift.psi ?? 0))
            }
        } else if overall.prediction.band == .drift {
            found.append(ReportFinding(
                layer: .prediction, segment: nil,
                summary: "score distribution drift (psi \(ReportNumber.metric(overall.prediction.psi)))",
                magnitude: overall.prediction.psi ?? 0))
        }
        if let rate = overall.infrastructure.errorRate, rate >= thresholds.errorRate {
            found.append(ReportFinding(
                layer: .infrastructure, segment: nil,
                summary: "error rate \(ReportNumber.percent(rate))", magnitude: rate))
        }
        let firing = alerts.filter { $0.state == .firing }.count
        if firing > 0 {
            found.append(ReportFinding(
                layer: .alerts, segment: nil,
                summary: firing == 1 ? "1 alert firing" : "\(firing) alerts firing", magnitude: Double(firing)))
        }
        return found.sorted { ($0.layer, -$0.magnitude) < ($1.layer, -$1.magnitude) }
    }

    /// How far a feature's value is from fine, larger is worse: the distance itself, or one
    /// minus the p-value for the tests.
    static func badness(_ feature: FeatureSnapshot) -> Double {
        guard let value = feature.value else { return -1 }
        return feature.method == "ks" || feature.method == "chi2" ? 1 - value : value
    }

    /// `present`: the slices that have the feature, with it.
    private func driftFinding(feature name: String, in present: [(SliceSnapshot, FeatureSnapshot)]) -> [ReportFinding] {
        let drifting = present.filter { $0.1.driftBand == .drift }
        guard let worst = drifting.max(by: { Self.badness($0.1) < Self.badness($1.1) }) else { return [] }
        let describe = { (feature: FeatureSnapshot) in "\(feature.method) \(ReportNumber.metric(feature.value))" }
        if let whole = drifting.first(where: { $0.0.segment == nil }) {
            var summary: ReportText = "\(code: name) drift (\(describe(whole.1))"
            if let segment = worst.0.segment { summary += "; worst in \(segment): \(ReportNumber.metric(worst.1.value))" }
            return [ReportFinding(layer: .features, segment: nil, summary: summary + ")", magnitude: Self.badness(worst.1))]
        }
        return [ReportFinding(
            layer: .features, segment: worst.0.segment,
            summary: "\(code: name) drift (\(describe(worst.1)))", magnitude: Self.badness(worst.1))]
    }

    private func qualityFindings(
        feature name: String, in present: [(SliceSnapshot, FeatureSnapshot)], _ thresholds: FindingThresholds
    ) -> [ReportFinding] {
        let rates: [(String, KeyPath<FeatureSnapshot, Double?>)] = [
            ("missing", \.missingRate), ("out of range", \.outOfRangeRate), ("unseen", \.unseenRate),
        ]
        var found: [ReportFinding] = []
        for (what, rate) in rates {
            let high = present.compactMap { slice, feature -> (SegmentKey?, Double)? in
                guard let value = feature[keyPath: rate], value >= thresholds.qualityRate else { return nil }
                return (slice.segment, value)
            }
            guard let worst = high.max(by: { $0.1 < $1.1 }) else { continue }
            if let whole = high.first(where: { $0.0 == nil }) {
                var summary: ReportText = "\(code: name) \(what) \(ReportNumber.percent(whole.1))"
                if let segment = worst.0, worst.1 > whole.1 { summary += " (\(segment): \(ReportNumber.percent(worst.1)))" }
                found.append(ReportFinding(layer: .dataQuality, segment: nil, summary: summary, magnitude: worst.1))
            } else {
                found.append(ReportFinding(
                    layer: .dataQuality, segment: worst.0,
                    summary: "\(code: name) \(what) \(ReportNumber.percent(worst.1))", magnitude: worst.1))
            }
        }
        return found
    }

    /// The baseline a slice's realized precision and recall are compared with: the reference's
    /// performance when known, else the whole stream's realized values.
    var performanceBaseline: (precision: Double?, recall: Double?) {
        let reference = overall.performance.reference
        return (reference?.precision ?? overall.performance.realized.precision,
                reference?.recall ?? overall.performance.realized.recall)
    }

    private func performanceFindings(slices: [SliceSnapshot], _ thresholds: FindingThresholds) -> [ReportFinding] {
        let baseline = performanceBaseline
        var found: [ReportFinding] = []
        for slice in slices {
            let realized = slice.performance.realized
            let flagged = realized.truePositives + realized.falsePositives
            let positives = realized.truePositives + realized.falseNegatives
            let checks: [(String, Double?, Double?, Int)] = [
                ("precision", realized.precision, baseline.precision, flagged),
                ("recall", realized.recall, baseline.recall, positives),
            ]
            for (metric, value, base, support) in checks {
                guard let value, let base, base > 0, support >= thresholds.minimumLabelled,
                      value < base * thresholds.performanceRatio else { continue }
                found.append(ReportFinding(
                    layer: .performance, segment: slice.segment,
                    summary: "\(metric) \(ReportNumber.fixed(value, digits: 2)) (baseline \(ReportNumber.fixed(base, digits: 2)))",
                    magnitude: base - value))
            }
        }
        return found
    }

    /// A multiclass model's accuracy or macro F1 below three quarters of the reference's, or a
    /// regression's MAE or RMSE above 4/3 of the reference's, in any slice with enough labels.
    private func taskFindings(slices: [SliceSnapshot], _ thresholds: FindingThresholds) -> [ReportFinding] {
        guard let reference = overall.task?.reference else { return [] }
        var found: [ReportFinding] = []
        for slice in slices {
            guard let task = slice.task else { continue }
            var checks: [(String, Double?, Double?, Bool)] = []
            switch task.task {
            case .multiclass:
                guard (task.multiclass?.labelled ?? 0) >= thresholds.minimumLabelled else { continue }
                checks = [("accuracy", task.multiclass?.accuracy, reference.accuracy, false),
                          ("macro F1", task.multiclass?.macroF1, reference.macroF1, false)]
            case .regression, .binary:
                guard (task.regression?.labelled ?? 0) >= thresholds.minimumLabelled else { continue }
                checks = [("MAE", task.regression?.mae, reference.mae, true), ("RMSE", task.regression?.rmse, reference.rmse, true)]
            }
            for (metric, value, base, isError) in checks {
                guard let value, let base, base > 0 else { continue }
                let worse = isError ? value > base / thresholds.performanceRatio : value < base * thresholds.performanceRatio
                guard worse else { continue }
                found.append(ReportFinding(
                    layer: .performance, segment: slice.segment,
                    summary: "\(metric) \(ReportNumber.metric(value)) (reference \(ReportNumber.metric(base)))",
                    magnitude: abs(value - base) / base))
            }
        }
        return found
    }

    private func labelFindings(_ thresholds: FindingThresholds) -> [ReportFinding] {
        var found: [ReportFinding] = []
        let realized = overall.performance.realized
        if let rate = realized.positiveLabelRate, let reference = realized.referencePositiveLabelRate,
           realized.labelled >= thresholds.minimumLabelled, Self.isShift(rate, reference, thresholds.rateRatio) {
            let verb = rate > reference ? "rose" : "fell"
            found.append(ReportFinding(
                layer: .labels, segment: nil,
                summary: "positive label rate \(verb) to \(ReportNumber.fixed(rate, digits: 3)) (reference \(ReportNumber.fixed(reference, digits: 3)))",
                magnitude: abs(rate - reference)))
        }
        let prediction = overall.prediction
        if let rate = prediction.positiveRate, let reference = prediction.referencePositiveRate,
           prediction.records >= DriftBand.defaultMinimumWindow, Self.isShift(rate, reference, thresholds.rateRatio) {
            let verb = rate > reference ? "rose" : "fell"
            found.append(ReportFinding(
                layer: .prediction, segment: nil,
                summary: "positive prediction rate \(verb) to \(ReportNumber.fixed(rate, digits: 3)) (reference \(ReportNumber.fixed(reference, digits: 3)))",
                magnitude: abs(rate - reference)))
        }
        return found
    }

    static func isShift(_ rate: Double, _ reference: Double, _ ratio: Double) -> Bool {
        guard reference > 0 else { return rate > 0 }
        return rate >= reference * ratio || rate <= reference / ratio
    }
}
