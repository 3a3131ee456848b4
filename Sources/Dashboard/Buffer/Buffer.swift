import MonitorEngine

/// A frame of styled cells, drawn by pure functions of (UI model, snapshot, theme, size) and
/// handed whole to the terminal backend (style.md "Immediate-mode UI").
///
/// Writes outside the buffer are clipped, never a crash: a terminal can be 20×5.
public struct Buffer: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Row-major cells, `width * height` of them.
    public private(set) var cells: [Cell]
    /// Where clickable things were drawn, in drawing order: a later region (a row) wins over an
    /// earlier one it lies on (its panel).
    public private(set) var clickRegions: [ClickRegion] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y); a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` from (x, y) in `style`, clipped to `maxWidth` columns (and to the buffer).
    /// Returns the number of columns written. Wide characters take two columns; one that would
    /// not fit whole is not drawn. Control and invisible formatting characters are drawn
    /// visibly, as every output shows them (`SafeText`: `\x1b`, `<U+202E>`), so a log value can
    /// never move the cursor, reach the terminal as an escape sequence or reorder the line.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: CellStyle = .plain, maxWidth: Int = .max) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxWidth, width - x)
        var column = 0
        for character in SafeText.sanitized(text) {
            let cellWidth = DisplayWidth.of(character)
            if cellWidth == 0 { continue }
            if column + cellWidth > limit { break }
            self[x + column, y] = Cell(character: character, style: style)
            if cellWidth == 2 { self[x + column + 1, y] = Cell(character: " ", style: style, isContinuation: true) }
            column += cellWidth
        }
        return column
    }

    /// Marks `rect` (clipped to the buffer) as meaning `target` when clicked.
    public mutating func mark(_ rect: Rect, _ target: ClickTarget) {
        let clipped = rect.intersection(area)
        guard !clipped.isEmpty else { return }
        clickRegions.append(ClickRegion(rect: clipped, target: target))
    }

    /// Forgets every clickable region (a new frame is drawn).
    public mutating func clearClickRegions() { clickRegions.removeAll(keepingCapacity: true) }

    /// What a click on cell (x, y) means: the last region marked there.
    public func clickTarget(x: Int, y: Int) -> ClickTarget? {
        clickRegions.last { x >= $0.rect.x && x < $0.rect.maxX && y >= $0.rect.y && y < $0.rect.maxY }?.target
    }

    /// Fills `rect` with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let clipped = rect.intersection(area)
        let width = width
        // Straight into the storage: a frame starts with a fill of every cell.
        cells.withUnsafeMutableBufferPointer { storage in
            for row in clipped.y..<clipped.maxY {
                for column in clipped.x..<clipped.maxX { storage[row * width + column] = cell }
            }
        }
    }

    /// Applies `change` to the style of every cell in `rect` (selection highlight, dimming).
    public mutating func restyle(_ rect: Rect, _ change: (inout CellStyle) -> Void) {
        let clipped = rect.intersection(area)
        for row in clipped.y..<clipped.maxY {
            for column in clipped.x..<clipped.maxX { change(&cells[row * width + column].style) }
        }
    }

    /// The text of row `y`, continuation cells skipped, trailing spaces kept (golden files).
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var out = ""
        for x in 0..<width where !cells[y * width + x].isContinuation { out.append(cells[y * width + x].character) }
        return out
    }

    /// Every row's text, joined by newlines, trailing spaces trimmed (for golden files).
    public var text: String {
        (0..<height).map { row in
            var text = line(row)
            while text.last == " " { text.removeLast() }
            return text
        }.joined(separator: "\n")
    }
}

/// How many terminal columns a character takes (wcwidth for the cases a dashboard meets).
public enum DisplayWidth {
    /// Columns of one character: 0 for combining marks, 2 for wide East Asian characters and
    /// emoji, else 1.
    public static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        // Everything a dashboard draws (ASCII, box drawing, blocks, symbols) is below U+3000:
        // answered from a table, since Unicode property lookups cost more than the whole frame.
        if scalar.value < tableLimit { return Int(table[Int(scalar.value)]) }
        return computed(scalar)
    }

    private static let tableLimit: UInt32 = 0x3000
    private static let table: [UInt8] = (0..<tableLimit).map { value in
        Unicode.Scalar(value).map { UInt8(computed($0)) } ?? 1
    }

    /// The width from the scalar's Unicode properties.
    private static func computed(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 { return 0 }
        // Combining marks and zero-width characters join the previous cell.
        if scalar.properties.generalCategory == .nonspacingMark || value == 0x200B || value == 0x200D { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// Columns of a whole string.
    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }
}
