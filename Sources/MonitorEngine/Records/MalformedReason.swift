/// Why a line was not turned into a record (docs/log-format.md, "Bad input").
///
/// A malformed line is data, not an error: it is counted per source and per reason, its first
/// examples are kept, and reading goes on.
public enum MalformedReason: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Not one strict RFC 8259 JSON object.
    case invalidJSON = "invalid_json"
    /// An unclosed quote, or more fields than the header.
    case invalidCSV = "invalid_csv"
    /// Longer than `max_line` (checked before parsing).
    case lineTooLong = "line_too_long"
    /// Not strict UTF-8 (overlong forms, encoded surrogates, cut sequences).
    case invalidUTF8 = "invalid_utf8"
    /// A known field of the wrong type (`score` not a number, `features` not an object, ...).
    case wrongType = "wrong_type"
    /// Valid, but neither a prediction nor a label record.
    case missingField = "missing_field"

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
