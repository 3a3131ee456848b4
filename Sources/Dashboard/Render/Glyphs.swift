/// The characters the widgets draw with: block elements and symbols in a UTF-8 locale, plain
/// ASCII otherwise (tui.md "Terminal conventions"). The backend says which.
public struct Glyphs: Sendable, Hashable {
    /// Sparkline levels, lowest first (8 of them).
    public var levels: [Character]
    /// Bar fills by eighths: index 1 is one eighth, index 8 a full cell.
    public var eighths: [Character]
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Band symbols: ok, warning, drift, not enough data.
    public var ok: String
    public var warning: String
    public var drift: String
    public var notApplicable: String
    /// Marks the selected row.
    public var pointer: Character
    /// Up and down sort arrows in table headers.
    public var sortDescending: Character
    public var sortAscending: Character
    /// Separates header fields.
    public var separator: String
    /// Written where a value is missing or undefined.
    public var missing: String
    /// Ellipsis at the end of truncated text.
    public var ellipsis: Character

    /// Block elements, box drawing and symbols.
    public static let unicode = Glyphs(
        levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        eighths: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"],
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ok: "✔", warning: "▲", drift: "✖", notApplicable: "·", pointer: "▶",
        sortDescending: "▼", sortAscending: "▲", separator: " │ ", missing: "—", ellipsis: "…")

    /// Plain ASCII for terminals without a UTF-8 locale.
    public static let ascii = Glyphs(
        levels: ["_", ".", "-", "~", "=", "+", "*", "#"],
        eighths: [" ", " ", " ", " ", "=", "=", "=", "=", "#"],
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ok: "ok", warning: "!", drift: "X", notApplicable: "-", pointer: ">",
        sortDescending: "v", sortAscending: "^", separator: " | ", missing: "-", ellipsis: "~")
}
