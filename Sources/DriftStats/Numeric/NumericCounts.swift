/// The counts of one numeric feature in one bucket (or window, segment, reference): everything
/// the drift metrics of docs/statistics.md need, updated in O(log bins) per value and mergeable.
///
/// Per fine cell it keeps the count, the sum of the values (for the exact Wasserstein integral)
/// and the count of values equal to the cell's upper edge (so the Kolmogorov-Smirnov statistic is
/// exact at the edges and its error bound counts only the mass strictly inside a cell).
public struct NumericCounts: Sendable, Equatable {
    /// The grids the values are counted on; counts on different grids cannot be merged.
    public let grid: NumericGrid
    /// Values per coarse bin.
    public private(set) var coarseCounts: [Int]
    /// What one fine cell holds. The three side by side: a value counted writes one place
    /// (one cache line, one array), not one in each of three arrays.
    public struct Cell: Sendable, Hashable {
        /// Values in the cell.
        public var count = 0
        /// Their sum.
        public var sum = 0.0
        /// Those equal to the cell's upper edge (always 0 for the last, open cell).
        public var upperEdgeCount = 0
    }
    /// Per fine cell, its values' count, sum and count on the upper edge.
    public private(set) var cells: [Cell]
    /// Values per fine cell.
    public var fineCounts: [Int] { cells.map(\.count) }
    /// Sum of the values in each fine cell.
    public var fineSums: [Double] { cells.map(\.sum) }
    /// Values equal to the upper edge of each fine cell (always 0 for the last, open cell).
    public var fineUpperEdgeCounts: [Int] { cells.map(\.upperEdgeCount) }
    /// Number of values counted (missing values are not counted here).
    public private(set) var count: Int = 0
    /// Smallest value counted; `+infinity` when empty.
    public private(set) var minimum: Double = .infinity
    /// Largest value counted; `-infinity` when empty.
    public private(set) var maximum: Double = -.infinity
    /// Running mean (Welford), for the standard deviation.
    public private(set) var mean: Double = 0
    /// Running sum of squared deviations from the mean (Welford / Chan et al. when merging).
    public private(set) var sumOfSquaredDeviations: Double = 0

    /// Empty counts on a grid.
    public init(grid: NumericGrid) {
        self.grid = grid
        coarseCounts = Array(repeating: 0, count: grid.coarseBinCount)
        cells = Array(repeating: Cell(), count: grid.fineCellCount)
    }

    /// Counts known only as totals per bin and cell (a fleet's, summed by Prometheus): every
    /// count the drift measures read, none of the moments (the mean is the cells' sum over the
    /// count when the cells are known, the spread 0, the extremes unknown: ±infinity).
    /// `fineCounts` empty: the coarse bins only (KS and Wasserstein then have nothing to read).
    public init(grid: NumericGrid, coarseCounts: [Int], fineCounts: [Int], fineSums: [Double], fineUpperEdgeCounts: [Int]) {
        self.init(grid: grid)
        for (index, value) in coarseCounts.enumerated() where index < self.coarseCounts.count { self.coarseCounts[index] = value }
        for (index, value) in fineCounts.enumerated() where index < cells.count { cells[index].count = value }
        for (index, value) in fineSums.enumerated() where index < cells.count { cells[index].sum = value }
        for (index, value) in fineUpperEdgeCounts.enumerated() where index < cells.count {
            cells[index].upperEdgeCount = value
        }
        count = self.coarseCounts.reduce(0, +)
        let fineTotal = cells.reduce(0) { $0 + $1.count }
        if fineTotal > 0 { mean = cells.reduce(0.0) { $0 + $1.sum } / Double(fineTotal) }
    }

    /// Counts a value. NaN and infinities are not binned (they are data-quality counts, kept by
    /// the caller); the result says whether the value was counted.
    @discardableResult
    public mutating func record(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        let cell = grid.fineCell(of: value)
        // The coarse bin read from the fine cell inline: a call here stalls the count's update.
        let tableBin = grid.coarseBinOfFineCell.withUnsafeBufferPointer { $0[cell] }
        let bin = tableBin >= 0 ? Int(tableBin) : NumericGrid.bisectLeft(grid.coarseEdges, value)
        add(value, fineCell: cell, coarseBin: bin, isOnUpperEdge: cell < grid.fineEdges.count && grid.fineEdges[cell] == value)
        return true
    }

    /// Counts a value whose place on these counts' grid is known (``NumericGrid/placement(of:)``
    /// on the same grid): the same as ``record(_:)``, without searching the grid again.
    @discardableResult
    public mutating func record(_ value: Double, at placement: NumericPlacement) -> Bool {
        guard value.isFinite else { return false }
        assert(grid.placement(of: value) == placement, "a placement on another grid")
        let cell = Int(placement.fineCell)
        let bin = Int(placement.coarseBin)
        guard cell >= 0, cell < cells.count, bin >= 0, bin < coarseCounts.count else { return record(value) }
        add(value, fineCell: cell, coarseBin: bin, isOnUpperEdge: placement.isOnUpperEdge)
        return true
    }

    /// Counts a finite value whose cell and bin are known.
    @inline(__always)
    private mutating func add(_ value: Double, fineCell cell: Int, coarseBin bin: Int, isOnUpperEdge: Bool) {
        coarseCounts[bin] += 1
        // One uniqueness check and one bounds check for the three.
        cells.withUnsafeMutableBufferPointer { cells in
            precondition(UInt(bitPattern: cell) < UInt(cells.count), "NumericCounts: a fine cell off the grid")
            cells[cell].count += 1
            cells[cell].sum += value
            if isOnUpperEdge { cells[cell].upperEdgeCount += 1 }
        }
        count += 1
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        let delta = value - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (value - mean)
    }

    /// The counts of a sample sorted ascending (NaN-free), equal to recording its values one by
    /// one in that order: the bins are found by walking the edges alongside the values instead of
    /// searching for each value.
    public init(grid: NumericGrid, sortedValues: [Double]) {
        self.init(grid: grid)
        let fineEdges = grid.fineEdges
        let coarseEdges = grid.coarseEdges
        var cell = 0
        var bin = 0
        for value in sortedValues where value.isFinite {
            // bisect_left of an ascending sequence only moves right.
            while cell < fineEdges.count, fineEdges[cell] < value { cell += 1 }
            while bin < coarseEdges.count, coarseEdges[bin] < value { bin += 1 }
            add(value, fineCell: cell, coarseBin: bin, isOnUpperEdge: cell < fineEdges.count && fineEdges[cell] == value)
        }
    }

    /// Adds the counts of another bucket on the same grid.
    public mutating func merge(_ other: NumericCounts) {
        precondition(grid == other.grid, "NumericCounts: cannot merge counts made on different grids")
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        // Element by element, as a loop over the indices would, but one pass per array over
        // its buffer without bounds or uniqueness checks in the loop, which the compiler can
        // vectorise: a bucket's end merges every slice's counts of every numeric feature.
        Self.add(other.coarseCounts, to: &coarseCounts)
        cells.withUnsafeMutableBufferPointer { mine in
            other.cells.withUnsafeBufferPointer { theirs in
                for i in 0..<Swift.min(mine.count, theirs.count) {
                    mine[i].count &+= theirs[i].count
                    mine[i].sum += theirs[i].sum
                    mine[i].upperEdgeCount &+= theirs[i].upperEdgeCount
                }
            }
        }
        let total = count + other.count
        let delta = other.mean - mean
        mean += delta * Double(other.count) / Double(total)
        sumOfSquaredDeviations += other.sumOfSquaredDeviations
            + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    private static func add(_ theirs: [Int], to mine: inout [Int]) {
        mine.withUnsafeMutableBufferPointer { mine in
            theirs.withUnsafeBufferPointer { theirs in
                for i in 0..<Swift.min(mine.count, theirs.count) { mine[i] &+= theirs[i] }
            }
        }
    }

    /// The counts of both buckets.
    public func merged(with other: NumericCounts) -> NumericCounts {
        var result = self
        result.merge(other)
        return result
    }

    /// The counts of both buckets.
    public static func + (lhs: NumericCounts, rhs: NumericCounts) -> NumericCounts {
        lhs.merged(with: rhs)
    }

    /// Population standard deviation (ddof 0, as `np.std`); `nil` when empty.
    public var standardDeviation: Double? {
        count > 0 ? (Swift.max(sumOfSquaredDeviations, 0) / Double(count)).squareRoot() : nil
    }

    /// Share of the values in each coarse bin; `nil` when empty.
    public var coarseProportions: [Double]? {
        guard count > 0 else { return nil }
        let total = Double(count)
        return coarseCounts.map { Double($0) / total }
    }

    /// The empirical CDF at each fine edge: the exact fraction of values <= edge; `nil` when empty.
    public var cumulativeFractionsAtFineEdges: [Double]? {
        guard count > 0 else { return nil }
        let total = Double(count)
        var running = 0
        return grid.fineEdges.indices.map { i in
            running += cells[i].count
            return Double(running) / total
        }
    }
}

extension NumericCounts: Recyclable {
    /// Every value counted adds to `count` (merges too), so none means the arrays are zero.
    public var isClear: Bool { count == 0 }

    public mutating func clear() {
        guard !isClear else { return }
        Recycling.zero(&coarseCounts)
        cells.withUnsafeMutableBufferPointer { $0.update(repeating: Cell()) }
        count = 0
        minimum = .infinity
        maximum = -.infinity
        mean = 0
        sumOfSquaredDeviations = 0
    }
}
