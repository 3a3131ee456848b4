/// A prediction line the scenario deliberately corrupts, so that a reader's handling of bad
/// input (docs/log-format.md, "Bad input") can be seen on real data.
public struct MalformedLine: Sendable, Hashable {
    /// How the line is broken.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The JSON object is cut in the middle (a writer killed mid-line): `invalid_json`.
        case truncatedJSON = "truncated_json"
        /// A byte that is not UTF-8 inside `merchant_category`: `invalid_utf8`.
        case invalidUTF8 = "invalid_utf8"
        /// `score` written as a JSON string: `wrong_type`.
        case scoreAsString = "score_as_string"

        /// The reason a strict reader gives for this line (a `MalformedReason` raw value).
        public var expectedReason: String {
            switch self {
            case .truncatedJSON: "invalid_json"
            case .invalidUTF8: "invalid_utf8"
            case .scoreAsString: "wrong_type"
            }
        }
    }

    /// Zero-based index of the champion record whose line is corrupted.
    public var recordIndex: Int
    public var kind: Kind

    /// A corruption of the champion line of record `recordIndex`.
    public init(recordIndex: Int, kind: Kind) {
        self.recordIndex = recordIndex
        self.kind = kind
    }
}
