import DriftStats
import MonitorEngine

/// The feature table of the Input drift panel (compact) and of the features screen (every
/// metric of docs/statistics.md), built from the same rows `update` moves in.
struct FeatureTable: Sendable {
    var frame: FrameContext
    var rows: [FeatureSnapshot]
    var list: ListState
    var isFull: Bool
    var isFocused: Bool
    /// Firing alerts about each feature in this slice (the full table shows them).
    var firingAlerts: [String: Int] = [:]

    /// `p=0.003` for tests (p-values), `0.231` for distances.
    static func valueText(_ feature: FeatureSnapshot, missing: String) -> String {
        // Too few values to judge: no number that reads as a finding.
        guard let value = feature.value, feature.driftBand != .notEnoughData else { return missing }
        return feature.method == "ks" || feature.method == "chi2" ? "p=" + Format.metric(value) : Format.metric(value)
    }

    /// Out-of-range share for numeric features, unseen share for categorical ones.
    static func rangeRate(_ feature: FeatureSnapshot) -> Double? {
        feature.kind == .numeric ? feature.outOfRangeRate : feature.unseenRate
    }

    func table() -> Table {
        let c = frame.context
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        func numberCell(_ value: Double?) -> Table.Content {
            value == nil ? .text(m, muted) : .text(Format.metric(value), text)
        }
        func percent(_ value: Double?) -> Table.Content {
            guard let value else { return .text(m, muted) }
            return .text(Format.percent(value), value > 0 ? text : muted)
        }
        let adjusted = frame.model.snapshot?.usesAdjustedPValues ?? true
        var columns: [Table.Column] = [
            .init("feature", width: isFull ? 22 : 16, minWidth: isFull ? 14 : 10, priority: 10, isFlexible: true),
        ]
        if isFull { columns.append(.init("kind", width: 4, priority: 2)) }
        columns += [
            .init("method", width: 6, priority: isFull ? 4 : 2),
            .init("value", width: 8, minWidth: 7, alignment: .right, priority: 9),
            .init("band", width: 9, minWidth: 2, priority: 10),
            .init("trend", width: isFull ? 16 : 10, minWidth: 5, priority: 6),
        ]
        if isFull {
            columns += [
                .init("PSI", width: 7, alignment: .right, priority: 5),
                .init("JS", width: 7, alignment: .right, priority: 4),
                .init("W1", width: 7, alignment: .right, priority: 3),
                .init("KS D", width: 7, alignment: .right, priority: 3),
                .init("KS p", width: 7, alignment: .right, priority: 2),
                .init("χ² p", width: 7, alignment: .right, priority: 2),
            ]
        }
        columns += [
            .init("miss", width: 6, alignment: .right, priority: isFull ? 6 : 4),
            .init(isFull ? "range/new" : "range", width: isFull ? 9 : 6, alignment: .right, priority: isFull ? 6 : 3),
        ]
        if isFull {
            columns += [
                .init("records", width: 7, alignment: .right, priority: 4),
                .init("bad", width: 4, alignment: .right, priority: 1),
                .init("alerts", width: 6, alignment: .right, priority: 5),
            ]
        }
        let tableRows: [[Table.Content]] = rows.map { feature in
            let bandStyle = c.style(feature.band)
            var row: [Table.Content] = [.text(feature.name, text)]
            if isFull { row.append(.text(feature.kind == .numeric ? "num" : "cat", muted)) }
            row += [
                .text(feature.method, muted),
                .text(Self.valueText(feature, missing: m), feature.value == nil || feature.driftBand == .notEnoughData ? muted : bandStyle),
                .band(feature.band),
                .sparkline(feature.driftSeries.map { v in v.map { FeatureRows.testAware($0, method: feature.method) < 0 ? 1 - $0 : $0 } }, bandStyle),
            ]
            if isFull {
                // Too few values to judge: the metrics say nothing yet.
                let judged = feature.driftBand != .notEnoughData
                func number(_ value: Double?) -> Table.Content { judged ? numberCell(value) : .text(m, muted) }
                row += [
                    number(feature.psi), number(feature.jensenShannon), number(feature.wasserstein),
                    number(feature.ks?.statistic),
                    // The p-value that decides the band: the adjusted one with drift.fdr on.
                    number(feature.ks.map { adjusted ? $0.pValueAdjusted ?? $0.pValue : $0.pValue }),
                    number(feature.chiSquare.map { adjusted ? $0.pValueAdjusted ?? $0.pValue : $0.pValue }),
                ]
            }
            row += [percent(feature.missingRate), percent(Self.rangeRate(feature))]
            if isFull {
                row.append(.text(Format.count(feature.records), text))
                let bad = feature.typeViolations + feature.invalidValues
                row.append(.text(String(bad), bad > 0 ? frame.style(.warning) : muted))
                let firing = firingAlerts[feature.name] ?? 0
                row.append(.text(firing > 0 ? "\(c.glyphs.drift) \(firing)" : "0", firing > 0 ? frame.style(.critical) : muted))
            }
            return row
        }
        // Which table column shows each sort column of FeatureRows.
        let sortTarget: [String] = ["band", "feature", "value", "PSI", "JS", "W1", "KS D", "miss", isFull ? "range/new" : "range", "records"]
        let sortName = sortTarget[max(0, min(list.sortColumn, sortTarget.count - 1))]
        let sortIndex = columns.firstIndex { $0.title == sortName }
        return Table(columns: columns, rows: tableRows, selected: isFocused && !rows.isEmpty ? list.selected : nil,
                     offset: list.offset, sortColumn: sortIndex, sortDescending: !list.reversed, context: c,
                     emptyMessage: list.filter.isEmpty ? "no features yet" : "no feature matches /\(list.filter)")
            .clickable(isFull ? .features : .overviewFeatures, ids: rows.map(\.name), sortTitles: sortTarget)
    }

    func render(in area: Rect, into buffer: inout Buffer) {
        table().render(in: area, into: &buffer)
    }
}
