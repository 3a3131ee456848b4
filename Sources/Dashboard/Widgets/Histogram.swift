/// Reference beside current on the same bins (tui.md "Predictions", feature detail), with a
/// legend so that the two series read without colour. When colour cannot tell them apart (no
/// colour, or a theme such as mono that gives both the same), the reference is drawn with a
/// glyph of its own (`░`, ASCII `:`) in whole cells, and the legend shows both glyphs.
public struct Histogram: Sendable {
    public enum Orientation: Sendable {
        /// Bins left to right, bars growing up; reference and current side by side per bin.
        case vertical
        /// One row per bin: label, reference bar and share, current bar and share.
        case horizontal
    }

    public var labels: [String]
    public var reference: [Double]
    public var current: [Double]
    public var orientation: Orientation
    public var context: RenderContext

    /// Reference and current shares on the same bins, one label per bin.
    public init(labels: [String], reference: [Double], current: [Double], orientation: Orientation, context: RenderContext) {
        self.labels = labels
        self.reference = reference
        self.current = current
        self.orientation = orientation
        self.context = context
    }

    var bins: Int { max(reference.count, current.count) }

    func value(_ series: [Double], _ index: Int) -> Double {
        index < series.count && series[index].isFinite ? max(0, series[index]) : 0
    }

    var peak: Double {
        let all = (0..<bins).flatMap { [value(reference, $0), value(current, $0)] }
        return all.max() ?? 0
    }

    /// The reference's own glyph when colour does not tell the two series apart, else `nil`.
    public var referenceGlyph: Character? {
        let reference = context.style(.reference), current = context.style(.current)
        guard context.monochrome || reference.foreground == current.foreground else { return nil }
        return context.glyphs.levels.first == "▁" ? "░" : ":"
    }

    /// The legend line: `▆ reference  ▆ current` (`░ reference  ▆ current` without colour).
    public var legend: Line {
        let block = String(context.glyphs.levels[context.glyphs.levels.count - 2])
        return Line([(referenceGlyph.map(String.init) ?? block, context.style(.reference)), (" reference  ", context.style(.muted)),
                     (block, context.style(.current)), (" current", context.style(.muted))])
    }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0, bins > 0 else { return }
        switch orientation {
        case .vertical: renderVertical(in: area, into: &buffer)
        case .horizontal: renderHorizontal(in: area, into: &buffer)
        }
    }

    private func renderVertical(in area: Rect, into buffer: inout Buffer) {
        let top = peak
        guard top > 0 else { return }
        // Widest bars that fit: two series per bin and a gap between bins; without the gap when
        // that is all that fits; one series (current) when even that does not fit.
        let bothFit = area.width >= bins * 2
        let gap = area.width >= bins * 3 - 1 ? 1 : 0
        let bar = bothFit ? max(1, ((area.width + gap) / bins - gap) / 2) : 1
        let stride = bothFit ? bar * 2 + gap : 1
        let levels = context.glyphs.levels
        let eighthsTall = area.height * 8
        for bin in 0..<bins {
            let x0 = area.x + bin * stride
            let series: [([Double], CellStyle, Int)] = bothFit
                ? [(reference, context.style(.reference), 0), (current, context.style(.current), bar)]
                : [(current, context.style(.current), 0)]
            for (values, style, shift) in series {
                let ratio = value(values, bin) / top
                let height = ratio.isFinite ? Int((max(0, min(1, ratio)) * Double(eighthsTall)).rounded()) : 0
                let own = bothFit && shift == 0 ? referenceGlyph : nil
                for column in 0..<bar {
                    let x = x0 + shift + column
                    guard x < area.maxX else { continue }
                    for row in 0..<area.height {
                        let filled = own == nil ? height - row * 8 : (height + 4) / 8 * 8 - row * 8
                        guard filled > 0 else { break }
                        let glyph = own ?? (filled >= 8 ? levels[levels.count - 1] : levels[max(0, filled - 1)])
                        buffer[x, area.maxY - 1 - row] = Cell(character: glyph, style: style)
                    }
                }
            }
        }
    }

    private func renderHorizontal(in area: Rect, into buffer: inout Buffer) {
        let top = peak
        let labelWidth = min(max(4, labels.map { DisplayWidth.of($0) }.max() ?? 4), max(4, area.width / 3))
        let shareWidth = 6
        let barWidth = max(1, (area.width - labelWidth - 2 * (shareWidth + 2) - 1) / 2)
        for bin in 0..<min(bins, area.height) {
            let y = area.y + bin
            let label = bin < labels.count ? labels[bin] : "#\(bin + 1)"
            Label(label, style: context.style(.text)).render(in: Rect(x: area.x, y: y, width: labelWidth, height: 1), into: &buffer)
            var x = area.x + labelWidth + 1
            for (values, role) in [(reference, RenderContext.Role.reference), (current, .current)] {
                let share = value(values, bin)
                let bar = Rect(x: x, y: y, width: min(barWidth, area.maxX - x), height: 1)
                if role == .reference, let own = referenceGlyph {
                    // Whole cells of the reference's own glyph.
                    let cells = top > 0 ? Int((share / top * Double(bar.width)).rounded()) : 0
                    for column in 0..<max(0, min(cells, bar.width)) {
                        buffer[bar.x + column, y] = Cell(character: own, style: context.style(role))
                    }
                } else {
                    Gauge(fraction: top > 0 ? share / top : 0, style: context.style(role), glyphs: context.glyphs)
                        .render(in: bar, into: &buffer)
                }
                x += barWidth + 1
                Label(Format.percent(share), style: context.style(role), alignment: .right)
                    .render(in: Rect(x: x, y: y, width: min(shareWidth, area.maxX - x), height: 1), into: &buffer)
                x += shareWidth + 2
            }
        }
    }
}
