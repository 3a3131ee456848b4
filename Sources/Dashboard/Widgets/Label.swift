/// One line of text in a style, aligned in its area and cut with an ellipsis when it does not
/// fit (never cut in the middle of a word's cell).
public struct Label: Sendable {
    public enum Alignment: Sendable { case left, right, center }

    public var text: String
    public var style: CellStyle
    public var alignment: Alignment
    /// Drawn at the end of a text that had to be cut.
    public var ellipsis: Character?

    /// A label of `text`, cut with `ellipsis` (none when `nil`) when it does not fit.
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
