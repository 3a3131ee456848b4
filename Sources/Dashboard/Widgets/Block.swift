/// A bordered box with a title in its top edge; the focused block's border stands out (lazygit).
public struct Block: Sendable {
    public var title: String
    /// Drawn right-aligned in the top edge (a hot key, a count).
    public var trailingTitle: String
    public var isFocused: Bool
    public var context: RenderContext

    /// A block titled `title`, with `trailingTitle` at the right of its top edge.
    public init(title: String, trailingTitle: String = "", isFocused: Bool = false, context: RenderContext) {
        self.title = title
        self.trailingTitle = trailingTitle
        self.isFocused = isFocused
        self.context = context
    }

    /// The area inside the border.
    public func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width >= 2, area.height >= 2 else { return }
        let g = context.glyphs
        let style = context.style(isFocused ? .borderFocused : .border)
        let top = area.y, bottom = area.maxY - 1, left = area.x, right = area.maxX - 1
        for x in left...right {
            buffer[x, top] = Cell(character: g.horizontal, style: style)
            buffer[x, bottom] = Cell(character: g.horizontal, style: style)
        }
        for y in top...bottom {
            buffer[left, y] = Cell(character: g.vertical, style: style)
            buffer[right, y] = Cell(character: g.vertical, style: style)
        }
        buffer[left, top] = Cell(character: g.topLeft, style: style)
        buffer[right, top] = Cell(character: g.topRight, style: style)
        buffer[left, bottom] = Cell(character: g.bottomLeft, style: style)
        buffer[right, bottom] = Cell(character: g.bottomRight, style: style)
        let room = area.width - 4
        guard room > 0 else { return }
        var titleStyle = context.style(.title)
        if isFocused && context.monochrome { titleStyle.reverse = true }
        let trailing = trailingTitle.isEmpty ? "" : " \(trailingTitle) "
        let trailingWidth = DisplayWidth.of(trailing) <= room / 2 ? DisplayWidth.of(trailing) : 0
        let titleText = Label.fit(" \(title) ", width: room - trailingWidth)
        buffer.write(titleText, x: left + 2, y: top, style: titleStyle)
        if trailingWidth > 0 {
            buffer.write(trailing, x: right - 1 - trailingWidth, y: top, style: context.style(.keyHint))
        }
    }
}
