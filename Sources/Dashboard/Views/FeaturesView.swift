import MonitorEngine

/// The features screen: the full feature table of the slice, sortable and filterable.
struct FeaturesView: Sendable {
    var frame: FrameContext
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        let list = frame.model.list(.features)
        let rows = FeatureRows.rows(slice, list: list)
        let scope = slice.segment.map { " · \($0)" } ?? ""
        let position = rows.isEmpty ? "0/0" : "\(min(list.selected + 1, rows.count))/\(rows.count)"
        let block = Block(title: "Features\(scope)", trailingTitle: position, isFocused: true, context: frame.context)
        block.render(in: area, into: &buffer)
        var firing: [String: Int] = [:]
        for alert in frame.model.snapshot?.alerts ?? [] where AlertRows.needsAPerson(alert) && alert.segment == slice.segment {
            if let feature = alert.feature { firing[feature, default: 0] += 1 }
        }
        FeatureTable(frame: frame, rows: rows, list: list, isFull: true, isFocused: true, firingAlerts: firing)
            .render(in: block.inner(area), into: &buffer)
    }
}
