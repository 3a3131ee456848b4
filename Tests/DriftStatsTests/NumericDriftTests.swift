import Testing
@testable import DriftStats

/// Numeric drift against NumPy/SciPy on the fixture samples (docs/statistics.md, "Drift metrics").
struct NumericDriftTests {
    static let cases = Fixtures.numeric.cases

    struct Built {
        var reference: NumericReference
        var current: NumericCounts
    }

    static func build(_ fixture: NumericCase) -> Built {
        let reference = NumericReference(values: fixture.referenceValues,
                                         coarseBins: Fixtures.numeric.coarseBins, fineCells: Fixtures.numeric.fineCells)
        var current = reference.emptyCounts()
        for value in fixture.currentValues { current.record(value) }
        return Built(reference: reference, current: current)
    }

    @Test("coarse edges equal np.quantile's, counts equal searchsorted's", arguments: cases)
    func coarseGrid(fixture: NumericCase) {
        let built = Self.build(fixture)
        #expect(built.reference.grid.coarseEdges.map(\.bitPattern) == fixture.coarseEdges.map(\.bitPattern))
        #expect(built.reference.counts.coarseCounts == fixture.referenceCoarseCounts)
        #expect(built.current.coarseCounts == fixture.currentCoarseCounts)
        #expect(built.reference.count == fixture.referenceCount)
        #expect(built.current.count == fixture.currentCount)
        #expect(built.reference.minimum == fixture.referenceMin)
        #expect(built.reference.maximum == fixture.referenceMax)
        if let fineEdges = fixture.fineEdges {
            #expect(built.reference.grid.fineEdges.map(\.bitPattern) == fineEdges.map(\.bitPattern))
        }
    }

    @Test("PSI and Jensen-Shannon to 1e-9 of SciPy on the same bins", arguments: cases)
    func psiAndJensenShannon(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let psi = try #require(PSI.numeric(reference: built.reference.counts, current: built.current))
        let js = try #require(JensenShannon.numeric(reference: built.reference.counts, current: built.current))
        #expect(abs(psi - fixture.psi) <= 1e-9, "PSI \(psi) vs \(fixture.psi)")
        #expect(abs(js - fixture.jensenShannon) <= 1e-9, "JS \(js) vs \(fixture.jensenShannon)")
    }

    @Test("KS statistic within its bound below ks_2samp's; bound at most 0.03 for windows of 500+", arguments: cases)
    func kolmogorovSmirnovStatistic(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let ks = try #require(KolmogorovSmirnov(reference: built.reference.counts, current: built.current))
        // The grid sees the CDFs only at its edges: never more than the sample statistic, never
        // less by more than the bound.
        #expect(ks.statistic <= fixture.ksStatistic + 1e-12, "D \(ks.statistic) above ks_2samp's \(fixture.ksStatistic)")
        #expect(fixture.ksStatistic - ks.statistic <= ks.errorBound + 1e-12,
                "D \(ks.statistic) vs \(fixture.ksStatistic), bound \(ks.errorBound)")
        // 256 cells hold about 1/256 of the reference each; a tiny window puts 1/n in one cell.
        if fixture.currentCount >= 500 {
            #expect(ks.errorBound <= 0.03, "bound \(ks.errorBound)")
        }
    }

    @Test("KS D exact on integer features", arguments: cases.filter { $0.name.hasPrefix("integer") })
    func kolmogorovSmirnovExactOnIntegers(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let ks = try #require(KolmogorovSmirnov(reference: built.reference.counts, current: built.current))
        #expect(abs(ks.statistic - fixture.ksStatistic) <= 1e-15)
        // Every reference value is an edge; a current value the reference never had may still
        // sit inside a cell, and only then is the bound above 0.
        let referenceValues = Set(fixture.referenceValues)
        if fixture.currentValues.allSatisfy(referenceValues.contains) {
            #expect(ks.errorBound == 0)
        } else {
            #expect(ks.errorBound > 0 && ks.errorBound <= 0.002)
        }
    }

    @Test("KS p-value within 0.01 of ks_2samp's asymptotic one when D is exact and n large",
          arguments: cases.filter { $0.name.hasPrefix("integer") })
    func kolmogorovSmirnovPValueWithExactStatistic(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let ks = try #require(KolmogorovSmirnov(reference: built.reference.counts, current: built.current))
        #expect(abs(ks.pValue - fixture.ksPValueAsymptotic) <= 0.01, "p \(ks.pValue) vs ks_2samp \(fixture.ksPValueAsymptotic)")
    }

    @Test("ks_2samp's asymptotic p-value lies within 0.01 of the p-values that D's bound allows",
          arguments: cases.filter { $0.currentCount >= 500 })
    func kolmogorovSmirnovPValueRange(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let ks = try #require(KolmogorovSmirnov(reference: built.reference.counts, current: built.current))
        // D can be short of the sample statistic by up to the bound, and the p-value falls as D grows.
        let lowest = KolmogorovSmirnov.asymptoticPValue(statistic: ks.statistic + ks.errorBound,
                                                        referenceCount: fixture.referenceCount, currentCount: fixture.currentCount)
        #expect(fixture.ksPValueAsymptotic >= lowest - 0.01, "ks_2samp p \(fixture.ksPValueAsymptotic) below \(lowest)")
        #expect(fixture.ksPValueAsymptotic <= ks.pValue + 0.01, "ks_2samp p \(fixture.ksPValueAsymptotic) above \(ks.pValue)")
    }

    @Test("the p-value formula equals scipy.special.kolmogorov at Stephens' λ", arguments: cases)
    func stephensFormula(fixture: NumericCase) {
        let p = KolmogorovSmirnov.asymptoticPValue(statistic: fixture.ksStatistic, referenceCount: fixture.referenceCount,
                                                   currentCount: fixture.currentCount)
        #expect(abs(p - fixture.ksPValueStephens) <= 1e-12 + 1e-9 * fixture.ksPValueStephens,
                "p \(p) vs \(fixture.ksPValueStephens)")
    }

    @Test("Wasserstein / std within 1% + 1e-4 of SciPy's, heavy tails and crossing CDFs included", arguments: cases)
    func wasserstein(fixture: NumericCase) throws {
        let built = Self.build(fixture)
        let w = try #require(Wasserstein.normalized(reference: built.reference.counts, current: built.current))
        let std = try #require(built.reference.standardDeviation)
        #expect(abs(std - fixture.referenceStd) <= 1e-12 * fixture.referenceStd)
        #expect(abs(w - fixture.wassersteinNormalized) <= 0.01 * fixture.wassersteinNormalized + 1e-4,
                "W \(w) vs \(fixture.wassersteinNormalized)")
    }

    @Test("counts of two halves merged equal the counts of the whole", arguments: cases)
    func mergeHalves(fixture: NumericCase) {
        let reference = Self.build(fixture).reference
        let values = fixture.currentValues
        var whole = reference.emptyCounts()
        var first = reference.emptyCounts()
        var second = reference.emptyCounts()
        for (index, value) in values.enumerated() {
            whole.record(value)
            if index < values.count / 2 { first.record(value) } else { second.record(value) }
        }
        let merged = first + second
        #expect(merged.coarseCounts == whole.coarseCounts)
        #expect(merged.fineCounts == whole.fineCounts)
        #expect(merged.fineUpperEdgeCounts == whole.fineUpperEdgeCounts)
        #expect(merged.count == whole.count)
        #expect(merged.minimum == whole.minimum)
        #expect(merged.maximum == whole.maximum)
        // Sums add in another order: equal up to rounding.
        for (a, b) in zip(merged.fineSums, whole.fineSums) {
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)))
        }
        #expect(abs((merged.standardDeviation ?? 0) - (whole.standardDeviation ?? 0)) <= 1e-12 * max(1, whole.standardDeviation ?? 0))
    }

    @Test func missingAndInfiniteValuesAreNotBinned() {
        let reference = NumericReference(values: [1, 2, .nan, 3, .infinity, 4], coarseBins: 2, fineCells: 4)
        #expect(reference.count == 4)
        var counts = reference.emptyCounts()
        #expect(counts.record(.nan) == false)
        #expect(counts.record(-.infinity) == false)
        #expect(counts.record(2.5) == true)
        #expect(counts.count == 1)
    }

    @Test func plausibleRangeWidensTheReferenceRangeByTenPercent() throws {
        let range = try #require(NumericReference(values: [2, 4, 12, .nan]).plausibleRange)
        #expect(range == 1...13)
        #expect(NumericReference(values: []).plausibleRange == nil)
    }

    @Test func emptyReferenceOrWindowGivesNoMetric() {
        let empty = NumericReference(values: [Double.nan])
        var current = empty.emptyCounts()
        current.record(1)
        #expect(empty.grid.coarseBinCount == 1)
        #expect(PSI.numeric(reference: empty.counts, current: current) == nil)
        #expect(KolmogorovSmirnov(reference: empty.counts, current: current) == nil)
        #expect(Wasserstein.normalized(reference: empty.counts, current: current) == nil)
        let reference = NumericReference(values: [1, 2, 3])
        #expect(JensenShannon.numeric(reference: reference.counts, current: reference.emptyCounts()) == nil)
    }

    @Test func constantReferenceIsScaledByTheFloor() throws {
        let reference = NumericReference(values: Array(repeating: 5.0, count: 100))
        #expect(reference.grid.fineEdges == [5])
        #expect(reference.grid.coarseEdges == [5])
        var current = reference.emptyCounts()
        for _ in 0..<50 { current.record(5.002) }
        for _ in 0..<50 { current.record(5) }
        // W = 0.5 · 0.002 exactly; std(R) = 0, so divided by 0.001.
        let w = try #require(Wasserstein.normalized(reference: reference.counts, current: current))
        #expect(abs(w - 1.0) <= 1e-9)
        let ks = try #require(KolmogorovSmirnov(reference: reference.counts, current: current))
        #expect(ks.statistic == 0.5)
        #expect(ks.errorBound == 0)
    }

    @Test func currentValuesBelowTheReferenceRangeCountInD() throws {
        // F_R jumps to 0.9 at the reference minimum; half the window lies below it.
        let reference = NumericReference(values: Array(repeating: 1.0, count: 90) + (2...11).map(Double.init))
        var current = reference.emptyCounts()
        for _ in 0..<50 { current.record(0) }
        for _ in 0..<50 { current.record(1) }
        let ks = try #require(KolmogorovSmirnov(reference: reference.counts, current: current))
        // ks_2samp: at x = 0, F_R = 0 and F_C = 0.5; at every edge the gap is at most 0.1.
        #expect(ks.statistic == 0.5)
        #expect(ks.errorBound == 0)
    }
}
