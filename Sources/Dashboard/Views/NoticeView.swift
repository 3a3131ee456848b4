import MonitorEngine

/// One line between the header and the body for what the user must know before reading the
/// numbers: catching up (with a progress bar), a reference still filling from the stream, a
/// quiet (stale) stream, or a set-up mistake (``Snapshot/notices``).
struct NoticeView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot

    init?(frame: FrameContext) {
        guard let snapshot = frame.model.snapshot else { return nil }
        self.frame = frame
        self.snapshot = snapshot
    }

    var isVisible: Bool {
        isCatchingUp || !snapshot.reference.isReady || HeaderView.isStale(snapshot) || !snapshot.notices.isEmpty
    }

    /// A backlog is being read. Once everything that was there is read, what still comes is
    /// live (a file being written while it was caught up on), not a backlog: no bar.
    var isCatchingUp: Bool {
        guard let catchUp = snapshot.catchUp else { return false }
        return catchUp.bytesRead < catchUp.bytesTotal
    }

    func render(in area: Rect, into buffer: inout Buffer) {
        var x = area.x + 1
        let end = area.maxX - 1
        func put(_ text: String, _ style: CellStyle) {
            guard x < end else { return }
            x += buffer.write(text, x: x, y: area.y, style: style, maxWidth: end - x)
        }
        if isCatchingUp, let catchUp = snapshot.catchUp {
            put("catching up ", frame.style(.warning))
            let wide = area.width >= 120
            let barWidth = wide ? 30 : 8
            Gauge(fraction: catchUp.fraction, style: frame.style(.current), glyphs: frame.context.glyphs, trackStyle: frame.style(.muted))
                .render(in: Rect(x: x, y: area.y, width: min(barWidth, max(0, end - x)), height: 1), into: &buffer)
            x += barWidth
            put(" " + Format.fixed(catchUp.fraction * 100, 0) + "%  ", frame.style(.text))
            if wide {
                put(Format.compact(Double(catchUp.bytesRead)) + "B of " + Format.compact(Double(catchUp.bytesTotal)) + "B   ", frame.style(.muted))
            }
        }
        let reference = snapshot.reference
        if !reference.isReady {
            let wanted = reference.wanted ?? reference.records
            let source = reference.path == nil ? "reference: first \(wanted) records" : "reference: \(reference.path!)"
            put(source, frame.style(.text))
            put(" (filling: \(reference.records)/\(wanted))   ", frame.style(.warning))
        }
        if HeaderView.isStale(snapshot) {
            put("stream quiet: no record for " + Format.duration(snapshot.freshness.secondsSinceLastRecord), frame.style(.warning))
            put(" (showing the last data)   ", frame.style(.muted))
        }
        // Set-up mistakes: the first in full, a count of the others (the report lists them all).
        if let first = snapshot.notices.first {
            let more = snapshot.notices.count > 1 ? "  (+\(snapshot.notices.count - 1) more in `modeltop report`)" : ""
            let room = end - x - DisplayWidth.of(more)
            put("⚠ ", frame.style(.warning))
            x += buffer.write(first, x: x, y: area.y, style: frame.style(.warning), maxWidth: max(0, room - 2))
            put(more, frame.style(.muted))
        }
    }
}
