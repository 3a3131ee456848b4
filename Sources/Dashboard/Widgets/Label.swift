/// One line of text in a style, aligned in its area and cut with an ellipsis when it does not
/// fit (never cut in the middle of a word's cell).
public struct Label: Sendable {
    public enum Alignment: Sendable { case left, right, center }

    public var text: String
    public var style: CellStyle
    public var alignment: Alignment
    /// Drawn at the end of a text that had to be cut.
    public var ellipsis: Character?

    public init(_ text: String, style: CellStyle = .plain, alignment: Alignment = .left, ellipsis: Character? = "…") {
        self.text = text
        self.style = style
        self.alignment = alignment
        self.ellipsis = ellipsis
    }

    /// Draws on the first row of `area`.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let fitted = Label.fit(text, width: area.width, ellipsis: ellipsis)
        let width = DisplayWidth.of(fitted)
        let x: Int
        switch alignment {
        case .left: x = area.x
        case .right: x = area.maxX - width
        case .center: x = area.x + (area.width - width) / 2
        }
        buffer.write(fitted, x: x, y: area.y, style: style, maxWidth: area.maxX - x)
    }

    /// `text` cut to `width` columns, ending in the ellipsis when it was cut.
    public static func fit(_ text: String, width: Int, ellipsis: Character? = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.of(text) <= width { return text }
        let room = ellipsis == nil ? width : width - 1
        var out = ""
        var used = 0
        for character in text {
            let w = DisplayWidth.of(character)
            if used + w > room { break }
            out.append(character)
            used += w
        }
        if let ellipsis { out.append(ellipsis) }
        return out
    }
}

/// A line made of spans of different styles, drawn left to right and clipped.
public struct Line: Sendable {
    public var spans: [(String, CellStyle)]

    public init(_ spans: [(String, CellStyle)] = []) {
        self.spans = spans
    }

    public mutating func append(_ text: String, _ style: CellStyle) { spans.append((text, style)) }

    /// Total columns.
    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.0) } }

    /// Draws on the first row of `area`, from its left (or right-aligned when `right`).
    public func render(in area: Rect, into buffer: inout Buffer, right: Bool = false) {
        guard area.width > 0, area.height > 0 else { return }
        var x = right ? max(area.x, area.maxX - width) : area.x
        for (text, style) in spans {
            let room = area.maxX - x
            if room <= 0 { break }
            x += buffer.write(text, x: x, y: area.y, style: style, maxWidth: room)
            if DisplayWidth.of(text) > room { break }
        }
    }
}
