/// A request from the dashboard (or the alerts CLI) that changes engine state; its effect shows
/// in the next snapshot (architecture.md "Threads and time").
public enum EngineCommand: Sendable, Hashable {
    /// Change the current window; `nil` is "all".
    case setWindow(seconds: Double?)
    /// Acknowledge an alert occurrence, with an optional note.
    case acknowledge(alertID: String, note: String?)
    /// Silence an alert until a wall time (seconds since the epoch), with an optional note.
    case silence(alertID: String, untilSeconds: Double, note: String?)
    /// Undo the acknowledgement or silence of an alert.
    case undo(alertID: String)
    /// Publish a snapshot now.
    case refresh
}
