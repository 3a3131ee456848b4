import MonitorEngine

extension AlertRule {
    /// The rules in force when the configuration has none: one per failure this tool exists to
    /// catch, with thresholds a user can read in the README.
    ///
    /// - `feature drift`: any feature in the drift band (its method's value above `drift.alert`,
    ///   or its test's p-value below `drift.alpha`) for 5 minutes, high.
    /// - `missing values`: any feature missing in more than 5% of records for 5 minutes, warning
    ///   (an absolute rate: the snapshot does not carry the reference's own missing rate).
    /// - `prediction drift`: PSI of the score above 0.2 for 5 minutes, high.
    /// - `precision drop`: realized precision below the reference's precision minus 0.1 for
    ///   15 minutes, high; and `estimated precision drop`, the same on the confidence-based
    ///   estimate, warning. Both only once the reference's precision is known.
    /// - `latency p99`: p99 latency above 500 ms for 5 minutes, warning.
    /// - `error rate`: more than 5% of requests failing for 5 minutes, high.
    /// - `stale stream`: no record for 5 minutes (wall clock), critical.
    ///
    /// A multiclass model (tasks.md) watches `accuracy` instead of precision (`accuracy drop`,
    /// below the reference's accuracy minus 0.1, and its estimate); a regression watches `mae`
    /// (`error rise`, above 1.5 times the reference's MAE, and its estimate). `prediction drift`
    /// then reads the PSI of the predicted class or of the prediction.
    public static func defaultRules(drift: DriftSettings = DriftSettings(),
                                    referencePrecision: Double? = nil, task: TaskSnapshot? = nil) -> [AlertRule] {
        var rules = [
            AlertRule(name: "feature drift", metric: .drift, scope: .anyFeature,
                      threshold: .above(drift.alert), holdFor: .minutes(5), severity: .high),
            AlertRule(name: "missing values", metric: .missing, scope: .anyFeature,
                      threshold: .above(0.05), holdFor: .minutes(5), severity: .warning),
            AlertRule(name: "prediction drift", metric: .psiPrediction, scope: .global,
                      threshold: .above(0.2), holdFor: .minutes(5), severity: .high),
        ]
        if let task {
            switch task.task {
            case .multiclass:
                if let accuracy = task.reference?.accuracy, accuracy.isFinite, accuracy > 0.1 {
                    rules.append(AlertRule(name: "accuracy drop", metric: .accuracy, scope: .global,
                                           threshold: .below(accuracy - 0.1), holdFor: .minutes(15), severity: .high))
                    rules.append(AlertRule(name: "estimated accuracy drop", metric: .estimatedAccuracy, scope: .global,
                                           threshold: .below(accuracy - 0.1), holdFor: .minutes(15), severity: .warning))
                }
            case .regression, .binary:
                if let mae = task.reference?.mae, mae.isFinite, mae > 0 {
                    rules.append(AlertRule(name: "error rise", metric: .mae, scope: .global,
                                           threshold: .above(mae * 1.5), holdFor: .minutes(15), severity: .high))
                    rules.append(AlertRule(name: "estimated error rise", metric: .estimatedMAE, scope: .global,
                                           threshold: .above(mae * 1.5), holdFor: .minutes(15), severity: .warning))
                }
            }
        } else if let referencePrecision, referencePrecision.isFinite, referencePrecision > 0.1 {
            let limit = referencePrecision - 0.1
            rules.append(AlertRule(name: "precision drop", metric: .precision, scope: .global,
                                   threshold: .below(limit), holdFor: .minutes(15), severity: .high))
            rules.append(AlertRule(name: "estimated precision drop", metric: .estimatedPrecision, scope: .global,
                                   threshold: .below(limit), holdFor: .minutes(15), severity: .warning))
        }
        rules += [
            AlertRule(name: "latency p99", metric: .latencyP99, scope: .global,
                      threshold: .above(500), holdFor: .minutes(5), severity: .warning),
            AlertRule(name: "error rate", metric: .errorRate, scope: .global,
                      threshold: .above(0.05), holdFor: .minutes(5), severity: .high),
            AlertRule(name: "stale stream", metric: .stale, scope: .global,
                      threshold: .above(300), severity: .critical),
        ]
        return rules
    }

    /// The configuration's rules, or the default ones when it has none.
    public static func rules(of config: MonitorConfig, referencePrecision: Double?, task: TaskSnapshot? = nil) -> [AlertRule] {
        config.alerts.isEmpty
            ? defaultRules(drift: config.drift, referencePrecision: referencePrecision, task: task)
            : config.alerts
    }
}
