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
        let load = { () throws(ReferenceError) -> Run in
            let reference = try config.reference.map { path throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
            return Run(
                state: MonitorState(config: config, reference: reference, historyBuckets: historyBuckets),
                chunkConfig: chunkConfig, chunkSize: chunkSize.map { max(1, $0) })
        }
        guard let idleExitSeconds else {
            return try readAlongside(reader: reader, load: load, wallClock: wallClock)
        }
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
    /// time of the counting alone. The records arrive in the order they were read, so the
    /// result is that of reading and counting on one thread.
    private static func readAlongside(
        reader: InputReader, load: () throws(ReferenceError) -> Run, wallClock: () -> Double
    ) throws(ReferenceError) -> Outcome {
        let pipe = RecordPipe(batches: 8, size: 256)
        let source = SendableReader(reader: reader)
        let thread = Thread {
            defer { pipe.finish() }
            let reader = source.reader
            guard var batch = pipe.takeEmpty() else { return }
            var stopped = false
            while !stopped {
                let consumed = reader.pollSwapping { record in
                    guard !stopped else { return }
                    batch.take(&record, readThroughSeconds: reader.readThroughSeconds)
                    guard batch.isFull else { return }
                    pipe.send(batch)
                    if let next = pipe.takeEmpty() { batch = next } else { stopped = true }
                }
                if consumed == 0 {
                    if reader.isFinished { break }
                    reader.waitForActivity(timeoutSeconds: 0.25)
                }
            }
            if !stopped, batch.count > 0 { pipe.send(batch) }
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
        // Each record is moved out of its batch and back: read in place, a record would be
        // copied (its strings and arrays retained and released) on every pass.
        var current = Record()
        while var batch = pipe.takeFull() {
            let now = wallClock()
            for index in 0..<batch.count {
                swap(&current, &batch.records[index])
                run.ingest(current, arrivalSeconds: now, readThroughSeconds: batch.readThroughSeconds[index])
                swap(&current, &batch.records[index])
            }
            pipe.recycle(batch)
        }
        // `takeFull` answers nil only after the reader's last use of `reader`.
        return run.outcome(nowSeconds: wallClock(), input: reader.tally)
    }

    /// The reader, handed to the reading thread; this thread touches it again only after that
    /// thread has finished with it.
    private final class SendableReader: @unchecked Sendable {
        let reader: InputReader
        init(reader: InputReader) { self.reader = reader }
    }

    /// The state of a run and of its chunks.
    struct Run {
        var state: MonitorState
        let chunkConfig: MonitorConfig
        let chunkSize: Int?
        var chunks: [Chunk] = []
        var chunkState: MonitorState?
        var chunkFirst = 0
        var chunkRecords = 0
        var predictions = 0

        mutating func ingest(_ record: borrowing Record, arrivalSeconds now: Double, readThroughSeconds: Double) {
            state.ingest(record, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
            guard let size = chunkSize, let ready = state.reference else { return }
            if chunkState == nil {
                chunkState = MonitorState(config: chunkConfig, reference: ready, historyBuckets: 1)
                chunkFirst = predictions
                chunkRecords = 0
            }
            chunkState!.ingest(record, arrivalSeconds: now, readThroughSeconds: readThroughSeconds)
            if record.kind == .prediction {
                predictions += 1
                chunkRecords += 1
                if chunkRecords == size {
                    chunks.append(Chunk(firstRecord: chunkFirst, records: chunkRecords, snapshot: chunkState!.snapshot(nowSeconds: now)))
                    chunkState = nil
                }
            }
        }

        func outcome(nowSeconds now: Double, input: InputTally) -> Outcome {
            var chunks = chunks
            if let partial = chunkState, chunkRecords > 0 {
                chunks.append(Chunk(firstRecord: chunkFirst, records: chunkRecords, snapshot: partial.snapshot(nowSeconds: now)))
            }
            return Outcome(snapshot: state.snapshot(nowSeconds: now, input: input), chunks: chunks, state: state)
        }
    }
}
