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
            ("comparison", comparison?.jsonValue ?? .null),
        ])
    }
}

extension VersionComparison {
    /// `prediction.comparison` (docs/statistics.md, "Versions side by side"): every difference
    /// is challenger − champion; `ci95` is `[lower, upper]`, null with too few buckets.
    public var jsonValue: JSONValue {
        func difference(_ value: Difference?) -> JSONValue {
            guard let value else { return .null }
            let interval: JSONValue = if let lower = value.lower, let upper = value.upper {
                .array([.number(lower), .number(upper)])
            } else {
                .null
            }
            return .object([("value", .number(value.value)), ("ci95", interval)])
        }
        return .object([
            ("champion", .string(champion)),
            ("challenger", .string(challenger)),
            ("positive_rate_diff", .number(positiveRateDifference)),
            ("z", .number(z)),
            ("p_value", .number(pValue)),
            ("precision_diff", difference(precision)),
            ("recall_diff", difference(recall)),
            ("accuracy_diff", difference(accuracy)),
            ("ks", ks.map { .object([("statistic", .number($0.statistic)), ("p_value", .number($0.pValue))]) } ?? .null),
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
        if sections.contains(.features) {
            members.append(("features", .array(features.map(\.jsonValue))))
            members.append(("multivariate", multivariate?.jsonValue ?? .null))
        }
        if sections.contains(.prediction) { members.append(("prediction", task?.predictionJSON(prediction) ?? prediction.jsonValue)) }
        if sections.contains(.performance) {
            members.append(("performance", task?.performanceJSON(performance) ?? performance.jsonValue))
        }
        return members
    }
}

extension TaskSnapshot {
    /// The `prediction` object of a multiclass or regression model (docs/tasks.md): the
    /// binary keys that have no meaning here are null.
    func predictionJSON(_ binary: PredictionSnapshot) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("records", .int(prediction.records)),
            ("psi", .number(prediction.psi)),
            ("js", .number(prediction.jensenShannon)),
        ]
        switch task {
        case .multiclass:
            members.append(("chi2", prediction.chiSquare?.jsonValue ?? .null))
            members.append(("classes", .array(classShares.map { share in
                .object([("class", .string(share.name)), ("share", .number(share.share)),
                         ("reference_share", .number(share.referenceShare))])
            })))
            members.append(("class_scores", .array(zip(classes, classScores).map { name, score in
                .object([("class", .string(name)), ("psi", .number(score.psi)), ("js", .number(score.jensenShannon)),
                         ("ks", score.ks?.jsonValue ?? .null), ("wasserstein", .number(score.wasserstein))])
            })))
            members.append(("positive_rate", .null))
            members.append(("mean_score", .null))
        case .regression, .binary:
            members.append(("ks", prediction.ks?.jsonValue ?? .null))
            members.append(("wasserstein", .number(prediction.wasserstein)))
            members.append(("mean_prediction", .number(meanPrediction)))
        }
        members.append(("band", .string(prediction.driftBand.reportName)))
        members.append(("label_drift", labelDrift.map { drift in
            .object([("psi", .number(drift.psi)), ("js", .number(drift.jensenShannon)),
                     ("chi2", drift.chiSquare?.jsonValue ?? .null), ("ks", drift.ks?.jsonValue ?? .null),
                     ("wasserstein", .number(drift.wasserstein)), ("records", .int(drift.records))])
        } ?? .null))
        members.append(("versions", .array(versions.map(\.jsonValue))))
        // Versions side by side compare decisions: a binary model's only.
        members.append(("comparison", .null))
        return .object(members)
    }

    /// The `performance` object of a multiclass or regression model: `realized` with the
    /// task's keys; `estimated` null until an estimate is known.
    func performanceJSON(_ binary: PerformanceSnapshot) -> JSONValue {
        let realized: JSONValue
        switch task {
        case .multiclass: realized = (multiclass ?? MulticlassPerformance()).jsonValue
        case .regression, .binary:
            var empty = RegressionPerformance()
            empty.labelled = 0
            realized = (regression ?? empty).jsonValue
        }
        return .object([("realized", realized), ("estimated", estimated.map { $0.jsonValue(task) } ?? .null),
                        ("reference", reference.map { $0.jsonValue(task) } ?? .null)])
    }
}

extension MulticlassPerformance {
    /// `performance.realized` of a multiclass model.
    public var jsonValue: JSONValue {
        .object([
            ("labelled", .int(labelled)),
            ("coverage", .number(coverage)),
            ("accuracy", .number(accuracy)),
            ("macro_precision", .number(macroPrecision)),
            ("macro_recall", .number(macroRecall)),
            ("macro_f1", .number(macroF1)),
            ("weighted_f1", .number(weightedF1)),
            ("roc_auc", .number(rocAUC)),
            ("classes", .array(classes.map { one in
                .object([("class", .string(one.name)), ("precision", .number(one.precision)),
                         ("recall", .number(one.recall)), ("f1", .number(one.f1)),
                         ("specificity", .number(one.specificity)), ("support", .int(one.support))])
            })),
            ("confusion", .object([
                ("labels", .array(classes.map { .string($0.name) })),
                ("matrix", .array(confusion.map { row in .array(row.map { .int($0) }) })),
            ])),
            ("business_value", .number(businessValue)),
        ])
    }
}

extension RegressionPerformance {
    /// `performance.realized` of a regression.
    public var jsonValue: JSONValue {
        .object([
            ("labelled", .int(labelled)),
            ("coverage", .number(coverage)),
            ("mae", .number(mae)),
            ("mse", .number(mse)),
            ("rmse", .number(rmse)),
            ("mape", .number(mape)),
            ("msle", .number(msle)),
            ("rmsle", .number(rmsle)),
            ("r2", .number(r2)),
            ("mean_error", .number(meanError)),
            ("business_value", .number(businessValue)),
        ])
    }
}

extension TaskVersion {
    /// One entry of `prediction.versions` of a multiclass or regression model.
    public var jsonValue: JSONValue {
        .object([
            ("version", .string(version)),
            ("labelled", .int(labelled)),
            ("accuracy", .number(accuracy)),
            ("macro_f1", .number(macroF1)),
            ("mae", .number(mae)),
            ("rmse", .number(rmse)),
        ])
    }
}

extension TaskEstimate {
    /// `performance.estimated` (and `performance.reference`) of a multiclass or regression model.
    public func jsonValue(_ task: ModelTask) -> JSONValue {
        switch task {
        case .multiclass:
            .object([("accuracy", .number(accuracy)), ("macro_precision", .number(macroPrecision)),
                     ("macro_recall", .number(macroRecall)), ("macro_f1", .number(macroF1)), ("roc_auc", .number(rocAUC))])
        case .regression, .binary:
            .object([("mae", .number(mae)), ("rmse", .number(rmse))])
        }
    }
}

extension MultivariateSnapshot {
    /// `{"method": "pca_reconstruction", "components", "features", "records", "error", "lower",
    /// "upper", "chunk_rows", "alert"}` (docs/statistics.md, "Multivariate drift").
    public var jsonValue: JSONValue {
        .object([
            ("method", .string(Self.method)),
            ("components", .int(components)),
            ("features", .int(features)),
            ("records", .int(records)),
            ("error", .number(error)),
            ("lower", .number(lower)),
            ("upper", .number(upper)),
            ("chunk_rows", .int(chunkRows)),
            ("alert", alert.map(JSONValue.bool) ?? .null),
        ])
    }
}
