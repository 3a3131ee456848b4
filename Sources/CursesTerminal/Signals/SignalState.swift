import CNCursesW
import CTerminalSignals
#if canImport(Glibc)
import Glibc
#endif

/// The signal handling of the screen, over the C handlers of `CTerminalSignals` (one copy of
/// their state, whichever module the calls end up inlined into).
public enum TerminationSignal {
    /// Installs the flag-setting handlers for SIGINT, SIGTERM and SIGHUP: the UI loop polls
    /// the flag and quits the way `q` does, so the terminal is restored and temporary files
    /// removed. Throws naming the call when `sigaction` refuses.
    public static func install() throws(TerminalError) {
        guard mt_install_termination_handlers() == 0 else {
            throw TerminalError(call: "sigaction", detail: "cannot handle SIGINT/SIGTERM/SIGHUP (errno \(errno))")
        }
    }

    /// Puts the default actions back.
    public static func uninstall() { mt_reset_termination_handlers() }

    /// The signal received since the last call, clearing it; `nil` for none.
    public static func take() -> Int32? {
        let signal = mt_take_termination_signal()
        return signal == 0 ? nil : signal
    }
}

/// The last-resort restore for crash signals (SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL,
/// SIGTRAP): the handler writes precomputed terminfo bytes and puts back the saved terminal
/// settings, both async-signal-safe, then re-raises with the default action.
enum CrashRestore {
    /// Saves the settings of the terminal on `descriptor` and the bytes that undo what curses
    /// did (reset attributes, show the cursor, leave keypad mode and the alternate screen),
    /// then installs the handlers. Call after `newterm`, before curses changes the modes.
    /// With `mouse`, the reports of clicks are turned off too (xterm's sequences, which every
    /// terminal that reports them understands).
    static func arm(descriptor: Int32, mouse: Bool = false) {
        var bytes: [CChar] = []
        if mouse { bytes += "\u{1B}[?1006l\u{1B}[?1002l\u{1B}[?1000l".utf8.map { CChar(bitPattern: $0) } }
        for name in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let value = mt_tigetstr(name) else { continue }
            var pointer = value
            while pointer.pointee != 0 {
                bytes.append(pointer.pointee)
                pointer += 1
            }
        }
        bytes.withUnsafeBufferPointer { mt_prepare_crash_restore(descriptor, $0.baseAddress, $0.count) }
        _ = mt_install_crash_handlers()
    }

    /// Forgets the restore after a clean `endwin`: a later crash must not write to the terminal.
    static func disarm() { mt_clear_crash_restore() }
}
