#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One source being read: an open file (or standard input) with its read offset, line state,
/// fingerprint and counters.
final class FollowedFile {
    enum Phase {
        /// Read as it grows; its path is checked for rotation and it for truncation.
        case following
        /// Rotated away or deleted (or read without following): read to its end, then let go.
        case draining(FileEndReason)
        /// Closed.
        case ended
    }

    /// How many bytes before the read offset the fingerprint keeps.
    static let fingerprintBytes = 64

    let id: SourceID
    var path: String
    private(set) var descriptor: Int32
    /// `nil` for a stream (standard input), which has no offsets to check.
    let identity: FileIdentity?
    var phase: Phase = .following
    /// Bytes consumed since the file (re)started, including a held partial line.
    var offset = 0
    /// Where a file read without following stops: its size when it was opened.
    var endOffset: Int?
    var splitter: LineSplitter
    /// The last bytes before `offset`, to notice a file rewritten in place between two polls.
    var fingerprint: [UInt8] = []
    /// Reported with the next read.
    var pendingStart: FileStartReason?
    /// A source that must be finished before this one is read (the file that held this path
    /// before it was rotated), so lines come in file order.
    var predecessor: FollowedFile?
    var status: SourceStatus

    init(
        id: SourceID, path: String, descriptor: Int32, identity: FileIdentity?, maxLineBytes: Int,
        start: FileStartReason
    ) {
        self.id = id
        self.path = path
        self.descriptor = descriptor
        self.identity = identity
        splitter = LineSplitter(maxLineBytes: maxLineBytes)
        pendingStart = start
        status = SourceStatus(id: id, path: path, isStandardInput: identity == nil)
        status.isOpen = true
        fingerprint.reserveCapacity(Self.fingerprintBytes)
    }

    var isStream: Bool { identity == nil }

    var isLive: Bool {
        if case .ended = phase { return false }
        return true
    }

    var isFollowing: Bool {
        if case .following = phase { return true }
        return false
    }

    /// Records the bytes just consumed: `buffer[0..<end]` are the file's bytes right before the
    /// new offset.
    func noteConsumed(_ count: Int, buffer: UnsafeRawPointer, end: Int) {
        offset += count
        status.bytesRead += count
        guard !isStream else { return }
        let keep = Self.fingerprintBytes
        if end >= keep {
            fingerprint.removeAll(keepingCapacity: true)
            fingerprint.append(contentsOf: UnsafeRawBufferPointer(start: buffer + (end - keep), count: keep))
        } else {
            // Fewer bytes in the buffer than kept: the older ones are already in the fingerprint.
            fingerprint.append(contentsOf: UnsafeRawBufferPointer(start: buffer + (end - count), count: count))
            if fingerprint.count > keep { fingerprint.removeFirst(fingerprint.count - keep) }
        }
    }

    /// True when the bytes before the read offset are still those that were read.
    func fingerprintMatches(scratch: inout [UInt8]) -> Bool {
        let count = fingerprint.count
        guard count > 0 else { return true }
        let got = scratch.withUnsafeMutableBytes {
            pread(descriptor, $0.baseAddress, count, off_t(offset - count))
        }
        guard got == count else { return false }
        return scratch.withUnsafeBytes { read in
            fingerprint.withUnsafeBytes { kept in memcmp(read.baseAddress!, kept.baseAddress!, count) == 0 }
        }
    }

    /// Starts over at offset 0 after a truncation.
    func restart() {
        offset = 0
        fingerprint.removeAll(keepingCapacity: true)
        splitter.reset()
        status.truncations += 1
        pendingStart = .truncated
    }

    /// Closes the descriptor (standard input is left open for its owner).
    func letGo(reason: FileEndReason, ownsDescriptor: Bool) {
        if ownsDescriptor && descriptor >= 0 { _ = close(descriptor) }
        descriptor = -1
        phase = .ended
        predecessor = nil
        status.isOpen = false
        status.endReason = reason
    }
}
