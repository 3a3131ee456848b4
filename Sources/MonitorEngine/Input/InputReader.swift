#if canImport(Glibc)
import Glibc
#endif

/// Lines to records: follows the prediction and label sources, decodes each line with the
/// decoder of its source, and keeps the ingest-health counters (`tally`).
///
/// Owned by one thread (the engine's). Each source has its own decoder, because a CSV header
/// belongs to its file and restarts with it (rotation, truncation).
public final class InputReader {
    /// Counters of everything read so far.
    @exclusivity(unchecked) public private(set) var tally = InputTally()
    private let follower: LogFollower
    private let format: LogFormat?
    private let mapping: FieldMapping
    /// Per source (indexed by `SourceID.rawValue`, which the follower hands out densely): its
    /// decoder while it is open, and its entry in the tally.
    @exclusivity(unchecked) private var decoders: [RecordDecoder?] = []
    @exclusivity(unchecked) private var tallyIndices: [Int?] = []
    /// Per source, the event time of its last record with one (NaN before the first): sources
    /// are read in this order, so that predictions and their labels are read side by side in
    /// event time whatever the files' line lengths.
    @exclusivity(unchecked) private var eventTimes: [Double] = []
    /// Sources open now (raw values), for ``readThroughSeconds``.
    @exclusivity(unchecked) private var openSources: [Int] = []

    /// For the record being handed to `body` in ``poll(_:)``: the event time up to which every
    /// open source has been read (the lowest of their latest times; -infinity while one has
    /// none, +infinity when none is open). The label join's clock (``LabelJoin/advanceClock(to:)``).
    @exclusivity(unchecked) public private(set) var readThroughSeconds = -Double.infinity
    @exclusivity(unchecked) private var record = Record()
    /// Records read ahead of another source, held until every source has been read past them.
    /// This and the other state a line touches (marked `@exclusivity(unchecked)`: the dynamic
    /// checks, several a line, cost 3–4% of the reading thread) are written only by the
    /// reader's own methods, on the thread that polls. A closure given to ``poll(_:)`` may read
    /// `tally` and `readThroughSeconds`, which no write spans while it runs, and must call
    /// nothing else of the reader: `merge` and `record` are being written around it.
    @exclusivity(unchecked) private var merge = EventTimeMerge()
    /// Whether a source is open but not read yet (``LogFollower/hasUnannouncedSources``), as of
    /// the last slice or file event: asked per record, it cost a walk of the sources.
    @exclusivity(unchecked) private var unannounced = false

    /// Reads `predictions` and `labels` (paths, globs, or `-` for standard input).
    ///
    /// - Parameters:
    ///   - format: the line format of every source; `nil` infers it from each file's extension.
    ///   - follow: keep following the files after their current end (the dashboard,
    ///     `report --follow`); `false` reads what they hold and stops.
    /// - Throws: `IngestError` naming a plain path that does not exist or cannot be read.
    public init(
        predictions: [String], labels: [String], format: LogFormat?, mapping: FieldMapping,
        maxLineBytes: Int, follow: Bool
    ) throws(IngestError) {
        var options = FollowOptions()
        options.maxLineBytes = maxLineBytes
        options.follow = follow
        // Following (the dashboard, the service), a poll reads 1 MiB at most: catching up on a
        // long log judges the alert rules at every bucket it passes, and the screen should show
        // its progress between polls rather than after the whole backlog.
        if follow { options.pollBudgetBytes = 1 << 20 }
        follower = try LogFollower(patterns: predictions + labels, options: options)
        self.format = format
        self.mapping = mapping
    }

    /// Globs that matched nothing (and plain paths that vanished) at the last look.
    public var unmatchedPatterns: [String] { follower.unmatchedPatterns }

    /// Globs whose every match cannot be read, with the first match's problem
    /// (``LogFollower/unreadablePatterns``).
    public var unreadablePatterns: [(pattern: String, problem: String)] { follower.unreadablePatterns }

    /// `unreadablePatterns` as the sentences said on screen and on stderr.
    public var unreadablePatternNotices: [String] {
        unreadablePatterns.map { "nothing '\($0.pattern)' matches can be read: \($0.problem)" }
    }

    /// True when every source has been read to its end and none can grow, and every record
    /// handed out.
    public var isFinished: Bool { follower.isFinished && merge.isEmpty }

    /// Reads what is available now, calling `body` with each decoded record (valid only during
    /// the call). Returns the bytes consumed; 0 means nothing new.
    ///
    /// With two sources or more, records come out in event time (``EventTimeMerge``): a record
    /// with a time once every open source has been read past it, or when a poll finds nothing
    /// new (then all that is held, so a source that stopped early holds nothing back for
    /// long). A record without a time comes out as it is read.
    public func poll(_ body: (borrowing Record) -> Void) -> Int {
        pollSwapping { body($0) }
    }

    /// Like ``poll(_:)``, but hands over the reader's own record: `body` may swap it with
    /// another (a record of a batch going to another thread), and the next line is decoded into
    /// what it leaves. A record that held a row of the same header is the cheapest to leave:
    /// its feature names are already in place.
    public func pollSwapping(_ body: (inout Record) -> Void) -> Int {
        let consumed = follower.poll(position: { [unowned self] source in
            // Called before each slice is read: files found since are known by now.
            unannounced = follower.hasUnannouncedSources
            return source.rawValue < eventTimes.count ? eventTimes[source.rawValue] : .nan
        }) { event in
            switch event {
            case let .line(source, lineNumber, bytes):
                decodeLine(bytes, source: source, lineNumber: lineNumber, body)
            case let .lineTooLong(source, lineNumber, byteCount):
                let index = tallyIndex(for: source)
                tally.countMalformed(
                    .lineTooLong, detail: "\(byteCount) bytes, more than the limit",
                    source: index, lineNumber: lineNumber, line: UnsafeRawBufferPointer(start: nil, count: 0))
            case let .fileStarted(source, path, _):
                _ = tallyIndex(for: source, path: path)
                grow(to: source.rawValue)
                if decoders[source.rawValue] == nil {
                    decoders[source.rawValue] = RecordDecoder(format: format ?? .inferred(fromPath: path), mapping: mapping)
                }
                decoders[source.rawValue]!.restartFile()
                if !openSources.contains(source.rawValue) { openSources.append(source.rawValue) }
                unannounced = follower.hasUnannouncedSources
                readThroughSeconds = readThrough()
            case let .fileEnded(source, _):
                grow(to: source.rawValue)
                decoders[source.rawValue] = nil
                openSources.removeAll { $0 == source.rawValue }
                readThroughSeconds = readThrough()
            }
        }
        if consumed > 0 { tally.update(from: follower.sources) }
        if consumed == 0, !merge.isEmpty { merge.releaseAll(body) }
        return consumed
    }

    /// The descriptor that ends a wait for activity from another thread (``LogFollower/wake()``).
    public var wakeDescriptor: Int32 { follower.wakeDescriptor }

    /// Blocks until something may have changed or `timeoutSeconds` pass (inotify, else a short
    /// sleep).
    public func waitForActivity(timeoutSeconds: Double) {
        follower.waitForActivity(timeoutSeconds: timeoutSeconds)
    }

    /// Reads everything the sources hold now (standard input to its end), calling `body` for
    /// each record.
    public func readToEnd(_ body: (borrowing Record) -> Void = { _ in }) {
        while true {
            if poll(body) == 0 {
                if isFinished { return }
                waitForActivity(timeoutSeconds: 0.25)
            }
        }
    }

    /// Follows the sources until nothing new has arrived for `idleExitSeconds` (monotonic wall
    /// time), calling `body` for each record.
    public func follow(idleExitSeconds: Double, _ body: (borrowing Record) -> Void = { _ in }) {
        var lastActivity = Self.monotonicSeconds()
        while true {
            if poll(body) > 0 {
                lastActivity = Self.monotonicSeconds()
                continue
            }
            if isFinished { return }
            let idle = Self.monotonicSeconds() - lastActivity
            if idle >= idleExitSeconds { return }
            waitForActivity(timeoutSeconds: min(0.25, idleExitSeconds - idle))
        }
    }

    private func decodeLine(
        _ bytes: UnsafeRawBufferPointer, source: SourceID, lineNumber: Int,
        _ body: (inout Record) -> Void
    ) {
        let index = tallyIndex(for: source)
        guard source.rawValue < decoders.count, decoders[source.rawValue] != nil else { return }
        switch decoders[source.rawValue]!.decode(bytes, into: &record) {
        case .record:
            tally.countRecord(record.kind, source: index)
            if let time = record.timestampSeconds, time.isFinite, time != eventTimes[source.rawValue] {
                eventTimes[source.rawValue] = time
                readThroughSeconds = readThrough()
            }
            if let time = record.timestampSeconds, time.isFinite,
               openSources.count > 1 || !merge.isEmpty || unannounced,
               !(time <= readThroughSeconds && merge.precedesEverythingHeld(time: time, isLabel: record.kind == .label)) {
                merge.hold(&record, time: time)
                merge.release(through: readThroughSeconds, body)
            } else {
                // Nothing to wait for: every source is read past it and nothing held comes first.
                body(&record)
            }
        case .header, .blank:
            break
        case let .malformed(reason, detail):
            tally.countMalformed(reason, detail: detail, source: index, lineNumber: lineNumber, line: bytes)
        }
    }

    private func readThrough() -> Double {
        // A source not read yet may hold anything.
        if unannounced { return -.infinity }
        var through = Double.infinity
        for source in openSources {
            let time = eventTimes[source]
            through = Swift.min(through, time.isNaN ? -.infinity : time)
        }
        return through
    }

    private func tallyIndex(for source: SourceID, path: String? = nil) -> Int {
        if source.rawValue < tallyIndices.count, let index = tallyIndices[source.rawValue] { return index }
        let path = path ?? follower.sources.first { $0.id == source }?.path ?? "\(source)"
        let index = tally.sourceIndex(path: path, id: source.rawValue)
        grow(to: source.rawValue)
        tallyIndices[source.rawValue] = index
        return index
    }

    private func grow(to rawValue: Int) {
        while decoders.count <= rawValue { decoders.append(nil) }
        while tallyIndices.count <= rawValue { tallyIndices.append(nil) }
        while eventTimes.count <= rawValue { eventTimes.append(.nan) }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
