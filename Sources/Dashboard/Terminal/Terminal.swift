/// What the UI loop draws on and reads from: the ncurses screen (`CursesTerminal`), or in tests
/// a fake that records the frames and replays scripted events, as ratatui's `TestBackend` does.
/// Used from one thread, the UI loop's.
public protocol Terminal: AnyObject {
    /// Columns, updated by a resize before ``TerminalEvent/resize`` is returned.
    var width: Int { get }
    /// Rows, updated like ``width``.
    var height: Int { get }
    /// Shows `buffer` as the whole screen.
    func draw(_ buffer: Buffer)
    /// Waits up to `timeoutMilliseconds` for an event (0: do not wait; negative: wait for
    /// ever). Returns `nil` on timeout, on a signal, or for input with no meaning here.
    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent?
    /// The termination signal (SIGINT, SIGTERM, SIGHUP) received since the last call, if any.
    func takeTerminationSignal() -> Int32?
}
