/// Which column or top-level field holds each known field of a record (docs/log-format.md, "Field
/// mapping"), and which columns are features.
///
/// The default mapping is the canonical JSONL shape: every field under its own name, and the
/// features in the `features` object. For flat records (CSV, or JSONL without a `features`
/// object) every column that is not a mapped field is a feature, unless `features` lists them.
public struct FieldMapping: Sendable, Hashable {
    public var id: String = "id"
    public var timestamp: String = "ts"
    public var model: String = "model"
    public var version: String = "version"
    public var score: String = "score"
    public var prediction: String = "prediction"
    public var label: String = "label"
    public var value: String = "value"
    public var latencyMilliseconds: String = "latency_ms"
    public var status: String = "status"
    /// The feature columns of a flat record; `nil` means every unmapped column.
    public var features: [String]? = nil
    /// What the model predicts: which fields make a prediction record (docs/tasks.md).
    public var task: ModelTask = .binary
    /// Multiclass, canonical JSONL: the object of class probabilities.
    public var scores: String = "scores"
    /// Multiclass, flat records: the column holding each class's probability, in the order
    /// configured (`fields.class_scores`).
    public var classScores: [ClassScoreColumn] = []

    public init() {}

    /// The column names that are known fields, not features.
    public var mappedColumns: Set<String> {
        var columns: Set<String> = [id, timestamp, model, version, score, prediction, label, value, latencyMilliseconds, status]
        if task == .multiclass { columns.insert(scores) }
        for entry in classScores { columns.insert(entry.column) }
        return columns
    }
}

/// The line format of a source.
public enum LogFormat: String, Sendable, Hashable, CaseIterable {
    case jsonl
    case csv

    /// `.csv` files are CSV; anything else is JSON Lines (docs/log-format.md).
    public static func inferred(fromPath path: String) -> LogFormat {
        path.lowercased().hasSuffix(".csv") ? .csv : .jsonl
    }
}

/// Multiclass, flat records: the column holding one class's probability.
public struct ClassScoreColumn: Sendable, Hashable {
    public var name: String
    public var column: String

    public init(name: String, column: String) {
        self.name = name
        self.column = column
    }
}
