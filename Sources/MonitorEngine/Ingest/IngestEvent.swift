/// Identifies one source read by a ``LogFollower``: one file (one inode, whatever names it has
/// over its life) or standard input. A new file at a rotated path is a new source.
public struct SourceID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Sources are numbered from 0 in the order they were opened.
    public let rawValue: Int

    /// Wraps a raw source number.
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Opening order.
    public static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `source N`, for messages.
    public var description: String { "source \(rawValue)" }
}

/// Why a source (re)started reading from offset 0. A decoder treats every start the same way
/// (a CSV decoder expects its header again, a byte-order mark may follow); the reason is for
/// the screen and the counters.
public enum FileStartReason: Sendable, Hashable {
    /// The file was there when following started (or it is standard input).
    case initial
    /// A new file matched a pattern after following started.
    case appeared
    /// A new file took the place of one that was rotated away or deleted.
    case replaced
    /// The file was truncated (copytruncate, `> file`), possibly regrown since: read again
    /// from its start.
    case truncated
}

/// Why a source was let go.
public enum FileEndReason: Sendable, Hashable {
    /// Renamed away from its path (rotation) and read to its end.
    case rotated
    /// Deleted and read to its end.
    case deleted
    /// Read to the end of its input: standard input at EOF, or a file read without following.
    case endOfInput
    /// A read failed; the status carries the message.
    case failed
}

/// What a ``LogFollower`` delivers while polling, in file order for each source.
public enum IngestEvent {
    /// One complete line without its newline and without a trailing CR.
    ///
    /// `bytes` points into the follower's read buffer and is valid only during the callback:
    /// copy what must outlive it. `lineNumber` is 1-based per file and restarts with the file.
    case line(source: SourceID, lineNumber: Int, bytes: UnsafeRawBufferPointer)
    /// A line longer than `maxLineBytes`, reported once when its end is found. Its bytes were
    /// skipped without being buffered; `byteCount` is its length before the newline.
    case lineTooLong(source: SourceID, lineNumber: Int, byteCount: Int)
    /// The source is read from offset 0: first open, a new file after rotation, or a restart
    /// after truncation. Line numbers restart.
    case fileStarted(source: SourceID, path: String, reason: FileStartReason)
    /// The source was read to its end and closed; no more events come from it.
    case fileEnded(source: SourceID, reason: FileEndReason)
}
