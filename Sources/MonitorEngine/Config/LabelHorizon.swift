/// How long, in event time, a prediction waits for its label and a label for its prediction
/// (``LabelJoin``; `label_ttl` in the configuration).
public enum LabelHorizon: Sendable, Hashable {
    /// Four times the longest wait of a match on the stream's clock, at least 15 minutes,
    /// once 1,000 matches were timed (`label_ttl: auto`, the default); for a label waiting
    /// for its prediction, four times the longest a label waited, at least 20 seconds
    /// (``LabelJoin/labelHorizonSeconds``).
    case learned
    /// A fixed number of seconds (`label_ttl: 2h`).
    case fixed(Double)
    /// Only `max_pending` bounds the join (`label_ttl: none`).
    case unbounded
}
