import MonitorEngine
import MonitorRules

/// A change of an alert occurrence's state, as `watch --headless` prints it (one JSON line each).
public struct AlertTransition: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// The condition started to hold; `for` has not elapsed yet.
        case pending
        /// The occurrence fires (its action, if any, starts).
        case firing
        /// The condition has been false for the grace period.
        case resolved
        /// A pending occurrence whose condition stopped holding before it fired.
        case cleared
    }

    /// What changed.
    public var kind: Kind
    /// The occurrence after the change.
    public var alert: AlertSnapshot
    /// Event time of the evaluation that made the change, seconds since the epoch.
    public var atSeconds: Double

    /// A transition with every field given.
    public init(kind: Kind, alert: AlertSnapshot, atSeconds: Double) {
        self.kind = kind
        self.alert = alert
        self.atSeconds = atSeconds
    }
}
