import DriftStats
import MonitorEngine

/// The rows of a feature table: the slice's features, filtered and sorted as the list says.
/// Shared by `update` (to move in the list) and the views (to draw it), so both agree.
public enum FeatureRows {
    /// The sort columns, in `<` `>` order; the first is the snapshot's own worst-first order.
    public static let sortColumns = ["severity", "name", "value", "PSI", "JS", "W1", "KS", "missing", "range", "records"]

    /// The features of `slice` that match the filter, sorted.
    public static func rows(_ slice: SliceSnapshot?, list: ListState) -> [FeatureSnapshot] {
        guard let slice else { return [] }
        let filter = TextFilter(list.filter)
        var rows = filter.isEmpty ? slice.features : slice.features.filter { filter.keeps($0.name) }
        let column = max(0, min(list.sortColumn, sortColumns.count - 1))
        if column > 0 {
            // Stable sort: ties keep the severity order the engine gave.
            rows = rows.stablySorted { compare($0, $1, column: column) }
        }
        if list.reversed { rows.reverse() }
        return rows
    }

    /// -1 when `lhs` comes first: names ascending, metrics largest (worst) first, missing last.
    static func compare(_ lhs: FeatureSnapshot, _ rhs: FeatureSnapshot, column: Int) -> Int {
        switch column {
        case 1: return lhs.name < rhs.name ? -1 : lhs.name == rhs.name ? 0 : 1
        case 2: return descending(lhs.value.map { testAware($0, method: lhs.method) }, rhs.value.map { testAware($0, method: rhs.method) })
        case 3: return descending(lhs.psi, rhs.psi)
        case 4: return descending(lhs.jensenShannon, rhs.jensenShannon)
        case 5: return descending(lhs.wasserstein, rhs.wasserstein)
        case 6: return descending(lhs.ks?.statistic, rhs.ks?.statistic)
        case 7: return descending(lhs.missingRate, rhs.missingRate)
        case 8: return descending(lhs.outOfRangeRate ?? lhs.unseenRate, rhs.outOfRangeRate ?? rhs.unseenRate)
        case 9: return descending(Double(lhs.records), Double(rhs.records))
        default: return 0
        }
    }

    /// A p-value is worse when smaller: negate it so that "largest first" is "worst first".
    static func testAware(_ value: Double, method: String) -> Double {
        method == "ks" || method == "chi2" ? -value : value
    }

    /// Largest first; `nil` and NaN last.
    static func descending(_ lhs: Double?, _ rhs: Double?) -> Int {
        let left = lhs.flatMap { $0.isNaN ? nil : $0 }, right = rhs.flatMap { $0.isNaN ? nil : $0 }
        switch (left, right) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (l?, r?): return l > r ? -1 : l < r ? 1 : 0
        }
    }
}

/// One feature in one segment, for the feature detail screen.
public struct FeatureInSegment: Sendable {
    public var segment: SegmentKey
    public var feature: FeatureSnapshot
}

extension FeatureRows {
    /// The feature named `name` in every segment of the snapshot, worst first.
    public static func bySegment(_ snapshot: Snapshot?, name: String?) -> [FeatureInSegment] {
        guard let snapshot, let name else { return [] }
        let rows: [FeatureInSegment] = snapshot.segments.compactMap { slice in
            guard let key = slice.segment, let feature = slice.feature(named: name) else { return nil }
            return FeatureInSegment(segment: key, feature: feature)
        }
        return rows.enumerated().sorted { lhs, rhs in
            let l = lhs.element.feature, r = rhs.element.feature
            if l.band != r.band { return l.band.severityRank < r.band.severityRank }
            let byValue = descending(l.value.map { testAware($0, method: l.method) }, r.value.map { testAware($0, method: r.method) })
            return byValue == 0 ? lhs.offset < rhs.offset : byValue < 0
        }.map(\.element)
    }
}
