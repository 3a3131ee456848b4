@testable import MonitorEngine
import Testing

struct InsertionRingTests {
    @Test func firstInFirstOutAcrossGrowthAndWrapAround() {
        var ring = InsertionRing<Int>(initialCapacity: 2)
        var model: [Int] = []
        var random = SplitMix64(seed: 99)
        for value in 0..<5_000 {
            if Int.random(in: 0..<3, using: &random) == 0 {
                #expect(ring.removeFirst() == model.first)
                if !model.isEmpty { model.removeFirst() }
            } else {
                ring.append(value)
                model.append(value)
            }
            #expect(ring.count == model.count)
            #expect(ring.first == model.first)
        }
        while let value = ring.removeFirst() { #expect(value == model.removeFirst()) }
        #expect(model.isEmpty)
        #expect(ring.isEmpty)
    }

    @Test func retainKeepsOrderAndKeepsWorking() {
        var ring = InsertionRing<Int>(initialCapacity: 4)
        for value in 0..<10 { ring.append(value) }
        ring.removeFirst()
        ring.retain { $0 % 3 != 0 }
        ring.append(10)
        var drained: [Int] = []
        while let value = ring.removeFirst() { drained.append(value) }
        #expect(drained == [1, 2, 4, 5, 7, 8, 10])
    }
}
