import DriftStats
import Testing
@testable import Dashboard

/// Widgets drawn into small buffers, compared cell for cell.
struct WidgetTests {
    static let context = RenderContext()

    static func draw(width: Int, height: Int = 1, _ body: (inout Buffer) -> Void) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        body(&buffer)
        return buffer
    }

    @Test func sparklineScalesFromZeroAndLeavesGaps() {
        let buffer = Self.draw(width: 10) { buffer in
            Sparkline([0, 1, 2, 3, 4, 5, 6, 7, nil], style: .plain, glyphs: .unicode).render(in: buffer.area, into: &buffer)
        }
        // Newest at the right; nil is a gap; 9 values in 10 cells start one cell in.
        #expect(buffer.line(0) == " ▁▂▃▄▅▆▇█ ")
        let ascii = Self.draw(width: 4) { buffer in
            Sparkline([1, 7, 3, 5, 0, 7], style: .plain, glyphs: .ascii).render(in: buffer.area, into: &buffer)
        }
        #expect(ascii.line(0) == "~+_#")
    }

    @Test func sparklineWithAMinimumShowsASlowSlide() {
        let buffer = Self.draw(width: 4) { buffer in
            Sparkline([0.85, 0.84, 0.83, 0.78], style: .plain, glyphs: .unicode, minimum: 0.78).render(in: buffer.area, into: &buffer)
        }
        #expect(buffer.line(0) == "█▇▆▁")
    }

    @Test(arguments: [(0.0, "          "), (0.5, "█████     "), (0.0625, "▋         "), (0.99, "█████████▉"), (1.5, "██████████"), (.nan, "          ")])
    func gaugeFillsByEighths(fraction: Double, expected: String) {
        let buffer = Self.draw(width: 10) { buffer in
            Gauge(fraction: fraction, style: .plain, glyphs: .unicode).render(in: buffer.area, into: &buffer)
        }
        #expect(buffer.line(0) == expected)
    }

    @Test(arguments: [
        (DriftBand.ok, "✔ ok", "ok"), (.warning, "▲ warning", "! warning"), (.drift, "✖ drift", "X drift"), (.notEnoughData, "· n/a", "- n/a"),
    ])
    func bandBadgeHasASymbolAndAWord(band: DriftBand, unicode: String, ascii: String) {
        #expect(BandBadge(band, context: RenderContext(glyphs: .unicode)).text == unicode)
        #expect(BandBadge(band, context: RenderContext(glyphs: .ascii)).text == ascii)
        // Colour and symbol both: drift and warning differ in colour as well.
        #expect(Self.context.style(DriftBand.drift).foreground != Self.context.style(DriftBand.warning).foreground)
    }

    @Test func labelCutsAtTheEndWithAnEllipsis() {
        #expect(Label.fit("merchant_category", width: 10) == "merchant_…")
        #expect(Label.fit("short", width: 10) == "short")
        #expect(Label.fit("日本語テキスト", width: 5) == "日本…")
        #expect(Label.fit("abc", width: 0) == "")
        let right = Self.draw(width: 8) { buffer in Label("42ms", alignment: .right).render(in: buffer.area, into: &buffer) }
        #expect(right.line(0) == "    42ms")
    }

    @Test func blockDrawsItsTitleAndStaysInside() {
        let buffer = Self.draw(width: 22, height: 3) { buffer in
            Block(title: "Input drift", trailingTitle: "[2]", context: Self.context).render(in: buffer.area, into: &buffer)
        }
        #expect(buffer.text == "┌─ Input drift  [2] ─┐\n│                    │\n└────────────────────┘")
        // Narrower: the title is cut, the hot key stays.
        let narrow = Self.draw(width: 20, height: 2) { buffer in
            Block(title: "Input drift", trailingTitle: "[2]", context: Self.context).render(in: buffer.area, into: &buffer)
        }
        #expect(narrow.line(0) == "┌─ Input dri… [2] ─┐")
        let tiny = Self.draw(width: 1, height: 1) { buffer in
            Block(title: "x", context: Self.context).render(in: buffer.area, into: &buffer)
        }
        #expect(tiny.text == "")
    }

    @Test func tableDropsLowPriorityColumnsBeforeSqueezingEssentialOnes() {
        let columns: [Table.Column] = [
            .init("name", width: 12, minWidth: 6, priority: 10, isFlexible: true),
            .init("value", width: 6, alignment: .right, priority: 9),
            .init("extra", width: 8, priority: 2),
            .init("count", width: 5, alignment: .right, priority: 5),
        ]
        let table = Table(columns: columns, rows: [[.text("amount", .plain), .text("0.231", .plain), .text("x", .plain), .text("12", .plain)]],
                          context: Self.context)
        // Wide: every column at its width, the name taking what is left.
        #expect(table.layout(width: 40).map(\.width) == [16, 6, 8, 5])
        // 24 wide: "extra" goes first, then the name shrinks.
        #expect(table.layout(width: 24).map(\.index) == [0, 1, 3])
        #expect(table.layout(width: 24).map(\.width) == [9, 6, 5])
        // 16 wide: only what matters most.
        #expect(table.layout(width: 16).map(\.index) == [0, 1])
        let buffer = Self.draw(width: 24, height: 2) { buffer in table.render(in: buffer.area, into: &buffer) }
        #expect(buffer.text == "  name       value count\n  amount     0.231    12")
    }

    @Test func tableKeepsTheSelectionVisible() {
        let rows: [[Table.Content]] = (0..<20).map { [.text("row \($0)", .plain)] }
        let table = Table(columns: [.init("name", width: 10, isFlexible: true)], rows: rows, selected: 15, offset: 0, context: Self.context)
        let buffer = Self.draw(width: 12, height: 5) { buffer in table.render(in: buffer.area, into: &buffer) }
        #expect(buffer.text == "  name\n  row 12\n  row 13\n  row 14\n▶ row 15")
    }

    @Test func histogramDrawsBothSeriesSideBySide() {
        let histogram = Histogram(labels: ["a", "b"], reference: [1, 0.5], current: [0.5, 1], orientation: .vertical, context: Self.context)
        let buffer = Self.draw(width: 5, height: 2) { buffer in histogram.render(in: buffer.area, into: &buffer) }
        #expect(buffer.text == "█   █\n██ ██")
        // Too narrow for gaps: pairs side by side; narrower still: the current series alone.
        let tight = Histogram(labels: ["a", "b", "c"], reference: [1, 0.5, 1], current: [0.5, 1, 1], orientation: .vertical, context: Self.context)
        #expect(Self.draw(width: 6) { buffer in tight.render(in: buffer.area, into: &buffer) }.line(0) == "█▄▄███")
        #expect(Self.draw(width: 5) { buffer in tight.render(in: buffer.area, into: &buffer) }.line(0) == "▄██  ")
        let horizontal = Histogram(labels: ["low", "high"], reference: [0.8, 0.2], current: [0.4, 0.6], orientation: .horizontal, context: Self.context)
        let rows = Self.draw(width: 40, height: 2) { buffer in horizontal.render(in: buffer.area, into: &buffer) }
        #expect(rows.line(0).hasPrefix("low  ") && rows.line(0).contains("80.0%") && rows.line(0).contains("40.0%"))
    }

    /// The mono theme gives reference and current one colour: the reference gets its own glyph.
    @Test func histogramTellsTheSeriesApartWithoutColour() {
        var mono = Theme.builtInDefault
        mono.reference = .terminalDefault
        mono.current = .terminalDefault
        for context in [RenderContext(theme: mono), RenderContext(monochrome: true)] {
            let histogram = Histogram(labels: ["a", "b"], reference: [1, 0.5], current: [0.5, 1], orientation: .vertical, context: context)
            let buffer = Self.draw(width: 5, height: 2) { buffer in histogram.render(in: buffer.area, into: &buffer) }
            #expect(buffer.text == "░   █\n░█ ░█")
            #expect(histogram.legend.spans.first?.0 == "░")
            let horizontal = Histogram(labels: ["low"], reference: [0.8], current: [0.4], orientation: .horizontal, context: context)
            let row = Self.draw(width: 40, height: 1) { buffer in horizontal.render(in: buffer.area, into: &buffer) }.line(0)
            #expect(row.contains("░░") && row.contains("█"))
        }
        // With colours that differ, both keep the blocks.
        let coloured = Histogram(labels: ["a"], reference: [1], current: [1], orientation: .vertical, context: Self.context)
        #expect(coloured.referenceGlyph == nil)
    }
}

/// Number and time formatting, without Foundation formatters.
struct FormatTests {
    @Test(arguments: [(0.2314, 3, "0.231"), (0.2315, 3, "0.232"), (-0.0004, 3, "0.000"), (-1.25, 1, "-1.3"), (12.0, 0, "12"), (1e20, 2, "1e+20"), (.nan, 2, "nan"), (-.infinity, 1, "-inf")])
    func fixed(value: Double, digits: Int, expected: String) {
        #expect(Format.fixed(value, digits) == expected)
    }

    @Test func units() {
        #expect(Format.percent(0.1234) == "12.3%")
        #expect(Format.percent(0.0004) == "0.04%")
        #expect(Format.percent(nil) == "-")
        #expect(Format.count(9_999) == "9999")
        #expect(Format.count(48_210) == "48.2k")
        #expect(Format.count(1_250_000) == "1.25M")
        #expect(Format.rate(842.4) == "842/s")
        #expect(Format.rate(1_250) == "1.25k/s")
        #expect(Format.milliseconds(12.44) == "12.4ms")
        #expect(Format.milliseconds(1_250) == "1.25s")
        #expect(Format.metric(0.00001) == "<0.0001")
        #expect(Format.metric(88.3) == "88.30")
    }

    @Test(arguments: [(0.4, "0.40s"), (45, "45s"), (192, "3m12s"), (7_500, "2h05m"), (270_000, "3d03h"), (-3, "0s"), (1e300, ">31y")])
    func durations(seconds: Double, expected: String) {
        #expect(Format.duration(seconds) == expected)
    }

    @Test func windowsAndClocks() {
        #expect(Format.window(nil) == "all")
        #expect(Format.window(900) == "15m")
        #expect(Format.window(21_600) == "6h")
        #expect(Format.window(172_800) == "2d")
        // 2026-01-01T12:00:00Z, and the same shifted to UTC-3.
        #expect(Format.clock(1_767_268_800, offset: 0) == "12:00:00")
        #expect(Format.clock(1_767_268_800, offset: -10_800) == "09:00:00")
        #expect(Format.dateTime(1_767_268_800, offset: 0) == "01-01 12:00")
        #expect(Format.dateTime(1_709_164_800, offset: 0) == "02-29 00:00")
        #expect(Format.dateTime(-86_400, offset: 0) == "12-31 00:00")
        #expect(Format.clock(.nan, offset: 0) == "--:--:--")
    }
}
