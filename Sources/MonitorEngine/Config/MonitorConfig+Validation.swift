extension MonitorConfig {
    /// The largest values of the keys that size memory (docs/configuration.md, docs/security.md
    /// "Configuration limits"): past them a typo such as `score_bins: 1000000000` would fail
    /// an allocation or a precondition, not give a message.
    public enum Limits {
        public static let bins = 1_000
        public static let fineBins = 4_096
        public static let topCategories = 1_000
        public static let scoreBins = 1_000
        public static let segmentValues = 1_000
        public static let maxPending = 100_000_000
        public static let referenceRecords = 1_000_000
        public static let maxLine = ByteSize.mebibytes(64)
        /// Buckets in a window (`window` / `bucket`): a week of one-minute buckets.
        public static let windowBuckets = 10_080
    }

    /// Checks the rules values must follow, alone and together (threshold in [0, 1], a window
    /// of whole buckets, `warn` below `alert`, scopes naming configured segments, ...).
    ///
    /// Loading already runs these checks; call this again after command-line flags have changed
    /// fields. Errors name the key, and the line when the value came from the file.
    public func validate() throws(ConfigError) {
        try check(file: file ?? "configuration", positions: [:])
    }

    /// The checks of `validate()`, placing each error at the value's position when known.
    func check(file: String, positions: [String: ConfigPosition]) throws(ConfigError) {
        func fail(_ key: String, _ message: String) -> ConfigError {
            // A key set by default or by a flag has no position; its closest enclosing key may.
            var path = Substring(key)
            while positions[String(path)] == nil, let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) {
                path = path[..<cut]
            }
            let position = positions[String(path)]
            return ConfigError(file: file, line: position?.line, column: position?.column, key: key, message: message)
        }
        func atLeast(_ value: Int, _ minimum: Int, _ key: String, _ what: String) throws(ConfigError) {
            guard value >= minimum else {
                throw fail(key, "'\(key)' must be a whole number of \(what), at least \(minimum), got \(value)")
            }
        }
        func atMost(_ value: Int, _ maximum: Int, _ key: String, _ what: String) throws(ConfigError) {
            guard value <= maximum else {
                throw fail(key, "'\(key)' must be a whole number of \(what), at most \(NumberText.grouped(maximum)), got \(NumberText.grouped(value))")
            }
        }
        func between(_ value: Int, _ minimum: Int, _ maximum: Int, _ key: String, _ what: String) throws(ConfigError) {
            try atLeast(value, minimum, key, what)
            try atMost(value, maximum, key, what)
        }

        // The task's own keys (docs/tasks.md).
        if task != .multiclass {
            if !fields.classScores.isEmpty {
                throw fail("fields.class_scores", "'fields.class_scores' needs 'task: multiclass' (the task is \(task.rawValue))")
            }
            if classes != nil {
                throw fail("classes", "'classes' needs 'task: multiclass' (the task is \(task.rawValue))")
            }
        }
        let known: [(String, String)] = [
            ("id", fields.id), ("ts", fields.timestamp), ("model", fields.model), ("version", fields.version),
            ("score", fields.score), ("prediction", fields.prediction), ("label", fields.label), ("value", fields.value),
            ("latency_ms", fields.latencyMilliseconds), ("status", fields.status)]
        for entry in fields.classScores {
            if let field = known.first(where: { $0.1 == entry.column }) {
                throw fail("fields.class_scores.\(entry.name)",
                           "'fields.class_scores.\(entry.name)' maps column '\(entry.column)', which is the '\(field.0)' column")
            }
        }
        if let classes {
            guard classes.count >= 2 else {
                throw fail("classes", "'classes' must name at least 2 classes, got \(classes.count)")
            }
            if let unknown = fields.classScores.first(where: { !classes.contains($0.name) }) {
                throw fail("fields.class_scores.\(unknown.name)",
                           "'fields.class_scores' names class '\(unknown.name)', which 'classes' does not list")
            }
        }
        try between(dle.trees, 0, 1_000, "dle.trees", "trees")
        try between(dle.maxLeaves, 2, 1_024, "dle.max_leaves", "leaves")
        try between(dle.minSamplesPerLeaf, 1, 1_000_000, "dle.min_leaf_rows", "rows")
        try between(dle.maxBins, 2, 255, "dle.bins", "bins")
        guard dle.learningRate > 0, dle.learningRate <= 1 else {
            throw fail("dle.learning_rate", "'dle.learning_rate' must be a number in (0, 1], got \(dle.learningRate.configText)")
        }
        if let champion, champion == challenger {
            throw fail("challenger", "'challenger' must name another version than 'champion' ('\(champion)')")
        }
        if let business {
            if task != .binary, business.hasBinaryValues {
                throw fail("business", "'business' tp, fp, fn and tn apply to a binary model; the task is \(task.rawValue) "
                           + (task == .multiclass ? "(use 'matrix')" : "(use 'per_unit_error')"))
            }
            if task != .multiclass, !business.matrix.isEmpty {
                throw fail("business.matrix", "'business.matrix' needs 'task: multiclass' (the task is \(task.rawValue))")
            }
            if task != .regression, business.perUnitError != nil {
                throw fail("business.per_unit_error", "'business.per_unit_error' needs 'task: regression' (the task is \(task.rawValue))")
            }
            if let classes {
                for (actual, row) in business.matrix.sorted(by: { $0.key < $1.key }) {
                    for name in [actual] + row.keys.sorted() where !classes.contains(name) {
                        throw fail("business.matrix", "'business.matrix' names class '\(name)', which 'classes' does not list")
                    }
                }
            }
        }

        guard (0...1).contains(threshold) else {
            throw fail("threshold", "'threshold' must be a number between 0 and 1, got \(threshold.configText)")
        }

        // Windows are sums of whole buckets (docs/statistics.md, "Windows and segments").
        guard bucket.seconds > 0 else {
            throw fail("bucket", "'bucket' must be longer than 0, got \(bucket)")
        }
        if case .span(let span) = window {
            guard span.seconds > 0 else {
                throw fail("window", "'window' must be longer than 0 (or 'all'), got \(span)")
            }
            guard span.seconds % bucket.seconds == 0 else {
                throw fail("window", "'window' (\(span)) must be a whole number of buckets ('bucket' is \(bucket))")
            }
            guard span.seconds / bucket.seconds <= Limits.windowBuckets else {
                let key = positions["window"] == nil && positions["bucket"] != nil ? "bucket" : "window"
                throw fail(key, "'window' (\(span)) must be at most \(NumberText.grouped(Limits.windowBuckets)) buckets of 'bucket' (\(bucket)), got \(NumberText.grouped(span.seconds / bucket.seconds)): use a longer 'bucket'")
            }
        }
        if case .fixed(0) = labelHorizon {
            throw fail("label_ttl", "'label_ttl' must be longer than 0 ('none' keeps labels until evicted, 'auto' learns it)")
        }

        try between(drift.bins, 2, Limits.bins, "drift.bins", "bins")
        try between(drift.fineBins, 2, Limits.fineBins, "drift.fine_bins", "bins")
        try atLeast(drift.minRecords, 1, "drift.min_records", "records")
        try between(drift.topCategories, 1, Limits.topCategories, "drift.top_categories", "categories")
        guard drift.warn > 0 else {
            throw fail("drift.warn", "'drift.warn' must be above 0, got \(drift.warn.configText)")
        }
        guard drift.warn < drift.alert else {
            let key = positions["drift.alert"] != nil && positions["drift.warn"] == nil ? "drift.alert" : "drift.warn"
            throw fail(key, "'drift.warn' (\(drift.warn.configText)) must be below 'drift.alert' (\(drift.alert.configText))")
        }
        guard drift.alpha > 0, drift.alpha < 1 else {
            throw fail("drift.alpha", "'drift.alpha' must be a number between 0 and 1 (exclusive), got \(drift.alpha.configText)")
        }
        guard DriftMethod.numeric.contains(drift.numeric) else {
            throw fail("drift.numeric", "'drift.numeric' cannot be \(drift.numeric): it applies to categorical features")
        }
        guard DriftMethod.categorical.contains(drift.categorical) else {
            throw fail("drift.categorical", "'drift.categorical' cannot be \(drift.categorical): it applies to numeric features")
        }

        guard maxLine.bytes > 0 else { throw fail("max_line", "'max_line' must be more than 0 bytes") }
        guard maxLine <= Limits.maxLine else {
            throw fail("max_line", "'max_line' must be at most \(Limits.maxLine), got \(maxLine)")
        }
        try between(referenceRecords, 1, Limits.referenceRecords, "reference_records", "records")
        try between(segmentValues, 1, Limits.segmentValues, "segment_values", "values")
        try between(maxPending, 1, Limits.maxPending, "max_pending", "records")
        try between(scoreBins, 2, Limits.scoreBins, "score_bins", "bins")

        // Names are looked up in sets: a file listing many features, ranges and rules must not
        // take quadratic time to check.
        let featureNames = features.map(Set.init)
        try checkColumns(positions, featureNames: featureNames, fail)
        let segmentNames = Set(segments)
        for (index, rule) in alerts.enumerated() {
            try check(rule, path: "alerts[\(index)]", featureNames: featureNames, segmentNames: segmentNames, fail)
        }
    }

    /// Mapped fields need distinct columns, and a column is either a field or a feature.
    private func checkColumns(
        _ positions: [String: ConfigPosition], featureNames: Set<String>?, _ fail: (String, String) -> ConfigError
    ) throws(ConfigError) {
        let mapped: [(key: String, column: String)] = [
            ("id", fields.id), ("ts", fields.timestamp), ("model", fields.model), ("version", fields.version),
            ("score", fields.score), ("prediction", fields.prediction), ("label", fields.label),
            ("value", fields.value), ("latency_ms", fields.latencyMilliseconds), ("status", fields.status),
        ]
        var owners: [String: String] = [:]
        for (key, column) in mapped {
            if let owner = owners[column] {
                // Blame the field the file moved onto the other's column, not the one left at its default.
                let (given, other) = positions["fields.\(key)"] == nil && positions["fields.\(owner)"] != nil
                    ? (owner, key) : (key, owner)
                throw fail("fields.\(given)", "'fields.\(given)' and 'fields.\(other)' both read column '\(column)': "
                           + "map 'fields.\(other)' to a different column")
            }
            owners[column] = key
        }
        for name in features ?? [] {
            if let owner = owners[name] {
                throw fail("features", "'\(name)' is listed in 'features' but is the column of 'fields.\(owner)'")
            }
        }
        for (feature, _) in ranges.sorted(by: { $0.key < $1.key }) {
            if let featureNames, !featureNames.contains(feature) {
                throw fail("ranges.\(feature)", "'ranges' names '\(feature)', which is not among 'features'")
            }
            if featureKinds[feature] == .categorical {
                throw fail("ranges.\(feature)", "'ranges' names '\(feature)', which 'features' forces to be categorical")
            }
        }
    }

    /// The checks of one rule: a threshold the metric can cross, a scope that fits the metric
    /// and names configured features and segments.
    private func check(
        _ rule: AlertRule, path: String, featureNames: Set<String>?, segmentNames: Set<String>,
        _ fail: (String, String) -> ConfigError
    ) throws(ConfigError) {
        let thresholdKey: String
        switch rule.threshold {
        case .above: thresholdKey = "\(path).above"
        case .below: thresholdKey = "\(path).below"
        }
        let limit = rule.threshold.value
        guard limit.isFinite, limit >= 0 else {
            throw fail(thresholdKey, "'\(thresholdKey)' must be 0 or more (\(rule.metric) is never negative), got \(limit.configText)")
        }
        if rule.metric.isRate, limit > 1 {
            throw fail(thresholdKey, "'\(thresholdKey)' must be between 0 and 1 (\(rule.metric) is a share), got \(limit.configText)")
        }
        let scopeKey = "\(path).scope"
        let multiclassMetrics: [AlertMetric] = [.accuracy, .macroF1, .estimatedAccuracy, .estimatedMacroF1, .classShare]
        let regressionMetrics: [AlertMetric] = [.mae, .rmse, .mape, .r2, .estimatedMAE, .estimatedRMSE]
        let binaryMetrics: [AlertMetric] = [.positiveRate, .precision, .recall, .f1, .auc, .estimatedPrecision, .fairnessGap]
        let metricTask: ModelTask? = multiclassMetrics.contains(rule.metric) ? .multiclass
            : regressionMetrics.contains(rule.metric) ? .regression : binaryMetrics.contains(rule.metric) ? .binary : nil
        if let metricTask, metricTask != task {
            throw fail("\(path).metric", "\(rule.metric) is a metric of a \(metricTask.rawValue) model; the task is \(task.rawValue)")
        }
        if rule.metric == .fairnessGap {
            if segments.isEmpty {
                throw fail(scopeKey, "fairness_gap compares the segments of a dimension: 'segments' must list at least one")
            }
            switch rule.scope {
            case .global, .dimension: break
            default: throw fail(scopeKey, "fairness_gap takes scope dimension:DIM (or global: every dimension), not '\(rule.scope)'")
            }
        }
        if rule.scope.isPerFeature, !rule.metric.isPerFeature {
            throw fail(scopeKey, "scope '\(rule.scope)' needs a per-feature metric (drift, missing, out_of_range, unseen); "
                       + "\(rule.metric) is not measured per feature")
        }
        if rule.metric.isPerFeature, rule.scope == .global {
            throw fail(scopeKey, "\(rule.metric) is measured per feature: use scope any_feature or feature:NAME, not global")
        }
        switch rule.scope {
        case .feature(let name):
            if let featureNames, !featureNames.contains(name) {
                throw fail(scopeKey, "scope '\(rule.scope)' names a feature that is not among 'features'")
            }
        case .anySegment:
            if segments.isEmpty {
                throw fail(scopeKey, "scope 'any_segment' needs 'segments' to list at least one dimension")
            }
        case .segment(let dimension, _):
            if !segmentNames.contains(dimension) {
                let known = segments.isEmpty ? "none is configured" : "configured: \(segments.joined(separator: ", "))"
                throw fail(scopeKey, "scope '\(rule.scope)' names dimension '\(dimension)', which is not among 'segments' (\(known))")
            }
        case .dimension(let name):
            guard rule.metric == .fairnessGap else {
                throw fail(scopeKey, "scope '\(rule.scope)' is for metric fairness_gap, not \(rule.metric)")
            }
            if !segmentNames.contains(name) {
                let known = segments.isEmpty ? "none is configured" : "configured: \(segments.joined(separator: ", "))"
                throw fail(scopeKey, "scope '\(rule.scope)' names dimension '\(name)', which is not among 'segments' (\(known))")
            }
        case .modelClass(let name):
            guard rule.metric == .classShare else {
                throw fail(scopeKey, "scope '\(rule.scope)' is for metric class_share, not \(rule.metric)")
            }
            if let classes, !classes.contains(name) {
                throw fail(scopeKey, "scope '\(rule.scope)' names a class that 'classes' does not list")
            }
        case .global, .anyFeature:
            break
        }
        if rule.adaptive, [AlertMetric.latencyP99, .errorRate, .stale].contains(rule.metric) {
            throw fail("\(path).adaptive", "'\(path).adaptive' cannot learn a threshold for \(rule.metric): "
                       + "the reference has no latency, status or arrival times")
        }
        if let action = rule.action, action.first?.isEmpty ?? true {
            throw fail("\(path).action", "'\(path).action' needs at least the program to run")
        }
    }

}
