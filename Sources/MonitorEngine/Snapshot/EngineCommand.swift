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
    /// Take the drift methods and bands of a reloaded configuration (``DriftSettings``'s
    /// `numeric`, `categorical`, `warn`, `alert`, `alpha`, `fdr`, `min_records`); the grids and
    /// categories of the reference (`bins`, `fine_bins`, `top_categories`) stay as loaded.
    case reloadDrift(DriftSettings)
    /// Move the time cursor (the window's end) through the kept history, or back to live.
    case moveCursor(CursorMove)
    /// Put the time cursor at the window ending at an event time (`nil`: live).
    case setCursor(seconds: Double?)
}

/// How the time cursor moves (`[` `]` `{` `}` `.`): by one bucket or one window of what the
/// history holds there, or back to live.
public enum CursorMove: Sendable, Hashable {
    case bucketBack, bucketForward, windowBack, windowForward, live
}
