import Foundation

/// Decoded records on their way from a reading thread to a counting one (``MonitorRun``): a
/// fixed set of batches goes back and forth, full to the counter and empty back to the reader,
/// so that nothing is allocated per record and a record returns to the reader with its feature
/// names in place for the next row of the same header.
///
/// Memory is bounded by the batches (`batches × size` records in flight). The reader blocks
/// while every batch is full, the counter while none is.
final class RecordPipe: @unchecked Sendable {
    /// Records, and for each the read-through time the reader gave with it.
    struct Batch {
        var records: [Record]
        var readThroughSeconds: [Double]
        /// What the reader worked out of each record against the reference, once it was known.
        var prepared: [PreparedRecord]
        var count = 0
        /// Whether `prepare(with:)` prepared the batch since its records were taken.
        var isPrepared = false

        init(size: Int) {
            records = Array(repeating: Record(), count: size)
            readThroughSeconds = Array(repeating: -.infinity, count: size)
            prepared = Array(repeating: PreparedRecord(), count: size)
        }

        var isFull: Bool { count == records.count }

        /// Moves `record` into the next place, leaving there the record that held it before.
        mutating func take(_ record: inout Record, readThroughSeconds time: Double) {
            swap(&record, &records[count])
            readThroughSeconds[count] = time
            prepared[count].isReady = false
            isPrepared = false
            count += 1
        }

        /// Prepares every record of the batch against the reference: on the reader's thread, or
        /// on the counter's when the reader left the batch to it.
        mutating func prepare(with preparer: inout RecordPreparer) {
            // Each record is read where it lies, through an exclusive access to the buffers (as
            // the counter reads them): through a shared access a record is copied (its strings
            // and arrays retained and released), and moving it out and back copies it twice.
            let count = count
            records.withUnsafeMutableBufferPointer { records in
                prepared.withUnsafeMutableBufferPointer { prepared in
                    for index in 0..<count {
                        preparer.prepare(inPlace: &records[index], into: &prepared[index], batchIndex: index)
                    }
                }
            }
            prepared.withUnsafeMutableBufferPointer { preparer.finishDeferred(into: $0) }
            isPrepared = true
        }
    }

    private let condition = NSCondition()
    private var full: [Batch] = []
    private var empty: [Batch]
    private var finished = false
    private var cancelled = false
    /// The counter is waiting for a full batch.
    private var counterWaits = false

    /// A pipe of `batches` batches of `size` records.
    init(batches: Int, size: Int) {
        precondition(batches >= 2 && size >= 1, "a pipe needs two batches of one record at least")
        empty = (0..<batches).map { _ in Batch(size: size) }
    }

    /// For the reader: an empty batch, waiting for one; `nil` once the counter has cancelled.
    func takeEmpty() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while empty.isEmpty, !cancelled { condition.wait() }
        guard !cancelled else { return nil }
        var batch = empty.removeLast()
        batch.count = 0
        batch.isPrepared = false
        return batch
    }

    /// For the reader: hands a batch to the counter.
    func send(_ batch: Batch) {
        condition.lock()
        full.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// For the reader: nothing more will be sent.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// For the counter: the oldest full batch, waiting for one; `nil` once the reader has
    /// finished and every batch it sent has been taken.
    func takeFull() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while full.isEmpty, !finished {
            counterWaits = true
            condition.wait()
        }
        counterWaits = false
        return full.isEmpty ? nil : full.removeFirst()
    }

    /// For the reader: whether the counter is waiting for a batch, with nothing queued. Work
    /// either thread can do (preparing records) is then left to the counter, which would
    /// otherwise idle, and done by the reader while the counter is busy.
    var counterIsIdle: Bool {
        condition.lock()
        defer { condition.unlock() }
        return counterWaits && full.isEmpty
    }

    /// For the counter: gives a batch back to the reader.
    func recycle(_ batch: consuming Batch) {
        condition.lock()
        empty.append(batch)
        condition.broadcast()
        condition.unlock()
    }

    /// For the counter: the reader stops at its next batch.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
