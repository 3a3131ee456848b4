/// A colour as a theme names it (tui.md "Themes"): the terminal's default, one of the 256
/// indexed colours (0-15 are the ANSI colours), or `#RRGGBB`. The terminal backend maps it to
/// the best the terminal has (truecolor, 256, 16, 8, none).
public enum Color: Sendable, Hashable {
    case terminalDefault
    case indexed(UInt8)
    case rgb(red: UInt8, green: UInt8, blue: UInt8)
}
