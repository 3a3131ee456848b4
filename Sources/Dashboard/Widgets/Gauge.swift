/// A horizontal bar filled to a fraction with eighth blocks (`█▉▊▋▌▍▎▏`, ASCII `#=`), on one row.
public struct Gauge: Sendable {
    /// 0 to 1 (clamped; NaN draws empty).
    public var fraction: Double
    public var style: CellStyle
    public var glyphs: Glyphs
    /// Drawn in the empty part (muted), so the bar's extent shows without colour.
    public var trackStyle: CellStyle?

    /// A bar filled to `fraction`, its empty part drawn in `trackStyle` when given.
    public init(fraction: Double, style: CellStyle, glyphs: Glyphs, trackStyle: CellStyle? = nil) {
        self.fraction = fraction
        self.style = style
        self.glyphs = glyphs
        self.trackStyle = trackStyle
    }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let clamped = fraction.isNaN ? 0 : max(0, min(1, fraction))
        let eighths = Int((clamped * Double(area.width * 8)).rounded())
        for column in 0..<area.width {
            let filled = max(0, min(8, eighths - column * 8))
            let x = area.x + column
            if filled > 0 {
                buffer[x, area.y] = Cell(character: glyphs.eighths[filled], style: style)
            } else if let trackStyle {
                buffer[x, area.y] = Cell(character: glyphs.levels[0] == "▁" ? "·" : ".", style: trackStyle)
            }
        }
    }
}
