/// A one-line input open at the bottom of the alerts screen.
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

    /// A prompt for `purpose`, its input starting as `text`.
    public init(purpose: Purpose, text: String = "", error: String? = nil) {
        self.purpose = purpose
        self.text = text
        self.error = error
    }

    /// The question shown before the input.
    public var label: String {
        switch purpose {
        case .acknowledge: "Acknowledge, note (optional): "
        case .silence: "Silence for (e.g. 30m, 1h, 1d): "
        }
    }

    /// Seconds in a duration such as `90s`, `30m`, `1h`, `1.5h`, `2d`, `1w`; a bare number is
    /// minutes. `nil` for anything else, zero or negative.
    public static func durationSeconds(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        guard let last = trimmed.last else { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        let unit = units[last]
        let number = unit == nil ? trimmed : String(trimmed.dropLast())
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        return value * (unit ?? 60)
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
