#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import MonitorEngine

/// A fresh directory under the system temporary directory, removed with its files at `deinit`.
final class TemporaryDirectory {
    let path: String

    init() throws {
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/modeltop-ingest-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: try #require(made))
    }

    deinit {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Writes like a logger: an `O_APPEND` descriptor kept open across renames.
final class LogWriter {
    let descriptor: Int32

    init(_ path: String, truncate: Bool = false) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0o644)
        try #require(descriptor >= 0, "open \(path)")
    }

    deinit { close(descriptor) }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            precondition(written > 0, "write failed: \(errno)")
            offset += written
        }
    }
}

/// Writes `text` to `path`, replacing it.
func writeFile(_ path: String, _ text: String) throws {
    try LogWriter(path, truncate: true).write(text)
}

/// Copies a file's bytes (the copy half of copytruncate).
func copyFile(_ from: String, to: String) throws {
    let source = open(from, O_RDONLY)
    try #require(source >= 0)
    defer { close(source) }
    let target = try LogWriter(to, truncate: true)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        target.write(Array(chunk[..<count]))
    }
}

/// An injected monotonic clock, advanced by the test.
final class ManualClock: Sendable {
    private let now = Mutex<Double>(0)

    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }

    var read: @Sendable () -> Double { { self.now.withLock { $0 } } }
}

/// A copy of an ``IngestEvent`` that outlives the callback, comparable in expectations.
enum Seen: Equatable, CustomStringConvertible {
    case line(Int, Int, String)
    case tooLong(Int, Int, Int)
    case started(Int, String, FileStartReason)
    case ended(Int, FileEndReason)

    init(_ event: IngestEvent) {
        switch event {
        case .line(let source, let number, let bytes):
            self = .line(source.rawValue, number, String(decoding: bytes, as: UTF8.self))
        case .lineTooLong(let source, let number, let count):
            self = .tooLong(source.rawValue, number, count)
        case .fileStarted(let source, let path, let reason):
            self = .started(source.rawValue, path, reason)
        case .fileEnded(let source, let reason):
            self = .ended(source.rawValue, reason)
        }
    }

    var description: String {
        switch self {
        case .line(let source, let number, let text): return "line(\(source), \(number), \(text.debugDescription))"
        case .tooLong(let source, let number, let count): return "tooLong(\(source), \(number), \(count))"
        case .started(let source, let path, let reason): return "started(\(source), \(path), \(reason))"
        case .ended(let source, let reason): return "ended(\(source), \(reason))"
        }
    }
}

extension LogFollower {
    /// Polls until nothing new is read, returning every event as a ``Seen``.
    func drain() -> [Seen] {
        var seen: [Seen] = []
        while poll({ seen.append(Seen($0)) }) > 0 {}
        return seen
    }

    /// The lines of `drain()` alone, as text.
    func drainLines() -> [String] {
        drain().compactMap { if case .line(_, _, let text) = $0 { text } else { nil } }
    }
}

/// Options for deterministic tests: no inotify, a clock that moves only when told.
func testOptions(clock: ManualClock = ManualClock()) -> FollowOptions {
    var options = FollowOptions()
    options.usesInotify = false
    options.monotonicSeconds = clock.read
    return options
}
