import MonitorEngine
/// Every key, grouped (`?`), and on a second page (`?` again) what the abbreviated words mean;
/// any other key closes it. Drawn over the screen in a centred box, the keys in two columns of
/// groups when the terminal is wide enough, the words below them when it is tall enough.
struct HelpView: Sendable {
    var context: RenderContext
    /// 0: the keys; 1: the words.
    var page: Int = 0
    /// `--readonly`: the keys that act on alerts are not listed.
    var isReadOnly = false
    /// The screen help was opened on: its own keys come first.
    var screen: Screen = .overview
    /// Keys rebound in the configuration: shown as bound.
    var keys = KeyBindings()

    /// The groups listed: the screen's own keys first, then the rest; without the alert
    /// actions on a read-only screen.
    var shownGroups: [(String, [(String, String)])] {
        var groups = Self.groups.map { group -> (String, [(String, String)]) in
            guard isReadOnly, group.0 == "Alerts screen" else { return group }
            return (group.0 + " (read-only)", group.1.filter { !["A", "z", "u"].contains($0.0) })
        }
        let own: String = switch screen {
        case .overview: "Panels"
        case .alerts: "Alerts screen"
        case .features, .segments, .featureDetail: "Lists"
        }
        if let index = groups.firstIndex(where: { $0.0.hasPrefix(own) }) {
            let group = groups.remove(at: index)
            groups.insert(("This screen: " + group.0.lowercased(), group.1), at: 0)
        }
        return groups
    }

    static let groups: [(String, [(String, String)])] = [
        ("Screens", [("o", "overview"), ("f", "features"), ("s", "segments"), ("a", "alerts"), ("?", "help; again: words"), (":", "command line (Tab)")]),
        ("Panels", [("Tab/Shift-Tab", "next / previous panel"), ("1 2 3 4", "focus panel N")]),
        ("View", [("w", "cycle 5m/15m/1h/6h/all"), ("p  Space", "pause / resume"), ("t", "next theme (named)"), ("e  E", "export .md / .json")]),
        ("Quit", [("q  Ctrl-C", "quit")]),
        ("History", [("[ ]", "end -/+ one bucket"), ("{ }", "end -/+ one window"), (".", "back to live")]),
        ("Lists", [("↑ ↓  j k", "move"), ("PgUp PgDn", "page"), ("g G Home End", "first / last"),
                   ("Enter", "drill in / open"), ("Esc Backspace", "back out one level"),
                   ("/", "regex filter, !inverts"), ("< >", "sort column"), ("r", "reverse sort")]),
        ("Alerts screen", [("A", "acknowledge (confirm)"), ("z", "silence (30m, 2h, 1d)"), ("u", "undo ack / silence"),
                           ("Enter", "go to feature/segment")]),
    ]

    static let termWidth = 11

    func render(in area: Rect, into buffer: inout Buffer) {
        let keyWidth = 13, actionWidth = 22
        let columnWidth = keyWidth + 1 + actionWidth
        let twoColumns = area.width >= columnWidth * 2 + 7
        let columns: [[(String, [(String, String)])]] = twoColumns
            ? [Array(shownGroups[0..<4]), Array(shownGroups[4...])]
            : [shownGroups]
        let heights = columns.map { $0.reduce(0) { $0 + $1.1.count + 2 } - 1 }
        let keysHeight = (heights.max() ?? 0) + 1
        let wordsHeight = Glossary.entries.count + 1
        // The words join the keys' page when the terminal is tall enough for both.
        let both = page == 0 && keysHeight + 1 + wordsHeight + 2 <= area.height
        let innerHeight = page == 1 ? wordsHeight : keysHeight + (both ? 1 + wordsHeight : 0)
        let wordsWidth = Self.termWidth + 1 + (Glossary.entries.map { DisplayWidth.of($0.meaning) }.max() ?? 0)
        let keysWidth = columns.count * columnWidth + (columns.count - 1) * 3
        let contentWidth = page == 1 ? wordsWidth : both ? max(keysWidth, wordsWidth) : keysWidth
        var width = min(area.width, contentWidth + 4)
        // A sliver of the screen beside the box reads as noise: take the whole width instead.
        if area.width - width < 4 { width = area.width }
        let height = min(area.height, innerHeight + 2)
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box, with: Cell(character: " ", style: context.style(.text)))
        let title = page == 1 ? "Help · words" : "Help"
        let trailing = page == 1 ? "? keys · any other key closes" : both ? "a key listed runs · Esc closes" : "? words · a key listed runs"
        let block = Block(title: title, trailingTitle: trailing, isFocused: true, context: context)
        block.render(in: box, into: &buffer)
        let inner = block.inner(box)
        if page == 1 {
            renderWords(in: inner, into: &buffer)
            return
        }
        for (index, groups) in columns.enumerated() {
            let x = inner.x + 1 + index * (columnWidth + 3)
            var y = inner.y
            for (title, keys) in groups {
                if y >= inner.maxY { break }
                Label(title, style: context.style(.title)).render(in: Rect(x: x, y: y, width: columnWidth, height: 1), into: &buffer)
                y += 1
                for (key, action) in keys where y < inner.maxY {
                    let bound = self.keys.display(key)
                    let shownKey = context.glyphs.levels.first == "▁" ? bound : bound.replacingArrows
                    Label(shownKey, style: context.style(.keyHint)).render(in: Rect(x: x, y: y, width: keyWidth, height: 1), into: &buffer)
                    Label(action, style: context.style(.text)).render(in: Rect(x: x + keyWidth + 1, y: y, width: min(actionWidth, inner.maxX - x - keyWidth - 1), height: 1), into: &buffer)
                    y += 1
                }
                y += 1
            }
        }
        if both {
            renderWords(in: Rect(x: inner.x, y: inner.y + keysHeight + 1, width: inner.width, height: wordsHeight), into: &buffer)
        }
    }

    /// The words the screens abbreviate, one line each.
    private func renderWords(in area: Rect, into buffer: inout Buffer) {
        let x = area.x + 1
        Label("Words on the screens", style: context.style(.title)).render(in: Rect(x: x, y: area.y, width: area.width - 2, height: 1), into: &buffer)
        for (index, entry) in Glossary.entries.enumerated() {
            let y = area.y + 1 + index
            guard y < area.maxY else { break }
            Label(entry.term, style: context.style(.keyHint)).render(in: Rect(x: x, y: y, width: Self.termWidth, height: 1), into: &buffer)
            Label(entry.meaning, style: context.style(.text))
                .render(in: Rect(x: x + Self.termWidth + 1, y: y, width: max(0, area.maxX - x - Self.termWidth - 2), height: 1), into: &buffer)
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
