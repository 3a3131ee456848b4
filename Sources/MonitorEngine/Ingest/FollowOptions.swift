#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a ``LogFollower`` reads its sources. The defaults are those of `modeltop watch`.
public struct FollowOptions: Sendable {
    /// Lines longer than this many bytes (without newline and CR) are skipped and reported as
    /// too long (docs/log-format.md, `max_line`).
    public var maxLineBytes: Int = 1 << 20
    /// Follow the files like `tail -F` (true), or read what each file held when it was opened
    /// and let it go (false: `report` without `--follow`).
    public var follow: Bool = true
    /// Size of one `read(2)`; large reads make splitting run at memory speed.
    public var readChunkBytes: Int = 512 << 10
    /// Bytes read from one source at a time when sources are read in event-time order
    /// (``LogFollower/poll(position:_:)``): a slice of short lines (labels) spans more time
    /// than one of long lines, and how far one source runs ahead of the others is at most one
    /// slice of it.
    public var orderedSliceBytes: Int = 64 << 10
    /// Bytes one ``LogFollower/poll(position:_:)`` reads at most, so that the engine regains control
    /// (to publish snapshots) while catching up on a large backlog.
    public var pollBudgetBytes: Int = 8 << 20
    /// Globs are expanded again at most this often (seconds), unless inotify reports a change
    /// in a watched directory first.
    public var rescanIntervalSeconds: Double = 1
    /// Watch directories with inotify where available, to wake promptly and to open new files
    /// before they can be rotated away.
    public var usesInotify: Bool = true
    /// The descriptor read for the pattern `-`. It is not closed by the follower.
    public var standardInput: Int32 = STDIN_FILENO
    /// Monotonic time in seconds, injected so that tests control when globs are rescanned.
    public var monotonicSeconds: @Sendable () -> Double = FollowOptions.systemMonotonicSeconds

    /// The defaults.
    public init() {}

    /// `CLOCK_MONOTONIC` in seconds.
    public static let systemMonotonicSeconds: @Sendable () -> Double = {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
