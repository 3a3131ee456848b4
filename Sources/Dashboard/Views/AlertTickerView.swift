import MonitorEngine

/// The overview's line of top firing alerts: severity symbol, rule and scope, value against
/// threshold; as many as fit, most severe first, then how many more.
struct AlertTickerView: Sendable {
    var frame: FrameContext

    func render(in area: Rect, into buffer: inout Buffer) {
        guard let snapshot = frame.model.snapshot else { return }
        let firing = AlertRows.rows(snapshot, list: ListState()).filter { $0.state == .firing }
        var line = Line()
        line.append(" alerts ", frame.style(.title))
        if let problem = snapshot.alertStoreError {
            // Acknowledgements cannot be kept: say so before anything else, never lose them silently.
            line.append("\(frame.context.glyphs.drift) alert store: \(problem)  ", frame.style(.critical))
        }
        if firing.isEmpty {
            line.append("none firing", frame.style(.ok))
            line.render(in: area, into: &buffer)
            return
        }
        var shown = 0
        for alert in firing {
            let rest = firing.count - shown - 1
            let reserve = rest > 0 ? 10 : 0
            // The longest form that fits: with what it fired at, with the limit, or bare.
            let forms = AlertsView.summaries(alert, glyphs: frame.context.glyphs)
            guard let item = forms.first(where: { line.width + DisplayWidth.of($0) + 3 + reserve <= area.width }) else { break }
            if shown > 0 { line.append(" · ", frame.style(.muted)) }
            var style = frame.context.style(severity: alert.severity)
            if AlertRows.isHandled(alert) {
                style = frame.style(.muted)
                style.dim = true
            }
            line.append(item, style)
            shown += 1
            // Once a form had to be shortened, the rest would not fit whole either.
            if item != forms[0] { break }
        }
        if shown == 0, let first = firing.first {
            // Not even one fits whole: the most severe, cut, rather than none.
            let more = firing.count > 1 ? "  +\(firing.count - 1) more" : ""
            let room = area.width - line.width - DisplayWidth.of(more)
            let short = AlertsView.summary(first, glyphs: frame.context.glyphs, withValue: false)
            line.append(Label.fit(short, width: room, ellipsis: frame.context.glyphs.ellipsis),
                        frame.context.style(severity: first.severity))
            line.append(more, frame.style(.muted))
        } else if shown < firing.count {
            line.append("  +\(firing.count - shown) more", frame.style(.muted))
        }
        line.render(in: area, into: &buffer)
    }
}
