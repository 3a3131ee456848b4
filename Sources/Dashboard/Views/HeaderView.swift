import MonitorEngine

/// The top two lines: the model and its vital signs (first line), the screen tabs and the sort
/// and filter of the current list (second line). Fields that do not fit are dropped, least
/// important first; the clock stays at the right.
struct HeaderView: Sendable {
    var frame: FrameContext

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let model = frame.model
        let c = frame.context
        let sep = c.glyphs.separator
        let clock = frame.nowSeconds.map { Format.clock($0, offset: c.utcOffsetSeconds) } ?? ""
        // (text, style, priority): higher priority is kept longer.
        var fields: [(String, CellStyle, Int)] = []
        if let snapshot = model.snapshot {
            fields.append((snapshot.model, frame.style(.title), 10))
            if let fleet = snapshot.fleet {
                // A fleet's counts from Prometheus: how many agents, how fresh their scrapes.
                fields.append(("fleet of \(fleet.agents) agent\(fleet.agents == 1 ? "" : "s")", frame.style(fleet.error == nil ? .text : .warning), 7))
                fields.append((fleet.error == nil ? "scraped " + Format.duration(fleet.scrapeAgeSeconds, missing: frame.missing) + " ago" : "Prometheus: reading failed",
                               frame.style(fleet.error == nil ? .text : .critical), 4))
            } else {
                let sources = snapshot.input.sources.count
                fields.append(("\(sources) source\(sources == 1 ? "" : "s")", frame.style(.text), 2))
                // Records per second as they arrive (the last 10 s), not a bucket's partial count.
                fields.append((Format.rate(model.shownThroughput, missing: frame.missing), frame.style(.text), 5))
                let stale = Self.isStale(snapshot)
                fields.append(("lag " + Format.duration(snapshot.freshness.eventLagSeconds, missing: frame.missing),
                               frame.style(stale ? .warning : .text), 4))
            }
            // A replayed log's window was chosen from its span, not given: say so.
            let replay = snapshot.window.isReplay ? " (replay)" : ""
            fields.append(("window " + Format.window(snapshot.window.lengthSeconds) + replay, frame.style(.text), 6))
            if let segment = model.segment {
                var style = frame.style(.keyHint)
                style.reverse = true
                fields.append((" \(segment) ", style, 9))
            }
            // What still needs a person: firing, neither acknowledged nor silenced. Handled
            // ones are counted apart, quietly.
            let firing = snapshot.alerts.filter { $0.state == .firing }
            let open = firing.filter(AlertRows.needsAPerson).count
            let handled = firing.count - open
            if open > 0 {
                fields.append(("\(c.glyphs.drift) \(open) firing", frame.style(.critical), 8))
            } else {
                fields.append((firing.isEmpty ? "no alerts" : "\(c.glyphs.ok) none firing", frame.style(.ok), 8))
            }
            if handled > 0 { fields.append(("\(handled) handled", frame.style(.muted), 3)) }
        } else {
            fields.append(("modeltop", frame.style(.title), 10))
        }
        if model.isReadOnly { fields.append(("read-only", frame.style(.muted), 4)) }
        if let history = model.snapshot?.history, !history.isLive {
            var style = frame.style(.warning)
            style.reverse = true
            style.bold = true
            fields.append((" HISTORY ", style, 11))
        }
        if model.isPaused {
            var style = frame.style(.warning)
            style.reverse = true
            style.bold = true
            fields.append((" PAUSED ", style, 11))
        }
        let clockWidth = clock.isEmpty ? 0 : DisplayWidth.of(clock) + 1
        let room = area.width - 2 - clockWidth
        var kept = fields
        func width(_ list: [(String, CellStyle, Int)]) -> Int {
            list.reduce(0) { $0 + DisplayWidth.of($1.0) } + max(0, list.count - 1) * DisplayWidth.of(sep)
        }
        while kept.count > 1, width(kept) > room {
            let victim = kept.indices.min { kept[$0].2 < kept[$1].2 }!
            kept.remove(at: victim)
        }
        var line = Line()
        for (index, field) in kept.enumerated() {
            if index > 0 { line.append(sep, frame.style(.muted)) }
            line.append(field.0, field.1)
        }
        line.render(in: Rect(x: area.x + 1, y: area.y, width: room, height: 1), into: &buffer)
        if !clock.isEmpty {
            Label(clock, style: frame.style(.muted), alignment: .right)
                .render(in: Rect(x: area.maxX - clockWidth, y: area.y, width: clockWidth - 1, height: 1), into: &buffer)
        }
        guard area.height > 1 else { return }
        renderTabs(in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), into: &buffer)
    }

    private func renderTabs(in area: Rect, into buffer: inout Buffer) {
        let model = frame.model
        var line = Line()
        let tabs: [(Character, Screen)] = [("o", .overview), ("f", .features), ("s", .segments), ("a", .alerts)]
        for (key, screen) in tabs {
            let isCurrent = model.screen == screen || (screen == .features && model.screen == .featureDetail)
            var style = frame.style(isCurrent ? .title : .muted)
            if isCurrent { style.reverse = true }
            let start = line.width
            line.append(" ", frame.style(.text))
            line.append(String(key), frame.style(.keyHint))
            line.append(" ", frame.style(.text))
            let detail = screen == .features && model.screen == .featureDetail ? " › " + (model.detailFeature ?? "") : ""
            line.append(isCurrent ? screen.title + detail : screen.title, style)
            line.append(" ", frame.style(.text))
            buffer.mark(Rect(x: area.x + start, y: area.y, width: line.width - start, height: 1), .screen(screen))
        }
        line.render(in: area, into: &buffer)
        // The current list's sort and filter, right-aligned.
        guard let id = model.currentList, id != .featureSegments else { return }
        let list = model.list(id)
        var right = Line()
        if !list.filter.isEmpty || model.isTypingFilter {
            right.append("filter ", frame.style(.muted))
            right.append("/" + list.filter, frame.style(.keyHint))
            right.append("  ", frame.style(.text))
        }
        let columns = DashboardModel.sortColumns(id)
        let column = columns[max(0, min(list.sortColumn, columns.count - 1))]
        var sort = Line([("sort ", frame.style(.muted)), (column + (list.reversed ? " (reversed)" : ""), frame.style(.text))])
        if right.width + sort.width + 1 > area.width - line.width - 2 {
            // Short of room: the column alone, or nothing rather than a cut word.
            sort = Line([(column + (list.reversed ? " ↑" : ""), frame.style(.text))])
        }
        if right.width + sort.width + 1 <= area.width - line.width - 2 {
            right.spans += sort.spans
        }
        right.append(" ", frame.style(.text))
        guard right.width <= area.width - line.width - 2 else { return }
        right.render(in: Rect(x: area.maxX - right.width, y: area.y, width: right.width, height: 1), into: &buffer)
    }

    /// A stream is quiet when no record arrived for a minute: shown, not hidden.
    static let staleAfterSeconds = 60.0

    static func isStale(_ snapshot: Snapshot) -> Bool {
        (snapshot.freshness.secondsSinceLastRecord ?? 0) >= staleAfterSeconds
    }
}
