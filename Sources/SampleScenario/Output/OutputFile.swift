import Foundation

/// A file written through a large in-memory buffer, so that a million lines cost a few hundred
/// system calls.
final class OutputFile {
    let path: String
    private let handle: FileHandle
    /// Pending bytes; callers append to it directly, then call `flushIfFull()`.
    var buffer: [UInt8] = []
    private(set) var bytesWritten = 0
    private let capacity = 1 << 20

    /// Creates (or truncates) the file at `path`.
    init(path: String) throws {
        self.path = path
        guard FileManager.default.createFile(atPath: path, contents: nil),
              let handle = FileHandle(forWritingAtPath: path)
        else {
            throw ScenarioWriteError(path: path, reason: "cannot create the file")
        }
        self.handle = handle
        buffer.reserveCapacity(capacity + 4096)
    }

    func flushIfFull() throws {
        if buffer.count >= capacity { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ScenarioWriteError(path: path, reason: "write failed: \(error.localizedDescription)")
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        do {
            try handle.close()
        } catch {
            throw ScenarioWriteError(path: path, reason: "close failed: \(error.localizedDescription)")
        }
    }
}
