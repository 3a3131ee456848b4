import MonitorEngine

/// The alerts screen: firing, acknowledged, silenced, pending and resolved occurrences with
/// severity, rule, scope, value against threshold, since, who acknowledged and when, note and
/// action status; the selected alert's details below.
struct AlertsView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot

    /// `✖ precision drop segment:country=BR 0.61<0.75`, as the ticker shows it.
    static func summary(_ alert: AlertSnapshot, glyphs: Glyphs, withValue: Bool = true) -> String {
        summaries(alert, glyphs: glyphs)[withValue ? 0 : 2]
    }

    /// The ticker's forms of an alert, longest first: the value now and what it fired at
    /// (`now 0.18 (fired at 0.31 > 0.20)`), the value now and the limit (`0.18, limit > 0.20`),
    /// then no value. None reads as if the value now broke the limit.
    static func summaries(_ alert: AlertSnapshot, glyphs: Glyphs) -> [String] {
        let symbol = alert.severity == "critical" || alert.severity == "high" ? glyphs.drift : glyphs.warning
        let text = "\(symbol) \(alert.rule) \(alert.scope)"
        let now = "now " + nowText(alert, missing: glyphs.missing)
        let short = text + " " + nowText(alert, missing: glyphs.missing) + ", limit " + limitText(alert)
        guard alert.firedAtSeconds != nil, let value = alert.firedValue else { return [short, short, text] }
        return [text + " " + now + " (fired at " + Format.metric(value) + " " + limitText(alert) + ")", short, text]
    }

    /// `now 0.180 · fired at 0.310 > 0.200 09:25`: the current value, and apart from it the
    /// value and time at which the alert fired against its threshold, so a value that has
    /// since fallen back never reads as the reason. Pending: `now 0.310 > 0.200`.
    static func valueText(_ alert: AlertSnapshot, missing: String, offset: Int) -> String {
        let now = "now " + nowText(alert, missing: missing)
        guard let fired = firedText(alert, missing: missing, offset: offset) else {
            return now + " " + limitText(alert)
        }
        return now + " · " + fired
    }

    /// `0.180`: the metric's latest value.
    static func nowText(_ alert: AlertSnapshot, missing: String) -> String {
        alert.value.map { Format.metric($0) } ?? missing
    }

    /// `> 0.200`: the side of the threshold that breaks the rule.
    static func limitText(_ alert: AlertSnapshot) -> String {
        (alert.comparison == "below" ? "< " : "> ") + Format.metric(alert.threshold)
    }

    /// `fired at 0.310 > 0.200 09:25`, or `fired 09:25, limit > 0.200` when the value it fired
    /// at is not known (an occurrence a previous run fired after its `for`); `nil` while
    /// pending.
    static func firedText(_ alert: AlertSnapshot, missing: String, offset: Int) -> String? {
        guard let fired = firedCell(alert, offset: offset) else { return nil }
        return (alert.firedValue == nil ? "fired " : "fired at ") + fired
    }

    /// The "fired at" column: `0.310 > 0.200 09:25`, `09:25, limit > 0.200`, or `nil` while
    /// pending.
    static func firedCell(_ alert: AlertSnapshot, offset: Int) -> String? {
        guard let at = alert.firedAtSeconds else { return nil }
        let time = String(Format.clock(at, offset: offset).prefix(5))
        guard let value = alert.firedValue else { return time + ", limit " + limitText(alert) }
        return Format.metric(value) + " " + limitText(alert) + " " + time
    }

    /// FIRING, ACKED, SILENCED, pending, resolved.
    static func stateText(_ alert: AlertSnapshot) -> String {
        switch alert.state {
        case .firing: alert.silenced != nil ? "SILENCED" : alert.acknowledged != nil ? "ACKED" : "FIRING"
        case .pending: "pending"
        case .resolved: "resolved"
        }
    }

    func render(in area: Rect, into buffer: inout Buffer) {
        let c = frame.context
        let list = frame.model.list(.alerts)
        let rows = AlertRows.rows(snapshot, list: list)
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        let offset = c.utcOffsetSeconds
        let open = snapshot.alerts.filter(AlertRows.needsAPerson).count
        let handled = snapshot.alerts.filter(AlertRows.isHandled).count
        let storeProblem = snapshot.alertStoreError.map { " · store unusable: \($0)" } ?? ""
        let deliveryProblem = snapshot.alertDeliveryProblem.map { " · \($0)" } ?? ""
        let block = Block(title: "Alerts · \(open) firing" + (handled > 0 ? " · \(handled) handled" : "") + storeProblem + deliveryProblem, trailingTitle: rows.isEmpty ? "0/0" : "\(min(list.selected + 1, rows.count))/\(rows.count)",
                          isFocused: true, context: c)
        block.render(in: area, into: &buffer)
        var inner = block.inner(area)
        let detailHeight = inner.height >= 14 ? 5 : 0
        inner.height -= detailHeight
        var columns: [Table.Column] = [
            .init("state", width: 9, priority: 10),
            .init("severity", width: 8, priority: 8),
            .init("rule", width: 16, minWidth: 14, priority: 10),
            .init("scope", width: 28, minWidth: 20, priority: 9, isFlexible: true),
            .init("now", width: 7, alignment: .right, priority: 9),
            .init("fired at", width: 20, minWidth: 14, priority: 9),
            .init("since", width: 11, priority: 6),
            .init("acknowledged / silenced", width: 26, priority: 5),
            .init("note", width: 20, minWidth: 8, priority: 3),
            .init("action", width: 12, priority: 4),
        ]
        // Where each alert stands with Alertmanager, when one is configured.
        let delivers = snapshot.alertDeliveryProblem != nil || rows.contains { $0.delivery != nil }
        if delivers { columns.append(.init("alertmanager", width: 22, minWidth: 13, priority: 7)) }
        let tableRows: [[Table.Content]] = rows.map { alert in
            // Handled (acknowledged or silenced) rows are dimmed: listed, not shouting.
            let isHandled = AlertRows.isHandled(alert)
            var text = text, muted = muted
            if isHandled {
                text = frame.style(.muted)
                text.dim = true
                muted.dim = true
            }
            let stateStyle: CellStyle
            switch AlertRows.group(alert) {
            case 0: stateStyle = c.style(severity: alert.severity == "info" ? "warning" : alert.severity)
            case 1, 2: stateStyle = muted
            default: stateStyle = muted
            }
            var handled = m
            var note: String? = nil
            if let ack = alert.acknowledged {
                handled = "\(ack.by) " + Format.dateTime(ack.atSeconds, offset: offset)
                note = ack.note
            }
            if let silence = alert.silenced {
                handled = (silence.inAlertmanager ? "AM silence until " : "silenced until ") + Format.dateTime(silence.untilSeconds, offset: offset)
                note = silence.note ?? note
            }
            var cells: [Table.Content] = [
                .text(Self.stateText(alert), stateStyle),
                .text(alert.severity, isHandled ? muted : c.style(severity: alert.severity)),
                .text(alert.rule, text),
                .text(alert.scope, text),
                .text(Self.nowText(alert, missing: m), text),
                .text(Self.firedCell(alert, offset: offset) ?? "limit " + Self.limitText(alert), muted),
                .text(Format.dateTime(alert.sinceSeconds, offset: offset), muted),
                .text(handled, alert.acknowledged == nil && alert.silenced == nil ? muted : text),
                .text(note ?? m, note == nil ? muted : text),
                .text(Self.actionText(alert.action, missing: m), actionStyle(alert.action)),
            ]
            if delivers {
                let delivery = alert.delivery ?? m
                cells.append(.text(delivery, delivery.hasPrefix("owed") ? frame.style(.warning) : muted))
            }
            return cells
        }
        let sortTarget = ["state", "severity", "since", "rule", "scope"]
        let sortName = sortTarget[max(0, min(list.sortColumn, sortTarget.count - 1))]
        Table(columns: columns, rows: tableRows, selected: rows.isEmpty ? nil : list.selected, offset: list.offset,
              sortColumn: columns.firstIndex { $0.title == sortName }, sortDescending: !list.reversed, context: c,
              emptyMessage: list.filter.isEmpty ? "no alerts: every rule is quiet" : "no alert matches /\(list.filter)")
            .clickable(.alerts, ids: rows.map(\.id), sortTitles: sortTarget)
            .render(in: inner, into: &buffer)
        guard detailHeight > 0, let alert = frame.model.selectedAlert else { return }
        let detail = Rect(x: inner.x + 1, y: inner.maxY, width: inner.width - 2, height: detailHeight)
        var y = detail.y
        for x in detail.x..<detail.maxX { buffer[x, y] = Cell(character: c.glyphs.horizontal, style: frame.style(.border)) }
        y += 1
        // The id and the value now against what it fired at; the rest only when it fits whole.
        var about = Line([(alert.id, frame.style(.title)), ("  " + Self.valueText(alert, missing: m, offset: offset), text)])
        about.append(ifFitting: [("  occurrence \(alert.occurrence)", muted)], width: detail.width)
        if let resolved = alert.resolvedSeconds {
            about.append(ifFitting: [("  resolved " + Format.dateTime(resolved, offset: offset), muted)], width: detail.width)
        }
        if alert.feature != nil || alert.segment != nil {
            about.append(ifFitting: [("  Enter goes to " + (alert.feature ?? alert.segment!.description), frame.style(.keyHint))], width: detail.width)
        }
        about.render(in: Rect(x: detail.x, y: y, width: detail.width, height: 1), into: &buffer)
        y += 1
        // Who took it and why: the table's note column is the first to go when narrow.
        var marks: [(String, CellStyle)] = []
        if let ack = alert.acknowledged {
            marks.append(("acknowledged by \(ack.by) " + Format.dateTime(ack.atSeconds, offset: offset), text))
            if let note = ack.note, !note.isEmpty { marks.append((": " + note, text)) }
        }
        if let silence = alert.silenced {
            let place = silence.inAlertmanager ? "silenced in Alertmanager by " : "silenced by "
            marks.append(((marks.isEmpty ? "" : "  ") + place + "\(silence.by) until " + Format.dateTime(silence.untilSeconds, offset: offset), muted))
            if let note = silence.note, !note.isEmpty { marks.append((": " + note, muted)) }
        }
        if let delivery = alert.delivery {
            marks.append(((marks.isEmpty ? "" : "  ") + "Alertmanager: " + delivery, delivery.hasPrefix("owed") ? frame.style(.warning) : muted))
        }
        if !marks.isEmpty, y < detail.maxY {
            Line(marks).render(in: Rect(x: detail.x, y: y, width: detail.width, height: 1), into: &buffer)
            y += 1
        }
        if let action = alert.action {
            Line([("action ", muted), (Self.actionText(action, missing: m), actionStyle(action)),
                  (" started " + Format.dateTime(action.startedAtSeconds, offset: offset), muted)])
                .render(in: Rect(x: detail.x, y: y, width: detail.width, height: 1), into: &buffer)
            y += 1
            for line in action.outputTail.suffix(detail.maxY - y) {
                Label("  " + line, style: muted).render(in: Rect(x: detail.x, y: y, width: detail.width, height: 1), into: &buffer)
                y += 1
            }
        } else {
            Label("no action configured for this rule", style: muted).render(in: Rect(x: detail.x, y: y, width: detail.width, height: 1), into: &buffer)
        }
    }

    /// `running`, `ok`, `exit 2`, `timed out`.
    static func actionText(_ action: ActionRun?, missing: String) -> String {
        guard let action else { return missing }
        if action.timedOut { return "timed out" }
        guard let status = action.exitStatus else { return "running" }
        return status == 0 ? "ok" : "exit \(status)"
    }

    private func actionStyle(_ action: ActionRun?) -> CellStyle {
        guard let action else { return frame.style(.muted) }
        if action.timedOut || (action.exitStatus ?? 0) != 0 { return frame.style(.critical) }
        return action.exitStatus == nil ? frame.style(.warning) : frame.style(.ok)
    }
}
