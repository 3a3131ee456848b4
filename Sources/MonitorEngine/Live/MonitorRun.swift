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
    /// Labels count in a chunk only when their prediction is in the same chunk, since each
    /// chunk is its own run. Without a reference file, chunks start once the stream has filled
    /// the reference.
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
    ///   - wallClock: seconds since the epoch, for arrival times and freshness.
    /// - Throws: ``ReferenceError`` when the reference file cannot be used.
    public static func run(
        config: MonitorConfig, reader: InputReader, idleExitSeconds: Double? = nil, chunkSize: Int? = nil,
        window: WindowLength = .all, historyBuckets: Int = MonitorState.historyBuckets, wallClock: () -> Double
    ) throws(ReferenceError) -> Outcome {
        var chunkConfig = config
        chunkConfig.window = .all
        var config = config
        config.window = window
        let reference = try config.reference.map { path throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
        var state = MonitorState(config: config, reference: reference, historyBuckets: historyBuckets)
        var chunks: [Chunk] = []
        var chunkState: MonitorState?
        var chunkFirst = 0
        var chunkRecords = 0
        var predictions = 0
        let size = chunkSize.map { max(1, $0) }
        var now = wallClock()
        var lastActivity = InputReader.monotonicSeconds()
        while true {
            now = wallClock()
            let consumed = reader.poll { record in
                state.ingest(record, arrivalSeconds: now, readThroughSeconds: reader.readThroughSeconds)
                guard let size, let ready = state.reference else { return }
                if chunkState == nil {
                    chunkState = MonitorState(config: chunkConfig, reference: ready, historyBuckets: 1)
                    chunkFirst = predictions
                    chunkRecords = 0
                }
                chunkState!.ingest(record, arrivalSeconds: now, readThroughSeconds: reader.readThroughSeconds)
                if record.kind == .prediction {
                    predictions += 1
                    chunkRecords += 1
                    if chunkRecords == size {
                        chunks.append(Chunk(firstRecord: chunkFirst, records: chunkRecords, snapshot: chunkState!.snapshot(nowSeconds: now)))
                        chunkState = nil
                    }
                }
            }
            if consumed > 0 {
                lastActivity = InputReader.monotonicSeconds()
                continue
            }
            if reader.isFinished { break }
            guard let idleExitSeconds else {
                reader.waitForActivity(timeoutSeconds: 0.25)
                continue
            }
            let idle = InputReader.monotonicSeconds() - lastActivity
            if idle >= idleExitSeconds { break }
            reader.waitForActivity(timeoutSeconds: min(0.25, idleExitSeconds - idle))
        }
        now = wallClock()
        if let partial = chunkState, chunkRecords > 0 {
            chunks.append(Chunk(firstRecord: chunkFirst, records: chunkRecords, snapshot: partial.snapshot(nowSeconds: now)))
        }
        return Outcome(snapshot: state.snapshot(nowSeconds: now, input: reader.tally), chunks: chunks, state: state)
    }
}
