import MonitorEngine

/// A question open at the bottom of the alerts screen: a confirmation line naming the alert it
/// acts on, and a one-line input in the footer. Enter confirms, Esc cancels; nothing reaches
/// the engine before Enter.
public struct Prompt: Sendable, Hashable {
    /// What the typed text is for.
    public enum Purpose: Sendable, Hashable {
        /// An optional note for acknowledging the alert.
        case acknowledge(alertID: String)
        /// How long to silence the alert (`30m`, `2h`, `1d`).
        case silence(alertID: String)
    }

    public var purpose: Purpose
    public var text: String
    /// Why the last Enter was refused (an unreadable duration), shown beside the input.
    public var error: String?
    /// What the prompt acts on, as the confirmation line names it: the alert's severity, rule,
    /// scope and state when the prompt opened.
    public var subject: String

    /// A prompt for `purpose`, its input starting as `text`, about `subject`.
    public init(purpose: Purpose, text: String = "", error: String? = nil, subject: String = "") {
        self.purpose = purpose
        self.text = text
        self.error = error
        self.subject = subject
    }

    /// The alert the prompt acts on.
    public var alertID: String {
        switch purpose {
        case .acknowledge(let id), .silence(let id): id
        }
    }

    /// The confirmation line's verb: what Enter will do.
    public var action: String {
        switch purpose {
        case .acknowledge: "Acknowledge"
        case .silence: "Silence"
        }
    }

    /// The question shown before the input.
    public var label: String {
        switch purpose {
        case .acknowledge: "Note (optional): "
        case .silence: "For (e.g. 30m, 1h, 1d): "
        }
    }

    /// Seconds in a duration such as `90s`, `30m`, `1h`, `1h30m`, `2d`, `1w`: the syntax of the
    /// configuration and of `modeltop alerts silence --for`. `nil` for anything else, zero
    /// included; a bare number is refused (see `durationProblem(_:)`).
    public static func durationSeconds(_ text: String) -> Double? {
        guard let span = TimeSpan(parsing: text), span.seconds > 0 else { return nil }
        return Double(span.seconds)
    }

    /// Why `text` is not a positive duration, or `nil` when it is one. One rule for the TUI's
    /// prompt and the command line: a bare number names no unit (90 seconds? minutes?) and is
    /// refused with the spelling to use.
    public static func durationProblem(_ text: String) -> String? {
        TimeSpan.problem(inPositiveDuration: text)
    }
}

extension String {
    /// The string without leading and trailing spaces (no Foundation).
    var trimmingSpaces: String {
        var slice = Substring(self)
        while slice.first == " " { slice.removeFirst() }
        while slice.last == " " { slice.removeLast() }
        return String(slice)
    }
}
