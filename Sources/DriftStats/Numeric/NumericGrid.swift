/// The two grids of a numeric feature, fixed once from the reference (docs/statistics.md, "Numeric
/// features: the two reference grids").
///
/// - Coarse bins, for PSI and Jensen-Shannon: inner edges at the reference quantiles i / B,
///   repeated edges dropped; the outer bins are open, so there are `coarseEdges.count + 1` bins.
/// - Fine cells, for Kolmogorov-Smirnov and Wasserstein: edges at the quantiles i / G plus the
///   reference minimum and maximum, so values outside the reference's range land in the two outer
///   cells; there are `fineEdges.count + 1` cells. When the reference has at most G distinct
///   values, each of them is an edge too (so the test is exact on integer features); otherwise
///   the two outermost quantile cells get finer edges (``tailEdges(sortedReference:fineCells:)``,
///   about 140 more), so Wasserstein stays exact on heavy tails.
///
/// A value equal to an edge falls in the bin on its left (`bisect_left`): bin i is
/// (edge[i-1], edge[i]].
public struct NumericGrid: Sendable, Hashable {
    /// Inner edges of the coarse bins, strictly increasing.
    public let coarseEdges: [Double]
    /// Edges of the fine cells, strictly increasing; the first is the reference minimum and the
    /// last the reference maximum.
    public let fineEdges: [Double]
    /// Per fine cell, the coarse bin of every value in it, or -1 when a coarse edge lies strictly
    /// inside the cell (its values straddle two bins). Derived from the edges alone, so it takes
    /// no part in equality: counting a value then costs one search instead of two.
    @usableFromInline
    let coarseBinOfFineCell: [Int32]
    /// The last fine edge of each full block of ``fineBlockWidth`` edges: the index of
    /// ``fineCell(of:)``, derived from the edges alone like the table above.
    @usableFromInline
    let fineBlockLastEdges: [Double]

    /// A grid from explicit edges (both arrays strictly increasing).
    public init(coarseEdges: [Double], fineEdges: [Double]) {
        precondition(zip(coarseEdges, coarseEdges.dropFirst()).allSatisfy { $0 < $1 },
                     "NumericGrid: coarse edges must be strictly increasing")
        precondition(zip(fineEdges, fineEdges.dropFirst()).allSatisfy { $0 < $1 },
                     "NumericGrid: fine edges must be strictly increasing")
        self.coarseEdges = coarseEdges
        self.fineEdges = fineEdges
        coarseBinOfFineCell = Self.coarseBins(coarseEdges: coarseEdges, fineEdges: fineEdges)
        fineBlockLastEdges = Self.blockLastEdges(fineEdges)
    }

    /// The grids of a reference sample, sorted ascending, without NaN.
    ///
    /// - Parameters:
    ///   - sortedReference: the reference values in ascending order.
    ///   - coarseBins: B, the number of coarse bins before repeated edges are dropped (`drift.bins`).
    ///   - fineCells: G, the number of quantile cells of the fine grid.
    public init(sortedReference: [Double], coarseBins: Int = 10, fineCells: Int = 256) {
        precondition(coarseBins >= 1 && fineCells >= 1, "NumericGrid: bin counts must be at least 1")
        let coarse = Quantile.edges(sorted: sortedReference, cells: coarseBins)
        coarseEdges = coarse
        guard let minimum = sortedReference.first, let maximum = sortedReference.last else {
            fineEdges = []
            coarseBinOfFineCell = Self.coarseBins(coarseEdges: coarse, fineEdges: [])
            fineBlockLastEdges = []
            return
        }
        var candidates: [Double] = [minimum, maximum] + Quantile.edges(sorted: sortedReference, cells: fineCells)
        // A reference with at most G distinct values (an integer feature, a code) also gets each
        // value as an edge: the quantiles alone can fall between two values and leave a rare one
        // strictly inside a cell, and Kolmogorov-Smirnov is exact only for values on edges.
        var distinct: [Double] = []
        for value in sortedReference where distinct.last != value {
            distinct.append(value)
            if distinct.count > fineCells { break }
        }
        if distinct.count <= fineCells {
            candidates += distinct
        } else {
            candidates += Self.tailEdges(sortedReference: sortedReference, fineCells: fineCells)
        }
        candidates.sort()
        var fine: [Double] = []
        fine.reserveCapacity(candidates.count)
        for edge in candidates where fine.last != edge { fine.append(edge) }
        fineEdges = fine
        coarseBinOfFineCell = Self.coarseBins(coarseEdges: coarse, fineEdges: fine)
        fineBlockLastEdges = Self.blockLastEdges(fine)
    }

    /// Quantile levels 2^-j / G (and 1 − 2^-j / G), j = 1 ... this, added as edges in the two
    /// outermost quantile cells.
    public static let tailQuantileLevels = 8
    /// The geometric edges span the outermost this many quantile cells on each side.
    public static let tailQuantileCells = 4
    /// Times that span is split, in distance from the median, at the geometric mean of its
    /// ends: 2^6 = 64 cells on each side.
    public static let tailGeometricSplits = 6

    /// The finer edges of the tails (docs/statistics.md, "the two reference grids"): a heavy tail
    /// puts most of ∫|F_R − F_C| in the outermost quantile cells, the widest ones, where the two
    /// CDFs can cross unseen. This adds the quantiles at 2^-j / G and 1 − 2^-j / G, and, between
    /// q(1 − 4/G) and the maximum (and between the minimum and q(4/G)), edges spaced
    /// geometrically in distance from the median (each interval of distances split at its
    /// geometric mean, √a·√b, six times over; correctly rounded operations only, so NumPy
    /// writes the same bits). A fixed number of edges: memory
    /// stays bounded, and counting a value costs the same scan.
    static func tailEdges(sortedReference: [Double], fineCells: Int) -> [Double] {
        guard fineCells > 1, let minimum = sortedReference.first, let maximum = sortedReference.last,
              let median = Quantile.numpyLinear(sorted: sortedReference, q: 0.5),
              let lowQuantile = Quantile.numpyLinear(sorted: sortedReference, q: Double(tailQuantileCells) / Double(fineCells)),
              let highQuantile = Quantile.numpyLinear(sorted: sortedReference, q: 1 - Double(tailQuantileCells) / Double(fineCells))
        else { return [] }
        var edges: [Double] = []
        for j in 1...tailQuantileLevels {
            let level = 1 / Double(fineCells) / Double(1 << j)
            if let low = Quantile.numpyLinear(sorted: sortedReference, q: level) { edges.append(low) }
            if let high = Quantile.numpyLinear(sorted: sortedReference, q: 1 - level) { edges.append(high) }
        }
        edges += geometricEdges(median: median, from: lowQuantile, to: minimum, splits: tailGeometricSplits)
        edges += geometricEdges(median: median, from: highQuantile, to: maximum, splits: tailGeometricSplits)
        return edges
    }

    /// Edges between `inner` and `outer` (on the same side of the median, `outer` the farther)
    /// whose distances from the median split the distances of the two ends geometrically; none
    /// when `inner` is the median itself or `outer` is no farther.
    static func geometricEdges(median: Double, from inner: Double, to outer: Double, splits: Int) -> [Double] {
        let near = abs(inner - median)
        let far = abs(outer - median)
        guard near > 0, far > near, near.isFinite, far.isFinite else { return [] }
        var distances = [near, far]
        for _ in 0..<splits {
            var finer = [distances[0]]
            finer.reserveCapacity(distances.count * 2)
            for (a, b) in zip(distances, distances.dropFirst()) {
                finer.append(a.squareRoot() * b.squareRoot())
                finer.append(b)
            }
            distances = finer
        }
        let sign: Double = outer > median ? 1 : -1
        return distances.dropFirst().dropLast().map { median + sign * $0 }
    }

    /// Number of coarse bins: one more than the inner edges.
    public var coarseBinCount: Int { coarseEdges.count + 1 }
    /// Number of fine cells, the two outer cells included.
    public var fineCellCount: Int { fineEdges.count + 1 }

    /// A fine cell's inner edge, the one nearer the grid's middle: the upper edge in the lower
    /// half (and for the first, open cell), the lower edge above (and for the last): always a
    /// finite edge, so that the sum of a cell's distances from it is never negative (the metrics
    /// exposition's offsets, docs/fleet.md). `nil` without edges.
    public func innerEdge(ofFineCell cell: Int) -> (value: Double, isUpper: Bool)? {
        guard !fineEdges.isEmpty, cell >= 0, cell < fineCellCount else { return nil }
        return cell < fineCellCount / 2 || cell == 0 ? (fineEdges[cell], true) : (fineEdges[cell - 1], false)
    }

    /// The coarse bin of a value: the number of edges strictly below it (`bisect_left`).
    @inlinable
    public func coarseBin(of value: Double) -> Int { Self.bisectLeft(coarseEdges, value) }

    /// The fine cell of a value: the number of fine edges strictly below it (`bisect_left`).
    ///
    /// Counted in two short scans rather than searched: first the blocks of
    /// ``fineBlockWidth`` edges whose last edge is below the value, then the edges below it in
    /// the next block. The comparisons of a scan do not depend on each other, so a value costs
    /// two rounds of loads instead of log2(n) dependent ones; the count is the same number
    /// `bisect_left` finds, NaN included (no edge is below NaN: cell 0).
    @inlinable
    public func fineCell(of value: Double) -> Int {
        fineEdges.withUnsafeBufferPointer { edges in
            fineBlockLastEdges.withUnsafeBufferPointer { lastEdges in
                Self.countBelow(value, edges: edges, blockLastEdges: lastEdges)
            }
        }
    }

    /// Edges per block of the fine cell index.
    @usableFromInline
    static let fineBlockWidth = 16

    /// The number of `edges` (strictly increasing) below `value`, by blocks: a full block whose
    /// last edge is below the value lies wholly below it, and every block after the first one
    /// that does not lies wholly at or above it.
    @inlinable
    static func countBelow(
        _ value: Double, edges: UnsafeBufferPointer<Double>, blockLastEdges: UnsafeBufferPointer<Double>
    ) -> Int {
        var blocks = 0
        if blockLastEdges.count <= 2 * fineBlockWidth {
            var index = 0
            while index < blockLastEdges.count {
                blocks &+= blockLastEdges[index] < value ? 1 : 0
                index &+= 1
            }
        } else {
            blocks = bisectLeft(blockLastEdges, value)
        }
        let start = blocks &* fineBlockWidth
        let end = Swift.min(start &+ fineBlockWidth, edges.count)
        var below = start
        var index = start
        while index < end {
            below &+= edges[index] < value ? 1 : 0
            index &+= 1
        }
        return below
    }

    /// The last edge of each full block of ``fineBlockWidth`` edges.
    static func blockLastEdges(_ edges: [Double]) -> [Double] {
        stride(from: fineBlockWidth - 1, to: edges.count, by: fineBlockWidth).map { edges[$0] }
    }

    /// Where a value falls on the grids (``NumericPlacement``): found once for a record that
    /// counts in several slices on the same grids.
    @inlinable
    public func placement(of value: Double) -> NumericPlacement {
        let cell = fineCell(of: value)
        let bin = coarseBin(of: value, fineCell: cell)
        let isOnUpperEdge = fineEdges.withUnsafeBufferPointer { cell < $0.count && $0[cell] == value }
        return NumericPlacement(fineCell: Int32(truncatingIfNeeded: cell), coarseBin: Int32(truncatingIfNeeded: bin), isOnUpperEdge: isOnUpperEdge)
    }

    /// The coarse bin of a value whose fine cell is known: read from the cell when no coarse edge
    /// splits it, searched otherwise; always equal to ``coarseBin(of:)``.
    @inlinable
    public func coarseBin(of value: Double, fineCell cell: Int) -> Int {
        let bin = coarseBinOfFineCell.withUnsafeBufferPointer { $0[cell] }
        return bin >= 0 ? Int(bin) : Self.bisectLeft(coarseEdges, value)
    }

    /// Python's `bisect.bisect_left`: the first index whose edge is >= value.
    ///
    /// Branch-free halving (the comparison picks the next base with a conditional move), so a
    /// value costs log2(n) loads and no mispredicted branches whatever the data's order.
    @inlinable
    static func bisectLeft(_ edges: [Double], _ value: Double) -> Int {
        edges.withUnsafeBufferPointer { bisectLeft($0, value) }
    }

    /// `bisect_left` on a buffer of edges.
    @inlinable
    static func bisectLeft(_ buffer: UnsafeBufferPointer<Double>, _ value: Double) -> Int {
        var length = buffer.count
        guard length > 0, let start = buffer.baseAddress else { return 0 }
        var base = start
        while length > 1 {
            let half = length >> 1
            base = base[half] < value ? base + half : base
            length -= half
        }
        return (base - start) + (base[0] < value ? 1 : 0)
    }

    /// The table behind ``coarseBin(of:fineCell:)``: a fine cell (edge[c-1], edge[c]] holds values
    /// of one coarse bin exactly when no coarse edge lies strictly between its two edges; that bin
    /// is the number of coarse edges <= edge[c-1]. The outer cells are below every coarse edge
    /// (cell 0: values <= the reference minimum) or above them all (the last cell).
    static func coarseBins(coarseEdges: [Double], fineEdges: [Double]) -> [Int32] {
        var table = [Int32](repeating: -1, count: fineEdges.count + 1)
        guard let first = fineEdges.first, let last = fineEdges.last else {
            // One cell holding every value: it has one bin only when there are no coarse edges.
            table[0] = coarseEdges.isEmpty ? 0 : -1
            return table
        }
        // Cell 0 is (-inf, min]; a coarse edge below the minimum would split it.
        table[0] = coarseEdges.contains { $0 < first } ? -1 : 0
        table[fineEdges.count] = coarseEdges.contains { $0 > last } ? -1 : Int32(coarseEdges.count)
        var atOrBelow = 0
        for cell in fineEdges.indices.dropFirst() {
            let lower = fineEdges[cell - 1]
            let upper = fineEdges[cell]
            while atOrBelow < coarseEdges.count, coarseEdges[atOrBelow] <= lower { atOrBelow += 1 }
            let split = atOrBelow < coarseEdges.count && coarseEdges[atOrBelow] < upper
            table[cell] = split ? -1 : Int32(atOrBelow)
        }
        return table
    }
}

/// Where a value falls on a ``NumericGrid``: its fine cell, its coarse bin, and whether it is
/// its fine cell's upper edge (``NumericGrid/placement(of:)``).
public struct NumericPlacement: Sendable, Hashable {
    public var fineCell: Int32
    public var coarseBin: Int32
    public var isOnUpperEdge: Bool

    @inlinable
    public init(fineCell: Int32 = 0, coarseBin: Int32 = 0, isOnUpperEdge: Bool = false) {
        self.fineCell = fineCell
        self.coarseBin = coarseBin
        self.isOnUpperEdge = isOnUpperEdge
    }
}
