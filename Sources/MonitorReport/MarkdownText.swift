import MonitorEngine
import MonitorRules

/// A value from a log written into the Markdown report, so that a renderer shows it as text and
/// nothing else (docs/security.md "Markdown reports"): no line break that ends a table row, no
/// HTML, no link or image, no heading, no emphasis, no escape from a code span. Values are first
/// made safe for a terminal (`SafeText`), since the Markdown is also read in one.
public enum MarkdownText {
    /// `value` for prose or a table cell (never the start of a line: the report's own words or
    /// `| ` come first): `<`, `>` and `&` as HTML entities; `\`, `` ` ``, `*`, `[`, `]`, `#`,
    /// `~`, `$` and `|` escaped with a backslash, and `_` too unless it sits inside a word
    /// (where it cannot emphasise, so that `account_age_days` stays readable).
    public static func escaped(_ value: String) -> String {
        let safe = Array(SafeText.sanitized(value))
        var out = ""
        out.reserveCapacity(safe.count)
        for (offset, character) in safe.enumerated() {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\\", "`", "*", "[", "]", "#", "~", "$", "|":
                out.append("\\")
                out.append(character)
            case "_":
                let inWord = offset > 0 && offset + 1 < safe.count
                    && isWordCharacter(safe[offset - 1]) && isWordCharacter(safe[offset + 1])
                if !inWord { out.append("\\") }
                out.append(character)
            default:
                out.append(character)
            }
        }
        return out
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// `value` as a code span: fenced by one backtick more than the longest run of backticks in
    /// it, padded with spaces when it starts or ends with a backtick or a space. Inside a table
    /// (`inTable`), `|` is escaped as GitHub's tables require (the table, not the span, reads
    /// the backslash).
    public static func code(_ value: String, inTable: Bool = false) -> String {
        var safe = SafeText.sanitized(value)
        if inTable { safe = safe.replacing("|", with: "\\|") }
        var longest = 0
        var run = 0
        for character in safe {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = safe.first == "`" || safe.last == "`" || safe.first == " " || safe.last == " " ? " " : ""
        return fence + pad + safe + pad + fence
    }
}
