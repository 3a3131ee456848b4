import Dashboard

/// Maps a theme's `Color` to the colour number a terminal of a given depth understands: the
/// nearest of its palette by squared distance in RGB, the xterm palette values being the
/// reference (they are what xterm, VTE, tmux and most emulators ship).
public enum ColorMapping {
    /// The terminal's own default colour (curses' `-1` after `use_default_colors`).
    public static let terminalDefault: Int32 = -1

    /// The colour number for `color` on a terminal of `depth`; `terminalDefault` for the
    /// default colour or when there is no colour.
    public static func number(for color: Color, depth: ColorDepth) -> Int32 {
        if depth == .none { return terminalDefault }
        switch color {
        case .terminalDefault:
            return terminalDefault
        case .indexed(let index):
            if Int(index) < depth.colors { return Int32(index) }
            let (red, green, blue) = rgb(ofIndex: index)
            return number(forRed: red, green: green, blue: blue, depth: depth)
        case .rgb(let red, let green, let blue):
            return number(forRed: red, green: green, blue: blue, depth: depth)
        }
    }

    /// The colour number nearest to `#RRGGBB` on a terminal of `depth`.
    public static func number(forRed red: UInt8, green: UInt8, blue: UInt8, depth: ColorDepth) -> Int32 {
        if depth == .direct { return Int32(red) << 16 | Int32(green) << 8 | Int32(blue) }
        if depth >= .palette256 { return Int32(nearest256(red: red, green: green, blue: blue)) }
        if depth >= .ansi16 { return Int32(nearest(red: red, green: green, blue: blue, among: 16)) }
        if depth >= .ansi8 { return Int32(nearest(red: red, green: green, blue: blue, among: 8)) }
        return terminalDefault
    }

    /// The nearest colour of the xterm 256 palette, searching the 6×6×6 cube (16-231) and the
    /// grey ramp (232-255) only: the first 16 are often redefined by the user's theme.
    public static func nearest256(red: UInt8, green: UInt8, blue: UInt8) -> UInt8 {
        let r = cubeStep(red), g = cubeStep(green), b = cubeStep(blue)
        let cubeIndex = 16 + 36 * r + 6 * g + b
        let cubeDistance = distance(red, green, blue, cubeLevels[r], cubeLevels[g], cubeLevels[b])
        // The grey ramp: 8, 18, ..., 238. Pick the step nearest to the mean of the channels.
        let mean = (Int(red) + Int(green) + Int(blue)) / 3
        let greyStep = min(23, max(0, (mean - 3) / 10))
        let grey = 8 + 10 * greyStep
        let greyDistance = distance(red, green, blue, grey, grey, grey)
        return UInt8(greyDistance < cubeDistance ? 232 + greyStep : cubeIndex)
    }

    /// The nearest of the first `count` (8 or 16) ANSI colours, with xterm's default values.
    public static func nearest(red: UInt8, green: UInt8, blue: UInt8, among count: Int) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for index in 0..<min(count, 16) {
            let (r, g, b) = ansi[index]
            let d = distance(red, green, blue, r, g, b)
            if d < bestDistance { best = index; bestDistance = d }
        }
        return UInt8(best)
    }

    /// The RGB value of an xterm palette index.
    public static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        switch index {
        case 0..<16:
            let (r, g, b) = ansi[Int(index)]
            return (UInt8(r), UInt8(g), UInt8(b))
        case 16..<232:
            let cube = Int(index) - 16
            return (UInt8(cubeLevels[cube / 36]), UInt8(cubeLevels[cube / 6 % 6]), UInt8(cubeLevels[cube % 6]))
        default:
            let grey = UInt8(8 + 10 * (Int(index) - 232))
            return (grey, grey, grey)
        }
    }

    /// The six levels of each channel of the xterm cube.
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// xterm's default values of the 16 ANSI colours.
    static let ansi: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The cube step nearest to a channel value: the midpoints between levels are 47.5, 115,
    /// 155, 195 and 235.
    private static func cubeStep(_ value: UInt8) -> Int {
        switch value {
        case 0..<48: 0
        case 48..<115: 1
        default: (Int(value) - 35) / 40
        }
    }

    private static func distance(_ r1: UInt8, _ g1: UInt8, _ b1: UInt8, _ r2: Int, _ g2: Int, _ b2: Int) -> Int {
        let dr = Int(r1) - r2, dg = Int(g1) - g2, db = Int(b1) - b2
        return dr * dr + dg * dg + db * db
    }
}
