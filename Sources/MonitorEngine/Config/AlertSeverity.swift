/// How urgent a firing alert is: `info` < `warning` < `high` < `critical`.
///
/// A struct with static members (style.md #6), ordered by its rank.
public struct AlertSeverity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The name used in the configuration and in reports.
    public let name: String
    /// Position in the scale, 0 for `info`.
    public let rank: Int

    private init(_ name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }

    /// Worth knowing; nothing to do.
    public static let info = AlertSeverity("info", rank: 0)
    /// Worth a look soon.
    public static let warning = AlertSeverity("warning", rank: 1)
    /// Needs attention today.
    public static let high = AlertSeverity("high", rank: 2)
    /// Needs attention now.
    public static let critical = AlertSeverity("critical", rank: 3)

    /// Every severity, least urgent first.
    public static let known: [AlertSeverity] = [.info, .warning, .high, .critical]

    /// The severity called `name`, if there is one.
    public init?(name: String) {
        guard let severity = Self.known.first(where: { $0.name == name }) else { return nil }
        self = severity
    }

    public var description: String { name }

    public static func < (lhs: AlertSeverity, rhs: AlertSeverity) -> Bool { lhs.rank < rhs.rank }
}
