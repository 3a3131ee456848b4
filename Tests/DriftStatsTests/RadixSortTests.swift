@testable import DriftStats
import Testing

/// The reference's sort (`RadixSort`) gives the array `Array.sort()` gives, bit for bit: the
/// same order, and +0 and -0 (equal to `<`) in the order they came in, as the standard
/// library's stable sort leaves them. The quantile grid, the minimum and every count are built
/// from that array.
@Suite struct RadixSortTests {
    static func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

    static func expectSortedAsTheStandardLibrary(_ values: [Double]) {
        var radix = values
        RadixSort.sortFinite(&radix)
        #expect(Self.bits(radix) == Self.bits(values.sorted()))
    }

    /// Values of every kind a reference holds: signed zeros among many ties, integers, prices,
    /// subnormals, the largest and smallest doubles, infinities, values that differ in their last
    /// bit only.
    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func randomValuesSortAsTheStandardLibrarySortsThem(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let specials: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude, -.leastNormalMagnitude,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, 1, 1.0.nextUp, 1.0.nextDown, -1,
        ]
        var values: [Double] = []
        for _ in 0..<20_000 {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: values.append(specials.randomElement(using: &random)!)
            case 1: values.append(Double(Int.random(in: -50...50, using: &random)))
            case 2: values.append((Double.random(in: 0..<10_000, using: &random) * 100).rounded() / 100)
            case 3: values.append(Double.random(in: -1e300...1e300, using: &random))
            case 4: values.append(Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &random) & ~(0x7FF << 52)))
            default: values.append(Bool.random(using: &random) ? 0 : -0.0)
            }
        }
        Self.expectSortedAsTheStandardLibrary(values)
        // A few: more than the radix passes need, and fewer (the standard library's sort).
        Self.expectSortedAsTheStandardLibrary(Array(values.prefix(600)))
        Self.expectSortedAsTheStandardLibrary(Array(values.prefix(300)))
    }

    @Test func zerosKeepTheirOrderAmongThemselves() {
        var values: [Double] = []
        for index in 0..<2_000 { values.append(index % 3 == 0 ? -0.0 : 0) }
        values += [-1, 1]
        var radix = values
        RadixSort.sortFinite(&radix)
        #expect(radix.first == -1 && radix.last == 1)
        let zeros = radix.dropFirst().dropLast().map { $0.sign == .minus }
        #expect(zeros == (0..<2_000).map { $0 % 3 == 0 })
    }

    @Test func sortedAndReversedAndEqualInputs() {
        let ascending = (0..<5_000).map { Double($0) * 0.37 - 900 }
        Self.expectSortedAsTheStandardLibrary(ascending)
        Self.expectSortedAsTheStandardLibrary(ascending.reversed())
        Self.expectSortedAsTheStandardLibrary(Array(repeating: 42.5, count: 3_000))
        Self.expectSortedAsTheStandardLibrary([])
        Self.expectSortedAsTheStandardLibrary([3, -0.0, 0, 1])
        // Passes skipped for digits all values share: whole numbers (three passes run, the
        // sorted array ending in the scratch buffer) and fractions of one binade (two).
        var random = SplitMix64(seed: 9)
        Self.expectSortedAsTheStandardLibrary((0..<1_000).map(Double.init).shuffled(using: &random))
        Self.expectSortedAsTheStandardLibrary((0..<3_000).map { 1 + Double($0) / 4096 }.shuffled(using: &random))
    }
}
