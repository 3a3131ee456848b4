import Testing
@testable import DriftStats

struct QuantileTests {
    @Test("np.quantile, bit for bit", arguments: Fixtures.distributions.quantiles.indices)
    func matchesNumPy(caseIndex: Int) throws {
        let fixture = Fixtures.distributions.quantiles[caseIndex]
        for (q, expected) in zip(fixture.q, fixture.expected) {
            let value = try #require(Quantile.numpyLinear(sorted: fixture.sorted, q: q))
            #expect(value.bitPattern == expected.bitPattern, "n=\(fixture.sorted.count) q=\(q): \(value) vs \(expected)")
        }
    }

    @Test func lerpTakesNumPysBranchFromOneHalf() {
        // a + (b − a)·t and b − (b − a)·(1 − t) differ in the last bit here; NumPy uses the second.
        let a = 0.1, b = 0.7, t = 0.7
        #expect(Quantile.lerp(a, b, t) == b - (b - a) * (1 - t))
        #expect(Quantile.lerp(a, b, 0.3) == a + (b - a) * 0.3)
    }

    @Test func emptySampleOrQuantileOutsideUnitIntervalHasNone() {
        #expect(Quantile.numpyLinear(sorted: [], q: 0.5) == nil)
        #expect(Quantile.numpyLinear(sorted: [1, 2], q: 1.5) == nil)
        #expect(Quantile.numpyLinear(sorted: [1, 2], q: .nan) == nil)
        #expect(Quantile.edges(sorted: [], cells: 10) == [])
    }

    @Test func repeatedEdgesAreDropped() {
        #expect(Quantile.edges(sorted: [1, 1, 1, 1, 2, 3], cells: 4) == [1, 1.75])
    }
}
