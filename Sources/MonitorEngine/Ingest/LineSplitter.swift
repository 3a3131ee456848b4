#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits the bytes of one source into lines, across reads: the state a source keeps between
/// reads (its line number, its partial last line, an over-long line being skipped).
///
/// The hot path: `memchr` finds newlines in large reads and complete lines are handed out as
/// slices of the read buffer, so splitting allocates nothing and copies only the partial line
/// at the end of each read.
struct LineSplitter {
    /// Number of the last line delivered (1-based lines; 0 before the first).
    private(set) var lineNumber = 0
    /// The partial last line, kept between polls (at most `maxLineBytes + 1` bytes: the `+ 1`
    /// leaves room for a CR whose LF has not arrived yet).
    private var held: [UInt8] = []
    /// While skipping an over-long line: how many of its bytes have gone by.
    private var skipped: Int? = nil

    let maxLineBytes: Int

    init(maxLineBytes: Int) {
        precondition(maxLineBytes > 0, "maxLineBytes must be positive, got \(maxLineBytes)")
        self.maxLineBytes = maxLineBytes
    }

    /// Bytes of the partial line held.
    var heldCount: Int { held.count }

    /// Copies the held partial line to the front of `buffer`; returns its length. The caller
    /// reads new bytes right after it and calls ``split(_:count:scanFrom:source:status:emit:)``.
    mutating func restoreHeld(into buffer: ReadBuffer, reservingAfter chunk: Int) -> Int {
        let count = held.count
        buffer.reserve(count + chunk, keeping: 0)
        if count > 0 {
            held.withUnsafeBytes { buffer.base.copyMemory(from: $0.baseAddress!, byteCount: count) }
            held.removeAll(keepingCapacity: true)
        }
        return count
    }

    /// Keeps the partial line left at the front of `buffer` (`count` bytes) until the next read.
    mutating func keepHeld(from buffer: ReadBuffer, count: Int) {
        held.removeAll(keepingCapacity: true)
        if count > 0 {
            held.append(contentsOf: UnsafeRawBufferPointer(start: buffer.base, count: count))
        }
    }

    /// Delivers every complete line in `base[0..<count]`; moves the partial last line to the
    /// front of the buffer and returns its length (0 while skipping an over-long line).
    ///
    /// `scanFrom` is where new bytes start: the held bytes before it are known to hold no
    /// newline.
    mutating func split(
        _ base: UnsafeMutableRawPointer, count: Int, scanFrom: Int, source: SourceID,
        status: inout SourceStatus, emit: (IngestEvent) -> Void
    ) -> Int {
        var lineStart = 0
        var scan = scanFrom
        while scan < count, let hit = memchr(base + scan, 0x0A, count - scan) {
            let newline = base.distance(to: hit)
            lineNumber += 1
            if let skippedSoFar = skipped {
                skipped = nil
                status.linesTooLong += 1
                emit(.lineTooLong(source: source, lineNumber: lineNumber, byteCount: skippedSoFar + newline))
            } else {
                Self.deliver(
                    UnsafeRawPointer(base + lineStart), count: newline - lineStart, lineNumber: lineNumber,
                    maxLineBytes: maxLineBytes, source: source, status: &status, emit: emit)
            }
            lineStart = newline + 1
            scan = lineStart
        }
        let rest = count - lineStart
        if let skippedSoFar = skipped {
            skipped = skippedSoFar + rest
            return 0
        }
        if rest > maxLineBytes + 1 {
            skipped = rest
            return 0
        }
        if lineStart > 0 && rest > 0 { memmove(base, base + lineStart, rest) }
        return rest
    }

    /// At the end of a file that is let go: delivers a final line that has no newline.
    mutating func finish(source: SourceID, status: inout SourceStatus, emit: (IngestEvent) -> Void) {
        if let skippedSoFar = skipped {
            lineNumber += 1
            status.linesTooLong += 1
            emit(.lineTooLong(source: source, lineNumber: lineNumber, byteCount: skippedSoFar))
        } else if !held.isEmpty {
            lineNumber += 1
            let number = lineNumber
            let limit = maxLineBytes
            held.withUnsafeBytes { bytes in
                Self.deliver(
                    bytes.baseAddress!, count: bytes.count, lineNumber: number, maxLineBytes: limit,
                    source: source, status: &status, emit: emit)
            }
        }
        reset()
    }

    /// Forgets everything: the file restarts from offset 0.
    mutating func reset() {
        lineNumber = 0
        held.removeAll(keepingCapacity: true)
        skipped = nil
    }

    /// Delivers one line of `count` bytes (its newline excluded), dropping a trailing CR.
    private static func deliver(
        _ start: UnsafeRawPointer, count: Int, lineNumber: Int, maxLineBytes: Int, source: SourceID,
        status: inout SourceStatus, emit: (IngestEvent) -> Void
    ) {
        var length = count
        if length > 0 && start.load(fromByteOffset: length - 1, as: UInt8.self) == 0x0D { length -= 1 }
        if length > maxLineBytes {
            status.linesTooLong += 1
            emit(.lineTooLong(source: source, lineNumber: lineNumber, byteCount: count))
        } else {
            status.lines += 1
            emit(.line(source: source, lineNumber: lineNumber, bytes: UnsafeRawBufferPointer(start: start, count: length)))
        }
    }
}
