/// A line made of spans of different styles, drawn left to right and clipped.
public struct Line: Sendable {
    public var spans: [(String, CellStyle)]

    /// A line of styled spans, drawn in order.
    public init(_ spans: [(String, CellStyle)] = []) {
        self.spans = spans
    }

    /// Adds a piece of text in a style at the end.
    public mutating func append(_ text: String, _ style: CellStyle) { spans.append((text, style)) }

    /// Adds `spans` only when the line then still fits in `width` columns: optional fields
    /// are left out whole rather than cut.
    public mutating func append(ifFitting spans: [(String, CellStyle)], width: Int) {
        let added = spans.reduce(0) { $0 + DisplayWidth.of($1.0) }
        if self.width + added <= width { self.spans += spans }
    }

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
