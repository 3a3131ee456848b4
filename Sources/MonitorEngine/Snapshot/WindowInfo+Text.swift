extension WindowInfo {
    /// The window in words: `all of the input (2026-11-02T08:00:00Z to 2026-11-02T11:59:59Z,
    /// 9,947 predictions)`, `the last 1h (...)`, or `all of the input (no prediction records)`.
    public var text: String {
        var scope = lengthSeconds.map { "the last \(NumberText.duration($0))" } ?? "all of the input"
        if let at = cursorSeconds.flatMap(UTCTime.rfc3339) {
            scope = (lengthSeconds.map { "the \(NumberText.duration($0)) window" } ?? "all of the input") + " up to \(at)"
            if let length = lengthSeconds, let entry = historyEntrySeconds {
                scope = "the \(NumberText.duration(entry)) history entry up to \(at) (coarser than the \(NumberText.duration(length)) window)"
            }
        }
        guard records > 0, let from = fromSeconds.flatMap(UTCTime.rfc3339),
              let to = toSeconds.flatMap(UTCTime.rfc3339) else { return scope + " (no prediction records)" }
        return scope + " (\(from) to \(to), \(NumberText.grouped(records)) prediction\(records == 1 ? "" : "s"))"
    }

    /// Deep in the history an entry coarser than the window stands in for it at the cursor:
    /// its length in seconds; `nil` otherwise.
    public var historyEntrySeconds: Double? {
        guard cursorSeconds != nil, let length = lengthSeconds, let from = fromSeconds, let to = toSeconds, to - from > length else { return nil }
        return to - from
    }

    /// The window as JSON: `length_seconds` (`null` for all of the input), `from`, `to`,
    /// `records`, and `at` (the time cursor's end) for a window of the past.
    public var jsonValue: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("length_seconds", .number(lengthSeconds)),
            ("from", fromSeconds.map(JSONValue.time) ?? .null),
            ("to", toSeconds.map(JSONValue.time) ?? .null),
            ("records", .int(records)),
        ]
        if let cursorSeconds { fields.append(("at", .time(cursorSeconds))) }
        return .object(fields)
    }
}
