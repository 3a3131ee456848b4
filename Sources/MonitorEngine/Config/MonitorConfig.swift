import DriftStats

/// Everything `modeltop.yaml` can say (docs/log-format.md, "Configuration file"), as typed values with
/// their documented defaults.
///
/// Every field is a `var` so that command-line flags, which override the file, can be assigned
/// after loading; `validate()` then re-checks the rules that tie fields together. Paths read
/// from a file are already resolved against the file's directory.
public struct MonitorConfig: Sendable, Equatable {
    /// The kind a feature is forced to by `features: {numeric: [...], categorical: [...]}`,
    /// instead of being inferred from the reference.
    public enum FeatureKind: String, Sendable, Hashable, CaseIterable {
        case numeric
        case categorical
    }

    /// The model's name, shown in the title and the report; `nil` when not given.
    public var model: String? = nil
    /// Only the prediction records of this model are counted (`--model`); records naming
    /// another are counted as skipped. `nil` counts every model's records.
    public var onlyModel: String? = nil
    /// The reference file (CSV or JSONL); `nil` means the first `referenceRecords` records of
    /// the stream serve as reference.
    public var reference: String? = nil
    /// What the model predicts (`task`; docs/tasks.md): a shortcut to `fields.task`, which the
    /// decoders read.
    public var task: ModelTask {
        get { fields.task }
        set { fields.task = newValue }
    }
    /// Multiclass: the classes in order (`classes`); `nil` takes the reference's, sorted by name.
    public var classes: [String]? = nil
    /// Regression: the gradient-boosted trees of the direct loss estimation (`dle:`;
    /// statistics.md), LightGBM's defaults as NannyML uses them.
    public var dle = BoostingSettings()
    /// Dashboard actions given another key (`keys:`).
    public var keys = KeyBindings()
    /// Prediction files or globs; `-` is standard input.
    public var predictions: [String] = []
    /// Label files or globs.
    public var labels: [String] = []
    /// The line format of every source; `nil` infers it from each file's extension.
    public var format: LogFormat? = nil
    /// Which column holds each known field, and which columns are features.
    public var fields = FieldMapping()
    /// Features whose kind is forced rather than inferred from the reference.
    public var featureKinds: [String: FeatureKind] = [:]
    /// Dimensions every metric is sliced by (`country`, `device`).
    public var segments: [String] = []
    /// Decision threshold on the score, in [0, 1].
    public var threshold: Double = 0.5
    /// The label (as written) that counts as positive when labels are class strings; `nil` when
    /// labels are 0/1 or booleans.
    public var positiveLabel: String? = nil
    /// The version the others are compared with (docs/statistics.md, "Versions side by side");
    /// `nil`: the version with the most records in the window (ties: the smaller name).
    public var champion: String? = nil
    /// The version compared with the champion; `nil`: the next by records.
    public var challenger: String? = nil
    /// The current window, in event time.
    public var window: WindowLength = .span(.minutes(15))
    /// Records per chunk when this configuration counts one of `report --chunk-size`'s chunks
    /// (not a key of the file): multivariate drift's reference chunks are then of this size.
    public var chunkRecords: Int? = nil
    /// The top-level keys the configuration file gave (the others hold their defaults).
    public var givenKeys: Set<String> = []
    /// The window and bucket were chosen from the span of a log replayed long after it was
    /// written (`watch`), not given: the header says `window all (replay)` until `w` changes it.
    public var isReplay = false
    /// Resolution of sparklines and windows; the window holds a whole number of buckets.
    public var bucket: TimeSpan = .minutes(1)
    /// Drift methods, bins and bands.
    public var drift = DriftSettings()
    /// Explicit expected ranges of numeric features, by feature name.
    public var ranges: [String: ValueRange] = [:]
    /// What each labelled outcome is worth; `nil` when the business layer is not configured.
    public var business: BusinessValues? = nil
    /// Alert rules, in the order of the file.
    public var alerts: [AlertRule] = []
    /// The SQLite file holding acknowledgements and alert history; `nil` for the default place
    /// (see `statePath(environment:)`).
    public var state: String? = nil
    /// Lines longer than this are `line_too_long`, checked before parsing.
    public var maxLine: ByteSize = .mebibytes(1)
    /// How many records of the stream serve as reference when there is no reference file.
    public var referenceRecords: Int = 10_000
    /// Segment values kept per dimension (most frequent); the rest are `(other)`.
    public var segmentValues: Int = 50
    /// How long, in event time, a prediction waits for its label and a label for its
    /// prediction (`label_ttl`: a duration, `auto` to learn it from the label delays, `none`
    /// to wait until evicted by `maxPending`).
    public var labelHorizon: LabelHorizon = .learned
    /// Bound on pending predictions, and separately on early labels; the oldest go first.
    public var maxPending: Int = 2_000_000
    /// Bins of the score histogram shown on screen, over [0, 1].
    public var scoreBins: Int = 20
    /// The colour theme: a name (`default`, `light`, ...), or a theme file (resolved like the other paths).
    public var theme: String = "default"
    /// How the metrics exposition writes category values (`metrics.categories`, fleet.md):
    /// as they are, or as the first 12 hex digits of their SHA-256.
    public var metricsCategories: MetricsCategories = .plain
    /// What the environment of an action holds (`action_env`).
    public enum ActionEnvironment: String, Sendable, Hashable {
        /// PATH, HOME, LANG, LC_*, TZ and MODELTOP_* from modeltop's own, plus the alert's.
        case minimal
        /// Everything modeltop's own environment holds (tokens and keys included).
        case inherit
    }

    /// What the environment of an action holds; `minimal` keeps tokens and cloud keys out.
    public var actionEnvironment: ActionEnvironment = .minimal
    /// Resolved occurrences older than this (in event time, before the store's newest event)
    /// are deleted from the store, with their marks and action runs (`alert_retention`).
    public var alertRetention: TimeSpan = .days(30)
    /// At most this many resolved occurrences are kept in the store, the newest
    /// (`alert_max_occurrences`).
    public var alertMaxOccurrences: Int = 10_000
    /// Where firing alerts are delivered (`alertmanager:`); `nil` when they stay here.
    public var alertmanager: AlertmanagerSettings? = nil

    /// The file this configuration was read from; `nil` when it was built in code.
    public var file: String? = nil
    /// The directory relative paths were resolved against: the file's own directory, or `.`.
    public var directory: String = "."

    /// Every setting at its default: what an empty file gives.
    public init() {}

    /// The features to monitor; `nil` means every column that is not a mapped field
    /// (a shortcut to `fields.features`).
    public var features: [String]? {
        get { fields.features }
        set { fields.features = newValue }
    }

    /// The field mapping records are read with: `fields`, with every segment dimension among
    /// the features when `features:` lists them (a dimension left out of the list is still
    /// read, and monitored like a feature, rather than leaving every record in `(missing)`).
    public var readMapping: FieldMapping {
        var mapping = fields
        if let listed = mapping.features {
            let known = Set(listed)
            mapping.features = listed + segments.filter { !known.contains($0) }
        }
        return mapping
    }

    /// The alert store's file: `state` when given, else
    /// `$XDG_STATE_HOME/modeltop/<model>.sqlite`, with `$XDG_STATE_HOME` defaulting to
    /// `~/.local/state` (XDG Base Directory). `nil` when neither `XDG_STATE_HOME` nor `HOME` is set.
    public func statePath(environment: [String: String]) -> String? {
        if let state { return state }
        let base: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = Self.joined(home, ".local/state")
        } else {
            return nil
        }
        let name = (model ?? "default").map { $0 == "/" ? "_" : $0 }
        return Self.joined(base, "modeltop/\(String(name)).sqlite")
    }

    /// `directory/path`, without doubling a slash.
    static func joined(_ directory: String, _ path: String) -> String {
        directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

/// How the metrics exposition writes category values and segment values (`metrics.categories`).
public enum MetricsCategories: String, Sendable, Hashable, CaseIterable {
    /// As they are in the logs.
    case plain
    /// The first 12 hex digits of each value's SHA-256: category values can be personal data.
    case hashed
}

extension MonitorConfig {
    /// Whether `only_model` (`onlyModel`) leaves `record` out: a prediction naming another
    /// model. The one rule for every place that skips such a record.
    static func leavesOut(_ record: borrowing Record, onlyModel: String?) -> Bool {
        guard record.kind == .prediction, let onlyModel, let model = record.model else { return false }
        return model != onlyModel
    }
}
