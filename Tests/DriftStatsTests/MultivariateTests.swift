@testable import DriftStats
import Foundation
import Testing

/// `Fixtures/multivariate.json` (`make_multivariate_fixtures.py`): scikit-learn's scaler and
/// PCA(n_components=0.65) on a small encoded table, as NannyML's data reconstruction runs them.
struct MultivariateFile: Decodable {
    var chunkSize: Int
    var referenceEncoded: [[Double]]
    var analysisEncoded: [[Double]]
    var means: [Double]
    var scales: [Double]
    var allVarianceRatio: [Double]
    var components: Int
    var referenceErrors: [Double]
    var analysisErrors: [Double]
    var analysisMeanError: Double
    var referenceChunkMeans: [Double]
    var lower: Double
    var upper: Double

    static let shared: MultivariateFile = {
        let url = Bundle.module.url(forResource: "multivariate", withExtension: "json", subdirectory: "Fixtures")!
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(MultivariateFile.self, from: Data(contentsOf: url))
    }()
}

@Suite("PCA reconstruction error (multivariate drift)")
struct MultivariateTests {
    let fixture = MultivariateFile.shared

    func fitted() throws -> PCAReconstruction {
        let rows = fixture.referenceEncoded
        return try #require(PCAReconstruction(rows: rows.count, columns: rows[0].count) { index, values in
            values = rows[index]
        })
    }

    @Test("the scaler's means and scales are StandardScaler's, a constant column scaled by 1")
    func scaler() throws {
        let model = try fitted()
        for (ours, theirs) in zip(model.means, fixture.means) { #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs))) }
        for (ours, theirs) in zip(model.scales, fixture.scales) { #expect(abs(ours - theirs) <= 1e-12 * max(1, abs(theirs))) }
    }

    @Test("explained variance ratios and the components kept are scikit-learn's")
    func variance() throws {
        let model = try fitted()
        #expect(model.componentCount == fixture.components)
        for (ours, theirs) in zip(model.explainedVarianceRatio, fixture.allVarianceRatio) { #expect(abs(ours - theirs) <= 1e-10) }
    }

    @Test("per-row errors, their mean and the reference chunks' thresholds are scikit-learn's and NannyML's")
    func errors() throws {
        let model = try fitted()
        for (row, expected) in zip(fixture.referenceEncoded, fixture.referenceErrors) {
            #expect(abs(model.error(of: row) - expected) <= 1e-9)
        }
        let errors = fixture.analysisEncoded.map { model.error(of: $0) }
        for (ours, theirs) in zip(errors, fixture.analysisErrors) { #expect(abs(ours - theirs) <= 1e-9) }
        #expect(abs(errors.reduce(0, +) / Double(errors.count) - fixture.analysisMeanError) <= 1e-9)
        let chunks = ReferenceErrorChunks(errors: fixture.referenceEncoded.map { model.error(of: $0) })
        let means = chunks.chunkMeans(size: fixture.chunkSize)
        #expect(means.count == fixture.referenceChunkMeans.count)
        for (ours, theirs) in zip(means, fixture.referenceChunkMeans) { #expect(abs(ours - theirs) <= 1e-9) }
        let thresholds = try #require(chunks.thresholds(chunkSize: fixture.chunkSize))
        #expect(abs(thresholds.lower - fixture.lower) <= 1e-9)
        #expect(abs(thresholds.upper - fixture.upper) <= 1e-9)
    }

    /// The rows are encoded in blocks split over the cores and the covariance by matrix row:
    /// one part, two and three give the same model to the last bit, and the model the
    /// sequential fit gave before (a few parameters' bits, recorded with it). 9,000 rows of 64
    /// columns are three blocks; the first column cycles −1, 0, 1, so its standardised value is
    /// exactly 0 in a third of the rows (the products skip those).
    @Test("fitted on one thread or several, the same model to the last bit")
    func partsChangeNothing() throws {
        let columns = 64
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var table = [Double](repeating: 0, count: 9_000 * columns)
        for i in table.indices {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let draw = Double(state >> 11) / Double(1 << 53)
            let row = i / columns
            table[i] = i % columns == 0
                ? Double(row % 3) - 1 : draw * Double(i % columns + 1) + Double(row % 13) * Double(i % 3)
        }
        let fits = [1, 2, 3].map { parts in
            Parallel.$forcedParts.withValue(parts) {
                PCAReconstruction(rows: 9_000, columns: columns) { index, values in
                    for j in 0..<columns { values[j] = table[index * columns + j] }
                }
            }
        }
        let one = try #require(fits[0])
        #expect(one.componentCount > 1 && one.componentCount < columns)
        // Recorded with the fit before it went over several cores (one row at a time).
        #expect(one.componentCount == 18)
        let pinned: [UInt64] = [0x4022_00e4_d6e8_87d9, 0x401c_fbf1_7ad3_af1b, 0x3cf0_4d38_34ca_fac4, 0x3fd0_1632_7527_1bce,
                                0xbfd0_0682_1bbe_e260, 0x3fc5_7014_e157_b3b8, 0x3fc4_61a9_9137_a868]
        let parameters = [one.means[5], one.scales[7], one.centre[3], one.components[0], one.components[one.components.count - 1],
                          one.explainedVarianceRatio[0], one.explainedVarianceRatio[1]]
        #expect(parameters.map(\.bitPattern) == pinned)
        // Compared first: a failed expectation of the models would print every parameter.
        let twoParts = fits[1] == one, threeParts = fits[2] == one
        #expect(twoParts, "two parts fit another model")
        #expect(threeParts, "three parts fit another model")
    }

    @Test("the eigen-decomposition of a known matrix")
    func eigen() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1.
        let (values, vectors) = SymmetricEigen.decompose([2, 1, 1, 2], size: 2)
        #expect(abs(values[0] - 3) < 1e-12 && abs(values[1] - 1) < 1e-12)
        #expect(abs(abs(vectors[0]) - 0.5.squareRoot()) < 1e-12)
    }

    @Test("Householder and QL agree with Jacobi, and A·v = λ·v, on symmetric matrices of 1 to 40 rows")
    func tridiagonalAgreesWithJacobi() {
        var state: UInt64 = 16
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        for n in [1, 2, 3, 5, 8, 13, 21, 40] {
            // A covariance-like matrix: B·Bᵀ, with a repeated zero eigenvalue when n > 4.
            let width = min(n, 4 + n / 3)
            let b = (0..<(n * width)).map { _ in uniform() }
            var a = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in 0..<n { for k in 0..<width { a[i * n + j] += b[i * width + k] * b[j * width + k] } } }
            let (values, vectors) = SymmetricEigen.decomposeTridiagonal(a, size: n)
            let (jacobi, _) = SymmetricEigen.decompose(a, size: n)
            for (ours, theirs) in zip(values, jacobi) { #expect(abs(ours - theirs) <= 1e-12, "n = \(n)") }
            for rank in 0..<n {
                var length = 0.0
                for i in 0..<n {
                    var product = 0.0
                    for j in 0..<n { product += a[i * n + j] * vectors[rank * n + j] }
                    #expect(abs(product - values[rank] * vectors[rank * n + i]) <= 1e-12, "n = \(n), rank \(rank)")
                    length += vectors[rank * n + i] * vectors[rank * n + i]
                }
                #expect(abs(length - 1) <= 1e-12)
            }
        }
    }

    @Test("bad inputs: no rows, no columns, all constant, one column, NaN never trap")
    func badInputs() {
        #expect(PCAReconstruction(rows: 0, columns: 3) { _, _ in } == nil)
        #expect(PCAReconstruction(rows: 5, columns: 0) { _, _ in } == nil)
        #expect(PCAReconstruction(rows: 5, columns: 2) { _, values in values = [1, 2] } == nil)
        let one = PCAReconstruction(rows: 4, columns: 1) { index, values in values = [Double(index)] }
        #expect(one?.componentCount == 1)
        #expect(one.map { $0.error(of: [7]) } == 0)
        #expect(ReconstructionThresholds(chunkMeans: [1]) == nil)
        #expect(ReferenceErrorChunks(errors: [1, 2, 3]).thresholds(chunkSize: 2) == nil)
        let withNaN = PCAReconstruction(rows: 3, columns: 2) { index, values in values = [Double(index), index == 1 ? .nan : 1] }
        _ = withNaN?.error(of: [1, 1])
    }
}
