#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows log files like `tail -F`, across many paths and globs and standard input, and hands
/// out their lines without copying them.
///
/// A synchronous, pollable object owned by one thread (the engine's): ``poll(position:_:)``
/// reads what is there now, ``waitForActivity(timeoutSeconds:)`` blocks until something may
/// have changed. Nothing here sleeps or spawns threads, so tests drive it step by step.
///
/// What following means:
/// - Files are identified by (device, inode), never by name. Each file read is a source.
/// - Rotation by rename: the old file is finished to its end through its open descriptor
///   (a final line without newline is delivered), then the new file at the path is read from 0.
///   A file is opened as soon as it is seen (at a poll, or when inotify reports it in
///   ``waitForActivity(timeoutSeconds:)``), which pins it: after that, any number of renames
///   lose nothing. What cannot be recovered is a file created and rotated away entirely between
///   two looks at its directory: it is read only if a pattern matches its new name.
/// - Truncation (copytruncate, `> file`): a file shorter than the read offset, or whose bytes
///   just before the offset changed (the last 64 bytes are kept as a fingerprint and checked
///   at every poll, which catches a truncate-and-regrow between two polls), is read again from
///   0 and counted. Lines written and truncated away between two polls are lost, as with any
///   follower; lines whose bytes are identical at the fingerprint are not told apart.
/// - A partial last line is held until its newline arrives.
/// - A deleted file is finished to its end and closed.
/// - Globs are expanded again at most once a second, and at once when inotify reports a new
///   name in a watched directory. Files found by one expansion are opened in pattern order,
///   then in the glob's name order; a file matched twice (two patterns, a link) is read once.
/// - Standard input (`-`) is read without blocking (`poll(2)` with a zero timeout); its EOF
///   ends it.
/// - I/O errors (`EACCES` on a new match, a directory matching a glob, `EIO`) are recorded on
///   the source's ``SourceStatus``; nothing throws after ``init(patterns:options:)``.
public final class LogFollower {
    /// How the sources are read.
    public let options: FollowOptions
    private let patterns: [PathPattern]
    /// Every source opened, in opening order, including those let go (for ``sources``).
    private var opened: [FollowedFile] = []
    /// The sources still open, in opening order.
    private var live: [FollowedFile] = []
    /// Statuses of matches that could not be opened.
    private var failures: [SourceStatus] = []
    /// Paths whose file could not be opened or read, with that file's identity: not retried
    /// until another file takes the path.
    private var failedPaths: [String: FileIdentity] = [:]
    /// Paths that have had a source, to tell a replacement from a new file.
    private var followedPaths: Set<String> = []
    private let buffer: ReadBuffer
    private var scratch: [UInt8]
    /// inotify where there is one (``DirectoryWatcher``).
    private let watcher: DirectoryWatcher?
    private var lastRescan: Double = 0
    private var rescanRequested = false
    private var hasMore = false
    private var resumeAfter: SourceID?
    private var nextID = 0

    /// Globs that matched nothing, and plain paths that are missing, at the last expansion.
    public private(set) var unmatchedPatterns: [String] = []

    /// Globs whose every match at the last expansion could not be read (a FIFO, a directory, a
    /// symbolic link loop, a file without read permission), each with the first match's
    /// problem: for a gate, a glob that reads nothing must not pass as an empty log.
    public private(set) var unreadablePatterns: [(pattern: String, problem: String)] = []

    /// Follows `patterns` with the default options and the given line limit.
    ///
    /// - Parameter patterns: paths, globs (`*`, `?`, `[...]`, via glob(3)), or `-` for standard
    ///   input.
    /// - Throws: ``IngestError`` naming the path when a plain path (not a glob) does not exist,
    ///   is not a regular file or cannot be read. A glob that matches nothing yet is fine
    ///   (see ``unmatchedPatterns``).
    public convenience init(patterns: [String], maxLineBytes: Int = 1 << 20) throws(IngestError) {
        var options = FollowOptions()
        options.maxLineBytes = maxLineBytes
        try self.init(patterns: patterns, options: options)
    }

    /// Follows (or, with `options.follow == false`, reads once) `patterns`.
    ///
    /// - Throws: ``IngestError`` naming the path when a plain path cannot be read.
    public init(patterns: [String], options: FollowOptions) throws(IngestError) {
        precondition(options.readChunkBytes > 0, "readChunkBytes must be positive")
        precondition(options.orderedSliceBytes > 0, "orderedSliceBytes must be positive")
        precondition(options.pollBudgetBytes > 0, "pollBudgetBytes must be positive")
        precondition(options.maxLineBytes > 0, "maxLineBytes must be positive")
        self.options = options
        var unique: [PathPattern] = []
        for text in patterns where !unique.contains(where: { $0.text == text }) {
            unique.append(PathPattern(text))
        }
        self.patterns = unique
        buffer = ReadBuffer(capacity: options.readChunkBytes * 2)
        scratch = [UInt8](repeating: 0, count: FollowedFile.fingerprintBytes)
        watcher = options.follow && options.usesInotify ? DirectoryWatcher() : nil
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
                _ = fcntl(end, F_SETFD, FD_CLOEXEC)
            }
        }
        wakeReadDescriptor = ends[0]
        wakeDescriptor = ends[1]

        for pattern in unique where pattern.kind == .path {
            try Self.checkReadable(pattern.text)
        }
        if unique.contains(where: { $0.kind == .standardInput }) {
            let file = FollowedFile(
                id: takeID(), path: "-", descriptor: options.standardInput, identity: nil,
                maxLineBytes: options.maxLineBytes, start: .initial)
            file.phase = .draining(.endOfInput)
            add(file)
        }
        rescan(now: options.monotonicSeconds(), initial: true)
    }

    /// A pipe's write end that ends a ``waitForActivity(timeoutSeconds:)`` when written to, from
    /// any thread (``wake()``): a request that cannot wait for the files (a scrape).
    public let wakeDescriptor: Int32
    private let wakeReadDescriptor: Int32

    /// Ends the current or next wait for activity. Safe from any thread.
    public func wake() {
        Self.wake(wakeDescriptor)
    }

    /// Writes to a wake descriptor (see ``wakeDescriptor``).
    public static func wake(_ descriptor: Int32) {
        guard descriptor >= 0 else { return }
        var one: UInt8 = 1
        _ = write(descriptor, &one, 1)
    }

    deinit {
        if wakeDescriptor >= 0 { close(wakeDescriptor) }
        if wakeReadDescriptor >= 0 { close(wakeReadDescriptor) }
        for file in live where !file.isStream {
            file.letGo(reason: .endOfInput, ownsDescriptor: true)
        }
    }

    /// Counters of every source opened so far (including those let go) and of every match that
    /// could not be opened, in opening order.
    public var sources: [SourceStatus] {
        (opened.map(\.status) + failures).sorted { $0.id < $1.id }
    }

    /// True when a source is open but not yet announced
    /// (``IngestEvent/fileStarted(source:path:reason:)``): its first read is still to come.
    public var hasUnannouncedSources: Bool {
        live.contains { $0.pendingStart != nil && $0.isLive }
    }

    /// True when every source has been read to its end and none can grow: standard input at
    /// EOF, or every file read without following. Never true while following files.
    public var isFinished: Bool {
        if !live.isEmpty { return false }
        if options.follow && patterns.contains(where: { $0.kind != .standardInput }) { return false }
        return true
    }

    /// Reads whatever is available now from every source and delivers it, in file order for
    /// each source. Returns the number of bytes consumed; 0 means nothing new (call
    /// ``waitForActivity(timeoutSeconds:)`` then). At most `options.pollBudgetBytes` are read
    /// per call, so a large backlog takes several calls.
    ///
    /// With `position`, sources are read in order of it instead, one `orderedSliceBytes` slice
    /// at a time: each slice goes to the readable source whose position is lowest when the slice
    /// starts (ties to the first opened). The caller gives each source its event time so far
    /// (see ``InputReader``), so that a replay reads predictions and labels side by side in
    /// event time, as they were written, rather than a whole budget of one file ahead of the
    /// other: what the label join must hold then depends on how late labels are, not on which
    /// file has the shorter lines.
    ///
    /// `body` and `position` must not call back into the follower.
    public func poll(position: ((SourceID) -> Double)? = nil, _ body: (IngestEvent) -> Void) -> Int {
        if let watcher, watcher.drain().namesChanged { rescanRequested = true }
        if options.follow { reconcile(now: options.monotonicSeconds()) }
        hasMore = false
        var budget = options.pollBudgetBytes
        var consumed = 0
        if let position {
            consumed = readInOrder(of: position, budget: &budget, body)
            if budget <= 0 { hasMore = true }
            live.removeAll { !$0.isLive }
            return consumed
        }
        // After a poll that ran out of budget, the next one starts after the last source read,
        // so that one large backlog does not starve the other sources.
        var order = live
        if let resumeAfter, let split = order.firstIndex(where: { $0.id > resumeAfter }) {
            order = Array(order[split...] + order[..<split])
        }
        resumeAfter = nil
        // A file waits for the file that held its path before it; a pass that ends such a
        // predecessor lets the next pass read its successor.
        while !order.isEmpty {
            var waiting: [FollowedFile] = []
            for file in order {
                if let predecessor = file.predecessor, predecessor.isLive {
                    waiting.append(file)
                    continue
                }
                consumed += readSource(file, budget: &budget, body)
                if budget <= 0 {
                    hasMore = true
                    resumeAfter = file.id
                    break
                }
            }
            if waiting.count == order.count || budget <= 0 { break }
            order = waiting
        }
        live.removeAll { !$0.isLive }
        return consumed
    }

    /// Blocks until a source may have changed or `timeoutSeconds` pass: on inotify (files'
    /// directories) and standard input where available, else a sleep of at most 250 ms. Returns
    /// at once when the last ``poll(position:_:)`` left bytes unread. While the files are quiet
    /// the thread sleeps in `poll(2)`.
    public func waitForActivity(timeoutSeconds: Double) {
        if hasMore { return }
        // Files being finished, or read without following, have bytes waiting.
        if live.contains(where: { !$0.isStream && !$0.isFollowing }) { return }
        var descriptors: [pollfd] = []
        var timeout = max(0, timeoutSeconds)
        var watchesEverything = false
        if let watcher {
            descriptors.append(pollfd(fd: watcher.descriptor, events: Int16(POLLIN), revents: 0))
            watchesEverything = patterns.allSatisfy { pattern in
                pattern.kind == .standardInput || pattern.fixedDirectory.map(watcher.isWatching) == true
            }
        }
        if let stream = live.first(where: \.isStream) {
            descriptors.append(pollfd(fd: stream.descriptor, events: Int16(POLLIN), revents: 0))
        }
        let followsFiles = options.follow && patterns.contains(where: { $0.kind != .standardInput })
        if followsFiles && !watchesEverything { timeout = min(timeout, 0.25) }
        if wakeReadDescriptor >= 0 { descriptors.append(pollfd(fd: wakeReadDescriptor, events: Int16(POLLIN), revents: 0)) }
        let milliseconds = Int32(min(timeout * 1000, Double(Int32.max)).rounded(.up))
        let ready = waitForDescriptors(&descriptors, milliseconds: milliseconds)
        if wakeReadDescriptor >= 0 {
            var drained = [UInt8](repeating: 0, count: 64)
            while read(wakeReadDescriptor, &drained, drained.count) > 0 {}
        }
        if ready > 0, let watcher, watcher.drain().namesChanged {
            rescanRequested = true
            // Open new files now, before they can be rotated away; they are read at the next poll.
            if options.follow { reconcile(now: options.monotonicSeconds()) }
        }
    }

    // MARK: - Finding files

    private static func checkReadable(_ path: String) throws(IngestError) {
        switch FileInfo.of(path: path) {
        case .failure(let error):
            throw IngestError.from(errno: error.errno, path: path, call: error.call)
        case .success(let info):
            guard info.isRegularFile else { throw IngestError.notARegularFile(path: path) }
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IngestError.from(errno: errno, path: path, call: "open") }
        close(descriptor)
    }

    private func takeID() -> SourceID {
        defer { nextID += 1 }
        return SourceID(rawValue: nextID)
    }

    private func add(_ file: FollowedFile) {
        opened.append(file)
        live.append(file)
        if !file.isStream { followedPaths.insert(file.path) }
    }

    /// Expands the patterns again when due, or at once when a followed path no longer holds its
    /// file.
    private func reconcile(now: Double) {
        var due = rescanRequested || now - lastRescan >= options.rescanIntervalSeconds
        if !due {
            for file in live where file.isFollowing {
                guard let identity = file.identity else { continue }
                if case .success(let info) = FileInfo.of(path: file.path), info.identity == identity { continue }
                due = true
                break
            }
        }
        if due { rescan(now: now, initial: false) }
    }

    /// Matches the files the patterns name now against the open sources: a source whose file
    /// moved to another matched name follows it there, one whose file is gone from every
    /// matched name is finished, and every file not yet open is opened.
    private func rescan(now: Double, initial: Bool) {
        lastRescan = now
        rescanRequested = false
        let expansion = expandPatterns()
        unmatchedPatterns = expansion.unmatched
        var claimed = followOpenSources(to: expansion.found)
        let readable = openNewFiles(expansion.found, claimed: &claimed, initial: initial)
        unreadablePatterns = expansion.matchesByGlob.compactMap { glob in
            guard !glob.paths.contains(where: readable.contains) else { return nil }
            let problem = glob.paths.lazy.compactMap { path in self.failures.last { $0.path == path }?.error }.first
            return (glob.pattern, problem ?? "\(glob.paths[0]): cannot be read")
        }
    }

    /// What the patterns name now.
    private struct Expansion {
        /// Each path once, in pattern order, then in the glob's name order, with its `stat(2)`.
        var found: [(path: String, info: FileInfo)] = []
        /// Globs that matched nothing, and plain paths that are missing.
        var unmatched: [String] = []
        /// Each glob that matched, with its matches.
        var matchesByGlob: [(pattern: String, paths: [String])] = []
    }

    /// Expands every pattern and `stat`s its matches, watching their directories; a match that
    /// cannot be `stat`ed (but exists) is recorded as a failure.
    private func expandPatterns() -> Expansion {
        var expansion = Expansion()
        var seen: Set<String> = []
        for pattern in patterns where pattern.kind != .standardInput {
            var matched = false
            let expanded = pattern.expand()
            if pattern.kind == .glob, !expanded.isEmpty { expansion.matchesByGlob.append((pattern.text, expanded)) }
            for path in expanded {
                switch FileInfo.of(path: path) {
                case .success(let info):
                    matched = true
                    if seen.insert(path).inserted { expansion.found.append((path, info)) }
                case .failure(let error):
                    if error.errno == ENOENT || error.errno == ENOTDIR { continue }
                    matched = true
                    if seen.insert(path).inserted { recordFailure(path: path, identity: nil, message: error.message(path: path)) }
                }
                if pattern.fixedDirectory == nil { watcher?.watch(PathPattern.directory(of: path)) }
            }
            if let directory = pattern.fixedDirectory { watcher?.watch(directory) }
            if !matched { expansion.unmatched.append(pattern.text) }
        }
        return expansion
    }

    /// Follows each open file to where it is now: to the name a pattern still matches after a
    /// rename, else to its end (rotated away or deleted). Returns the identities of the open
    /// files.
    private func followOpenSources(to found: [(path: String, info: FileInfo)]) -> Set<FileIdentity> {
        var pathByIdentity: [FileIdentity: String] = [:]
        var identityAtPath: [String: FileIdentity] = [:]
        for (path, info) in found where info.isRegularFile {
            identityAtPath[path] = info.identity
            if pathByIdentity[info.identity] == nil { pathByIdentity[info.identity] = path }
        }
        var claimed: Set<FileIdentity> = []
        for file in live {
            guard let identity = file.identity else { continue }
            claimed.insert(identity)
            guard file.isFollowing, identityAtPath[file.path] != identity else { continue }
            if let newPath = pathByIdentity[identity] {
                // Renamed to a name a pattern still matches: keep following it there.
                file.path = newPath
                file.status.path = newPath
                file.status.rotations += 1
            } else if case .success(let info) = FileInfo.of(descriptor: file.descriptor), info.linkCount == 0 {
                file.phase = .draining(.deleted)
            } else {
                file.phase = .draining(.rotated)
                file.status.rotations += 1
            }
        }
        return claimed
    }

    /// Opens each found file that no source has open (`claimed`, which grows with them), behind
    /// the source that held its path before, if one is being finished. Returns the paths that
    /// hold an open file.
    private func openNewFiles(
        _ found: [(path: String, info: FileInfo)], claimed: inout Set<FileIdentity>, initial: Bool
    ) -> Set<String> {
        var readable: Set<String> = []
        for (path, info) in found {
            if claimed.contains(info.identity) {
                readable.insert(path)
                continue
            }
            if failedPaths[path] == info.identity { continue }
            guard info.isRegularFile else {
                recordFailure(path: path, identity: info.identity, message: "\(path): not a regular file")
                continue
            }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                recordFailure(path: path, identity: info.identity, message: SystemError(call: "open", errno: errno).message(path: path))
                continue
            }
            // The name may have moved on between stat and open: what was opened is the truth.
            guard case .success(let openedInfo) = FileInfo.of(descriptor: descriptor),
                  !claimed.contains(openedInfo.identity) else {
                close(descriptor)
                continue
            }
            claimed.insert(openedInfo.identity)
            readable.insert(path)
            failedPaths[path] = nil
            let predecessor = live.last { $0.path == path && $0.isLive && !$0.isFollowing && !$0.isStream }
            let reason: FileStartReason =
                initial ? .initial : (predecessor != nil || followedPaths.contains(path) ? .replaced : .appeared)
            let file = FollowedFile(
                id: takeID(), path: path, descriptor: descriptor, identity: openedInfo.identity,
                maxLineBytes: options.maxLineBytes, start: reason)
            file.predecessor = predecessor
            if !options.follow {
                file.endOffset = openedInfo.size
                file.phase = .draining(.endOfInput)
            }
            add(file)
        }
        return readable
    }

    private func recordFailure(path: String, identity: FileIdentity?, message: String) {
        if let identity { failedPaths[path] = identity }
        if let index = failures.lastIndex(where: { $0.path == path }), failures[index].error == message {
            return
        }
        var status = SourceStatus(id: takeID(), path: path, isStandardInput: false)
        status.error = message
        failures.append(status)
    }

    // MARK: - Reading

    /// Reads slices from the readable source lowest in `position` until the budget is spent or
    /// every source is at its end for now.
    private func readInOrder(of position: (SourceID) -> Double, budget: inout Int, _ emit: (IngestEvent) -> Void) -> Int {
        var consumed = 0
        var atEndForNow: Set<SourceID> = []
        while budget > 0 {
            var next: FollowedFile?
            var lowest = Double.infinity
            for file in live where file.isLive && !atEndForNow.contains(file.id) {
                if let predecessor = file.predecessor, predecessor.isLive { continue }
                let key = position(file.id)
                // NaN (a source with no position yet) reads first, like -infinity.
                let rank = key.isNaN ? -Double.infinity : key
                if next == nil || rank < lowest {
                    next = file
                    lowest = rank
                }
            }
            guard let file = next else { break }
            let slice = min(budget, options.orderedSliceBytes)
            var left = slice
            consumed += readSource(file, budget: &left, emit)
            budget -= slice - left
            if left > 0 { atEndForNow.insert(file.id) }
        }
        return consumed
    }

    /// Reads `file` until the budget is spent, it has nothing more for now, or it ends; lets it
    /// go at its end when it is being finished (standard input always is). A regular file is
    /// checked for truncation first when following.
    private func readSource(_ file: FollowedFile, budget: inout Int, _ emit: (IngestEvent) -> Void) -> Int {
        if file.isFollowing && !file.isStream {
            switch FileInfo.of(descriptor: file.descriptor) {
            case .failure(let error):
                fail(file, error, emit)
                return 0
            case .success(let info):
                if info.size < file.offset || (file.offset > 0 && !file.fingerprintMatches(scratch: &scratch)) {
                    file.restart()
                }
            }
        }
        announceStart(file, emit)
        var held = file.splitter.restoreHeld(into: buffer, reservingAfter: options.readChunkBytes)
        var consumed = 0
        var atEnd = false
        var failure: SystemError?
        reading: while budget > 0 {
            let count: Int
            switch readChunk(file, after: held, budget: budget) {
            case .read(let bytes): count = bytes
            case .interrupted: continue reading
            case .nothingForNow: break reading
            case .end:
                atEnd = true
                break reading
            case .failed(let error):
                failure = error
                break reading
            }
            file.noteConsumed(count, buffer: buffer.base, end: held + count)
            consumed += count
            budget -= count
            held = file.splitter.split(
                buffer.base, count: held + count, scanFrom: held, source: file.id, status: &file.status, emit: emit)
        }
        file.splitter.keepHeld(from: buffer, count: held)
        if let failure {
            fail(file, failure, emit)
        } else if atEnd, case .draining(let reason) = file.phase {
            end(file, reason: reason, emit)
        }
        return consumed
    }

    /// What one read of a source gave.
    private enum Chunk {
        /// This many bytes, after the held partial line in the buffer.
        case read(Int)
        /// A signal came first (`EINTR`): try again.
        case interrupted
        /// A stream with nothing to read yet.
        case nothingForNow
        /// The end of the file (or of the part of it to read), or EOF of a stream.
        case end
        case failed(SystemError)
    }

    /// Reads at most `readChunkBytes` (and `budget`) of `file` into the buffer after the `held`
    /// bytes: a regular file with `pread` at its offset, up to its ``FollowedFile/endOffset``;
    /// standard input (or the stream in its place) without blocking, `poll(2)` with a zero
    /// timeout before the read, so the descriptor's flags, shared with other processes, are
    /// left alone.
    private func readChunk(_ file: FollowedFile, after held: Int, budget: Int) -> Chunk {
        var want = min(options.readChunkBytes, budget)
        if file.isStream {
            let ready = readiness(of: file.descriptor)
            if ready < 0 { return errno == EINTR ? .interrupted : .failed(SystemError(call: "poll", errno: errno)) }
            if ready == 0 { return .nothingForNow }
        } else if let end = file.endOffset {
            want = min(want, end - file.offset)
            if want <= 0 { return .end }
        }
        buffer.reserve(held + want, keeping: held)
        let count = file.isStream
            ? read(file.descriptor, buffer.base + held, want)
            : pread(file.descriptor, buffer.base + held, want, off_t(file.offset))
        if count < 0 {
            if errno == EINTR { return .interrupted }
            if file.isStream && (errno == EAGAIN || errno == EWOULDBLOCK) { return .nothingForNow }
            return .failed(SystemError(call: "read", errno: errno))
        }
        return count == 0 ? .end : .read(count)
    }

    private func announceStart(_ file: FollowedFile, _ emit: (IngestEvent) -> Void) {
        guard let reason = file.pendingStart else { return }
        file.pendingStart = nil
        emit(.fileStarted(source: file.id, path: file.path, reason: reason))
    }

    /// Delivers a final unterminated line, reports the end and closes the source.
    private func end(_ file: FollowedFile, reason: FileEndReason, _ emit: (IngestEvent) -> Void) {
        file.splitter.finish(source: file.id, status: &file.status, emit: emit)
        emit(.fileEnded(source: file.id, reason: reason))
        file.letGo(reason: reason, ownsDescriptor: !file.isStream)
    }

    /// Records a failed call on the source and lets it go; its path is not reopened until
    /// another file takes it.
    private func fail(_ file: FollowedFile, _ error: SystemError, _ emit: (IngestEvent) -> Void) {
        file.status.error = error.message(path: file.path)
        if let identity = file.identity { failedPaths[file.path] = identity }
        end(file, reason: .failed, emit)
    }
}

/// `poll(2)` on `descriptors` (a plain sleep when there are none), at file scope where `poll`
/// names the system call rather than ``LogFollower/poll(position:_:)``.
private func waitForDescriptors(_ descriptors: inout [pollfd], milliseconds: Int32) -> Int32 {
    descriptors.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), milliseconds) }
}

/// Whether a read of `descriptor` would return at once (data, EOF or an error): `poll(2)` with a
/// zero timeout.
private func readiness(of descriptor: Int32) -> Int32 {
    var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    return poll(&ready, 1, 0)
}
