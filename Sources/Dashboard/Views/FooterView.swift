/// The bottom line: key hints for where the user is (k9s), or the one-line input of a filter
/// or an alert prompt while one is open. A flash message (the theme `t` chose, what a prompt
/// did) comes first for a few seconds. `? help` and `q quit` are never dropped: other hints
/// give way first.
struct FooterView: Sendable {
    var frame: FrameContext

    /// The hints kept whatever the width.
    static let essential: [(key: String, action: String)] = [("?", "help"), ("q", "quit")]

    func render(in area: Rect, into buffer: inout Buffer) {
        let model = frame.model
        if let prompt = model.prompt {
            var line = Line()
            line.append(" " + prompt.label, frame.style(.title))
            line.append(prompt.text, frame.style(.text))
            var cursor = frame.style(.text)
            cursor.reverse = true
            line.append(" ", cursor)
            if let error = prompt.error { line.append("  \(error)", frame.style(.critical)) }
            line.append("   ", frame.style(.text))
            line.append("Enter", frame.style(.keyHint))
            line.append(" " + prompt.action.lowercased() + "  ", frame.style(.muted))
            line.append("Esc", frame.style(.keyHint))
            line.append(" cancel", frame.style(.muted))
            line.render(in: area, into: &buffer)
            return
        }
        if let command = model.commandLine {
            var line = Line()
            line.append(" :", frame.style(.keyHint))
            line.append(command, frame.style(.text))
            var cursor = frame.style(.text)
            cursor.reverse = true
            line.append(" ", cursor)
            let candidates = model.completions(command)
            if !command.isEmpty || !candidates.isEmpty {
                let shown = candidates.prefix(8).joined(separator: " ") + (candidates.count > 8 ? " …" : "")
                line.append("   " + (candidates.isEmpty ? "no match" : shown), frame.style(.muted))
            }
            line.append("   Tab complete  Enter run  Esc close", frame.style(.muted))
            line.render(in: area, into: &buffer)
            return
        }
        if model.isTypingFilter, let id = model.currentList {
            var line = Line()
            line.append(" /", frame.style(.keyHint))
            line.append(model.list(id).filter, frame.style(.text))
            var cursor = frame.style(.text)
            cursor.reverse = true
            line.append(" ", cursor)
            line.append("   Enter keep  Esc clear", frame.style(.muted))
            line.render(in: area, into: &buffer)
            return
        }
        var line = Line()
        line.append(" ", frame.style(.text))
        if let flash = model.flash {
            line.append(flash.text, frame.style(.title))
            line.append("  ", frame.style(.text))
        }
        func width(_ hint: (key: String, action: String)) -> Int { 2 + DisplayWidth.of(hint.key + " " + hint.action) }
        let reserved = Self.essential.reduce(0) { $0 + width($1) }
        var shown: [(key: String, action: String)] = []
        var used = line.width
        for hint in hints {
            // Whole hints only, in order, leaving room for help and quit.
            if used + width(hint) + reserved > area.width { break }
            shown.append(hint)
            used += width(hint)
        }
        for (index, hint) in (shown + Self.essential).enumerated() {
            if index > 0 { line.append("  ", frame.style(.text)) }
            line.append(model.keys.display(hint.key), frame.style(.keyHint))
            line.append(" " + hint.action, frame.style(.muted))
        }
        line.render(in: area, into: &buffer)
    }

    /// The hints for the current screen and panel, most useful first (help and quit follow).
    var hints: [(key: String, action: String)] {
        let model = frame.model
        var hints: [(key: String, action: String)] = []
        switch model.screen {
        case .overview:
            switch model.focusedPanel {
            case .inputDrift: hints = [("↑↓", "select"), ("Enter", "detail"), ("/", "filter"), ("<>", "sort")]
            case .outcomes: hints = [("Enter", "segments")]
            case .infrastructure, .predictions: hints = [("Enter", "features")]
            }
            hints.append(("Tab", "panel"))
        case .features: hints = [("↑↓", "select"), ("Enter", "detail"), ("/", "filter"), ("<>", "sort"), ("r", "reverse")]
        case .featureDetail: hints = [("↑↓", "segment"), ("Enter", "drill in"), ("Esc", "back")]
        case .segments: hints = [("↑↓", "select"), ("Enter", "drill in"), ("/", "filter"), ("<>", "sort"), ("r", "reverse")]
        case .alerts:
            hints = model.isReadOnly ? [("Enter", "go to"), ("/", "filter")]
                : [("A", "acknowledge"), ("z", "silence"), ("u", "undo"), ("Enter", "go to"), ("/", "filter")]
        }
        if model.segment != nil && model.screen != .featureDetail { hints.append(("Esc", "whole stream")) }
        if let history = model.snapshot?.history, !history.isLive { hints.insert((".", "live"), at: 0) }
        hints += [("w", "window"), ("p", model.isPaused ? "resume" : "pause"), ("t", "theme")]
        if frame.context.glyphs.levels.first != "▁" {
            hints = hints.map { ($0.key == "↑↓" ? "j/k" : $0.key, $0.action) }
        }
        return hints
    }
}
