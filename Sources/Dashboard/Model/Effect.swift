import MonitorEngine

/// What `update` asks the outside world to do; the dashboard itself never performs I/O.
public enum Effect: Sendable, Hashable {
    /// Send a command to the engine (window change, alert acknowledge / silence / undo).
    case engine(EngineCommand)
    /// Restore the terminal and exit.
    case quit
    /// The theme changed: the backend may need to set up its colours again.
    case setTheme(Theme)
    /// Write what the screen shows to a file (`e` Markdown, `E` JSON); the outcome comes
    /// back as a ``Message/notice(_:)``.
    case export(ExportRequest)
}

/// What `e` / `E` export: the snapshot on screen (frozen while paused), the screen and the
/// slice it shows.
public struct ExportRequest: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        case markdown = "md"
        case json
    }

    public var format: Format
    public var screen: Screen
    /// The segment drilled into; `nil` for the whole stream.
    public var segment: SegmentKey?
    public var snapshot: Snapshot

    public init(format: Format, screen: Screen, segment: SegmentKey?, snapshot: Snapshot) {
        self.format = format
        self.screen = screen
        self.segment = segment
        self.snapshot = snapshot
    }

    public static func == (lhs: ExportRequest, rhs: ExportRequest) -> Bool {
        lhs.format == rhs.format && lhs.screen == rhs.screen && lhs.segment == rhs.segment
            && lhs.snapshot.builtAtSeconds == rhs.snapshot.builtAtSeconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(format)
        hasher.combine(screen)
        hasher.combine(segment)
        hasher.combine(snapshot.builtAtSeconds)
    }
}
