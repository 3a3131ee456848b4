import Dashboard

/// A theme fitted to a terminal with few colours (8 or 16), where mapping each colour to its
/// nearest ANSI one on its own loses what the theme says:
///
/// - A foreground never lands on the background: on a dark theme (light text) nothing is drawn
///   black, so a dark grey border becomes the terminal's grey (8 colours: white; 16: bright
///   black) instead of black on black; on a light theme nothing is drawn white.
/// - The states stay apart: ok, warning, drift and critical are given different colours when
///   the theme gives them different colours (drift's orange would otherwise be warning's
///   yellow), as are reference and current.
///
/// Each colour becomes `.indexed(n)`, which `ColorMapping` passes through unchanged. At 256
/// colours and more, and without colour, the theme is kept as it is.
public enum ThemeAdaptation {
    /// `theme` for a terminal of `depth`.
    public static func adapted(_ theme: Theme, depth: ColorDepth) -> Theme {
        guard depth == .ansi8 || depth == .ansi16 else { return theme }
        let count = depth.colors
        // What text may not be drawn in: the background's own colour.
        let unreadable: Set<Int> = isLightTheme(theme) ? [7, 15] : [0]
        func pick(_ color: Color, avoiding taken: Set<Int> = []) -> Color {
            guard let (r, g, b) = rgb(color) else { return color }
            let excluded = unreadable.union(taken)
            return .indexed(UInt8(nearest(r, g, b, among: count, excluding: excluded)))
        }
        var out = theme
        out.foreground = pick(theme.foreground)
        out.muted = pick(theme.muted)
        out.border = pick(theme.border)
        out.borderFocused = pick(theme.borderFocused)
        out.title = pick(theme.title)
        out.keyHint = pick(theme.keyHint)
        out.selectionForeground = theme.selectionForeground
        // The states, each apart from those before it when the theme tells them apart.
        var taken: [(Color, Int)] = []
        func distinct(_ color: Color) -> Color {
            let avoid = Set(taken.filter { $0.0 != color }.map(\.1))
            let picked = pick(color, avoiding: avoid)
            if case .indexed(let index) = picked { taken.append((color, Int(index))) }
            return picked
        }
        out.ok = distinct(theme.ok)
        out.warning = distinct(theme.warning)
        out.drift = distinct(theme.drift)
        out.critical = distinct(theme.critical)
        taken = []
        out.reference = distinct(theme.reference)
        out.current = distinct(theme.current)
        out.gradient = theme.gradient.map { pick($0) }
        return out
    }

    /// True when the theme writes dark text (meant for a light background).
    static func isLightTheme(_ theme: Theme) -> Bool {
        if let background = rgb(theme.background) { return luminance(background) > 128 }
        if let foreground = rgb(theme.foreground) { return luminance(foreground) < 128 }
        return false
    }

    static func luminance(_ rgb: (UInt8, UInt8, UInt8)) -> Int {
        (Int(rgb.0) * 299 + Int(rgb.1) * 587 + Int(rgb.2) * 114) / 1000
    }

    /// The colour's RGB value; `nil` for the terminal's default.
    static func rgb(_ color: Color) -> (UInt8, UInt8, UInt8)? {
        switch color {
        case .terminalDefault: nil
        case .rgb(let red, let green, let blue): (red, green, blue)
        case .indexed(let index): ColorMapping.rgb(ofIndex: index)
        }
    }

    /// The ANSI greys: black, white, bright black, bright white.
    static let greys: Set<Int> = [0, 7, 8, 15]

    /// The nearest of the first `count` ANSI colours, leaving out `excluded`; a grey (its
    /// channels within 40 of each other) stays a grey, so a dim border never turns red.
    static func nearest(_ red: UInt8, _ green: UInt8, _ blue: UInt8, among count: Int, excluding excluded: Set<Int>) -> Int {
        let channels = [Int(red), Int(green), Int(blue)]
        let isGrey = channels.max()! - channels.min()! < 40
        var best = Int(ColorMapping.nearest(red: red, green: green, blue: blue, among: count))
        guard excluded.contains(best) || (isGrey && !greys.contains(best)) else { return best }
        var bestDistance = Int.max
        for index in 0..<min(count, 16) where !excluded.contains(index) && (!isGrey || greys.contains(index)) {
            let (r, g, b) = ColorMapping.rgb(ofIndex: UInt8(index))
            let dr = Int(red) - Int(r), dg = Int(green) - Int(g), db = Int(blue) - Int(b)
            let distance = dr * dr + dg * dg + db * db
            if distance < bestDistance { best = index; bestDistance = distance }
        }
        return best
    }
}
