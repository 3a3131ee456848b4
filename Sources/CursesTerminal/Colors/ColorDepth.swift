/// How many colours the terminal can show, from none (`NO_COLOR`, a monochrome terminal) to
/// direct 24-bit colour (tui.md "Terminal conventions").
///
/// A struct with static members rather than an enum, so that a depth can be added later
/// without breaking a `switch` elsewhere (style.md "Extensible options").
public struct ColorDepth: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number of distinct colours: 0, 8, 16, 256 or 2^24.
    public let colors: Int

    private init(colors: Int) { self.colors = colors }

    /// No colour at all: states are shown by symbol, bold and reverse video.
    public static let none = ColorDepth(colors: 0)
    /// The eight ANSI colours.
    public static let ansi8 = ColorDepth(colors: 8)
    /// The eight ANSI colours and their bright variants.
    public static let ansi16 = ColorDepth(colors: 16)
    /// The xterm palette: 16 ANSI colours, a 6×6×6 cube and 24 greys.
    public static let palette256 = ColorDepth(colors: 256)
    /// Direct colour: every `#RRGGBB` as it is (ncurses with a direct-colour terminfo entry).
    public static let direct = ColorDepth(colors: 1 << 24)

    /// The depth of a terminal that reports `colors` colours (curses' `COLORS`), with
    /// `isDirect` when its terminfo entry has the `RGB` flag; `NO_COLOR` wins over both.
    public static func of(colors: Int, isDirect: Bool, noColor: Bool) -> ColorDepth {
        if noColor || colors < 8 { return .none }
        if isDirect && colors >= 1 << 24 { return .direct }
        if colors >= 256 { return .palette256 }
        if colors >= 16 { return .ansi16 }
        return .ansi8
    }

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.colors < rhs.colors }

    public var description: String {
        switch colors {
        case 0: "no colour"
        case 1 << 24: "direct colour"
        default: "\(colors) colours"
        }
    }
}
