/// What `RecordDecoder.decode(_:into:)` made of one line.
public enum DecodeOutcome: Sendable, Equatable {
    /// The record holds a prediction record (possibly a failed request) or a label record.
    case record
    /// A CSV header row was read; the following rows are decoded through it.
    case header
    /// An empty or whitespace-only line: ignored, not counted as malformed.
    case blank
    /// The line is bad input (docs/log-format.md, "Bad input"); `detail` says what and where, for
    /// example `unexpected ',' at column 34`.
    case malformed(MalformedReason, detail: String)
}
