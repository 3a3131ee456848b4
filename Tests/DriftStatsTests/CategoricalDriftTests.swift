import Testing
@testable import DriftStats

/// Categorical drift against SciPy (docs/statistics.md, "Chi-square (categorical)", "Categorical PSI / JS").
struct CategoricalDriftTests {
    static let cases = Fixtures.categorical.cases

    static func build(_ fixture: CategoricalCase) -> (CategoricalReference, CategoricalCounts) {
        let reference = CategoricalReference(values: fixture.reference, topK: Fixtures.categorical.topK)
        var current = reference.emptyCounts()
        for value in fixture.current { current.record(value, in: reference) }
        return (reference, current)
    }

    @Test("categories by reference frequency, top K plus (other)", arguments: cases)
    func categories(fixture: CategoricalCase) {
        let (reference, current) = Self.build(fixture)
        #expect(reference.categories == fixture.categories)
        #expect(reference.hasOther == fixture.hasOther)
        #expect(reference.counts.slotCounts == fixture.referenceCounts)
        #expect(current.slotCounts == fixture.currentCounts)
        #expect(current.unseen == fixture.currentUnseen)
    }

    @Test("PSI and Jensen-Shannon to 1e-9, with the unseen bin", arguments: cases)
    func psiAndJensenShannon(fixture: CategoricalCase) throws {
        let (reference, current) = Self.build(fixture)
        let psi = try #require(PSI.categorical(reference: reference.counts, current: current))
        let js = try #require(JensenShannon.categorical(reference: reference.counts, current: current))
        #expect(abs(psi - fixture.psi) <= 1e-9, "PSI \(psi) vs \(fixture.psi)")
        #expect(abs(js - fixture.jensenShannon) <= 1e-9, "JS \(js) vs \(fixture.jensenShannon)")
    }

    @Test("chi-square to 1e-6 of chi2_contingency(correction=False)", arguments: cases)
    func chiSquare(fixture: CategoricalCase) throws {
        let (reference, current) = Self.build(fixture)
        let test = try #require(ChiSquare(reference: reference.counts, current: current))
        Self.expectClose(test, statistic: fixture.chiSquareStatistic, pValue: fixture.chiSquarePValue,
                         degreesOfFreedom: fixture.chiSquareDegreesOfFreedom)
    }

    @Test("chi-square on tables with categories empty in both rows", arguments: Fixtures.categorical.tables)
    func chiSquareTables(table: ContingencyTable) throws {
        let test = try #require(ChiSquare(referenceCounts: table.reference, currentCounts: table.current))
        Self.expectClose(test, statistic: table.statistic, pValue: table.pValue, degreesOfFreedom: table.degreesOfFreedom)
    }

    static func expectClose(_ test: ChiSquare, statistic: Double, pValue: Double, degreesOfFreedom: Int) {
        #expect(test.degreesOfFreedom == degreesOfFreedom)
        #expect(abs(test.statistic - statistic) <= 1e-6 * max(1, statistic), "χ² \(test.statistic) vs \(statistic)")
        #expect(abs(test.pValue - pValue) <= 1e-6 * max(1e-300, pValue) || abs(test.pValue - pValue) <= 1e-12,
                "p \(test.pValue) vs \(pValue)")
    }

    @Test func emptyRowHasNoTest() {
        #expect(ChiSquare(referenceCounts: [1, 2], currentCounts: [0, 0]) == nil)
    }

    @Test("counts of two halves merged equal the counts of the whole", arguments: cases)
    func mergeHalves(fixture: CategoricalCase) {
        let reference = CategoricalReference(values: fixture.reference, topK: Fixtures.categorical.topK)
        var whole = reference.emptyCounts()
        var first = reference.emptyCounts()
        var second = reference.emptyCounts()
        for (index, value) in fixture.current.enumerated() {
            whole.record(value, in: reference)
            if index % 3 == 0 { first.record(value, in: reference) } else { second.record(value, in: reference) }
        }
        #expect(first + second == whole)
    }

    @Test func unseenRateAndOtherSlot() {
        let reference = CategoricalReference(frequencies: ["a": 5, "b": 3, "c": 3, "d": 1], topK: 2)
        #expect(reference.categories == ["a", "b"])
        #expect(reference.slot(of: "c") == 2)
        #expect(reference.slot(of: "d") == 2)
        #expect(reference.slot(of: "zz") == nil)
        #expect(reference.name(ofSlot: 2) == "(other)")
        #expect(reference.counts.slotCounts == [5, 3, 4])
        var counts = reference.emptyCounts()
        for value in ["a", "c", "zz", "yy"] { counts.record(value, in: reference) }
        #expect(counts.unseenRate == 0.5)
        #expect(counts.binsWithUnseen == [1, 0, 1, 2])
    }
}
