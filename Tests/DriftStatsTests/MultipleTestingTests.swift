import Testing
@testable import DriftStats

/// Benjamini–Hochberg against `scipy.stats.false_discovery_control(ps, method='bh')`.
struct MultipleTestingTests {
    @Test("adjusted p-values equal SciPy's", arguments: Fixtures.distributions.benjaminiHochberg)
    func adjustedEqualsSciPy(fixture: DistributionsFile.MultipleTestingCase) {
        let adjusted = BenjaminiHochberg.adjusted(fixture.pValues)
        #expect(adjusted.count == fixture.adjusted.count)
        for (ours, theirs) in zip(adjusted, fixture.adjusted) {
            #expect(abs(ours - theirs) <= 1e-15 * theirs, "\(ours) vs \(theirs)")
        }
    }

    @Test("an adjusted p-value is never below its raw one, and order is kept", arguments: Fixtures.distributions.benjaminiHochberg)
    func monotone(fixture: DistributionsFile.MultipleTestingCase) {
        let adjusted = BenjaminiHochberg.adjusted(fixture.pValues)
        for (raw, adj) in zip(fixture.pValues, adjusted) { #expect(adj >= raw) }
        for i in fixture.pValues.indices {
            for j in fixture.pValues.indices where fixture.pValues[i] < fixture.pValues[j] {
                #expect(adjusted[i] <= adjusted[j])
            }
        }
    }

    @Test func emptyFamily() {
        #expect(BenjaminiHochberg.adjusted([]).isEmpty)
    }
}
