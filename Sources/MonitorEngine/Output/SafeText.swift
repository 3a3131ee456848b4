/// Text from a log (feature names, categories, segment values, model names, action output) made
/// safe to show a person: the one rule every human-readable output follows (docs/security.md
/// "Terminal and report output"). Whoever writes a line into a prediction log is not the person
/// at the keyboard, so nothing they write may reach a terminal as a control: no escape
/// sequence (clipboard writes, window titles, links, clearing the screen), no character that
/// reorders or hides what is shown.
///
/// Unsafe scalars are shown visibly instead: `\n`, `\r`, `\t`, `\x1b` for the C0 controls, DEL
/// and the C1 controls (U+0080–U+009F, among them the 8-bit CSI U+009B), and `<U+202E>` for the
/// invisible formatting characters (bidi embeddings, overrides and isolates, zero-width
/// characters, line and paragraph separators, the byte order mark). JSON output keeps exact
/// values instead (`JSONValue` escapes the same scalars as `\uXXXX`).
public enum SafeText {
    /// Whether `scalar` must not reach a terminal as it is.
    @inline(__always)
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (value >= 0x7F && value <= 0x9F) { return true }
        if value < 0x61C { return false }
        switch value {
        case 0x061C,            // Arabic letter mark (bidi)
             0x200B...0x200F,   // zero-width space, joiners, left-to-right and right-to-left marks
             0x2028...0x202E,   // line and paragraph separators, bidi embeddings and overrides
             0x2060...0x206F,   // word joiner, invisible operators, bidi isolates, deprecated formats
             0xFEFF:            // zero-width no-break space (byte order mark)
            return true
        default:
            return false
        }
    }

    /// Whether `text` holds no unsafe scalar (then `sanitized` returns it unchanged).
    public static func isSafe(_ text: String, keepingNewlines: Bool = false) -> Bool {
        for scalar in text.unicodeScalars where isUnsafe(scalar) {
            if keepingNewlines, scalar == "\n" { continue }
            return false
        }
        return true
    }

    /// `text` with every unsafe scalar shown visibly. With `keepingNewlines`, `\n` stays a line
    /// break (for text whose lines are structure, such as a message on stderr); otherwise a
    /// value always stays on one line.
    public static func sanitized(_ text: String, keepingNewlines: Bool = false) -> String {
        if isSafe(text, keepingNewlines: keepingNewlines) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !isUnsafe(scalar) || (keepingNewlines && scalar == "\n") {
                out.append(scalar)
            } else {
                out.append(contentsOf: visible(scalar).unicodeScalars)
            }
        }
        return String(out)
    }

    /// How an unsafe scalar is shown: `\n`, `\r`, `\t`, `\x1b`, `\x9b`, `<U+202E>`.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x09: return "\\t"
        case ..<0xA0:
            let hex = String(scalar.value, radix: 16)
            return "\\x" + (hex.count < 2 ? "0" : "") + hex
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
        }
    }
}
