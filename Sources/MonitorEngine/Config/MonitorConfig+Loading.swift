import Foundation
import Yams

extension MonitorConfig {
    /// Keys of the top level of `modeltop.yaml`, in the order of the documentation.
    static let topLevelKeys = [
        "model", "task", "classes", "reference", "predictions", "labels", "format", "fields", "features", "segments",
        "threshold", "positive_label", "window", "bucket", "drift", "ranges", "business", "alerts",
        "state", "max_line", "reference_records", "segment_values", "label_ttl", "max_pending",
        "score_bins", "theme", "action_env", "alert_retention", "alert_max_occurrences", "dle",
        "champion", "challenger", "keys", "metrics", "alertmanager",
    ]
    /// Keys of `metrics:`, the Prometheus exposition's settings.
    static let metricsKeys = ["categories"]
    /// Keys of `alertmanager:`, where firing alerts are delivered.
    static let alertmanagerKeys = ["url", "labels", "repeat", "timeout"]
    /// Keys of `dle:`, the trees of a regression's direct loss estimation.
    static let dleKeys = ["trees", "learning_rate", "max_leaves", "min_leaf_rows", "bins"]
    /// Keys of `fields:`, each naming the column of one known field of a record.
    static let fieldKeys = [
        "id", "ts", "model", "version", "score", "scores", "prediction", "label", "value", "latency_ms", "status",
        "class_scores",
    ]
    /// Keys of `drift:`.
    static let driftKeys = [
        "numeric", "categorical", "bins", "warn", "alert", "fine_bins", "alpha", "fdr", "min_records", "top_categories",
    ]
    /// Keys of `business:`, one per outcome.
    static let businessKeys = ["tp", "fp", "fn", "tn", "matrix", "per_unit_error"]
    /// Keys of one entry of `alerts:`.
    static let ruleKeys = ["name", "metric", "scope", "above", "below", "for", "severity", "action", "adaptive", "rate"]

    /// Configuration files larger than this are refused before parsing: they are not
    /// configuration files.
    public static let maximumFileBytes = 16 << 20

    /// Reads and checks the configuration file at `path`; relative paths inside it are resolved
    /// against its directory and `~` against `$HOME` from `environment`.
    public static func load(
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> MonitorConfig {
        try parse(data: readBytes(path: path), path: path, environment: environment)
    }

    /// The bytes of the configuration file at `path`, with `load`'s errors: what a caller that
    /// also hashes the file parses (`parse(data:path:environment:)`), so that the bytes judged
    /// and the bytes used are the same.
    public static func readBytes(path: String) throws(ConfigError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, message: "cannot read the configuration file: no such file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(file: path, message: "cannot read the configuration file: it is a directory")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw ConfigError(file: path, message: "cannot read the configuration file: \(error.localizedDescription)")
        }
        return data
    }

    /// Checks and parses the bytes of a configuration file as if read from `path`: what `load`
    /// does once the file is read (the size limit, UTF-8, then `parse(yaml:path:environment:)`).
    public static func parse(
        data: Data,
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> MonitorConfig {
        guard data.count <= maximumFileBytes else {
            throw ConfigError(file: path, message: "the configuration file is larger than 16 MiB (\(data.count) bytes)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "the configuration file is not valid UTF-8")
        }
        return try parse(yaml: text, path: path, environment: environment)
    }

    /// Parses and checks configuration text as if read from `path` (used for messages and to
    /// resolve relative paths).
    public static func parse(
        yaml: String,
        path: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigError) -> MonitorConfig {
        if let found = AliasScan.firstHazard(in: yaml) {
            switch found.hazard {
            case .alias:
                throw ConfigError(file: path, line: found.line, column: found.column,
                                  message: "'*' starts a YAML alias here, which the configuration does not use: "
                                      + "write the value out, and quote it if it is a glob (\"*.jsonl\")")
            case .deepNesting:
                throw ConfigError(file: path, line: found.line, column: found.column,
                                  message: "YAML syntax error: nested more than \(AliasScan.maximumFlowDepth) levels deep")
            }
        }
        let root: Node?
        YAMLNesting.enforce()
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw syntaxError(error, file: path, yaml: yaml)
        } catch {
            throw ConfigError(file: path, message: "YAML syntax error: \(error)")
        }
        var config = MonitorConfig()
        config.file = path
        config.directory = directory(of: path)
        var reader = ConfigReader(file: path)
        if let root, !ConfigReader.isNull(root) {
            try config.read(root, with: &reader, home: environment["HOME"])
        }
        try config.check(file: path, positions: reader.positions)
        return config
    }

    /// The directory of a configuration path, `.` for a bare file name.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// A libyaml error as a `ConfigError` at the line and column libyaml reports.
    static func syntaxError(_ error: YamlError, file: String, yaml: String) -> ConfigError {
        func problem(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ConfigError {
            // libyaml's own wording names its C API; say what it means for the file.
            let problem = YAMLNesting.isLimit(problem) ? YAMLNesting.message : problem
            var message = "YAML syntax error: \(problem)"
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return ConfigError(file: file, line: mark.line, column: mark.column, message: message)
        }
        switch error {
        case .scanner(let context, let text, let mark, _),
             .parser(let context, let text, let mark, _),
             .composer(let context, let text, let mark, _):
            return problem(context, text, mark)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let (keys, isOrdered) = duplicateKeys(duplicates)
            guard isOrdered else {
                return ConfigError(file: file, message: "duplicate key \(keys) in the same mapping")
            }
            return ConfigError(file: file, line: context.mark.line, column: context.mark.column,
                               key: duplicates.min(),
                               message: "duplicate key \(keys) in the same mapping (first given here)")
        case .reader(let text, let offset, _, _):
            var line: Int?
            var column: Int?
            if let offset, offset <= yaml.count {
                let before = yaml.prefix(offset)
                line = before.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                column = before.count - (before.lastIndex(of: "\n").map { before.distance(from: before.startIndex, to: $0) + 1 } ?? 0) + 1
            }
            return ConfigError(file: file, line: line, column: column, message: "YAML syntax error: \(text)")
        default:
            return ConfigError(file: file, message: "YAML syntax error: \(error)")
        }
    }

    /// The repeated keys of a mapping as a message lists them, and whether Yams's place for them
    /// can be trusted. Yams sorts the repeated keys and reports where the first one is, but a
    /// list or mapping used as a key (which it names `<uncovertable>`) and a scalar with another
    /// tag but the same text do not sort: which one comes first, and so the place, changed from
    /// one load of the same file to the next.
    public static func duplicateKeys(_ duplicates: [String]) -> (text: String, isOrdered: Bool) {
        let unnamed = "<uncovertable>"
        let named = duplicates.filter { $0 != unnamed }.sorted()
        var parts = named.map { "'\($0)'" }
        switch duplicates.count - named.count {
        case 0: break
        case 1: parts.append("a key that is not a plain name")
        case let count: parts.append("\(count) keys that are not plain names")
        }
        let isOrdered = named.count == duplicates.count && Set(named).count == named.count
        return (parts.joined(separator: ", "), isOrdered)
    }

    /// Fills the configuration from the top-level mapping.
    mutating func read(_ root: Node, with reader: inout ConfigReader, home: String?) throws(ConfigError) {
        for entry in try reader.entries(of: root, keyPath: nil, allowed: Self.topLevelKeys,
                                        topLevelKeys: Self.topLevelKeys) {
            let key = entry.key
            let node = entry.value
            if ConfigReader.isNull(node) { continue }
            givenKeys.insert(key)
            switch key {
            case "model":
                model = try reader.text(node, key: key)
            case "task":
                let name = try reader.text(node, key: key)
                guard let task = ModelTask(rawValue: name) else {
                    throw reader.error("'task' must be binary, multiclass or regression, got '\(name)'", at: node, key: key)
                }
                fields.task = task
            case "classes":
                classes = try reader.names(node, key: key, allowSingle: false, what: "a class name", plural: "class names")
            case "reference":
                reference = try resolve(reader.text(node, key: key, what: "a file path"), at: node, key: key,
                                        reader: reader, home: home)
            case "predictions", "labels":
                var paths: [String] = []
                let names = try reader.names(node, key: key, allowSingle: true, what: "a file path or glob", plural: "file paths or globs")
                let items = node.sequence.map { Array($0) }
                for (index, name) in names.enumerated() {
                    let itemNode = items?[index] ?? node
                    paths.append(try resolve(name, at: itemNode, key: key, reader: reader, home: home))
                }
                if key == "predictions" { predictions = paths } else { labels = paths }
            case "format":
                let name = try reader.text(node, key: key)
                guard let format = LogFormat(rawValue: name) else {
                    throw reader.error("'format' must be csv or jsonl, got '\(name)'", at: node, key: key)
                }
                self.format = format
            case "fields":
                try readFields(node, with: &reader)
            case "features":
                try readFeatures(node, with: &reader)
            case "segments":
                segments = try reader.names(node, key: key, allowSingle: false, what: "a column name", plural: "column names")
            case "threshold":
                threshold = try reader.number(node, key: key, requirement: "a number between 0 and 1")
            case "positive_label":
                positiveLabel = try reader.text(node, key: key)
            case "champion":
                champion = try reader.text(node, key: key, what: "a model version")
            case "challenger":
                challenger = try reader.text(node, key: key, what: "a model version")
            case "window":
                let text = try reader.text(node, key: key, what: "a duration or 'all'")
                if let window = WindowLength(parsing: text) {
                    self.window = window
                } else if text.trimmingSpaces == "0" || TimeSpan(parsing: text)?.seconds == 0 {
                    throw reader.error("'window' must be longer than 0 (or 'all'), got '\(text)'", at: node, key: key)
                } else {
                    _ = try reader.timeSpan(node, key: key)
                }
            case "bucket":
                bucket = try reader.timeSpan(node, key: key)
            case "drift":
                try readDrift(node, with: &reader)
            case "ranges":
                try readRanges(node, with: &reader)
            case "business":
                try readBusiness(node, with: &reader)
            case "alerts":
                try readAlerts(node, with: &reader)
            case "state":
                state = try resolve(reader.text(node, key: key, what: "a file path"), at: node, key: key,
                                    reader: reader, home: home)
            case "max_line":
                maxLine = try reader.byteSize(node, key: key)
            case "reference_records":
                referenceRecords = try reader.integer(node, key: key, requirement: "a whole number of records")
            case "segment_values":
                segmentValues = try reader.integer(node, key: key, requirement: "a whole number of values")
            case "label_ttl":
                switch node.scalar?.string {
                case "auto": labelHorizon = .learned
                case "none": labelHorizon = .unbounded
                default: labelHorizon = .fixed(Double(try reader.timeSpan(node, key: key).seconds))
                }
            case "max_pending":
                maxPending = try reader.integer(node, key: key, requirement: "a whole number of records")
            case "score_bins":
                scoreBins = try reader.integer(node, key: key, requirement: "a whole number of bins")
            case "theme":
                let name = try reader.text(node, key: key, what: "a theme name or file")
                // A bare word names a shipped or user theme; anything path-like is a file beside the config.
                let isPath = name.contains("/") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
                theme = isPath ? try resolve(name, at: node, key: key, reader: reader, home: home) : name
            case "action_env":
                let text = try reader.text(node, key: key)
                guard let choice = ActionEnvironment(rawValue: text) else {
                    throw reader.error("'action_env' must be minimal or inherit, got '\(text)'", at: node, key: key)
                }
                actionEnvironment = choice
            case "alert_retention":
                alertRetention = try reader.timeSpan(node, key: key)
                if alertRetention.seconds <= 0 {
                    throw reader.error("'alert_retention' must be longer than 0", at: node, key: key)
                }
            case "dle":
                try readDLE(node, with: &reader)
            case "keys":
                try readKeys(node, with: &reader)
            case "metrics":
                try readMetrics(node, with: &reader)
            case "alertmanager":
                try readAlertmanager(node, with: &reader)
            case "alert_max_occurrences":
                alertMaxOccurrences = try reader.integer(node, key: key, requirement: "a whole number of occurrences")
                if alertMaxOccurrences < 1 {
                    throw reader.error("'alert_max_occurrences' must be at least 1", at: node, key: key)
                }
            default:
                preconditionFailure("key '\(key)' is allowed but not read")
            }
        }
    }

    /// A path from the file: `-` stays standard input, `~` and `~/...` expand to `home`, an
    /// absolute path stays, and anything else (globs included) is taken relative to the file's
    /// directory.
    func resolve(_ path: String, at node: Node, key: String, reader: ConfigReader,
                 home: String?) throws(ConfigError) -> String {
        if path == "-" || path.hasPrefix("/") { return path }
        if path == "~" || path.hasPrefix("~/") {
            guard let home, !home.isEmpty else {
                throw reader.error("'\(key)' starts with '~' but HOME is not set", at: node, key: key)
            }
            return path == "~" ? home : Self.joined(home, String(path.dropFirst(2)))
        }
        var relative = Substring(path)
        while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
        if directory == "." { return String(relative) }
        return Self.joined(directory, String(relative))
    }

    mutating func readFields(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        var columnOwners: [String: String] = [:]
        for entry in try reader.entries(of: node, keyPath: "fields", allowed: Self.fieldKeys,
                                        topLevelKeys: Self.topLevelKeys) {
            if ConfigReader.isNull(entry.value) { continue }
            let key = "fields.\(entry.key)"
            if entry.key == "class_scores" {
                for score in try reader.entries(of: entry.value, keyPath: key, allowed: nil, topLevelKeys: Self.topLevelKeys) {
                    let scoreKey = "\(key).\(score.key)"
                    let column = try reader.text(score.value, key: scoreKey, what: "a column name")
                    if let owner = columnOwners[column] {
                        throw reader.error("'\(scoreKey)' maps column '\(column)' that '\(owner)' already maps",
                                           at: score.value, key: scoreKey)
                    }
                    columnOwners[column] = scoreKey
                    fields.classScores.append(ClassScoreColumn(name: score.key, column: column))
                }
                continue
            }
            let column = try reader.text(entry.value, key: key, what: "a column name")
            if let owner = columnOwners[column] {
                throw reader.error("'\(key)' maps column '\(column)' that '\(owner)' already maps",
                                   at: entry.value, key: key)
            }
            columnOwners[column] = key
            switch entry.key {
            case "id": fields.id = column
            case "ts": fields.timestamp = column
            case "model": fields.model = column
            case "version": fields.version = column
            case "score": fields.score = column
            case "scores": fields.scores = column
            case "prediction": fields.prediction = column
            case "label": fields.label = column
            case "value": fields.value = column
            case "latency_ms": fields.latencyMilliseconds = column
            case "status": fields.status = column
            default: preconditionFailure("field '\(entry.key)' is allowed but not read")
            }
        }
    }

    mutating func readFeatures(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        if case .mapping = node {
            var names: [String] = []
            for entry in try reader.entries(of: node, keyPath: "features", allowed: ["numeric", "categorical"],
                                            topLevelKeys: Self.topLevelKeys) {
                if ConfigReader.isNull(entry.value) { continue }
                let key = "features.\(entry.key)"
                let kind = FeatureKind(rawValue: entry.key)!
                let listed = try reader.names(entry.value, key: key, allowSingle: false, what: "a feature name", plural: "feature names")
                for (index, name) in listed.enumerated() {
                    if let other = featureKinds[name] {
                        throw reader.error("feature '\(name)' is listed as both \(other.rawValue) and \(kind.rawValue)",
                                           at: entry.value.sequence.map { Array($0)[index] } ?? entry.value,
                                           key: "\(key)[\(index)]")
                    }
                    featureKinds[name] = kind
                    names.append(name)
                }
            }
            features = names
        } else {
            guard case .sequence = node else {
                throw reader.error("'features' must be a list of feature names, or a mapping with 'numeric' and "
                                   + "'categorical' lists, got \(ConfigReader.shown(node))", at: node, key: "features")
            }
            features = try reader.names(node, key: "features", allowSingle: false, what: "a feature name", plural: "feature names")
        }
    }

    mutating func readKeys(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        var bound: [Character: String] = [:]
        for entry in try reader.entries(of: node, keyPath: "keys", allowed: KeyAction.allCases.map(\.rawValue),
                                        topLevelKeys: Self.topLevelKeys) {
            if ConfigReader.isNull(entry.value) { continue }
            let key = "keys.\(entry.key)"
            let text = try reader.text(entry.value, key: key, what: "one character")
            guard text.count == 1, let character = text.first, !character.isWhitespace, !character.isNewline else {
                throw reader.error("'\(key)' must be one printable character, got '\(text)'", at: entry.value, key: key)
            }
            if let other = bound[character] {
                throw reader.error("'\(key)' binds '\(text)', which 'keys.\(other)' already binds", at: entry.value, key: key)
            }
            bound[character] = entry.key
            keys.keys[KeyAction(rawValue: entry.key)!] = character
        }
    }

    mutating func readMetrics(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        for entry in try reader.entries(of: node, keyPath: "metrics", allowed: Self.metricsKeys, topLevelKeys: Self.topLevelKeys) {
            let value = entry.value
            if ConfigReader.isNull(value) { continue }
            let key = "metrics.\(entry.key)"
            switch entry.key {
            case "categories":
                let text = try reader.text(value, key: key)
                guard let choice = MetricsCategories(rawValue: text) else {
                    throw reader.error("'\(key)' must be plain or hashed, got '\(text)'", at: value, key: key)
                }
                metricsCategories = choice
            default: preconditionFailure("metrics key '\(entry.key)' is allowed but not read")
            }
        }
    }

    mutating func readAlertmanager(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        var url: String?
        var settings = AlertmanagerSettings(url: "")
        for entry in try reader.entries(of: node, keyPath: "alertmanager", allowed: Self.alertmanagerKeys,
                                        topLevelKeys: Self.topLevelKeys) {
            let value = entry.value
            if ConfigReader.isNull(value) { continue }
            let key = "alertmanager.\(entry.key)"
            switch entry.key {
            case "url":
                var text = try reader.text(value, key: key, what: "a URL such as http://127.0.0.1:9093")
                if let problem = AlertmanagerSettings.problem(url: text) {
                    throw reader.error("'\(key)': \(problem)", at: value, key: key)
                }
                while text.hasSuffix("/") { text.removeLast() }
                url = text
            case "labels":
                for label in try reader.entries(of: value, keyPath: key, allowed: nil, topLevelKeys: Self.topLevelKeys) {
                    let name = label.key
                    guard AlertmanagerSettings.isLabelName(name) else {
                        throw reader.error("'\(key)': '\(name)' is not a label name (letters, digits and _, not starting with a digit)",
                                           at: label.keyNode, key: key)
                    }
                    guard !AlertmanagerSettings.reservedLabels.contains(name) else {
                        throw reader.error("'\(key)': '\(name)' is set by modeltop on every alert ("
                                           + AlertmanagerSettings.reservedLabels.joined(separator: ", ") + ")", at: label.keyNode, key: key)
                    }
                    settings.labels[name] = try reader.text(label.value, key: "\(key).\(name)")
                }
            case "repeat":
                let seconds = Double(try reader.timeSpan(value, key: key).seconds)
                guard seconds >= 1 else { throw reader.error("'\(key)' must be at least 1s", at: value, key: key) }
                settings.repeatSeconds = seconds
            case "timeout":
                let seconds = Double(try reader.timeSpan(value, key: key).seconds)
                guard seconds >= 1 else { throw reader.error("'\(key)' must be at least 1s", at: value, key: key) }
                settings.timeoutSeconds = seconds
            default:
                preconditionFailure("alertmanager key '\(entry.key)' is allowed but not read")
            }
        }
        guard let url else {
            throw reader.error("'alertmanager' needs 'url' (http://host:9093)", at: node, key: "alertmanager")
        }
        settings.url = url
        alertmanager = settings
    }

    mutating func readDLE(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        for entry in try reader.entries(of: node, keyPath: "dle", allowed: Self.dleKeys, topLevelKeys: Self.topLevelKeys) {
            let value = entry.value
            if ConfigReader.isNull(value) { continue }
            let key = "dle.\(entry.key)"
            switch entry.key {
            case "trees": dle.trees = try reader.integer(value, key: key, requirement: "a whole number of trees")
            case "learning_rate": dle.learningRate = try reader.number(value, key: key, requirement: "a number in (0, 1]")
            case "max_leaves": dle.maxLeaves = try reader.integer(value, key: key, requirement: "a whole number of leaves")
            case "min_leaf_rows": dle.minSamplesPerLeaf = try reader.integer(value, key: key, requirement: "a whole number of rows")
            case "bins": dle.maxBins = try reader.integer(value, key: key, requirement: "a whole number of bins")
            default: preconditionFailure("dle key '\(entry.key)' is allowed but not read")
            }
        }
    }

    mutating func readDrift(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        for entry in try reader.entries(of: node, keyPath: "drift", allowed: Self.driftKeys,
                                        topLevelKeys: Self.topLevelKeys) {
            let value = entry.value
            if ConfigReader.isNull(value) { continue }
            let key = "drift.\(entry.key)"
            switch entry.key {
            case "numeric", "categorical":
                let allowed = entry.key == "numeric" ? DriftMethod.numeric : DriftMethod.categorical
                let name = try reader.text(value, key: key)
                guard let method = allowed.first(where: { $0.name == name }) else {
                    let names = allowed.map(\.name).joined(separator: ", ")
                    var message = "'\(key)' must be one of \(names), got '\(name)'"
                    if let near = ConfigReader.nearest(to: name, among: allowed.map(\.name)) {
                        message += " (did you mean '\(near)'?)"
                    } else if DriftMethod(name: name) != nil {
                        message += ": \(name) does not apply to \(entry.key) features"
                    }
                    throw reader.error(message, at: value, key: key)
                }
                if entry.key == "numeric" { drift.numeric = method } else { drift.categorical = method }
            case "bins":
                drift.bins = try reader.integer(value, key: key, requirement: "a whole number of bins")
            case "warn":
                drift.warn = try reader.number(value, key: key)
            case "alert":
                drift.alert = try reader.number(value, key: key)
            case "fine_bins":
                drift.fineBins = try reader.integer(value, key: key, requirement: "a whole number of bins")
            case "alpha":
                drift.alpha = try reader.number(value, key: key, requirement: "a number between 0 and 1")
            case "fdr":
                drift.fdr = try reader.bool(value, key: key)
            case "min_records":
                drift.minRecords = try reader.integer(value, key: key, requirement: "a whole number of records")
            case "top_categories":
                drift.topCategories = try reader.integer(value, key: key, requirement: "a whole number of categories")
            default:
                preconditionFailure("drift key '\(entry.key)' is allowed but not read")
            }
        }
    }

    mutating func readRanges(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        guard case .mapping(let mapping) = node else {
            throw reader.error("'ranges' must map feature names to [min, max], got \(ConfigReader.shown(node))",
                               at: node, key: "ranges")
        }
        for (keyNode, value) in mapping {
            let feature = try reader.text(keyNode, key: "ranges", what: "a feature name")
            let key = "ranges.\(feature)"
            if let mark = value.mark {
                reader.positions[key] = ConfigPosition(line: mark.line, column: mark.column)
            }
            let requirement = "a list [min, max] of two numbers (~ for an open end)"
            guard case .sequence(let sequence) = value, sequence.count == 2 else {
                throw reader.error("'\(key)' must be \(requirement), got \(ConfigReader.shown(value))", at: value, key: key)
            }
            let bounds = Array(sequence)
            var numbers: [Double?] = []
            for bound in bounds {
                numbers.append(ConfigReader.isNull(bound) ? nil : try reader.number(bound, key: key, requirement: requirement))
            }
            guard numbers[0] != nil || numbers[1] != nil else {
                throw reader.error("'\(key)' needs at least one bound, got [~, ~]", at: value, key: key)
            }
            if let lower = numbers[0], let upper = numbers[1], lower > upper {
                throw reader.error("'\(key)' has its minimum \(lower.configText) above its maximum \(upper.configText)",
                                   at: value, key: key)
            }
            ranges[feature] = ValueRange(lower: numbers[0], upper: numbers[1])
        }
    }

    mutating func readBusiness(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        var values = BusinessValues()
        for entry in try reader.entries(of: node, keyPath: "business", allowed: Self.businessKeys,
                                        topLevelKeys: Self.topLevelKeys) {
            if ConfigReader.isNull(entry.value) { continue }
            let key = "business.\(entry.key)"
            if entry.key == "matrix" {
                for row in try reader.entries(of: entry.value, keyPath: key, allowed: nil, topLevelKeys: Self.topLevelKeys) {
                    let rowKey = "\(key).\(row.key)"
                    for cell in try reader.entries(of: row.value, keyPath: rowKey, allowed: nil, topLevelKeys: Self.topLevelKeys) {
                        let cellKey = "\(rowKey).\(cell.key)"
                        values.matrix[row.key, default: [:]][cell.key] = try Self.expression(cell.value, key: cellKey, reader: reader)
                    }
                }
                continue
            }
            let expression = try Self.expression(entry.value, key: key, reader: reader)
            switch entry.key {
            case "tp": values.truePositive = expression
            case "fp": values.falsePositive = expression
            case "fn": values.falseNegative = expression
            case "tn": values.trueNegative = expression
            case "per_unit_error": values.perUnitError = expression
            default: preconditionFailure("business key '\(entry.key)' is allowed but not read")
            }
        }
        business = values
    }

    /// A business value: a number or an expression of the label's `value`.
    static func expression(_ node: Node, key: String, reader: ConfigReader) throws(ConfigError) -> ValueExpression {
        let text = try reader.text(node, key: key, what: "a number or an expression of 'value'")
        switch ValueExpression.parse(text) {
        case .success(let parsed):
            return parsed
        case .failure(let problem):
            throw reader.error("'\(key)' must be a number or an expression of 'value' such as "
                               + "'value', '-value', '2*value' or 'value + 10': \(problem) in '\(text)'",
                               at: node, key: key)
        }
    }

    mutating func readAlerts(_ node: Node, with reader: inout ConfigReader) throws(ConfigError) {
        let items = try reader.items(of: node, key: "alerts", what: "rules (mappings with metric, scope, above or below, ...)")
        var firstNames: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let path = "alerts[\(index)]"
            if let mark = item.mark {
                reader.positions[path] = ConfigPosition(line: mark.line, column: mark.column)
            }
            var rule = try Self.readRule(item, path: path, with: &reader)
            if rule.name.isEmpty {
                rule.name = "\(rule.metric.name) \(rule.scope)"
            }
            if let first = firstNames[rule.name] {
                throw reader.error("alert rule name '\(rule.name)' is already used by alerts[\(first)]: names must be unique",
                                   at: item, key: "\(path).name")
            }
            firstNames[rule.name] = index
            alerts.append(rule)
        }
    }

    /// One alert rule; its name is left empty when the file gives none.
    static func readRule(_ node: Node, path: String, with reader: inout ConfigReader) throws(ConfigError) -> AlertRule {
        var name = ""
        var metric: AlertMetric?
        var scope: AlertScope?
        var above: Double?
        var below: Double?
        var holdFor = TimeSpan.zero
        var severity = AlertSeverity.warning
        var action: [String]?
        var adaptive = false
        var rate: FairnessRate?
        var durationThreshold: (node: Node, key: String)?
        for entry in try reader.entries(of: node, keyPath: path, allowed: ruleKeys, topLevelKeys: topLevelKeys) {
            let value = entry.value
            if ConfigReader.isNull(value) { continue }
            let key = "\(path).\(entry.key)"
            switch entry.key {
            case "name":
                name = try reader.text(value, key: key)
            case "metric":
                let text = try reader.text(value, key: key)
                guard let known = AlertMetric(name: text) else {
                    throw reader.error(choiceMessage(key: key, got: text, among: AlertMetric.known.map(\.name)),
                                       at: value, key: key)
                }
                metric = known
            case "scope":
                let text = try reader.text(value, key: key)
                guard let parsed = AlertScope(parsing: text) else {
                    var message = "'\(key)' must be global, any_feature, feature:NAME, any_segment or "
                        + "segment:DIM=VALUE, got '\(text)'"
                    if let near = ConfigReader.nearest(to: text, among: ["global", "any_feature", "any_segment"]) {
                        message += " (did you mean '\(near)'?)"
                    }
                    throw reader.error(message, at: value, key: key)
                }
                scope = parsed
            case "above", "below":
                let number: Double
                if case .scalar(let scalar) = value, Double(scalar.string.trimmingSpaces) == nil,
                   let span = TimeSpan(parsing: scalar.string) {
                    // `stale` is in seconds; `above: 5m` reads better than `above: 300`.
                    number = Double(span.seconds)
                    durationThreshold = (value, key)
                } else {
                    number = try reader.number(value, key: key)
                }
                if entry.key == "above" { above = number } else { below = number }
            case "for":
                holdFor = try reader.timeSpan(value, key: key)
            case "severity":
                let text = try reader.text(value, key: key)
                guard let known = AlertSeverity(name: text) else {
                    throw reader.error(choiceMessage(key: key, got: text, among: AlertSeverity.known.map(\.name)),
                                       at: value, key: key)
                }
                severity = known
            case "action":
                action = try readAction(value, key: key, reader: reader)
            case "adaptive":
                adaptive = try reader.bool(value, key: key)
            case "rate":
                let text = try reader.text(value, key: key)
                guard let known = FairnessRate(rawValue: text) else {
                    throw reader.error(choiceMessage(key: key, got: text, among: FairnessRate.allCases.map(\.rawValue)),
                                       at: value, key: key)
                }
                rate = known
            default:
                preconditionFailure("rule key '\(entry.key)' is allowed but not read")
            }
        }
        guard let metric else {
            throw reader.error("alert rule \(path) needs a 'metric' (\(AlertMetric.known.map(\.name).joined(separator: ", ")))",
                               at: node, key: "\(path).metric")
        }
        if let durationThreshold, metric != .stale {
            throw reader.error("'\(durationThreshold.key)' is a duration, but only 'stale' is measured in time; "
                               + "\(metric) needs a number", at: durationThreshold.node, key: durationThreshold.key)
        }
        let threshold: AlertRule.Threshold
        switch (above, below) {
        case (let above?, nil): threshold = .above(above)
        case (nil, let below?): threshold = .below(below)
        case (.some, .some):
            throw reader.error("alert rule \(path) has both 'above' and 'below': give exactly one",
                               at: node, key: "\(path).above")
        case (nil, nil):
            throw reader.error("alert rule \(path) needs 'above' or 'below' (exactly one)",
                               at: node, key: "\(path).above")
        }
        if let rate, metric != .fairnessGap {
            throw reader.error("'\(path).rate' is for metric fairness_gap, not \(metric) (\(rate.rawValue))",
                               at: node, key: "\(path).rate")
        }
        var rule = AlertRule(name: name, metric: metric, scope: scope ?? (metric.isPerFeature ? .anyFeature : .global),
                             threshold: threshold, holdFor: holdFor, severity: severity, action: action,
                             adaptive: adaptive)
        rule.rate = rate ?? .positiveRate
        return rule
    }

    /// An action: a non-empty list of strings, the program first, run without a shell.
    static func readAction(_ node: Node, key: String, reader: ConfigReader) throws(ConfigError) -> [String] {
        guard case .sequence(let sequence) = node else {
            var message = "'\(key)' must be a list of strings, the program and its arguments "
                + "(it runs without a shell), got \(ConfigReader.shown(node))"
            if case .scalar(let scalar) = node {
                let words = scalar.string.split(separator: " ").map { "\"\($0)\"" }.joined(separator: ", ")
                message += "; for example [\(words)]"
            }
            throw reader.error(message, at: node, key: key)
        }
        guard !sequence.isEmpty else {
            throw reader.error("'\(key)' must not be an empty list: it needs at least the program to run",
                               at: node, key: key)
        }
        var argv: [String] = []
        for (index, item) in sequence.enumerated() {
            let itemKey = "\(key)[\(index)]"
            guard case .scalar(let scalar) = item, !ConfigReader.isNull(item) else {
                throw reader.error("'\(itemKey)' must be a string, got \(ConfigReader.isNull(item) ? "nothing" : ConfigReader.shown(item))",
                                   at: item, key: itemKey)
            }
            if index == 0, scalar.string.isEmpty {
                throw reader.error("'\(itemKey)' must name the program to run, got an empty string", at: item, key: itemKey)
            }
            if let unknown = unknownPlaceholder(in: scalar.string) {
                var message = "'\(itemKey)' uses the unknown placeholder '{\(unknown)}'"
                if let near = ConfigReader.nearest(to: unknown, among: AlertRule.placeholders) {
                    message += " (did you mean '{\(near)}'?)"
                }
                message += "; known: " + AlertRule.placeholders.map { "{\($0)}" }.joined(separator: " ")
                throw reader.error(message, at: item, key: itemKey)
            }
            argv.append(scalar.string)
        }
        return argv
    }

    /// The first `{word}` in `text` whose word is a lower-case name but not a known placeholder;
    /// braces around anything else (`{}`, JSON) are left alone.
    static func unknownPlaceholder(in text: String) -> String? {
        // One pass: after each `{`, the word runs over lower-case letters and `_` and counts only
        // if a `}` ends it; the next `{` cannot be inside a word, so no byte is read twice.
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let start = index + 1
            var end = start
            while end < bytes.count, (bytes[end] >= UInt8(ascii: "a") && bytes[end] <= UInt8(ascii: "z"))
                || bytes[end] == UInt8(ascii: "_") {
                end += 1
            }
            if end > start, end < bytes.count, bytes[end] == UInt8(ascii: "}") {
                let word = String(decoding: bytes[start..<end], as: UTF8.self)
                if !AlertRule.placeholders.contains(word) { return word }
            }
            index = end
        }
        return nil
    }

    /// "'key' must be one of a, b, c, got 'x' (did you mean 'b'?)".
    static func choiceMessage(key: String, got text: String, among names: [String]) -> String {
        var message = "'\(key)' must be one of \(names.joined(separator: ", ")), got '\(text)'"
        if let near = ConfigReader.nearest(to: text, among: names) {
            message += " (did you mean '\(near)'?)"
        }
        return message
    }
}

extension Double {
    /// The number as a configuration file would write it: `2` rather than `2.0`.
    var configText: String {
        self == rounded() && Swift.abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
