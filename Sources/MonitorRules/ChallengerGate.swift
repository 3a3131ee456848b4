import Foundation
import MonitorEngine

/// `modeltop check --gate challenger` (docs/statistics.md, "Versions side by side"): the
/// promotion rule. The challenger passes when it is not worse than the champion on one
/// realized metric by more than `margin` with 95% confidence: the lower end of the 95%
/// bootstrap interval of challenger − champion is at least −margin. Judged on the whole
/// stream's comparison over the window. Without a comparison, or without an interval (fewer
/// than two versions, no labels, labels in fewer than 5 effective buckets), the gate has no data and
/// fails unless `allowsNoData`, as a rule without data does.
public struct ChallengerGate: Sendable {
    public enum Result: String, Sendable, Hashable {
        case pass
        case fail
        case noData = "no_data"
    }

    public var metric: VersionComparison.Metric
    public var margin: Double
    public var comparison: VersionComparison?
    public var window: WindowInfo?
    public var allowsNoData: Bool

    public init(metric: VersionComparison.Metric, margin: Double, snapshot: Snapshot, allowsNoData: Bool = false) {
        self.init(metric: metric, margin: margin, comparison: snapshot.overall.prediction.comparison,
                  window: snapshot.window, allowsNoData: allowsNoData)
    }

    public init(metric: VersionComparison.Metric, margin: Double, comparison: VersionComparison?, window: WindowInfo? = nil,
                allowsNoData: Bool = false) {
        self.metric = metric
        self.margin = margin
        self.comparison = comparison
        self.window = window
        self.allowsNoData = allowsNoData
    }

    /// The difference judged.
    public var difference: VersionComparison.Difference? { comparison?.difference(metric) }

    public var result: Result {
        guard let lower = difference?.lower, lower.isFinite else { return .noData }
        return lower >= -margin ? .pass : .fail
    }

    public var passed: Bool { result == .pass || (result == .noData && allowsNoData) }

    /// `PASS (challenger v4 not worse than champion v3 on accuracy by more than 0.01)`.
    public var verdict: String {
        let sides = comparison.map { "challenger \($0.challenger) \(result == .fail ? "may be worse" : "not worse") than champion \($0.champion)" }
            ?? "no challenger to compare"
        let what = "\(sides) on \(metric.rawValue) by more than \(GateReport.number(margin))"
        switch result {
        case .pass: return "PASS (\(what))"
        case .fail: return "FAIL (\(what))"
        case .noData: return allowsNoData ? "PASS (no data: \(reason), allowed)" : "FAIL (no data: \(reason))"
        }
    }

    var reason: String {
        guard let comparison else { return "fewer than two versions in the window" }
        guard difference != nil else { return "no \(metric.rawValue) of both \(comparison.champion) and \(comparison.challenger)" }
        return "labels in too few buckets for an interval"
    }

    /// The text output: the verdict and the window, then the difference and its interval.
    public var text: String {
        var out = "modeltop check: \(SafeText.sanitized(verdict))\(window.map { " over " + $0.text } ?? "")\n"
        if let difference {
            out += "\n\(metric.rawValue) challenger − champion: \(GateReport.number(difference.value))"
            if let lower = difference.lower, let upper = difference.upper {
                out += ", 95% interval [\(GateReport.number(lower)), \(GateReport.number(upper))]"
                out += result == .pass ? "; its lower end is at least -\(GateReport.number(margin))\n"
                    : "; its lower end is below -\(GateReport.number(margin))\n"
            } else {
                out += "\n"
            }
        }
        if result == .noData, !allowsNoData {
            out += "\nA gate without data fails (an empty or broken log must not pass): --allow-no-data lets it pass.\n"
        }
        return out
    }

    /// `{"passed", "verdict", "window", "gate": "challenger", "metric", "margin", "champion",
    /// "challenger", "result", "difference": {"value", "ci95"}}`.
    public var jsonValue: JSONValue {
        var interval: JSONValue = .null
        if let lower = difference?.lower, let upper = difference?.upper { interval = .array([.number(lower), .number(upper)]) }
        return .object([
            ("passed", .bool(passed)),
            ("verdict", .string(verdict)),
            ("window", window.map(\.jsonValue) ?? .null),
            ("gate", .string("challenger")),
            ("metric", .string(metric.rawValue)),
            ("margin", .number(margin)),
            ("champion", comparison.map { .string($0.champion) } ?? .null),
            ("challenger", comparison.map { .string($0.challenger) } ?? .null),
            ("result", .string(result.rawValue)),
            ("difference", difference.map { .object([("value", .number($0.value)), ("ci95", interval)]) } ?? .null),
            ("allow_no_data", .bool(allowsNoData)),
        ])
    }
}
