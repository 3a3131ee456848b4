import Foundation

/// The engine without a screen, for `report`: reads the inputs to their end (or follows them
/// until they go quiet) with the window set to "all" (or the span a report asks for: the last
/// part of the stream by event time), and returns the final snapshot, and
/// optionally one snapshot per chunk of N prediction records (`--chunk-size`).
public enum MonitorRun {
    /// One chunk of `--chunk-size` prediction records, with its own snapshot over only its
    /// records (window "all").
    public struct Chunk: Sendable {
        /// 0-based index of the chunk's first prediction record in the stream.
        public var firstRecord: Int
        /// Prediction records in the chunk (shadow lines included): `chunkSize`, fewer for the last.
        public var records: Int
        /// Its snapshot: `window.fromSeconds`/`toSeconds` are the chunk's first and newest
        /// event times.
        public var snapshot: Snapshot
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// The whole input, window "all".
        public var snapshot: Snapshot
        /// Empty without a chunk size.
        public var chunks: [Chunk]
        /// The final state, for callers that want more than the snapshot.
        public var state: MonitorState
    }

    /// Loads the configured reference (if any) and runs the engine over `reader`.
    ///
    /// A label counts in the chunk of its prediction, wherever and whenever it comes within the
    /// join's bounds. Without a reference file, chunks start once the stream has filled the
    /// reference.
    ///
    /// - Parameters:
    ///   - idleExitSeconds: follow the sources until nothing new arrives for this long; `nil`
    ///     reads what they hold and stops.
    ///   - chunkSize: prediction records per chunk; `nil` for no chunks.
    ///   - window: the final snapshot's window, whatever the configuration says; chunks always
    ///     sum all of their records.
    ///   - historyBuckets: buckets kept beyond the window (``MonitorState/init(config:reference:historyBuckets:)``):
    ///     a caller that only reads the final snapshot over the whole input needs 1; one that
    ///     narrows the window afterwards needs the buckets of that window.
    ///   - keepsHistory: keep the buckets that leave the ring (``BucketHistory``), for a window
    ///     of the past at the time cursor (`report --at`: set it on the outcome's state).
    ///   - wallClock: seconds since the epoch, for arrival times and freshness.
    ///   - bucketHook: called with the window as it stands when each bucket of event time ends
    ///     (as ``LiveEngine`` does; the last bucket when the input ends), with the bucket's end:
    ///     where the alert rules are judged, so that a report fires what a replay would have.
    ///     The snapshot holds only what the rules read (``MonitorState/snapshot(nowSeconds:input:series:segments:atCursor:forRules:)``).
    ///   - threads: 2 reads, decodes and prepares the records (``RecordPreparer``) on a thread
    ///     of its own when reading to the end; 1 does everything on the calling thread, as
    ///     following does. The outcome is the same, but for what the wall clock decides: a
    ///     record without `ts` takes the arrival time of its batch (2) or poll (1).
    /// - Throws: ``ReferenceError`` when the reference file cannot be used.
    public static func run(
        config: MonitorConfig, reader: InputReader, idleExitSeconds: Double? = nil, chunkSize: Int? = nil,
        window: WindowLength = .all, historyBuckets: Int = MonitorState.historyBuckets, keepsHistory: Bool = false,
        threads: Int = 2, wallClock: () -> Double, bucketHook: ((Snapshot, Double) -> Void)? = nil
    ) throws(ReferenceError) -> Outcome {
        var chunkConfig = config
        chunkConfig.window = .all
        chunkConfig.chunkRecords = chunkSize.map { max(1, $0) }
        var config = config
        config.window = window
        let load = { () throws(ReferenceError) -> Run in
            let reference = try config.reference.map { path throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
            return Run(
                state: MonitorState(config: config, reference: reference, historyBuckets: historyBuckets, keepsHistory: keepsHistory),
                chunkConfig: chunkConfig, chunkSize: chunkSize.map { max(1, $0) }, bucketHook: bucketHook)
        }
        if idleExitSeconds == nil, threads > 1 {
            return try readAlongside(reader: reader, load: load, wallClock: wallClock)
        }
        let idleExitSeconds = idleExitSeconds ?? .infinity
        var run = try load()
        var lastActivity = InputReader.monotonicSeconds()
        while true {
            let now = wallClock()
            let consumed = reader.poll { record in
                run.ingest(record, arrivalSeconds: now, readThroughSeconds: reader.readThroughSeconds)
            }
            if consumed > 0 {
                lastActivity = InputReader.monotonicSeconds()
                continue
            }
            if reader.isFinished { break }
            let idle = InputReader.monotonicSeconds() - lastActivity
            if idle >= idleExitSeconds { break }
            reader.waitForActivity(timeoutSeconds: min(0.25, idleExitSeconds - idle))
        }
        return run.outcome(nowSeconds: wallClock(), input: reader.tally)
    }

    /// Reads and decodes on a thread of its own while this one loads the reference and counts:
    /// decoding is a third of a report's work, so on two cores the report takes about the
    /// time of the counting alone. Once the reference is loaded, the reader also prepares each
    /// batch (``RecordPreparer``: the features read and placed, the PCA error, the regression
    /// losses, the multiclass scores read and calibrated, the score's and outputs' places, the
    /// known segment slots) unless the counter is waiting for one, in which case the counter
    /// works those values out itself as it counts: whichever thread has time does that work. The records
    /// arrive in the order they were read and preparing is a function of the record and the
    /// reference, so the result is that of reading and counting on one thread.
    private static func readAlongside(
        reader: InputReader, load: () throws(ReferenceError) -> Run, wallClock: () -> Double
    ) throws(ReferenceError) -> Outcome {
        let pipe = RecordPipe(batches: 8, size: 256)
        let source = SendableReader(reader: reader)
        // Set once the reference is loaded: from then on the reader also prepares each batch.
        let preparerSlot = LockedValue<RecordPreparer?>(nil)
        let thread = Thread {
            defer { pipe.finish() }
            let reader = source.reader
            guard let first = pipe.takeEmpty() else { return }
            // The loop's state through a pointer: the variables the closures below would capture
            // instead are boxed, and each of the three reads and writes a record makes of them
            // was checked for exclusive access at run time.
            var loop = ReaderLoop(batch: first)
            withUnsafeMutablePointer(to: &loop) { loop in
                func send() {
                    if loop.pointee.preparer == nil { loop.pointee.preparer = preparerSlot.withLock { $0 } }
                    // Left to the counter when it waits: whichever thread has time prepares.
                    if loop.pointee.preparer != nil, !pipe.counterIsIdle {
                        loop.pointee.batch.prepare(with: &loop.pointee.preparer!)
                    }
                    pipe.send(loop.pointee.batch)
                }
                while !loop.pointee.stopped {
                    let consumed = reader.pollSwapping { record in
                        guard !loop.pointee.stopped else { return }
                        loop.pointee.batch.take(&record, readThroughSeconds: reader.readThroughSeconds)
                        guard loop.pointee.batch.isFull else { return }
                        send()
                        if let next = pipe.takeEmpty() { loop.pointee.batch = next } else { loop.pointee.stopped = true }
                    }
                    if consumed == 0 {
                        if reader.isFinished { break }
                        reader.waitForActivity(timeoutSeconds: 0.25)
                    }
                }
                if !loop.pointee.stopped, loop.pointee.batch.count > 0 { send() }
            }
        }
        thread.name = "modeltop reader"
        thread.start()
        var run: Run
        do {
            run = try load()
        } catch {
            pipe.cancel()
            while let batch = pipe.takeFull() { pipe.recycle(batch) }
            throw error
        }
        // The counter prepares what the reader left to it, a batch at a time as the reader does.
        // Both preparers are made once there is a reference: loaded, or built from the stream's
        // first records (then from the batch after the one that completed it).
        var counterPreparer: RecordPreparer?
        while var batch = pipe.takeFull() {
            if counterPreparer == nil, let reference = run.state.reference {
                preparerSlot.withLock { $0 = RecordPreparer(reference: reference, config: run.state.config) }
                counterPreparer = RecordPreparer(reference: reference, config: run.state.config)
            }
            let now = wallClock()
            if !batch.isPrepared, counterPreparer != nil { batch.prepare(with: &counterPreparer!) }
            // Each record is counted where it lies, through an exclusive access to the batch's
            // buffers: neither copied (its strings and arrays retained and released, as a read
            // through a shared access is) nor moved out and back (two large copies).
            let count = batch.count
            batch.records.withUnsafeMutableBufferPointer { records in
                batch.prepared.withUnsafeMutableBufferPointer { prepared in
                    batch.readThroughSeconds.withUnsafeBufferPointer { readThrough in
                        for index in 0..<count {
                            run.ingest(inPlace: &records[index], prepared: &prepared[index], arrivalSeconds: now,
                                       readThroughSeconds: readThrough[index])
                        }
                    }
                }
            }
            pipe.recycle(batch)
        }
        // `takeFull` answers nil only after the reader's last use of `reader`.
        return run.outcome(nowSeconds: wallClock(), input: reader.tally)
    }

    /// What the reading thread keeps between records: the batch it fills, its preparer once the
    /// reference is known, and whether the counter has cancelled.
    private struct ReaderLoop {
        var batch: RecordPipe.Batch
        var preparer: RecordPreparer?
        var stopped = false
    }

    /// The reader, handed to the reading thread; this thread touches it again only after that
    /// thread has finished with it.
    private final class SendableReader: @unchecked Sendable {
        let reader: InputReader
        init(reader: InputReader) { self.reader = reader }
    }

    /// The state of a run and of its chunks.
    ///
    /// Each chunk counts its own predictions in a state of its own; labels are matched by the
    /// whole run's join and handed to the chunk that holds their prediction, so a label counts
    /// in its prediction's chunk whatever its own time, or lack of one, and whichever file it
    /// came from. A full chunk stays open for labels while the run's join still holds any of
    /// its unlabelled predictions (at most ``maximumOpenChunks``; beyond, the oldest is
    /// closed, and labels for it count in the whole input only).
    struct Run {
        var state: MonitorState
        let chunkConfig: MonitorConfig
        let chunkSize: Int?
        var chunks: [Chunk] = []
        /// The chunk filling now.
        var current: OpenChunk?
        /// Full chunks still waiting for labels, oldest first.
        var waiting: [OpenChunk] = []
        var predictions = 0
        let bucketHook: ((Snapshot, Double) -> Void)?
        /// Whether the bucket hook's snapshots carry the segment slices (its rules name segments).
        let bucketSegments: Bool

        static var maximumOpenChunks: Int { 64 }

        struct OpenChunk {
            var state: MonitorState
            var firstRecord: Int
            var records = 0
            /// The run's `predictionsJoined` when the chunk filled: once the run's join has let
            /// go of that many, it holds none of the chunk's predictions.
            var joinedThrough = 0
            var closedAtSeconds = 0.0

            func finished(records count: Int, nowSeconds: Double) -> Chunk {
                var state = state
                state.settleHeldRecord()
                return Chunk(firstRecord: firstRecord, records: count, snapshot: state.snapshot(nowSeconds: nowSeconds))
            }
        }

        init(state: MonitorState, chunkConfig: MonitorConfig, chunkSize: Int?, bucketHook: ((Snapshot, Double) -> Void)?) {
            self.state = state
            self.bucketHook = bucketHook
            let rules = state.config.alerts
            bucketSegments = rules.contains { $0.scope.needsSegments }
            var chunkConfig = chunkConfig
            // A chunk's join holds its own predictions until the chunk closes; the run's join
            // decides what matches.
            chunkConfig.labelHorizon = .unbounded
            self.chunkConfig = chunkConfig
            self.chunkSize = chunkSize
        }

        mutating func ingest(_ record: borrowing Record, arrivalSeconds now: Double, readThroughSeconds: Double) {
            var prepared = PreparedRecord()
            ingest(record, prepared: &prepared, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
        }

        /// ``ingest(_:prepared:arrivalSeconds:readThroughSeconds:)`` of a record the caller holds
        /// exclusively (it is not changed).
        mutating func ingest(
            inPlace record: inout Record, prepared: inout PreparedRecord, arrivalSeconds now: Double, readThroughSeconds: Double
        ) {
            ingest(record, prepared: &prepared, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
        }

        mutating func ingest(
            _ record: borrowing Record, prepared: inout PreparedRecord, arrivalSeconds now: Double, readThroughSeconds: Double
        ) {
            if let bucketHook, let end = state.bucketEnd(closedBy: record, arrivalSeconds: now) {
                bucketHook(state.bucketEndSnapshot(closedBy: record, arrivalSeconds: now, nowSeconds: now, segments: bucketSegments), end)
            }
            // The chunk counts the prediction with what was prepared of it too: a copy, whose
            // arrays the two states share until either writes to them (the same values, worked
            // out once instead of twice).
            guard let size = chunkSize else {
                state.ingest(record, prepared: &prepared, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
                return
            }
            let chunkPrepared = record.kind == .prediction ? prepared : nil
            state.ingest(record, prepared: &prepared, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
            guard let ready = state.reference else { return }
            // Another model's prediction (`only_model`) counts in no chunk, as in the whole run.
            if MonitorConfig.leavesOut(record, onlyModel: state.config.onlyModel) { return }
            let event = state.lastJoin
            switch record.kind {
            case .prediction:
                if current == nil {
                    current = OpenChunk(
                        state: MonitorState(config: chunkConfig, reference: ready, historyBuckets: 1), firstRecord: predictions)
                }
                var taken = chunkPrepared ?? PreparedRecord()
                switch event {
                case .predictionHeld:
                    current!.state.ingest(record, prepared: &taken, arrivalSeconds: now)
                case let .predictionMatched(label):
                    current!.state.ingest(record, prepared: &taken, arrivalSeconds: now)
                    if let id = record.id { current!.state.creditLabel(id: id, label, timestampSeconds: nil) }
                default:
                    // Not held by the run's join (a duplicate, no id): no label reaches it here either.
                    current!.state.ingest(record, prepared: &taken, arrivalSeconds: now, joins: false)
                }
                predictions += 1
                current!.records += 1
                if current!.records == size, var full = current {
                    current = nil
                    full.joinedThrough = state.predictionsJoined
                    full.closedAtSeconds = now
                    waiting.append(full)
                }
            case .label:
                guard case let .labelMatched(label, versions) = event, let id = record.id else { break }
                // Newest first: a label usually follows its prediction closely.
                var left = versions
                if current != nil { left -= current!.state.creditLabel(id: id, label, timestampSeconds: record.timestampSeconds) }
                var index = waiting.count - 1
                while left > 0, index >= 0 {
                    left -= waiting[index].state.creditLabel(id: id, label, timestampSeconds: record.timestampSeconds)
                    index -= 1
                }
            }
            closeChunks()
        }

        /// Closes the waiting chunks that no label can reach any more, in order.
        private mutating func closeChunks() {
            while let oldest = waiting.first,
                  oldest.state.pendingPredictions == 0 || state.predictionsLetGo >= oldest.joinedThrough
                      || waiting.count > Self.maximumOpenChunks {
                chunks.append(oldest.finished(records: oldest.records, nowSeconds: oldest.closedAtSeconds))
                waiting.removeFirst()
            }
        }

        func outcome(nowSeconds now: Double, input: InputTally) -> Outcome {
            var state = state
            state.settleHeldRecord()
            // The input has ended: its last bucket is complete.
            if let bucketHook, let end = state.newestBucketEndSeconds {
                bucketHook(state.snapshot(nowSeconds: now, input: input, series: false, segments: bucketSegments, atCursor: false, forRules: true), end)
            }
            var chunks = chunks
            for chunk in waiting { chunks.append(chunk.finished(records: chunk.records, nowSeconds: now)) }
            if let partial = current, partial.records > 0 {
                chunks.append(partial.finished(records: partial.records, nowSeconds: now))
            }
            return Outcome(snapshot: state.snapshot(nowSeconds: now, input: input), chunks: chunks, state: state)
        }
    }
}
