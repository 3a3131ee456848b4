/// A field of a record with a meaning of its own (docs/log-format.md), as opposed to a feature.
enum KnownField: Int, Sendable, CaseIterable {
    case id, timestamp, model, version, score, prediction, label, value, latency, status
    /// The canonical JSONL `features` object (no CSV column has this role).
    case features
    /// The canonical JSONL `scores` object of a multiclass model (a CSV file maps one column
    /// per class instead, `fields.class_scores`).
    case scores

    /// The fields a record of `format` under `mapping` has: `features` and `scores` only in
    /// JSONL, `scores` only for a multiclass model.
    static func fields(of format: LogFormat, mapping: FieldMapping) -> [KnownField] {
        allCases.filter { field in
            switch field {
            case .features: format == .jsonl
            case .scores: format == .jsonl && mapping.task == .multiclass
            default: true
            }
        }
    }

    /// The column or key that holds this field under `mapping`.
    func name(in mapping: FieldMapping) -> String {
        switch self {
        case .id: mapping.id
        case .timestamp: mapping.timestamp
        case .model: mapping.model
        case .version: mapping.version
        case .score: mapping.score
        case .prediction: mapping.prediction
        case .label: mapping.label
        case .value: mapping.value
        case .latency: mapping.latencyMilliseconds
        case .status: mapping.status
        case .features: "features"
        case .scores: mapping.scores
        }
    }
}
