import Foundation

/// The engine on its own thread, for the dashboard (architecture.md "Threads and time"): reads
/// the sources, updates a ``MonitorState``, and publishes a snapshot 4 times a second (and on
/// ``EngineCommand/refresh``) into a slot the UI reads with ``latestSnapshot()``. It never
/// waits for the UI. When a bucket of event time ends (the first record of a newer one is
/// read), the optional `bucketHook` gets the window as it stood then (what the rules read of
/// it), with the bucket's end: the alert rules are judged there, so a log read at once and a log read as it grows reach
/// the same transitions at the same event times.
///
/// Commands: `setWindow` and `refresh` are handled here; `acknowledge`, `silence` and `undo`
/// go to the injected `commandHandler` (the alert system's), on the engine thread. The injected
/// `snapshotHook` runs on every snapshot before it is published (the alert system fills
/// `alerts` there). While the sources still hold what they had at start, `catchUp` reports
/// bytes read against their total size.
public final class LiveEngine: @unchecked Sendable {
    private let lock = NSLock()
    private var latest: Snapshot?
    private var commands: [EngineCommand] = []
    private var stopRequested = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    // Touched only on the engine thread once started.
    private var state: MonitorState
    private let reader: InputReader
    /// Ends the engine thread's wait for the files: a scrape must not wait for the next poll.
    private let wakeDescriptor: Int32
    private let wallClock: @Sendable () -> Double
    private let snapshotHook: @Sendable (inout Snapshot) -> Void
    private let bucketHook: (@Sendable (inout Snapshot, Double) -> Void)?
    /// Whether the bucket hook's snapshots carry the segment slices (its rules name segments).
    private let bucketSegments: Bool
    private let commandHandler: @Sendable (EngineCommand) -> Void
    private let publishInterval: Double
    private var catchUpTotal: Int?
    private var caughtUp = false

    /// An engine over `reader` (which it owns from now on), loading the configured reference.
    ///
    /// - Parameters:
    ///   - wallClock: seconds since the epoch (injected, for tests).
    ///   - publishInterval: seconds between snapshots (default 0.25: 4 a second).
    /// - Throws: ``ReferenceError`` when the reference file cannot be used.
    public init(
        config: MonitorConfig, reader: InputReader,
        wallClock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
        publishInterval: Double = 0.25,
        snapshotHook: @escaping @Sendable (inout Snapshot) -> Void = { _ in },
        bucketHook: (@Sendable (inout Snapshot, Double) -> Void)? = nil,
        commandHandler: @escaping @Sendable (EngineCommand) -> Void = { _ in }
    ) throws(ReferenceError) {
        let reference = try config.reference.map { path throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
        state = MonitorState(config: config, reference: reference, keepsHistory: true)
        self.reader = reader
        wakeDescriptor = reader.wakeDescriptor
        self.wallClock = wallClock
        self.publishInterval = publishInterval
        self.snapshotHook = snapshotHook
        self.bucketHook = bucketHook
        bucketSegments = config.alerts.contains { $0.scope.needsSegments }
        self.commandHandler = commandHandler
    }

    /// Starts the engine thread.
    public func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "modeltop engine"
        lock.withLock { self.thread = thread }
        thread.start()
    }

    /// The newest published snapshot; `nil` before the first.
    public func latestSnapshot() -> Snapshot? { lock.withLock { latest } }

    private var totalsWanted = false
    private var totals: (generation: Int, value: RunningTotals?, input: InputTally) = (0, nil, InputTally())

    /// Asks the engine thread for the counts since start (``RunningTotals``); it builds them
    /// at its next turn, within a wait for activity (a quarter of a second). Returns the
    /// generation the answer will be newer than: poll ``runningTotals()`` until it is.
    public func requestRunningTotals() -> Int {
        let generation = lock.withLock {
            totalsWanted = true
            return totals.generation
        }
        LogFollower.wake(wakeDescriptor)
        return generation
    }

    /// The counts since start last built on request, with the input's tally then and their
    /// generation (0 before the first).
    public func runningTotals() -> (generation: Int, totals: RunningTotals?, input: InputTally) {
        lock.withLock { (totals.generation, totals.value, totals.input) }
    }

    /// When the running totals were last built (wall clock).
    private var totalsBuiltAt = -Double.infinity

    /// Builds the running totals when asked: one sum of the held buckets, on the engine thread,
    /// at most once a second however often scrapes come (a second scraper, a loop of `curl`);
    /// sooner, the last ones answer.
    private func answerTotalsRequest(now: Double) {
        guard lock.withLock({ totalsWanted }) else { return }
        guard now - totalsBuiltAt >= 1 || now < totalsBuiltAt else {
            lock.withLock {
                totals.generation += 1
                totalsWanted = false
            }
            return
        }
        totalsBuiltAt = now
        let value = state.runningTotals()
        let input = reader.tally
        lock.withLock {
            totals = (totals.generation + 1, value, input)
            totalsWanted = false
        }
    }

    private var latestLive: Snapshot?

    /// The newest published snapshot of the live window, whatever the time cursor shows: what
    /// the metrics exposition's gauges (drift, alerts) read.
    public func latestLiveSnapshot() -> Snapshot? { lock.withLock { latestLive } }

    /// Queues a command; its effect shows in the next snapshot.
    public func send(_ command: EngineCommand) {
        lock.withLock { commands.append(command) }
    }

    /// Stops the engine thread and waits for it to end (at most one wait for activity).
    public func stop() {
        let running = lock.withLock { () -> Bool in
            stopRequested = true
            return thread != nil
        }
        if running {
            finished.wait()
            lock.withLock { thread = nil }
        }
    }

    /// One turn of the loop, for tests that drive the engine without its thread: handles
    /// queued commands, reads what is available, and publishes when due (or when `force`).
    /// Returns the bytes read.
    @discardableResult
    public func step(force: Bool = false) -> Int {
        var publishNow = force
        let pending = lock.withLock { () -> [EngineCommand] in
            defer { commands.removeAll() }
            return commands
        }
        for command in pending {
            switch command {
            case .setWindow(let seconds):
                state.setWindow(seconds: seconds)
                publishNow = true
            case .refresh:
                publishNow = true
            case .reloadDrift(let drift):
                state.reloadDrift(drift)
                publishNow = true
            case .moveCursor(let move):
                state.moveCursor(move)
                publishNow = true
            case .setCursor(let seconds):
                state.setCursor(seconds: seconds)
                publishNow = true
            case .acknowledge, .silence, .undo:
                commandHandler(command)
                publishNow = true
            }
        }
        let now = wallClock()
        var delivered = 0
        let consumed = reader.poll { record in
            delivered += 1
            if bucketHook != nil, let end = state.bucketEnd(closedBy: record, arrivalSeconds: now), end > lastClosedEnd {
                closeBucket(at: end, now: now)
            }
            state.ingest(record, arrivalSeconds: now, readThroughSeconds: reader.readThroughSeconds)
        }
        if catchUpTotal == nil { catchUpTotal = Self.totalSize(of: reader.tally) }
        // Records held to be put in event-time order come out when a poll finds nothing new:
        // the old content is read once a poll delivers nothing either.
        if consumed == 0, delivered == 0 { caughtUp = true }
        // A quiet stream's newest bucket is complete once the wall clock is a bucket past its
        // end: a replay judges its last bucket when it has caught up, a live stream that stops
        // a bucket later, both with the same records in it.
        if bucketHook != nil, caughtUp, let end = state.newestBucketEndSeconds, end > lastClosedEnd,
           now >= end + state.bucketSeconds {
            closeBucket(at: end, now: now)
        }
        if consumed > 0 || delivered > 0 || publishNow { changed = true }
        if publishNow || lastPublished.map({ now - $0 >= publishInterval }) ?? true {
            publish(now: now)
        }
        answerTotalsRequest(now: now)
        return consumed
    }

    private var lastPublished: Double?
    /// The end of the last bucket handed to the bucket hook.
    private var lastClosedEnd = -Double.infinity
    /// The last snapshot built from the counts, before the hook ran.
    private var lastBuilt: Snapshot?
    /// Whether records or commands arrived since `lastBuilt`.
    private var changed = true

    /// Hands the bucket hook the window as it stands when a bucket ends (event time `end`):
    /// before the record that opens the next one is counted.
    private func closeBucket(at end: Double, now: Double) {
        lastClosedEnd = end
        var snapshot = state.snapshot(nowSeconds: now, input: reader.tally, series: false, segments: bucketSegments, atCursor: false, forRules: true)
        if !caughtUp {
            snapshot.catchUp = CatchUpProgress(bytesRead: reader.tally.bytes, bytesTotal: max(catchUpTotal ?? 0, reader.tally.bytes))
        }
        bucketHook?(&snapshot, end)
    }

    private func publish(now: Double) {
        var snapshot: Snapshot
        if !changed, let previous = lastBuilt {
            // Nothing arrived: the counts are the same, only the clock moved. Re-dating the
            // last snapshot keeps a quiet stream's freshness live at no measurable cost.
            snapshot = previous
            snapshot.builtAtSeconds = now
            snapshot.freshness.secondsSinceLastRecord = previous.freshness.secondsSinceLastRecord
                .map { $0 + (now - previous.builtAtSeconds) }
            snapshot.freshness.eventLagSeconds = previous.freshness.newestEventSeconds.map { now - $0 }
            if caughtUp { snapshot.catchUp = nil }
        } else {
            snapshot = state.snapshot(nowSeconds: now, input: reader.tally)
            snapshot.notices += reader.unreadablePatternNotices
            if !caughtUp, let total = catchUpTotal, total > 0 {
                // Files still being written (a demo's, a busy log) grow while they are caught up
                // on: the total is measured again, and is never below what was read.
                let grown = max(total, Self.totalSize(of: reader.tally), reader.tally.bytes)
                catchUpTotal = grown
                snapshot.catchUp = CatchUpProgress(bytesRead: reader.tally.bytes, bytesTotal: grown)
            }
        }
        lastBuilt = snapshot
        changed = false
        if snapshot.history?.isLive == false {
            // The screen shows the past; the alert system watches the stream: its rules are
            // judged on the live window, and its alerts and notices shown over the past one.
            var live = state.snapshot(nowSeconds: now, input: reader.tally, series: false, atCursor: false)
            live.notices = snapshot.notices
            snapshotHook(&live)
            snapshot.alerts = live.alerts
            snapshot.alertStoreError = live.alertStoreError
            snapshot.alertDeliveryProblem = live.alertDeliveryProblem
            snapshot.notices = live.notices
            lock.withLock { latestLive = live }
        } else {
            snapshotHook(&snapshot)
            lock.withLock { latestLive = snapshot }
        }
        lastPublished = now
        lock.withLock { latest = snapshot }
    }

    private func run() {
        while !lock.withLock({ stopRequested }) {
            let consumed = step()
            if consumed == 0 {
                let hasCommands = lock.withLock { !commands.isEmpty || totalsWanted }
                if !hasCommands { reader.waitForActivity(timeoutSeconds: min(publishInterval, 0.25)) }
            }
        }
    }

    /// The sizes of the files read so far, taken once at start: what catching up means.
    static func totalSize(of tally: InputTally) -> Int {
        var total = 0
        for source in tally.sources {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: source.path),
               let size = attributes[.size] as? NSNumber {
                total += size.intValue
            }
        }
        return total
    }
}
