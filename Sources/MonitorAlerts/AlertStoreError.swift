import MonitorEngine
import MonitorRules

/// The alert store could not be opened, read or written: shown on screen and in the headless
/// output rather than lost (the dashboard keeps running without persistence).
public struct AlertStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The store's file.
    public var path: String
    /// What was being done: `open`, `create the directory`, `record an acknowledgement`...
    public var operation: String
    /// The underlying reason (SQLite's message, errno's text).
    public var reason: String

    /// An error about the store at `path`.
    public init(path: String, operation: String, reason: String) {
        self.path = path
        self.operation = operation
        self.reason = reason
    }

    /// `alert store <path>: cannot <operation>: <reason>`.
    public var description: String { "alert store \(path): cannot \(operation): \(reason)" }
}
