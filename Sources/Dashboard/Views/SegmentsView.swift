import DriftStats
import MonitorEngine

/// The segments screen: one row per value of every dimension, worst first: records, share,
/// the worst feature drift, positive rate, precision (realized, or estimated and marked), and
/// firing alerts. Enter drills in.
struct SegmentsView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        let c = frame.context
        let list = frame.model.list(.segments)
        let rows = SegmentRow.rows(snapshot, list: list)
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        let position = rows.isEmpty ? "0/0" : "\(min(list.selected + 1, rows.count))/\(rows.count)"
        let dimensions = snapshot.dimensions.isEmpty ? "no dimensions configured" : snapshot.dimensions.joined(separator: ", ")
        let block = Block(title: "Segments · \(dimensions)", trailingTitle: position, isFocused: true, context: c)
        block.render(in: area, into: &buffer)
        let columns: [Table.Column] = [
            .init("segment", width: 24, minWidth: 13, priority: 10, isFlexible: true),
            .init("records", width: 8, alignment: .right, priority: 8),
            .init("share", width: 6, alignment: .right, priority: 6),
            .init("band", width: 9, minWidth: 2, priority: 10),
            .init("worst feature", width: 24, minWidth: 16, priority: 7),
            .init("pos rate (ref)", width: 14, alignment: .right, priority: 5),
            .init("precision", width: 10, alignment: .right, priority: 7),
            .init("alerts", width: 6, alignment: .right, priority: 8),
            .init("ref", width: 6, priority: 2),
        ]
        let tableRows: [[Table.Content]] = rows.map { row in
            let slice = row.slice
            let band = slice.worstBand
            let worst: Table.Content
            if let feature = row.worstFeature {
                worst = .pair(feature.name, text, FeatureTable.valueText(feature, missing: m), c.style(feature.band))
            } else {
                worst = .text(m, muted)
            }
            let prediction = slice.prediction
            var positive: [(String, CellStyle)] = [(Format.percent(prediction.positiveRate, missing: m), text)]
            if let reference = prediction.referencePositiveRate { positive.append((" (" + Format.percent(reference) + ")", muted)) }
            let precision: Table.Content
            if let shown = slice.performance.precisionShown {
                let style = shown.isEstimated ? frame.style(.current)
                    : OutcomesPanel.style(shown.value, slice.performance.reference?.precision, frame)
                precision = .text((shown.isEstimated ? "~" : "") + Format.fixed(shown.value, 3), style)
            } else {
                precision = .text(m, muted)
            }
            return [
                .text(row.key.description, text),
                .text(Format.count(slice.records), text),
                .text(Format.percent(slice.share), muted),
                .band(band),
                worst,
                .spans(positive),
                precision,
                .text(row.firingAlerts > 0 ? "\(c.glyphs.drift) \(row.firingAlerts)" : "0", row.firingAlerts > 0 ? frame.style(.critical) : muted),
                .text(slice.referenceScope == .segment ? "own" : "global", muted),
            ]
        }
        let sortTarget = ["band", "segment", "records", "share", "pos rate (ref)", "precision", "alerts"]
        let sortName = sortTarget[max(0, min(list.sortColumn, sortTarget.count - 1))]
        let table = Table(columns: columns, rows: tableRows, selected: rows.isEmpty ? nil : list.selected, offset: list.offset,
                          sortColumn: columns.firstIndex { $0.title == sortName }, sortDescending: !list.reversed, context: c,
                          emptyMessage: snapshot.dimensions.isEmpty ? "no segment dimensions configured (segments: in modeltop.yaml)"
                              : list.filter.isEmpty ? "no segments yet" : "no segment matches /\(list.filter)")
            .clickable(.segments, ids: rows.map(\.key.description), sortTitles: sortTarget)
        var inner = block.inner(area)
        let footnote = inner.height >= 6
        if footnote { inner.height -= 1 }
        // Per dimension, the rate its segments are furthest apart on (statistics.md, "Fairness gap").
        let gaps = Dictionary(grouping: snapshot.fairness, by: \.dimension)
        let widest = snapshot.dimensions.compactMap { gaps[$0]?.max { $0.gap < $1.gap } }
        let fairness = !widest.isEmpty && inner.height >= 8
        if fairness { inner.height -= 1 }
        table.render(in: inner, into: &buffer)
        if fairness {
            var line = Line([("widest gap  ", muted)])
            for (index, gap) in widest.enumerated() {
                if index > 0 { line.append(" · ", muted) }
                let rate = gap.rate == .positiveRate ? "pos rate" : gap.rate.rawValue
                line.append("\(gap.dimension) \(rate) ", text)
                line.append(Format.fixed(gap.gap, 3), gap.gap >= 0.1 ? frame.style(.warning) : text)
                line.append(" (\(gap.max.segment.value) \(Format.fixed(gap.max.value, 3)), \(gap.min.segment.value) \(Format.fixed(gap.min.value, 3)))", muted)
            }
            line.render(in: Rect(x: inner.x + 2, y: inner.maxY, width: inner.width - 2, height: 1), into: &buffer)
        }
        if footnote {
            Label("~ estimated · ref: own rows, or global under 200",
                  style: muted).render(in: Rect(x: inner.x + 2, y: inner.maxY + (fairness ? 1 : 0), width: inner.width - 2, height: 1), into: &buffer)
        }
    }
}
