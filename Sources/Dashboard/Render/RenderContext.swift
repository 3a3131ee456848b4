import DriftStats

/// What the views need besides the model and the snapshot: the theme, the glyph set, whether
/// colour is allowed, and the local time offset for clocks.
public struct RenderContext: Sendable, Hashable {
    public var theme: Theme
    public var glyphs: Glyphs
    /// `NO_COLOR`: no colour at all; states by symbol, bold and reverse only.
    public var monochrome: Bool
    /// Added to UTC for the clocks shown (the backend knows the local zone).
    public var utcOffsetSeconds: Int

    /// A context for drawing in `theme` with `glyphs`; `monochrome` drops every colour.
    public init(theme: Theme = .builtInDefault, glyphs: Glyphs = .unicode, monochrome: Bool = false, utcOffsetSeconds: Int = 0) {
        self.theme = theme
        self.glyphs = glyphs
        self.monochrome = monochrome
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// The named role's style, colour dropped when monochrome.
    public func style(_ role: Role) -> CellStyle {
        let t = theme
        var style: CellStyle
        switch role {
        case .text: style = CellStyle(foreground: t.foreground)
        case .muted: style = CellStyle(foreground: t.muted, dim: monochrome)
        case .border: style = CellStyle(foreground: t.border)
        case .borderFocused: style = CellStyle(foreground: t.borderFocused, bold: t.bold || monochrome)
        case .title: style = CellStyle(foreground: t.title, bold: t.bold || monochrome)
        case .keyHint: style = CellStyle(foreground: t.keyHint, bold: t.bold || monochrome)
        case .selection:
            style = t.reverse || monochrome
                ? CellStyle(reverse: true)
                : CellStyle(foreground: t.selectionForeground, background: t.selectionBackground)
        case .ok: style = CellStyle(foreground: t.ok)
        case .warning: style = CellStyle(foreground: t.warning, bold: monochrome)
        case .drift: style = CellStyle(foreground: t.drift, bold: true)
        case .critical: style = CellStyle(foreground: t.critical, bold: true, reverse: monochrome)
        case .reference: style = CellStyle(foreground: t.reference, dim: monochrome)
        case .current: style = CellStyle(foreground: t.current)
        case .header: style = CellStyle(foreground: t.foreground, bold: true)
        case .gradientLow: style = CellStyle(foreground: t.gradient.first ?? t.ok)
        case .gradientMid: style = CellStyle(foreground: t.gradient.count > 1 ? t.gradient[1] : t.warning)
        case .gradientHigh: style = CellStyle(foreground: t.gradient.last ?? t.critical)
        }
        if monochrome {
            style.foreground = .terminalDefault
            style.background = .terminalDefault
        } else if style.background == .terminalDefault {
            style.background = t.background
        }
        return style
    }

    /// The style of a drift band.
    public func style(_ band: DriftBand) -> CellStyle {
        switch band {
        case .ok: style(Role.ok)
        case .warning: style(Role.warning)
        case .drift: style(Role.drift)
        case .notEnoughData: style(Role.muted)
        }
    }

    /// The style of an alert severity (`info`, `warning`, `high`, `critical`).
    public func style(severity: String) -> CellStyle {
        switch severity {
        case "critical": style(Role.critical)
        case "high": style(Role.drift)
        case "warning": style(Role.warning)
        default: style(Role.text)
        }
    }

    /// The symbol of a band (never colour alone).
    public func symbol(_ band: DriftBand) -> String {
        switch band {
        case .ok: glyphs.ok
        case .warning: glyphs.warning
        case .drift: glyphs.drift
        case .notEnoughData: glyphs.notApplicable
        }
    }

    /// The roles a theme gives a style to.
    public enum Role: Sendable, Hashable {
        case text, muted, border, borderFocused, title, keyHint, selection
        case ok, warning, drift, critical, reference, current, header
        case gradientLow, gradientMid, gradientHigh
    }
}
