import MonitorEngine

/// The rows of the alerts screen: firing first (unacknowledged before acknowledged), then
/// silenced, pending and resolved; within a group the most severe, then the newest, first.
public enum AlertRows {
    /// The sort columns, in `<` `>` order.
    public static let sortColumns = ["state", "severity", "since", "rule", "scope"]

    /// The alerts of the snapshot that match the filter, sorted.
    public static func rows(_ snapshot: Snapshot?, list: ListState) -> [AlertSnapshot] {
        guard let snapshot else { return [] }
        let filter = TextFilter(list.filter)
        let matching = filter.isEmpty ? snapshot.alerts : snapshot.alerts.filter { filter.keeps($0.id, $0.severity) }
        let column = max(0, min(list.sortColumn, sortColumns.count - 1))
        var rows = matching.enumerated().sorted { lhs, rhs in
            let order = compare(lhs.element, rhs.element, column: column)
            return order == 0 ? lhs.offset < rhs.offset : order < 0
        }.map(\.element)
        if list.reversed { rows.reverse() }
        return rows
    }

    /// True for a firing alert nobody acknowledged or silenced: what the header counts.
    public static func needsAPerson(_ alert: AlertSnapshot) -> Bool {
        alert.state == .firing && alert.acknowledged == nil && alert.silenced == nil
    }

    /// True for a firing alert someone acknowledged or silenced: listed, dimmed.
    public static func isHandled(_ alert: AlertSnapshot) -> Bool {
        alert.state == .firing && (alert.acknowledged != nil || alert.silenced != nil)
    }

    /// 0 for firing and unhandled, up to 4 for resolved.
    public static func group(_ alert: AlertSnapshot) -> Int {
        switch alert.state {
        case .firing: alert.silenced != nil ? 2 : alert.acknowledged != nil ? 1 : 0
        case .pending: 3
        case .resolved: 4
        }
    }

    /// 0 for critical up to 3 for info (unknown severities last).
    public static func severityRank(_ severity: String) -> Int {
        switch severity {
        case "critical": 0
        case "high": 1
        case "warning": 2
        case "info": 3
        default: 4
        }
    }

    static func compare(_ lhs: AlertSnapshot, _ rhs: AlertSnapshot, column: Int) -> Int {
        func order<T: Comparable>(_ l: T, _ r: T) -> Int { l < r ? -1 : l == r ? 0 : 1 }
        let byState = order(group(lhs), group(rhs))
        let bySeverity = order(severityRank(lhs.severity), severityRank(rhs.severity))
        let byNewest = order(rhs.sinceSeconds, lhs.sinceSeconds)
        switch column {
        case 1: return bySeverity != 0 ? bySeverity : byState != 0 ? byState : byNewest
        case 2: return byNewest
        case 3: return order(lhs.rule, rhs.rule) != 0 ? order(lhs.rule, rhs.rule) : order(lhs.scope, rhs.scope)
        case 4: return order(lhs.scope, rhs.scope) != 0 ? order(lhs.scope, rhs.scope) : order(lhs.rule, rhs.rule)
        default: return byState != 0 ? byState : bySeverity != 0 ? bySeverity : byNewest
        }
    }
}
