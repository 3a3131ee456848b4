/// The two grids of a numeric feature, fixed once from the reference (statistics.md, "Numeric
/// features: the two reference grids").
///
/// - Coarse bins, for PSI and Jensen-Shannon: inner edges at the reference quantiles i / B,
///   repeated edges dropped; the outer bins are open, so there are `coarseEdges.count + 1` bins.
/// - Fine cells, for Kolmogorov-Smirnov and Wasserstein: edges at the quantiles i / G plus the
///   reference minimum and maximum, so values outside the reference's range land in the two outer
///   cells; there are `fineEdges.count + 1` cells. When the reference has at most G distinct
///   values, each of them is an edge too (so the test is exact on integer features).
///
/// A value equal to an edge falls in the bin on its left (`bisect_left`): bin i is
/// (edge[i-1], edge[i]].
public struct NumericGrid: Sendable, Hashable {
    /// Inner edges of the coarse bins, strictly increasing.
    public let coarseEdges: [Double]
    /// Edges of the fine cells, strictly increasing; the first is the reference minimum and the
    /// last the reference maximum.
    public let fineEdges: [Double]

    /// A grid from explicit edges (both arrays strictly increasing).
    public init(coarseEdges: [Double], fineEdges: [Double]) {
        precondition(zip(coarseEdges, coarseEdges.dropFirst()).allSatisfy { $0 < $1 },
                     "NumericGrid: coarse edges must be strictly increasing")
        precondition(zip(fineEdges, fineEdges.dropFirst()).allSatisfy { $0 < $1 },
                     "NumericGrid: fine edges must be strictly increasing")
        self.coarseEdges = coarseEdges
        self.fineEdges = fineEdges
    }

    /// The grids of a reference sample, sorted ascending, without NaN.
    ///
    /// - Parameters:
    ///   - sortedReference: the reference values in ascending order.
    ///   - coarseBins: B, the number of coarse bins before repeated edges are dropped (`drift.bins`).
    ///   - fineCells: G, the number of quantile cells of the fine grid.
    public init(sortedReference: [Double], coarseBins: Int = 10, fineCells: Int = 256) {
        precondition(coarseBins >= 1 && fineCells >= 1, "NumericGrid: bin counts must be at least 1")
        coarseEdges = Quantile.edges(sorted: sortedReference, cells: coarseBins)
        guard let minimum = sortedReference.first, let maximum = sortedReference.last else {
            fineEdges = []
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
        if distinct.count <= fineCells { candidates += distinct }
        candidates.sort()
        var fine: [Double] = []
        fine.reserveCapacity(candidates.count)
        for edge in candidates where fine.last != edge { fine.append(edge) }
        fineEdges = fine
    }

    /// Number of coarse bins: one more than the inner edges.
    public var coarseBinCount: Int { coarseEdges.count + 1 }
    /// Number of fine cells, the two outer cells included.
    public var fineCellCount: Int { fineEdges.count + 1 }

    /// The coarse bin of a value: the number of edges strictly below it (`bisect_left`).
    @inlinable
    public func coarseBin(of value: Double) -> Int { Self.bisectLeft(coarseEdges, value) }

    /// The fine cell of a value: the number of fine edges strictly below it (`bisect_left`).
    @inlinable
    public func fineCell(of value: Double) -> Int { Self.bisectLeft(fineEdges, value) }

    /// Python's `bisect.bisect_left`: the first index whose edge is >= value.
    @inlinable
    static func bisectLeft(_ edges: [Double], _ value: Double) -> Int {
        edges.withUnsafeBufferPointer { buffer in
            var low = 0
            var high = buffer.count
            while low < high {
                let middle = (low + high) >> 1
                if buffer[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }
}
