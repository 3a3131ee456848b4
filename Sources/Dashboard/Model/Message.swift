import MonitorEngine

/// Everything that can change the dashboard's state (Bubble Tea's messages): a key, a new
/// terminal size, a new snapshot from the engine, or the clock.
public enum Message: Sendable {
    case key(Key)
    /// The terminal now has this many columns and rows.
    case resize(width: Int, height: Int)
    /// The engine published a snapshot.
    case snapshot(Snapshot)
    /// Wall-clock time, seconds since the Unix epoch (the header clock, silence deadlines).
    case tick(nowSeconds: Double)
    /// Something the outside world did on the model's behalf (an export written, or why not):
    /// shown in the footer for a few seconds.
    case notice(String)
    /// A mouse click on something the last frame drew (``ClickTarget``).
    case click(ClickTarget)
}
