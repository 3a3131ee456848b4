import Testing
@testable import DriftStats

/// Counts emptied in place (`Recyclable.clear()`) are new counts again.
struct RecyclableTests {
    @Test func aMulticlassEstimateWithNegativeWeightsIsEmptiedWhole() {
        // `record(scores:probabilities:)` takes whatever probabilities it is given (the engine's
        // calibration clips them to [0, 1]): the weights 1.5 and -0.5 then cancel in a
        // histogram whose total is 0 but whose bins are not.
        var estimate = MulticlassConfidenceEstimate(classCount: 2)
        estimate.record(scores: [0.7, 0.3], probabilities: [1.5, -0.5], predictedClass: 0)
        estimate.record(scores: [0.2, 0.8], probabilities: [0.5, 0.5], predictedClass: 1)
        #expect(estimate.expectedPositives[1].total == 0)
        #expect(estimate.expectedPositives[1].weights.contains { $0 != 0 })
        estimate.clear()
        #expect(estimate == MulticlassConfidenceEstimate(classCount: 2))
        #expect(estimate.isClear)
    }

    @Test func aCategoricalCountOfUnseenValuesOnlyIsEmptied() {
        var counts = CategoricalCounts(slotCount: 3)
        counts.record(slot: nil)
        #expect(!counts.isClear)
        counts.clear()
        #expect(counts == CategoricalCounts(slotCount: 3))
    }

    @Test func aLatencySketchIsEmptiedToANewOne() {
        var sketch = LatencySketch()
        for value in [0, 0, 3.5, 120, 1e-12] { sketch.record(value) }
        sketch.clear()
        #expect(sketch.isClear && sketch.count == 0 && sketch.zeroCount == 0 && sketch.p99 == nil)
        sketch.record(7)
        var fresh = LatencySketch()
        fresh.record(7)
        #expect(sketch.p50 == fresh.p50 && sketch.sum == fresh.sum && sketch.minimum == fresh.minimum)
    }
}
