import MonitorEngine
#if canImport(Glibc)
import Glibc
#endif

/// Diagnostics while the screen is up (`--log FILE`): nothing may reach stdout or stderr then
/// (tui.md "Terminal conventions"). Lines are appended with a monotonic timestamp in
/// milliseconds, unbuffered, so the file is complete even if the process dies.
final class DiagnosticLog {
    private let descriptor: Int32

    /// A log that writes nothing.
    init() { descriptor = -1 }

    /// Appends to `path`, creating it; throws a usage error naming the path when it cannot.
    init(path: String) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure.usage("--log: cannot open '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    var isEnabled: Bool { descriptor >= 0 }

    func write(_ message: String) {
        guard descriptor >= 0 else { return }
        // One line per message, shown safely: the file is read with `tail` in a terminal.
        var line = "\(monotonicMilliseconds()) \(SafeText.sanitized(message))\n"
        line.withUTF8 { bytes in
            _ = Glibc.write(descriptor, bytes.baseAddress, bytes.count)
        }
    }
}
