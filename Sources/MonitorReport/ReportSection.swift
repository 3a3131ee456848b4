import MonitorEngine
import MonitorRules

/// A section of `modeltop report` (cli.md `--sections`): only the selected ones are computed
/// and printed.
public enum ReportSection: String, Sendable, Hashable, CaseIterable, Comparable {
    case input
    case infrastructure
    case features
    case prediction
    case performance
    case segments
    case alerts

    /// True when the section needs the statistics engine; `input` alone only decodes lines.
    public var needsStatistics: Bool { self != .input }

    /// Sections print in the order of `allCases`, whatever order the flag names them in.
    public static func < (lhs: ReportSection, rhs: ReportSection) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
