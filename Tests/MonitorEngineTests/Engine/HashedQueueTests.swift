@testable import MonitorEngine
import DriftStats
import Testing

struct HashedQueueTests {
    /// Hashes that all start their probe at table position 5 (for any table up to 2^32), so
    /// that every lookup and deletion walks one long run.
    private static func clustered(_ key: UInt64) -> UInt64 { (key + 1) << 32 | 5 }

    @Test func entriesSharingAHomePositionAreFoundAndDeletedByBackwardShift() {
        var queue = HashedQueue<Int>(maxCapacity: 1_000, keepsTimes: false)
        for key in 0..<40 as Range<UInt64> { queue.append(hash: Self.clustered(key), Int(key)) }
        // Remove every third entry from the middle of the run, then check every survivor.
        for key in stride(from: 1, to: 40, by: 3) as StrideTo<UInt64> {
            let index = try! #require(queue.index(of: Self.clustered(key)))
            #expect(queue.remove(at: index).payload == Int(key))
        }
        for key in 0..<40 as Range<UInt64> {
            let index = queue.index(of: Self.clustered(key))
            if key % 3 == 1 {
                #expect(index == nil)
            } else {
                #expect(index.map { queue[$0] } == Int(key))
            }
        }
        #expect(queue.count == 27)
    }

    @Test func theOldestLiveEntryLeavesFirstSkippingRemovedOnes() {
        var queue = HashedQueue<String>(maxCapacity: 10, keepsTimes: false)
        for (key, name) in ["a", "b", "c", "d"].enumerated() { queue.append(hash: UInt64(key + 1), name) }
        queue.remove(at: try! #require(queue.index(of: 1)))  // "a", the oldest
        queue.remove(at: try! #require(queue.index(of: 3)))  // "c", in the middle
        var order: [String] = []
        while let oldest = queue.oldestIndex { order.append(queue.remove(at: oldest).payload) }
        #expect(order == ["b", "d"])
        #expect(queue.count == 0)
    }

    @Test func theRingGrowsByDoublingUpToItsBoundAndTheTableStaysUnderSevenTenths() {
        var queue = HashedQueue<Int>(maxCapacity: 300, keepsTimes: false)
        var capacities: [Int] = []
        for key in 0..<300 {
            queue.append(hash: UInt64(key) &* 0x9E37_79B9_7F4A_7C15 | 1, key)
            if capacities.last != queue.capacity { capacities.append(queue.capacity) }
        }
        #expect(capacities == [64, 128, 256, 300])
        #expect(queue.tableCapacity == 512)  // 300 / 512 = 0.59
        #expect(queue.count == 300)
    }

    @Test func removalsInTheMiddleAreCompactedAwayWithoutGrowingPastTheBound() {
        var queue = HashedQueue<Int>(maxCapacity: 80, keepsTimes: true)
        var next: UInt64 = 1
        // Keep one old entry alive at the front while thousands come and go behind it.
        queue.append(hash: 1_000_000, -1, time: 7)
        for round in 0..<5_000 {
            queue.append(hash: next, round, time: Double(round))
            next += 1
            if queue.count == 60 {
                for hash in (next - 59)..<next { queue.remove(at: try! #require(queue.index(of: hash))) }
            }
        }
        #expect(queue.capacity == 64)  // compacted, never grown: the dead slots make the room
        #expect(queue.oldestIndex.map { queue[$0] } == -1)
        #expect(queue.oldestIndex.map { queue.time(at: $0) } == 7)
        let newest = try! #require(queue.index(of: next - 1))
        #expect(queue[newest] == 4_999)
        #expect(queue.time(at: newest) == 4_999)
    }

    /// Random appends and removals (oldest or anywhere) against a dictionary and an array in
    /// insertion order, with hashes crowded into few table positions.
    @Test(arguments: [1 as UInt64, 2, 3])
    func matchesADictionaryModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var queue = HashedQueue<Int>(maxCapacity: 50, keepsTimes: false)
        var model: [UInt64: Int] = [:]
        var order: [UInt64] = []
        for step in 0..<20_000 {
            let hash = UInt64.random(in: 0..<90, using: &random) << 40 | UInt64.random(in: 1..<5, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5:
                guard model[hash] == nil else { continue }
                if model.count == 50 {
                    let oldest = try! #require(queue.oldestIndex)
                    let removed = queue.remove(at: oldest)
                    #expect(removed.hash == order.first)
                    model[order.removeFirst()] = nil
                }
                queue.append(hash: hash, step)
                model[hash] = step
                order.append(hash)
            case 5..<8:
                if let index = queue.index(of: hash) {
                    #expect(queue.remove(at: index).payload == model[hash])
                    model[hash] = nil
                    order.removeAll { $0 == hash }
                } else {
                    #expect(model[hash] == nil)
                }
            default:
                #expect(queue.index(of: hash).map { queue[$0] } == model[hash])
            }
            #expect(queue.count == model.count)
        }
        for hash in order { #expect(queue.index(of: hash).map { queue[$0] } == model[hash]) }
        #expect(queue.capacity <= 50)
    }
}
