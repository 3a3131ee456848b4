import MonitorEngine
import MonitorRules

/// One occurrence as the store holds it: the alert with its marks, and the history fields that
/// the snapshot does not carry.
public struct StoredOccurrence: Sendable, Hashable {
    /// The occurrence, with its acknowledgement, silence and last action run.
    public var alert: AlertSnapshot
    /// The metric's value when the occurrence started; `alert.value` is the last one.
    public var firstValue: Double?
    /// Event time it started firing; `nil` while pending.
    public var firedAtSeconds: Double?
    /// Event time of the last evaluation that touched it.
    public var lastEventSeconds: Double
    /// The rule's `for`, in seconds, when the occurrence started.
    public var holdSeconds: Double
    /// Wall time it started firing here: its `startsAt` in Alertmanager (which refuses times
    /// far from its own clock, so never the event time); `nil` while it was never owed there.
    public var startedWallSeconds: Double?

    /// An occurrence with every field given.
    public init(alert: AlertSnapshot, firstValue: Double?, firedAtSeconds: Double?,
                lastEventSeconds: Double, holdSeconds: Double, startedWallSeconds: Double? = nil) {
        self.startedWallSeconds = startedWallSeconds
        self.alert = alert
        self.firstValue = firstValue
        self.firedAtSeconds = firedAtSeconds
        self.lastEventSeconds = lastEventSeconds
        self.holdSeconds = holdSeconds
    }
}
