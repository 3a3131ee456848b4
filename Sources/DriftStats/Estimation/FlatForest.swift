/// Tree models on the same columns (`GradientBoostedTrees`) compiled into one array of small
/// nodes, so that a row's predictions from all of them take one pass, with the same results as
/// each model's `predict(row:)`, bit for bit: each model's sum is its base value plus its
/// trees' leaves, added in tree order.
///
/// Every node asks the same question: is bit `v` of its mask set? A row is read once into small
/// integers `v`, one per "slot": for a numeric column, its rank among the thresholds the trees
/// use on it (x ≤ threshold k exactly when the rank of x, the index of the first threshold ≥ x,
/// is ≤ k), cut into slots of 62 ranks (below a slot's ranks reads 0, above reads 62, NaN 63);
/// for a categorical column, the index of its code among the codes the trees send left (62 when
/// none). A numeric node's mask holds the ranks up to its threshold (and 63 when NaN goes left),
/// a categorical node's the codes that go left. Trees are walked four at a time without
/// branching on the row, so one tree's leaf is found while the others' nodes load.
///
/// `nil` (predict with the models themselves) when a categorical column has more than 62 codes
/// among its splits, or the nodes do not fit the compact form.
struct FlatForest: Sendable, Hashable {
    /// A node: children are node indices, or `~leaf` (an index into `leafValues`).
    struct Node: Sendable, Hashable {
        var mask: UInt64
        var left: Int32
        var right: Int32
    }

    let columnCount: Int
    /// Per column: whether it holds category codes; where its cuts start in `cuts` (one more
    /// entry: the end); each column's thresholds or codes, ascending.
    private let categorical: [Bool]
    private let cutStart: [Int]
    private let cuts: [Double]
    /// Per slot: its column, and the first rank it holds.
    private let slotColumn: [Int32]
    private let slotFirstRank: [Int32]
    private let nodes: [Node]
    /// Per node: the slot it reads.
    private let nodeSlot: [UInt16]
    /// Per model: its base value and where its trees' roots are in `roots` (padded to fours
    /// with a leaf that is never added).
    private let baseValues: [Double]
    private let rootStart: [Int]
    private let treeCounts: [Int]
    private let roots: [Int32]
    private let leafValues: [Double]

    /// Codes a categorical slot holds, and a numeric slot's ranks.
    private static let slotWidth = 62
    private static let above: UInt8 = 62
    private static let missing: UInt8 = 63

    init?(models: [GradientBoostedTrees]) {
        guard let first = models.first, models.allSatisfy({ $0.columnCount == first.columnCount }) else { return nil }
        let columnCount = first.columnCount
        var categorical = [Bool](repeating: false, count: columnCount)
        var numeric = [Bool](repeating: false, count: columnCount)
        var values = [Set<Double>](repeating: [], count: columnCount)
        for model in models {
            for n in model.feature.indices {
                let f = Int(model.feature[n])
                guard f >= 0, f < columnCount else { return nil }
                if model.kind[n] == GradientBoostedTrees.categorical {
                    categorical[f] = true
                    for i in Int(model.codeStart[n]) ..< Int(model.codeEnd[n]) { values[f].insert(model.codes[i]) }
                } else {
                    numeric[f] = true
                    values[f].insert(model.threshold[n])
                }
            }
        }
        var cuts: [Double] = []
        var cutStart: [Int] = []
        var slotColumn: [Int32] = []
        var slotFirstRank: [Int32] = []
        var firstSlot: [Int] = []
        for f in 0..<columnCount {
            // A column both numeric and categorical, NaN among the cuts, or too many codes.
            if categorical[f] && (numeric[f] || values[f].count > Self.slotWidth) { return nil }
            if values[f].contains(where: \.isNaN) { return nil }
            cutStart.append(cuts.count)
            let sorted = values[f].sorted()
            cuts.append(contentsOf: sorted)
            firstSlot.append(slotColumn.count)
            let slots = categorical[f] ? 1 : max(1, (sorted.count + Self.slotWidth - 1) / Self.slotWidth)
            for s in 0..<slots {
                slotColumn.append(Int32(f))
                slotFirstRank.append(Int32(s * Self.slotWidth))
            }
        }
        cutStart.append(cuts.count)
        guard slotColumn.count <= Int(UInt16.max) else { return nil }

        var nodes: [Node] = []
        var nodeSlot: [UInt16] = []
        var baseValues: [Double] = []
        var rootStart: [Int] = []
        var treeCounts: [Int] = []
        var roots: [Int32] = []
        var leafValues: [Double] = []
        for model in models {
            guard nodes.count + model.feature.count < Int(Int32.max) / 2,
                  leafValues.count + model.leafValues.count < Int(Int32.max) / 2 else { return nil }
            let nodeBase = Int32(nodes.count)
            let leafBase = Int32(leafValues.count)
            func global(_ child: Int32) -> Int32 { child >= 0 ? nodeBase + child : ~(leafBase + ~child) }
            for n in model.feature.indices {
                let f = Int(model.feature[n])
                let columnCuts = cuts[cutStart[f] ..< cutStart[f + 1]]
                var mask: UInt64 = 0
                var slot = firstSlot[f]
                if categorical[f] {
                    for i in Int(model.codeStart[n]) ..< Int(model.codeEnd[n]) {
                        guard let k = columnCuts.firstIndex(of: model.codes[i]) else { return nil }
                        mask |= 1 << UInt64(k - columnCuts.startIndex)
                    }
                } else {
                    guard let found = columnCuts.firstIndex(of: model.threshold[n]) else { return nil }
                    let k = found - columnCuts.startIndex
                    slot += k / Self.slotWidth
                    mask = (1 << UInt64(k % Self.slotWidth + 1)) - 1
                    if model.kind[n] == GradientBoostedTrees.numericMissingLeft { mask |= 1 << UInt64(Self.missing) }
                }
                nodes.append(Node(mask: mask, left: global(model.left[n]), right: global(model.right[n])))
                nodeSlot.append(UInt16(slot))
            }
            baseValues.append(model.baseValue)
            rootStart.append(roots.count)
            treeCounts.append(model.roots.count)
            roots.append(contentsOf: model.roots.map(global))
            leafValues.append(contentsOf: model.leafValues)
        }
        // Padding: a leaf walked alongside a model's last trees, never added.
        let padding = ~Int32(leafValues.count)
        leafValues.append(0)
        var padded: [Int32] = []
        var paddedStart: [Int] = []
        for m in models.indices {
            paddedStart.append(padded.count)
            padded.append(contentsOf: roots[rootStart[m] ..< rootStart[m] + treeCounts[m]])
            while padded.count % 4 != 0 { padded.append(padding) }
        }
        if nodes.isEmpty { nodes.append(Node(mask: 0, left: padding, right: padding)); nodeSlot.append(0) }
        if slotColumn.isEmpty { slotColumn.append(0); slotFirstRank.append(0) }

        self.columnCount = columnCount
        self.categorical = categorical
        self.cutStart = cutStart
        self.cuts = cuts
        self.slotColumn = slotColumn
        self.slotFirstRank = slotFirstRank
        self.nodes = nodes
        self.nodeSlot = nodeSlot
        self.baseValues = baseValues
        self.rootStart = paddedStart
        self.treeCounts = treeCounts
        self.roots = padded
        self.leafValues = leafValues
    }

    /// Models compiled.
    var modelCount: Int { baseValues.count }

    /// Each model's prediction for one row of `columnCount` values, into `predictions` (one
    /// place per model).
    func predict(row: UnsafeBufferPointer<Double>, into predictions: UnsafeMutableBufferPointer<Double>) {
        precondition(row.count >= columnCount, "FlatForest: a row of \(row.count) values for \(columnCount) columns")
        precondition(predictions.count >= modelCount, "FlatForest: \(predictions.count) places for \(modelCount) models")
        withUnsafeTemporaryAllocation(of: Int.self, capacity: columnCount) { ranks in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: slotColumn.count) { slots in
                read(row: row, ranks: ranks, into: slots)
                walk(slots: UnsafeBufferPointer(slots), into: predictions)
            }
        }
    }

    /// The row's slots: each column's rank (−1 for a code the trees never send left, −2 for a
    /// numeric NaN), then each slot's value.
    @inline(__always)
    private func read(row: UnsafeBufferPointer<Double>, ranks: UnsafeMutableBufferPointer<Int>,
                      into slots: UnsafeMutableBufferPointer<UInt8>) {
        cuts.withUnsafeBufferPointer { cuts in
            cutStart.withUnsafeBufferPointer { cutStart in
                categorical.withUnsafeBufferPointer { categorical in
                    for f in 0..<columnCount {
                        let x = row[f]
                        let start = cutStart[f]
                        var count = cutStart[f + 1] - start
                        // The first cut ≥ x (branch-free halving; NaN compares false: rank 0).
                        var base = start
                        while count > 1 {
                            let half = count >> 1
                            base = cuts[base + half - 1] < x ? base + half : base
                            count -= half
                        }
                        var rank = base - start + (count == 1 && cuts[base] < x ? 1 : 0)
                        if categorical[f] {
                            let end = cutStart[f + 1]
                            if start + rank >= end || cuts[start + rank] != x { rank = -1 }
                        } else if x.isNaN {
                            rank = -2
                        }
                        ranks[f] = rank
                    }
                }
            }
        }
        slotColumn.withUnsafeBufferPointer { slotColumn in
            slotFirstRank.withUnsafeBufferPointer { slotFirstRank in
                for s in 0..<slotColumn.count {
                    let f = Int(slotColumn[s])
                    let rank = ranks[f]
                    let low = Int(slotFirstRank[s])
                    let value: UInt8
                    if rank == -2 {
                        value = Self.missing
                    } else if rank == -1 {
                        value = Self.above
                    } else if rank < low {
                        value = 0
                    } else if rank >= low + Self.slotWidth {
                        value = Self.above
                    } else {
                        value = UInt8(rank - low)
                    }
                    slots[s] = value
                }
            }
        }
    }

    /// Walks every tree to its leaf, four trees at a time, and adds each model's leaves in
    /// tree order.
    @inline(__always)
    private func walk(slots: UnsafeBufferPointer<UInt8>, into predictions: UnsafeMutableBufferPointer<Double>) {
        nodes.withUnsafeBufferPointer { nodes in
            nodeSlot.withUnsafeBufferPointer { nodeSlot in
                roots.withUnsafeBufferPointer { roots in
                    leafValues.withUnsafeBufferPointer { leafValues in
                        let node = nodes.baseAddress!
                        let slotOf = nodeSlot.baseAddress!
                        let value = slots.baseAddress!
                        // One level down; a leaf (negative) stays where it is. Arithmetic
                        // rather than branches: which way a row goes cannot be predicted.
                        @inline(__always) func step(_ at: Int32) -> Int32 {
                            let stay = at >> 31
                            let i = Int(at & ~stay)
                            let n = node[i]
                            let goesLeft = Int32(truncatingIfNeeded: (n.mask &>> UInt64(value[Int(slotOf[i])])) & 1)
                            let next = n.right ^ ((n.left ^ n.right) & (0 &- goesLeft))
                            return (at & stay) | (next & ~stay)
                        }
                        for m in 0..<baseValues.count {
                            var sum = baseValues[m]
                            let trees = treeCounts[m]
                            var t = 0
                            while t < trees {
                                let r = rootStart[m] + t
                                var a = roots[r], b = roots[r + 1], c = roots[r + 2], d = roots[r + 3]
                                while (a & b & c & d) >= 0 {
                                    a = step(a)
                                    b = step(b)
                                    c = step(c)
                                    d = step(d)
                                }
                                sum += leafValues[Int(~a)]
                                if t + 1 < trees { sum += leafValues[Int(~b)] }
                                if t + 2 < trees { sum += leafValues[Int(~c)] }
                                if t + 3 < trees { sum += leafValues[Int(~d)] }
                                t += 4
                            }
                            predictions[m] = sum
                        }
                    }
                }
            }
        }
    }
}
