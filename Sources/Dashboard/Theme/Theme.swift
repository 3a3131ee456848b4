/// The colours and emphasis of every element of the dashboard (tui.md "Themes").
///
/// Loaded from `themes/NAME.yaml` by `ThemeLoader`; every key is optional and falls back to
/// `Theme.builtInDefault`, which is also what runs when no themes folder is found.
public struct Theme: Sendable, Hashable {
    /// The theme's name (its file name without `.yaml`).
    public var name: String
    /// `terminalDefault` keeps the terminal's own background.
    public var background: Color
    public var foreground: Color
    /// Secondary text: units, labels, missing values.
    public var muted: Color
    public var border: Color
    public var borderFocused: Color
    public var title: Color
    public var keyHint: Color
    public var selectionBackground: Color
    public var selectionForeground: Color
    public var ok: Color
    public var warning: Color
    public var drift: Color
    public var critical: Color
    /// The reference series of histograms and comparisons.
    public var reference: Color
    /// The current series.
    public var current: Color
    /// Start, middle and end of gauges and sparklines (low to high).
    public var gradient: [Color]
    /// Titles, the focused border, key hints and critical states in bold.
    public var bold: Bool
    /// The selection drawn in reverse video instead of its colours.
    public var reverse: Bool

    /// A theme with every colour given.
    public init(
        name: String, background: Color, foreground: Color, muted: Color, border: Color,
        borderFocused: Color, title: Color, keyHint: Color, selectionBackground: Color,
        selectionForeground: Color, ok: Color, warning: Color, drift: Color, critical: Color,
        reference: Color, current: Color, gradient: [Color], bold: Bool, reverse: Bool
    ) {
        self.name = name
        self.background = background
        self.foreground = foreground
        self.muted = muted
        self.border = border
        self.borderFocused = borderFocused
        self.title = title
        self.keyHint = keyHint
        self.selectionBackground = selectionBackground
        self.selectionForeground = selectionForeground
        self.ok = ok
        self.warning = warning
        self.drift = drift
        self.critical = critical
        self.reference = reference
        self.current = current
        self.gradient = gradient
        self.bold = bold
        self.reverse = reverse
    }

    /// The dark default theme, built in so that the program works without a themes folder.
    /// `themes/default.yaml` holds the same values.
    public static let builtInDefault = Theme(
        name: "default", background: .terminalDefault, foreground: .rgb(red: 0xD0, green: 0xD0, blue: 0xD0),
        muted: .rgb(red: 0x80, green: 0x80, blue: 0x80), border: .rgb(red: 0x4E, green: 0x4E, blue: 0x4E),
        borderFocused: .rgb(red: 0x5F, green: 0xAF, blue: 0xFF), title: .rgb(red: 0x87, green: 0xD7, blue: 0xFF),
        keyHint: .rgb(red: 0xFF, green: 0xD7, blue: 0x5F), selectionBackground: .rgb(red: 0x26, green: 0x4F, blue: 0x78),
        selectionForeground: .rgb(red: 0xFF, green: 0xFF, blue: 0xFF), ok: .rgb(red: 0x5F, green: 0xD7, blue: 0x87),
        warning: .rgb(red: 0xFF, green: 0xD7, blue: 0x00), drift: .rgb(red: 0xFF, green: 0x87, blue: 0x00),
        critical: .rgb(red: 0xFF, green: 0x5F, blue: 0x5F), reference: .rgb(red: 0x87, green: 0x87, blue: 0xAF),
        current: .rgb(red: 0x5F, green: 0xD7, blue: 0xFF),
        gradient: [.rgb(red: 0x5F, green: 0xD7, blue: 0x87), .rgb(red: 0xFF, green: 0xD7, blue: 0x00), .rgb(red: 0xFF, green: 0x5F, blue: 0x5F)],
        bold: true, reverse: false)
}
