/// A trend of values, newest at the right (`▁▂▃▄▅▆▇█`, ASCII `_.-~=+*#`); gaps where a value is
/// undefined. Scaled from 0 (or the minimum when negative) to the maximum shown. On one row each
/// value is one of eight levels; taller areas draw columns in eighths of a row (btop's graphs).
public struct Sparkline: Sendable {
    public var values: [Double?]
    public var style: CellStyle
    public var glyphs: Glyphs
    /// The value drawn as a full block; the largest shown when `nil`.
    public var maximum: Double?
    /// The value drawn as the lowest level; 0 (or the smallest shown, when negative) when `nil`.
    public var minimum: Double?

    /// A trend of `values`, oldest first, scaled between `minimum` and `maximum` when given.
    public init(_ values: [Double?], style: CellStyle, glyphs: Glyphs, maximum: Double? = nil, minimum: Double? = nil) {
        self.values = values
        self.style = style
        self.glyphs = glyphs
        self.maximum = maximum
        self.minimum = minimum
    }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let shown = values.suffix(area.width).map { $0.flatMap { $0.isFinite ? $0 : nil } }
        let finite = shown.compactMap { $0 }
        guard let top = maximum ?? finite.max() else { return }
        let bottom = minimum ?? min(0, finite.min() ?? 0)
        let span = top - bottom
        let start = area.maxX - shown.count
        if area.height > 1 {
            renderColumns(shown, bottom: bottom, span: span, in: area, into: &buffer)
            return
        }
        for (index, value) in shown.enumerated() {
            guard let value else { continue }
            let level: Int
            if span <= 0 {
                level = value > 0 ? glyphs.levels.count - 1 : 0
            } else {
                let ratio = (value - bottom) / span
                let fraction = ratio.isNaN ? 0 : max(0, min(1, ratio))
                level = min(glyphs.levels.count - 1, Int((fraction * Double(glyphs.levels.count - 1)).rounded()))
            }
            buffer[start + index, area.y] = Cell(character: glyphs.levels[level], style: style)
        }
    }

    private func renderColumns(_ shown: [Double?], bottom: Double, span: Double, in area: Rect, into buffer: inout Buffer) {
        let levels = glyphs.levels
        let tall = area.height * 8
        // Few points in a wide area: each point a bar of up to four columns, still newest right.
        let barWidth = max(1, min(4, area.width / max(1, shown.count)))
        for (index, value) in shown.enumerated() {
            guard let value else { continue }
            let ratio = span > 0 ? (value - bottom) / span : (value > 0 ? 1 : 0)
            // At least one eighth, so that a value of zero still shows it was measured.
            let eighths = ratio.isNaN ? 1 : max(1, Int((max(0, min(1, ratio)) * Double(tall)).rounded()))
            for row in 0..<area.height {
                let filled = eighths - row * 8
                guard filled > 0 else { break }
                let glyph = filled >= 8 ? levels[levels.count - 1] : levels[filled - 1]
                for column in 0..<barWidth {
                    let x = area.maxX - (shown.count - index) * barWidth + column
                    buffer[x, area.maxY - 1 - row] = Cell(character: glyph, style: style)
                }
            }
        }
    }
}
