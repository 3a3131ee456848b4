import Testing
@testable import DriftStats

struct DriftBandTests {
    @Test("distance bands: below warn ok, below alert warning, else drift", arguments: [
        (0.0, DriftBand.ok), (0.0999, .ok), (0.1, .warning), (0.1999, .warning), (0.2, .drift), (3.0, .drift),
    ])
    func distanceBands(value: Double, band: DriftBand) {
        #expect(DriftBand(distance: value, thresholds: .psi, windowCount: 200) == band)
    }

    @Test("p-value bands: from 0.15 ok, from 0.05 warning, else drift", arguments: [
        (1.0, DriftBand.ok), (0.15, .ok), (0.1499, .warning), (0.05, .warning), (0.0499, .drift), (0.0, .drift),
    ])
    func pValueBands(pValue: Double, band: DriftBand) {
        #expect(DriftBand(pValue: pValue, windowCount: 1000) == band)
    }

    @Test func smallWindowsOrUndefinedMetricsHaveNotEnoughData() {
        #expect(DriftBand(distance: 5, thresholds: .wasserstein, windowCount: 199) == .notEnoughData)
        #expect(DriftBand(pValue: 0, windowCount: 199) == .notEnoughData)
        #expect(DriftBand(distance: nil, thresholds: .jensenShannon, windowCount: 10_000) == .notEnoughData)
        #expect(DriftBand(pValue: .nan, windowCount: 10_000) == .notEnoughData)
        #expect(DriftBand(distance: 0.5, thresholds: .psi, windowCount: 20, minimumWindow: 10) == .drift)
    }
}

struct AdaptiveThresholdTests {
    @Test func meanPlusThreeStandardDeviations() throws {
        // mean 2.5, np.std([1, 2, 3, 4]) = √1.25.
        let limit = try #require(AdaptiveThreshold.upperLimit(chunkValues: [1, 2, .nan, 3, 4]))
        #expect(abs(limit - (2.5 + 3 * 1.25.squareRoot())) <= 1e-15)
        #expect(AdaptiveThreshold.upperLimit(chunkValues: [0.2]) == 0.2)
        #expect(AdaptiveThreshold.upperLimit(chunkValues: [.nan]) == nil)
    }
}
