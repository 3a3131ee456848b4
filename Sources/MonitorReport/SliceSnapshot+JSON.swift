import DriftStats
import MonitorEngine
import MonitorRules

// The four layers of a slice as the JSON report writes them (cli.md "JSON report"): the same
// keys for the whole stream, a segment and a chunk; `null` where a value is undefined.

extension DriftBand {
    /// The band's name in reports: `ok`, `warning`, `drift`, `not_enough_data`.
    public var reportName: String {
        switch self {
        case .ok: "ok"
        case .warning: "warning"
        case .drift: "drift"
        case .notEnoughData: "not_enough_data"
        }
    }
}

extension KSSnapshot {
    /// `{"statistic", "p_value", "p_value_adjusted", "bound"}`; the adjusted p-value is `null`
    /// outside the window's family of tests (the score's test among them).
    public var jsonValue: JSONValue {
        .object([("statistic", .number(statistic)), ("p_value", .number(pValue)),
                 ("p_value_adjusted", .number(pValueAdjusted)), ("bound", .number(bound))])
    }
}

extension ChiSquareSnapshot {
    /// `{"statistic", "p_value", "p_value_adjusted", "df"}`.
    public var jsonValue: JSONValue {
        .object([("statistic", .number(statistic)), ("p_value", .number(pValue)),
                 ("p_value_adjusted", .number(pValueAdjusted)), ("df", .int(degreesOfFreedom))])
    }
}

extension FeatureSnapshot {
    /// One entry of `features`.
    public var jsonValue: JSONValue {
        .object([
            ("name", .string(name)),
            ("kind", .string(kind.rawValue)),
            ("records", .int(records)),
            ("psi", .number(psi)),
            ("js", .number(jensenShannon)),
            ("wasserstein", .number(wasserstein)),
            ("ks", ks?.jsonValue ?? .null),
            ("chi2", chiSquare?.jsonValue ?? .null),
            ("quality", .object([
                ("missing_rate", .number(missingRate)),
                ("out_of_range_rate", .number(outOfRangeRate)),
                ("unseen_rate", .number(unseenRate)),
                ("type_violations", .int(typeViolations)),
                ("invalid_values", .int(invalidValues)),
            ])),
            ("method", .string(method)),
            ("value", .number(value)),
            ("band", .string(band.reportName)),
            ("drift_band", .string(driftBand.reportName)),
            ("quality_band", .string(qualityBand.reportName)),
        ])
    }
}

extension VersionSnapshot {
    /// One entry of `prediction.versions`.
    public var jsonValue: JSONValue {
        .object([
            ("version", .string(version)),
            ("records", .int(records)),
            ("positive_rate", .number(positiveRate)),
            ("mean_score", .number(meanScore)),
            ("agreement", .number(agreement)),
            ("mean_abs_score_difference", .number(meanAbsoluteScoreDifference)),
            ("precision", .number(precision)),
            ("roc_auc", .number(rocAUC)),
        ])
    }
}

extension PredictionSnapshot {
    /// The `prediction` object.
    public var jsonValue: JSONValue {
        .object([
            ("records", .int(records)),
            ("psi", .number(psi)),
            ("js", .number(jensenShannon)),
            ("ks", ks?.jsonValue ?? .null),
            ("band", .string(band.reportName)),
            ("positive_rate", .number(positiveRate)),
            ("reference_positive_rate", .number(referencePositiveRate)),
            ("mean_score", .number(meanScore)),
            ("versions", .array(versions.map(\.jsonValue))),
        ])
    }
}

extension RealizedPerformance {
    /// `performance.realized`.
    public var jsonValue: JSONValue {
        .object([
            ("labelled", .int(labelled)),
            ("coverage", .number(coverage)),
            ("tp", .int(truePositives)),
            ("fp", .int(falsePositives)),
            ("fn", .int(falseNegatives)),
            ("tn", .int(trueNegatives)),
            ("precision", .number(precision)),
            ("recall", .number(recall)),
            ("f1", .number(f1)),
            ("accuracy", .number(accuracy)),
            ("specificity", .number(specificity)),
            ("roc_auc", .number(rocAUC)),
            ("positive_label_rate", .number(positiveLabelRate)),
            ("reference_positive_label_rate", .number(referencePositiveLabelRate)),
            ("business_value", .number(businessValue)),
        ])
    }
}

extension EstimatedPerformance {
    /// `performance.estimated` (and `performance.reference`).
    public var jsonValue: JSONValue {
        .object([
            ("precision", .number(precision)),
            ("recall", .number(recall)),
            ("f1", .number(f1)),
            ("accuracy", .number(accuracy)),
            ("roc_auc", .number(rocAUC)),
        ])
    }
}

extension PerformanceSnapshot {
    /// The `performance` object: realized, estimated (`null` without a calibration) and the
    /// reference's own performance, the baseline of a precision drop.
    public var jsonValue: JSONValue {
        .object([
            ("realized", realized.jsonValue),
            ("estimated", estimated?.jsonValue ?? .null),
            ("reference", reference?.jsonValue ?? .null),
        ])
    }
}

extension InfrastructureSnapshot {
    /// The `infrastructure` object.
    public var jsonValue: JSONValue {
        .object([
            ("requests", .int(requests)),
            ("throughput_per_s", .number(throughputPerSecond)),
            ("latency_ms", .object([
                ("p50", .number(latencyP50Milliseconds)),
                ("p95", .number(latencyP95Milliseconds)),
                ("p99", .number(latencyP99Milliseconds)),
                ("max", .number(latencyMaxMilliseconds)),
            ])),
            ("error_rate", .number(errorRate)),
        ])
    }
}

extension SliceSnapshot {
    /// The layers of the slice that `sections` selects, in the report's order.
    func layerMembers(_ sections: Set<ReportSection>) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = []
        if sections.contains(.infrastructure) { members.append(("infrastructure", infrastructure.jsonValue)) }
        if sections.contains(.features) { members.append(("features", .array(features.map(\.jsonValue)))) }
        if sections.contains(.prediction) { members.append(("prediction", prediction.jsonValue)) }
        if sections.contains(.performance) { members.append(("performance", performance.jsonValue)) }
        return members
    }
}
