/// How a cell is drawn. States are never shown by colour alone: views pair a colour with a
/// symbol, bold or reverse video so that `NO_COLOR` and the mono theme lose nothing.
public struct CellStyle: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault,
        bold: Bool = false, reverse: Bool = false, underline: Bool = false, dim: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = CellStyle()
}
