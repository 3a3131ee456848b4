/// How much event time the current window covers: a span (`15m`), or `all` of the input.
///
/// `all` is what a report over a whole log wants: every bucket stays in the window.
public enum WindowLength: Sendable, Hashable, CustomStringConvertible {
    /// Everything read so far.
    case all
    /// The last `span` of event time.
    case span(TimeSpan)

    /// Parses `all` or a duration (`15m`, `1h30m`); `nil` for anything else, and for a zero span.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces
        if trimmed == "all" {
            self = .all
            return
        }
        guard let span = TimeSpan(parsing: trimmed), span.seconds > 0 else { return nil }
        self = .span(span)
    }

    /// The span, or `nil` for `all`.
    public var span: TimeSpan? {
        if case .span(let span) = self { return span }
        return nil
    }

    /// `all`, or the span in the configuration's syntax.
    public var description: String {
        switch self {
        case .all: "all"
        case .span(let span): span.description
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }),
              let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
