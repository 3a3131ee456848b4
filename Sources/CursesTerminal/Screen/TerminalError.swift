/// A curses call that failed, named with the call and what it was asked to do.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    /// The C call, e.g. `newterm`.
    public var call: String
    /// Why it matters, in words.
    public var detail: String

    public init(call: String, detail: String) {
        self.call = call
        self.detail = detail
    }

    public var description: String { "\(call) failed: \(detail)" }
}
