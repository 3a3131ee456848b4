/// What the generator just wrote: which stream the line belongs to, its time and its record.
public struct ScenarioLine: Sendable, Hashable {
    /// The stream a line belongs to.
    public enum Kind: Sendable, Hashable {
        /// A prediction line (champion or shadow, served or failed, possibly corrupted): it
        /// goes to the prediction log.
        case prediction
        /// A label line: it goes to the label log.
        case label
    }

    public var kind: Kind
    /// Event time of a prediction, or arrival time of a label, in seconds since the Unix epoch
    /// (milliseconds precision, as written).
    public var timeSeconds: Double
    /// Zero-based index of the champion record the line is about.
    public var recordIndex: Int
    /// True for the challenger's line of a shadow-scored request.
    public var isShadow: Bool
    /// The corruption of the line, if any.
    public var malformation: MalformedLine.Kind?
    /// True for a failed request (`status` `error` or `timeout`, no score).
    public var isFailed: Bool
    /// The label of a label line (true for fraud); `nil` for prediction lines.
    public var isFraud: Bool?
    /// The episodes that changed the record (empty for label lines).
    public var episodes: EpisodeSet
}
