import MonitorEngine

/// What `update` asks the outside world to do; the dashboard itself never performs I/O.
public enum Effect: Sendable, Hashable {
    /// Send a command to the engine (window change, alert acknowledge / silence / undo).
    case engine(EngineCommand)
    /// Restore the terminal and exit.
    case quit
    /// The theme changed: the backend may need to set up its colours again.
    case setTheme(Theme)
}
