import Testing
@testable import DriftStats

/// The latency sketch against NumPy on a lognormal sample. Convention: the sketch's q-quantile
/// approximates the order statistic of 0-based rank ⌊q·(n − 1)⌋, which is
/// `np.quantile(values, q, method="lower")`; the maximum is exact.
struct LatencySketchTests {
    static let fixture = Fixtures.performance.latency

    static func sketch(_ values: some Sequence<Double>) -> LatencySketch {
        var sketch = LatencySketch()
        for value in values { sketch.record(value) }
        return sketch
    }

    @Test("quantiles within 1% of np.quantile(method='lower')")
    func quantilesWithinOnePercent() throws {
        let sketch = Self.sketch(Self.fixture.values)
        for (q, expected) in zip(Self.fixture.q, Self.fixture.lower) {
            let value = try #require(sketch.quantile(q))
            #expect(abs(value - expected) <= 0.01 * expected * (1 + 1e-12), "q=\(q): \(value) vs \(expected)")
        }
        #expect(sketch.quantile(1) == Self.fixture.max)
        #expect(sketch.count == Self.fixture.values.count)
    }

    @Test func everyOrderStatisticWithinOnePercent() throws {
        let sorted = Self.fixture.values.sorted()
        let sketch = Self.sketch(sorted.reversed())
        for rank in stride(from: 0, to: sorted.count, by: 7) {
            let q = Double(rank) / Double(sorted.count - 1)
            let expected = sorted[Int((q * Double(sorted.count - 1)).rounded(.down))]
            let value = try #require(sketch.quantile(q))
            #expect(abs(value - expected) <= 0.01 * expected * (1 + 1e-12), "rank \(rank): \(value) vs \(expected)")
        }
    }

    @Test func mergedHalvesEqualTheWhole() {
        let values = Self.fixture.values
        let whole = Self.sketch(values)
        let merged = Self.sketch(values[..<1234]) + Self.sketch(values[1234...])
        #expect(merged == whole)
        #expect(Self.sketch(values[1234...]) + Self.sketch(values[..<1234]) == whole)
        // The sum (a histogram's `_sum`) is the values' own, whatever the order of the adding.
        #expect(abs(merged.sum - values.filter { $0 > LatencySketch.smallestPositive }.reduce(0, +)) <= 1e-12 * whole.sum)
        #expect(abs(merged.sum - whole.sum) <= 1e-12 * whole.sum)
    }

    @Test func zerosAndBadValues() {
        var sketch = LatencySketch()
        #expect(sketch.p50 == nil)
        #expect(sketch.record(.nan) == false)
        #expect(sketch.record(.infinity) == false)
        sketch.record(0)
        sketch.record(0)
        sketch.record(10)
        #expect(sketch.count == 3)
        #expect(sketch.p50 == 0)
        #expect(sketch.quantile(1) == 10)
        // Rank ⌊0.99 · 2⌋ = 1: the second smallest value.
        #expect(sketch.p99 == 0)
        sketch.record(-3)
        #expect(sketch.quantile(0) == -3)
        #expect(sketch.zeroCount == 3)
    }

    @Test func absurdValuesKeepTheSketchSmall() {
        var sketch = LatencySketch()
        sketch.record(1e-300)
        sketch.record(1)
        sketch.record(1e300)
        #expect(sketch.quantile(1) == 1e300)
        #expect(abs((sketch.quantile(0.5) ?? 0) - 1) <= 0.01)
        // Buckets ⌈log_γ 1⌉ = 0 to ⌈log_γ 1e15⌉ = 1727; 1e-300 is a zero.
        #expect(sketch.bucketCount == 1728)
        #expect(sketch.zeroCount == 1)
        var copy = sketch
        copy.merge(sketch)
        #expect(copy.count == 6)
    }
}
