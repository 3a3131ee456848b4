/// A field of a record with a meaning of its own (docs/log-format.md), as opposed to a feature.
enum KnownField: Int, Sendable, CaseIterable {
    case id, timestamp, model, version, score, prediction, label, value, latency, status
    /// The canonical JSONL `features` object (no CSV column has this role).
    case features

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
        }
    }
}
