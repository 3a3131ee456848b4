@testable import DriftStats
import Foundation
import Testing

/// The reconstruction error sums each component's projection over the columns in column order
/// and takes the components off in component order, whatever SIMD lanes it uses: the same bits
/// as one sum at a time (the loop below, the error's formula as first written).
@Suite struct PCAErrorExactnessTests {
    /// The formula one number at a time.
    static func scalarError(_ row: [Double], means: [Double], scales: [Double], centre: [Double],
                            components: [Double], d: Int, k: Int) -> Double {
        var work = (0..<d).map { j in (row[j] - means[j]) / scales[j] - centre[j] }
        var projections = [Double](repeating: 0, count: k)
        for c in 0..<k {
            var t = 0.0
            for j in 0..<d { t += components[c * d + j] * work[j] }
            projections[c] = t
        }
        for c in 0..<k {
            for j in 0..<d { work[j] -= projections[c] * components[c * d + j] }
        }
        var sum = 0.0
        for j in 0..<d { sum += work[j] * work[j] }
        return sum.squareRoot()
    }

    /// A random model of d columns and k components, and the random numbers it was drawn from.
    struct Model {
        let d: Int, k: Int
        var random: SplitMix64
        var means: [Double] = [], scales: [Double] = [], centre: [Double] = [], components: [Double] = []

        init(d: Int, k: Int, seed: UInt64) {
            self.d = d
            self.k = k
            random = SplitMix64(seed: seed)
            for _ in 0..<d { means.append(uniform() * 10) }
            for _ in 0..<d { scales.append(0.5 + abs(uniform()) * 3) }
            for _ in 0..<d { centre.append(uniform() * 1e-3) }
            for _ in 0..<(k * d) { components.append(uniform()) }
        }

        mutating func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) * 2 - 1 }

        var packed: [Double] {
            PCAReconstruction.pack(means: means, scales: scales, centre: centre, components: components, columns: d, components: k)
        }

        func scalarError(_ row: [Double]) -> Double {
            PCAErrorExactnessTests.scalarError(row, means: means, scales: scales, centre: centre, components: components, d: d, k: k)
        }
    }

    @Test(arguments: [1, 7, 8, 9, 10, 16, 17, 33, 100], [1, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 53])
    func theSIMDErrorIsTheScalarErrorToTheBit(d: Int, k: Int) {
        var model = Model(d: d, k: k, seed: UInt64(d * 1000 + k))
        let packed = model.packed
        var scratch: [Double] = []
        for _ in 0..<50 {
            var row: [Double] = []
            for _ in 0..<d { row.append(model.uniform() * 100) }
            let expected = model.scalarError(row)
            let error = row.withUnsafeBufferPointer { row in
                packed.withUnsafeBufferPointer { packed in
                    PCAReconstruction.error(of: row, packed: packed, columns: d, components: k, scratch: &scratch)
                }
            }
            #expect(error.bitPattern == expected.bitPattern, "d \(d), k \(k): \(error) against \(expected)")
        }
    }

    @Test(arguments: [1, 7, 8, 9, 10, 17, 100], [1, 6, 8, 9, 17, 53])
    func rowsTwoAtATimeGiveEachRowsErrorToTheBit(d: Int, k: Int) {
        var model = Model(d: d, k: k, seed: UInt64(d * 7919 + k))
        let packed = model.packed
        var scratch: [Double] = []
        for count in [1, 2, 3, 5, 8] {
            var rows: [Double] = []
            for _ in 0..<(count * d) { rows.append(model.uniform() * 100) }
            var errors = [Double](repeating: -1, count: count)
            rows.withUnsafeBufferPointer { rows in
                packed.withUnsafeBufferPointer { packed in
                    errors.withUnsafeMutableBufferPointer { errors in
                        PCAReconstruction.errors(ofRows: rows, count: count, packed: packed, columns: d, components: k,
                                                 scratch: &scratch, into: errors)
                    }
                }
            }
            for row in 0..<count {
                let expected = model.scalarError(Array(rows[(row * d)..<(row * d + d)]))
                #expect(errors[row].bitPattern == expected.bitPattern,
                        "d \(d), k \(k), row \(row) of \(count): \(errors[row]) against \(expected)")
            }
        }
    }

    /// The covariance's products, eight cells of two matrix rows at a time: each cell the sum of
    /// its terms in row order, none for a z_j of 0 (a NaN or infinite z_l in such a row would
    /// otherwise make the cell NaN), as the loop one cell at a time adds them.
    @Test(arguments: [1, 2, 7, 8, 9, 16, 17, 33])
    func productsTwoMatrixRowsAtATimeAreTheScalarSumsToTheBit(d: Int) {
        var random = SplitMix64(seed: UInt64(d * 31 + 5))
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) * 2 - 1 }
        let rowCount = 600
        var rows = (0..<(rowCount * d)).map { _ in uniform() * 3 }
        // Zeros (skipped) beside an infinity (0 × ∞ would be NaN), and a row sampled out.
        for r in stride(from: 0, to: rowCount, by: 7) { rows[r * d + (r % d)] = 0 }
        if d > 1 { rows[3 * d] = 0; rows[3 * d + 1] = .infinity }
        let sampled = (0..<rowCount).filter { $0 % 5 != 4 }
        var expected = [Double](repeating: 0, count: d * d)
        for r in sampled {
            for j in 0..<d {
                let zj = rows[r * d + j]
                guard zj != 0 else { continue }
                for l in j..<d { expected[j * d + l] += zj * rows[r * d + l] }
            }
        }
        let dp = PCAReconstruction.lanes(d)
        var products = [Double](repeating: 0, count: d * dp)
        rows += repeatElement(0, count: 8)
        let pairs = (d + 1) / 2
        // Split as the cores would split it: the pairs in two parts.
        for part in [0..<(pairs / 2), (pairs / 2)..<pairs] {
            rows.withUnsafeBufferPointer { rows in
                sampled.withUnsafeBufferPointer { sampled in
                    products.withUnsafeMutableBufferPointer { products in
                        PCAReconstruction.addProducts(rows: rows.baseAddress!, sampled: sampled, columns: d, pairs: part,
                                                      into: products.baseAddress!)
                    }
                }
            }
        }
        for j in 0..<d {
            for l in j..<d {
                #expect(products[j * dp + l].bitPattern == expected[j * d + l].bitPattern,
                        "d \(d), cell (\(j), \(l)): \(products[j * dp + l]) against \(expected[j * d + l])")
            }
        }
    }

    /// Rows holding NaN, infinities and signed zeros, and one scratch array passed between models
    /// of other sizes and between the one-row and two-row kernels (its stale places are never
    /// read): each error the formula's, NaN where it gives NaN, the same bits otherwise.
    @Test func oddValuesAndAScratchSharedBetweenSizesGiveTheFormulasErrors() {
        var scratch: [Double] = []
        for (d, k) in [(100, 53), (7, 6), (17, 9), (1, 1), (33, 16)] {
            var model = Model(d: d, k: k, seed: UInt64(d * 13 + k))
            let packed = model.packed
            let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, 0, .leastNonzeroMagnitude]
            var rows: [Double] = []
            for row in 0..<6 {
                for column in 0..<d {
                    rows.append(column == row % d ? specials[row] : model.uniform() * 100)
                }
            }
            func same(_ error: Double, _ expected: Double) -> Bool {
                error.isNaN ? expected.isNaN : error.bitPattern == expected.bitPattern
            }
            var pairs = [Double](repeating: -1, count: 6)
            rows.withUnsafeBufferPointer { rows in
                packed.withUnsafeBufferPointer { packed in
                    pairs.withUnsafeMutableBufferPointer { pairs in
                        PCAReconstruction.errors(ofRows: rows, count: 6, packed: packed, columns: d, components: k,
                                                 scratch: &scratch, into: pairs)
                    }
                }
            }
            for row in 0..<6 {
                let values = Array(rows[(row * d)..<(row * d + d)])
                let expected = model.scalarError(values)
                let single = values.withUnsafeBufferPointer { values in
                    packed.withUnsafeBufferPointer { packed in
                        PCAReconstruction.error(of: values, packed: packed, columns: d, components: k, scratch: &scratch)
                    }
                }
                #expect(same(single, expected), "d \(d), k \(k), row \(row): \(single) against \(expected)")
                #expect(same(pairs[row], expected), "d \(d), k \(k), row \(row), two at a time: \(pairs[row]) against \(expected)")
            }
        }
    }
}
