/// What `/` typed: a case-insensitive regular expression matched anywhere in a row's names
/// (`amo.*t`, `^BR$`, `country=(BR|MX)`), or, while the text is not a valid expression yet (a
/// `(` just typed), the text itself as a plain substring. A leading `!` inverts: `!^device`
/// keeps the rows that do not match.
struct TextFilter {
    private let regex: Regex<AnyRegexOutput>?
    private let needle: String
    private let isInverted: Bool

    init(_ text: String) {
        isInverted = text.hasPrefix("!")
        let pattern = isInverted ? String(text.dropFirst()) : text
        needle = pattern.lowercased()
        regex = pattern.isEmpty ? nil : (try? Regex(pattern))?.ignoresCase()
    }

    /// Whether the filter lets everything through (nothing typed, or only `!`).
    var isEmpty: Bool { needle.isEmpty }

    /// Whether a row named by `texts` is kept: any of them matches (none, when inverted).
    func keeps(_ texts: String...) -> Bool {
        guard !needle.isEmpty else { return true }
        let matches = texts.contains { text in
            if let regex { return (try? regex.firstMatch(in: text)) != nil }
            return text.lowercased().contains(needle)
        }
        return matches != isInverted
    }
}
