import Testing
@testable import DriftStats

struct DistributionTests {
    @Test("χ² survival to 1e-10 relative of scipy.stats.chi2.sf")
    func chiSquareSurvival() {
        for point in Fixtures.distributions.chiSquareSurvival {
            let value = ChiSquareDistribution.survival(point.x, degreesOfFreedom: point.degreesOfFreedom)
            #expect(abs(value - point.survival) <= 1e-10 * point.survival,
                    "k=\(point.degreesOfFreedom) x=\(point.x): \(value) vs \(point.survival)")
        }
    }

    @Test("Kolmogorov survival equals scipy.special.kolmogorov")
    func kolmogorovSurvival() {
        for point in Fixtures.distributions.kolmogorovSurvival {
            let value = KolmogorovSmirnov.kolmogorovSurvival(point.lambda)
            #expect(abs(value - point.survival) <= 1e-14 + 1e-10 * point.survival,
                    "λ=\(point.lambda): \(value) vs \(point.survival)")
        }
    }

    @Test func incompleteGammaEdges() {
        #expect(IncompleteGamma.regularizedUpper(a: 2, x: 0) == 1)
        #expect(IncompleteGamma.regularizedUpper(a: 2, x: -1) == 1)
        #expect(IncompleteGamma.regularizedUpper(a: 2, x: .infinity) == 0)
        #expect(IncompleteGamma.regularizedUpper(a: 2, x: .nan).isNaN)
        // Q(1, x) = e^(−x).
        #expect(abs(IncompleteGamma.regularizedUpper(a: 1, x: 3) - 0.049787068367863944) <= 1e-16)
        #expect(abs(IncompleteGamma.regularizedLower(a: 1, x: 0.5) - 0.3934693402873666) <= 1e-15)
        #expect(KolmogorovSmirnov.kolmogorovSurvival(0) == 1)
        #expect(KolmogorovSmirnov.kolmogorovSurvival(.infinity) == 0)
    }
}
