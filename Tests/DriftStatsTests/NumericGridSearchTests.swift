import Testing
@testable import DriftStats

/// The branch-free search, the fine cell counted by blocks and the coarse bin read from the fine
/// cell give exactly the bins of `bisect_left` on each grid, whether the coarse edges nest in the
/// fine ones or not.
struct NumericGridSearchTests {
    /// SplitMix64, so that every run draws the same values.
    struct Draws {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
        /// Uniform in [0, 1).
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    /// `bisect.bisect_left`, the plain way.
    static func plainBisectLeft(_ edges: [Double], _ value: Double) -> Int {
        var low = 0
        var high = edges.count
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    @Test("branch-free bisect_left equals the plain one", arguments: [0, 1, 2, 3, 7, 8, 9, 257, 300])
    func bisectLeftEqualsPlainSearch(edgeCount: Int) {
        let edges = (0..<edgeCount).map { Double($0) * 2 }
        // Every edge, every gap, and both sides of the range.
        for doubled in -3...(2 * edgeCount + 3) {
            let value = Double(doubled)
            #expect(NumericGrid.bisectLeft(edges, value) == Self.plainBisectLeft(edges, value), "value \(value)")
        }
    }

    @Test("the fine cell counted by blocks equals bisect_left, around every block boundary",
          arguments: [0, 1, 2, 15, 16, 17, 31, 32, 33, 258, 511, 512, 513, 527, 528, 529, 600, 1000])
    func fineCellByBlocksEqualsPlainSearch(edgeCount: Int) {
        var draws = Draws(state: UInt64(edgeCount) + 1)
        // Strictly increasing, unevenly spaced, crossing zero.
        var edges: [Double] = []
        var edge = -Double(edgeCount) / 3
        for _ in 0..<edgeCount {
            edges.append(edge)
            edge += 0.001 + draws.unit() * draws.unit() * 5
        }
        let grid = NumericGrid(coarseEdges: [], fineEdges: edges)
        #expect(grid.fineBlockLastEdges.count == edgeCount / NumericGrid.fineBlockWidth)
        var probes = edges + edges.map(\.nextUp) + edges.map(\.nextDown)
        probes += (0..<200).map { _ in (draws.unit() - 0.4) * Double(edgeCount + 1) * 3 }
        probes += [0, -0.0, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude]
        for value in probes {
            #expect(grid.fineCell(of: value) == Self.plainBisectLeft(edges, value), "value \(value)")
        }
        // No edge is below NaN, as bisect_left finds it.
        #expect(grid.fineCell(of: .nan) == 0)
        #expect(NumericGrid.bisectLeft(edges, .nan) == 0)
    }

    @Test func coarseBinTableOnHandMadeGrids() {
        // Coarse edges on fine edges: every cell has one bin.
        let nested = NumericGrid(coarseEdges: [2, 4], fineEdges: [1, 2, 3, 4, 5])
        #expect(nested.coarseBinOfFineCell == [0, 0, 1, 1, 2, 2])
        // A coarse edge inside (2, 3] splits that cell only.
        let split = NumericGrid(coarseEdges: [2.5], fineEdges: [1, 2, 3])
        #expect(split.coarseBinOfFineCell == [0, 0, -1, 1])
        #expect(split.coarseBin(of: 2.5, fineCell: 2) == 0)
        #expect(split.coarseBin(of: 2.75, fineCell: 2) == 1)
        // Coarse edges outside the fine range split the outer cells.
        let outside = NumericGrid(coarseEdges: [0, 9], fineEdges: [1, 2])
        #expect(outside.coarseBinOfFineCell == [-1, 1, -1])
        let empty = NumericGrid(coarseEdges: [], fineEdges: [])
        #expect(empty.coarseBinOfFineCell == [0])
        #expect(empty.coarseBin(of: 3, fineCell: 0) == 0)
    }

    @Test("the coarse bin from the fine cell equals bisect_left on the coarse edges",
          arguments: [(10, 256), (10, 250), (8, 256), (4, 16), (7, 3)])
    func coarseBinFromFineCell(coarseBins: Int, fineCells: Int) {
        var draws = Draws(state: UInt64(coarseBins * 1000 + fineCells))
        // A skewed continuous sample and a discrete one (every value an edge).
        let continuous = (0..<5000).map { _ in -draws.unit().squareRoot() * 100 + 20 }
        let discrete = (0..<5000).map { _ in Double(draws.next() % 40) }
        for sample in [continuous, discrete] {
            let grid = NumericGrid(sortedReference: sample.sorted(), coarseBins: coarseBins, fineCells: fineCells)
            var probes = sample + grid.fineEdges + grid.coarseEdges
            probes += probes.map { $0.nextUp } + probes.map { $0.nextDown } + [-1e9, 1e9]
            for value in probes {
                let cell = grid.fineCell(of: value)
                #expect(cell == Self.plainBisectLeft(grid.fineEdges, value))
                #expect(grid.coarseBin(of: value, fineCell: cell) == Self.plainBisectLeft(grid.coarseEdges, value),
                        "value \(value)")
            }
        }
    }

    @Test func countsOfASortedSampleEqualCountsRecordedOneByOne() {
        var draws = Draws(state: 42)
        var values = (0..<3000).map { _ in (draws.unit() * 50).rounded() / 4 }
        values.sort()
        let grid = NumericGrid(sortedReference: values, coarseBins: 10, fineCells: 64)
        var oneByOne = NumericCounts(grid: grid)
        for value in values { oneByOne.record(value) }
        let walked = NumericCounts(grid: grid, sortedValues: values)
        // Equality covers every array and the running mean and variance, bit for bit.
        #expect(walked == oneByOne)
        #expect(walked.fineUpperEdgeCounts.reduce(0, +) == 3000)
    }

    @Test func referenceFromFiniteValuesEqualsReferenceFromAnySequence() {
        var draws = Draws(state: 7)
        let values = (0..<2000).map { _ in draws.unit() * 3 - 1 }
        let filtered = NumericReference(values: values + [.nan, .infinity], coarseBins: 10, fineCells: 256)
        let direct = NumericReference(finiteValues: values, coarseBins: 10, fineCells: 256)
        #expect(filtered.grid == direct.grid)
        #expect(filtered.counts == direct.counts)
        #expect(direct.count == 2000)
    }
}
