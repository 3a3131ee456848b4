import MonitorEngine

/// The history strip, one line under the header while the time cursor is not live: the kept
/// past from its start to the live end, the window at the cursor drawn over it, alert firings
/// marked where they fired, and the keys that move the cursor.
///
/// `history 08:00 ──✖────────│──✖── 12:00  window 09:00–10:00  [ ] step 1h { } window . live`:
/// the step is what `[` and `]` move by there (coarser as the history ages).
struct TimelineView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot
    var history: HistoryInfo

    init?(frame: FrameContext) {
        guard let snapshot = frame.model.snapshot, let history = snapshot.history, !history.isLive else { return nil }
        self.frame = frame
        self.snapshot = snapshot
        self.history = history
    }

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0, area.width > 20 else { return }
        let c = frame.context
        let offset = c.utcOffsetSeconds
        let span = history.liveEndSeconds - history.startSeconds
        // Times of day when the history fits in a day, else dates too.
        let stamp: (Double) -> String = span <= 86_400
            ? { String(Format.clock($0, offset: offset).prefix(5)) }
            : { Format.dateTime($0, offset: offset) }
        var line = Line()
        line.append(" history ", frame.style(.warning))
        line.append(stamp(history.startSeconds) + " ", frame.style(.muted))
        let from = snapshot.window.fromSeconds ?? history.cursorSeconds ?? history.startSeconds
        let to = history.cursorSeconds ?? history.liveEndSeconds
        var right = Line()
        right.append(" " + stamp(history.liveEndSeconds), frame.style(.muted))
        right.append("  window ", frame.style(.muted))
        right.append(stamp(from) + "–" + stamp(to), frame.style(.text))
        if area.width >= 100 {
            right.append("  ", frame.style(.text))
            for (key, action) in [("[ ]", "step " + Format.window(history.stepSeconds)), ("{ }", "window"), (".", "live")] {
                right.append(frame.model.keys.display(key), frame.style(.keyHint))
                right.append(" " + action + " ", frame.style(.muted))
            }
        }
        let barWidth = area.width - line.width - right.width - 1
        guard barWidth >= 8 else {
            // Too narrow for a bar: where the cursor is, in words.
            var short = Line()
            short.append(" history ", frame.style(.warning))
            short.append("window " + stamp(from) + "–" + stamp(to), frame.style(.text))
            short.render(in: area, into: &buffer)
            return
        }
        line.render(in: Rect(x: area.x, y: area.y, width: line.width, height: 1), into: &buffer)
        let barX = area.x + line.width
        func column(_ seconds: Double) -> Int {
            guard span > 0 else { return barWidth - 1 }
            return max(0, min(barWidth - 1, Int(((seconds - history.startSeconds) / span * Double(barWidth)).rounded(.down))))
        }
        let windowColumns = column(from)...max(column(from), column(to - 0.001))
        for x in 0..<barWidth {
            let inWindow = windowColumns.contains(x)
            var style = frame.style(inWindow ? .current : .muted)
            if inWindow { style.reverse = true }
            _ = buffer.write(String(c.glyphs.horizontal), x: barX + x, y: area.y, style: style, maxWidth: 1)
        }
        // Alert firings, where they fired.
        for alert in snapshot.alerts {
            guard let fired = alert.firedAtSeconds, fired >= history.startSeconds, fired <= history.liveEndSeconds else { continue }
            _ = buffer.write(c.glyphs.drift.count == 1 ? c.glyphs.drift : "!", x: barX + column(fired), y: area.y,
                         style: frame.style(.critical), maxWidth: 1)
        }
        _ = buffer.write(String(c.glyphs.vertical), x: barX + column(to - 0.001), y: area.y, style: frame.style(.title), maxWidth: 1)
        right.render(in: Rect(x: barX + barWidth, y: area.y, width: right.width, height: 1), into: &buffer)
    }
}
