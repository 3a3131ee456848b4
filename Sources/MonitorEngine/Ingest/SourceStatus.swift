/// Counters and state of one source of a ``LogFollower``, for the input health screen and the
/// report's `input.sources`.
public struct SourceStatus: Sendable, Hashable {
    /// The source these counters belong to.
    public var id: SourceID
    /// The name the source is read under (`-` for standard input). Follows renames that a
    /// pattern still matches.
    public var path: String
    /// True for standard input (or the stream given in its place).
    public var isStandardInput: Bool
    /// Bytes read from the source, over all restarts.
    public var bytesRead: Int = 0
    /// Complete lines delivered as ``IngestEvent/line(source:lineNumber:bytes:)``, over all
    /// restarts.
    public var lines: Int = 0
    /// Lines skipped as longer than `maxLineBytes`.
    public var linesTooLong: Int = 0
    /// Times the file was found truncated (shorter than what was read, or rewritten before the
    /// read offset) and read again from its start.
    public var truncations: Int = 0
    /// Times the file was renamed away from the name it was read under.
    public var rotations: Int = 0
    /// True while the source holds an open descriptor.
    public var isOpen: Bool = false
    /// Why the source was let go; `nil` while it is open or when it never opened.
    public var endReason: FileEndReason? = nil
    /// The last error met on this source, naming the system call (for example a directory
    /// matching a glob, or `EACCES` on a new file).
    public var error: String? = nil

    /// A status with zero counters.
    public init(id: SourceID, path: String, isStandardInput: Bool) {
        self.id = id
        self.path = path
        self.isStandardInput = isStandardInput
    }
}
