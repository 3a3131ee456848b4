/// A curses call that failed, named with the call and what it was asked to do.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    /// The C call, e.g. `newterm`.
    public var call: String
    /// Why it matters, in words.
    public var detail: String
    /// The terminal itself cannot show a dashboard (an unknown `TERM`, or one such as `dumb`
    /// that cannot move the cursor): the user's setting, not a failure of the program.
    public var isUnusableTerminal: Bool

    public init(call: String, detail: String, isUnusableTerminal: Bool = false) {
        self.call = call
        self.detail = detail
        self.isUnusableTerminal = isUnusableTerminal
    }

    public var description: String { isUnusableTerminal ? detail : "\(call) failed: \(detail)" }
}
