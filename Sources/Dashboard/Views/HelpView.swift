/// Every key, grouped (`?`); any key closes it. Drawn over the screen in a centred box, in two
/// columns of groups when the terminal is wide enough.
struct HelpView: Sendable {
    var context: RenderContext

    static let groups: [(String, [(String, String)])] = [
        ("Screens", [("o", "overview"), ("f", "features"), ("s", "segments"), ("a", "alerts"), ("?", "this help")]),
        ("Panels", [("Tab/Shift-Tab", "next / previous panel"), ("1 2 3 4", "focus panel N")]),
        ("View", [("w", "cycle 5m/15m/1h/6h/all"), ("p  Space", "pause / resume"), ("t", "next theme")]),
        ("Quit", [("q  Ctrl-C", "quit")]),
        ("Lists", [("↑ ↓  j k", "move"), ("PgUp PgDn", "page"), ("g G Home End", "first / last"),
                   ("Enter", "drill in / open"), ("Esc Backspace", "back out one level"),
                   ("/", "filter (Esc clears)"), ("< >", "sort column"), ("r", "reverse sort")]),
        ("Alerts screen", [("a", "acknowledge (note)"), ("z", "silence (duration)"), ("u", "undo ack / silence"),
                           ("Enter", "go to feature/segment")]),
    ]

    func render(in area: Rect, into buffer: inout Buffer) {
        let keyWidth = 13, actionWidth = 22
        let columnWidth = keyWidth + 1 + actionWidth
        let twoColumns = area.width >= columnWidth * 2 + 7
        let columns: [[(String, [(String, String)])]] = twoColumns
            ? [Array(Self.groups[0..<4]), Array(Self.groups[4...])]
            : [Self.groups]
        let heights = columns.map { $0.reduce(0) { $0 + $1.1.count + 2 } - 1 }
        let innerHeight = (heights.max() ?? 0) + 1
        var width = min(area.width, columns.count * columnWidth + (columns.count - 1) * 3 + 4)
        // A sliver of the screen beside the box reads as noise: take the whole width instead.
        if area.width - width < 4 { width = area.width }
        let height = min(area.height, innerHeight + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, with: Cell(character: " ", style: context.style(.text)))
        let block = Block(title: "Help", trailingTitle: "any key closes", isFocused: true, context: context)
        block.render(in: box, into: &buffer)
        let inner = block.inner(box)
        for (index, groups) in columns.enumerated() {
            let x = inner.x + 1 + index * (columnWidth + 3)
            var y = inner.y
            for (title, keys) in groups {
                if y >= inner.maxY { break }
                Label(title, style: context.style(.title)).render(in: Rect(x: x, y: y, width: columnWidth, height: 1), into: &buffer)
                y += 1
                for (key, action) in keys where y < inner.maxY {
                    let shownKey = context.glyphs.levels.first == "▁" ? key : key.replacingArrows
                    Label(shownKey, style: context.style(.keyHint)).render(in: Rect(x: x, y: y, width: keyWidth, height: 1), into: &buffer)
                    Label(action, style: context.style(.text)).render(in: Rect(x: x + keyWidth + 1, y: y, width: min(actionWidth, inner.maxX - x - keyWidth - 1), height: 1), into: &buffer)
                    y += 1
                }
                y += 1
            }
        }
    }
}

extension String {
    /// Arrow keys spelled out for ASCII terminals.
    var replacingArrows: String {
        var out = ""
        for character in self {
            switch character {
            case "↑": out += "Up"
            case "↓": out += "Down"
            default: out.append(character)
            }
        }
        return out
    }
}
