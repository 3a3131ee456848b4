import DriftStats
import Testing
@testable import MonitorEngine

/// Records held by ``EventTimeMerge`` come out by event time, predictions before labels at the
/// same time, then in the order they were read: whatever the order they went in, however many
/// are held, and with releases between holds.
@Suite struct EventTimeMergeTests {
    @Test(arguments: [1, 2, 3, 7, 64, 1_000])
    func eachRecordOutIsTheEarliestHeld(count: Int) {
        var generator = SplitMix64(seed: UInt64(count))
        var merge = EventTimeMerge()
        var held: [Key] = []
        var released = 0
        var inOrder = true
        func take(_ record: inout Record) {
            let read = Int(record.id ?? "") ?? -1
            guard let index = held.firstIndex(where: { $0.read == read }) else { inOrder = false; return }
            if held.contains(where: { $0.precedes(held[index]) }) { inOrder = false }
            held.remove(at: index)
            released += 1
        }
        for read in 0..<count {
            // Few distinct times, so that ties between kinds and reads are common.
            let time = Double(generator.next() % UInt64(max(count / 4, 2)))
            var record = Record(kind: generator.next() % 3 == 0 ? .label : .prediction)
            record.id = String(read)
            held.append(Key(time: time, isLabel: record.kind == .label, read: read))
            merge.hold(&record, time: time)
            // Now and then, everything up to a time goes out, as the sources are read past it.
            if generator.next() % 5 == 0 { merge.release(through: Double(generator.next() % 4), take) }
        }
        merge.releaseAll(take)
        #expect(inOrder)
        #expect(released == count)
        #expect(held.isEmpty)
    }

    /// With no release before the end, the records come out exactly sorted.
    @Test(arguments: [1, 2, 3, 5, 8, 100, 2_000])
    func heldTogetherTheyComeOutSorted(count: Int) {
        var generator = SplitMix64(seed: 99 &+ UInt64(count))
        var merge = EventTimeMerge()
        var keys: [Key] = []
        for read in 0..<count {
            let time = Double(generator.next() % 50)
            var record = Record(kind: generator.next() % 2 == 0 ? .label : .prediction)
            record.id = String(read)
            keys.append(Key(time: time, isLabel: record.kind == .label, read: read))
            merge.hold(&record, time: time)
        }
        var out: [Int] = []
        merge.releaseAll { out.append(Int($0.id ?? "") ?? -1) }
        keys.sort { $0.precedes($1) }
        #expect(out == keys.map(\.read))
    }

    /// A held record's order: time, then predictions before labels, then the order read.
    private struct Key {
        var time: Double
        var isLabel: Bool
        var read: Int
        func precedes(_ other: Key) -> Bool {
            if time != other.time { return time < other.time }
            if isLabel != other.isLabel { return !isLabel }
            return read < other.read
        }
    }
}
