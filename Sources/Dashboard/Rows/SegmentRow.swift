import DriftStats
import MonitorEngine

/// One row of the segments screen: a segment value's slice and its firing alerts.
public struct SegmentRow: Sendable {
    public var slice: SliceSnapshot
    public var key: SegmentKey
    /// Firing alerts whose scope is this segment (or a feature within it) that nobody
    /// acknowledged or silenced.
    public var firingAlerts: Int

    /// The feature with the worst drift in the segment, `nil` when none has data.
    public var worstFeature: FeatureSnapshot? {
        slice.features.first { $0.band != .notEnoughData }
    }

    /// The sort columns, in `<` `>` order; the first is worst first.
    public static let sortColumns = ["worst", "segment", "records", "share", "positive rate", "precision", "alerts"]

    /// The segments of the snapshot that match the filter, sorted.
    public static func rows(_ snapshot: Snapshot?, list: ListState) -> [SegmentRow] {
        guard let snapshot else { return [] }
        let filter = TextFilter(list.filter)
        var rows: [SegmentRow] = snapshot.segments.compactMap { slice in
            guard let key = slice.segment else { return nil }
            if !filter.keeps(key.description) { return nil }
            let firing = snapshot.alerts.filter { AlertRows.needsAPerson($0) && $0.segment == key }.count
            return SegmentRow(slice: slice, key: key, firingAlerts: firing)
        }
        let column = max(0, min(list.sortColumn, sortColumns.count - 1))
        rows = rows.stablySorted { compare($0, $1, column: column) }
        if list.reversed { rows.reverse() }
        return rows
    }

    /// -1 when `lhs` comes first.
    static func compare(_ lhs: SegmentRow, _ rhs: SegmentRow, column: Int) -> Int {
        switch column {
        case 0:
            // Worst band, then more firing alerts, then the larger drift value of the worst
            // feature, then more records: the segment that most needs a look comes first.
            let lb = lhs.slice.worstBand.severityRank, rb = rhs.slice.worstBand.severityRank
            if lb != rb { return lb < rb ? -1 : 1 }
            if lhs.firingAlerts != rhs.firingAlerts { return lhs.firingAlerts > rhs.firingAlerts ? -1 : 1 }
            let lv = lhs.worstFeature.flatMap { f in f.value.map { FeatureRows.testAware($0, method: f.method) } }
            let rv = rhs.worstFeature.flatMap { f in f.value.map { FeatureRows.testAware($0, method: f.method) } }
            let byValue = FeatureRows.descending(lv, rv)
            if byValue != 0 { return byValue }
            return FeatureRows.descending(Double(lhs.slice.records), Double(rhs.slice.records))
        case 1: return lhs.key < rhs.key ? -1 : lhs.key == rhs.key ? 0 : 1
        case 2: return FeatureRows.descending(Double(lhs.slice.records), Double(rhs.slice.records))
        case 3: return FeatureRows.descending(lhs.slice.share, rhs.slice.share)
        case 4: return FeatureRows.descending(lhs.slice.prediction.positiveRate, rhs.slice.prediction.positiveRate)
        case 5:
            // Low precision is the bad news: smallest first.
            return -FeatureRows.descending(lhs.slice.performance.precisionShown?.value, rhs.slice.performance.precisionShown?.value)
        case 6: return FeatureRows.descending(Double(lhs.firingAlerts), Double(rhs.firingAlerts))
        default: return 0
        }
    }
}

extension PerformanceSnapshot {
    /// Realized precision when labels give one, else the estimate (marked `isEstimated`).
    public var precisionShown: (value: Double, isEstimated: Bool)? {
        if let realized = realized.precision { return (realized, false) }
        if let estimated = estimated?.precision { return (estimated, true) }
        return nil
    }
}
