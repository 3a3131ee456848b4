/// Times in alert output: RFC 3339 in UTC, milliseconds only when there is a fraction, the
/// same text as the report's (`ReportTime`), so an alert reads alike in every output.
public enum UTCTime {
    /// The time as RFC 3339 UTC text; "invalid time" outside years 0000-9999.
    public static func text(_ seconds: Double) -> String {
        ReportTime.rfc3339(seconds) ?? "invalid time"
    }
}
