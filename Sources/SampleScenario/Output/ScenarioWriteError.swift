/// A scenario file could not be written; names the file and what went wrong.
public struct ScenarioWriteError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var reason: String

    /// An error about the file at `path`.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
