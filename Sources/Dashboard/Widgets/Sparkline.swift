/// A one-row trend of values, newest at the right (`▁▂▃▄▅▆▇█`, ASCII `_.-~=+*#`); gaps where a
/// value is undefined. Scaled from 0 (or the minimum when negative) to the maximum shown.
public struct Sparkline: Sendable {
    public var values: [Double?]
    public var style: CellStyle
    public var glyphs: Glyphs
    /// The value drawn as a full block; the largest shown when `nil`.
    public var maximum: Double?
    /// The value drawn as the lowest level; 0 (or the smallest shown, when negative) when `nil`.
    public var minimum: Double?

    public init(_ values: [Double?], style: CellStyle, glyphs: Glyphs, maximum: Double? = nil, minimum: Double? = nil) {
        self.values = values
        self.style = style
        self.glyphs = glyphs
        self.maximum = maximum
        self.minimum = minimum
    }

    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let shown = values.suffix(area.width).map { $0.flatMap { $0.isFinite ? $0 : nil } }
        let finite = shown.compactMap { $0 }
        guard let top = maximum ?? finite.max() else { return }
        let bottom = minimum ?? min(0, finite.min() ?? 0)
        let span = top - bottom
        let start = area.maxX - shown.count
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
}
