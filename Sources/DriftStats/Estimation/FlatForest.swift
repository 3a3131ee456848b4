/// Tree models on the same columns (`GradientBoostedTrees`) compiled into one array of small
/// nodes, so that rows' predictions from all of them take one pass, with the same results as
/// each model's `predict(row:)`, bit for bit: each model's sum is its base value plus its
/// trees' leaves, added in tree order.
///
/// Every node asks the same question: is bit `v` of its mask set? A row is read once into small
/// integers `v`, one per "slot": for a numeric column, its rank among the thresholds the trees
/// use on it (x ≤ threshold k exactly when the rank of x, the index of the first threshold ≥ x,
/// is ≤ k), cut into slots of 62 ranks (below a slot's ranks reads 0, above reads 62, NaN 63);
/// for a categorical column, the index of its code among the codes the trees send left (62 when
/// none). A numeric node's mask holds the ranks up to its threshold (and 63 when NaN goes left),
/// a categorical node's the codes that go left.
///
/// A tree's nodes are numbered breadth-first from its root (0), a node's children side by side,
/// and its leaves are nodes too, whose mask is empty and whose right child is themselves: a
/// walk of the tree's depth in steps, without a branch on the row, ends on the row's leaf
/// whatever its path's length. Rows are walked eight at a time through one tree
/// (`predict(rows:count:into:)`), which stays in the first-level cache while they go, so one
/// row's leaf is found while the others' nodes load, and the eight stop early once all are on
/// leaves; one row is walked through four trees at a time, which stop likewise.
///
/// `nil` (predict with the models themselves) when a categorical column has more than 62 codes
/// among its splits, a tree has more than 65,535 nodes and leaves, or the nodes do not fit the
/// compact form.
struct FlatForest: Sendable, Hashable {
    /// A node or a leaf: its children are indices in its tree (a leaf: mask 0, its right child
    /// itself).
    struct Node: Sendable, Hashable {
        var mask: UInt64
        /// Its right child; its left child follows it.
        var first: UInt16
        /// The slot it reads.
        var slot: UInt16
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
    /// Every tree's nodes and leaves, tree after tree; per node its leaf value (0 for a node).
    private let nodes: [Node]
    private let nodeValues: [Double]
    /// Per tree: where its nodes start, and its depth (the steps from its root to its deepest
    /// leaf).
    private let treeStart: [Int]
    private let treeDepth: [Int]
    /// Per model: its base value and its trees (a range of tree indices).
    private let baseValues: [Double]
    private let modelTrees: [Range<Int>]

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
            // A zero cut is +0, whichever zero the trees hold: the search's difference cut − x
            // would be −0 for a −0 cut and x = +0, which is not below it.
            let sorted = values[f].map { $0 == 0 ? 0 : $0 }.sorted()
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
        var nodeValues: [Double] = []
        var treeStart: [Int] = []
        var treeDepth: [Int] = []
        var baseValues: [Double] = []
        var modelTrees: [Range<Int>] = []
        // A model's node as the compact form's, or nil when it cannot be.
        func compiled(_ model: GradientBoostedTrees, node n: Int) -> (mask: UInt64, slot: Int)? {
            let f = Int(model.feature[n])
            let columnCuts = cuts[cutStart[f] ..< cutStart[f + 1]]
            var mask: UInt64 = 0
            var slot = firstSlot[f]
            if categorical[f] {
                // A categorical slot never reads 63 (`missing`): that bit marks the node as one,
                // not a leaf, even when no code goes left.
                mask = 1 << UInt64(Self.missing)
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
            return (mask, slot)
        }
        for model in models {
            let firstTree = treeStart.count
            for root in model.roots {
                // Numbered breadth-first from the root (0), a node's two children side by side:
                // its right child at `first`, its left at `first + 1`.
                let start = nodes.count
                var queue: [(child: Int32, depth: Int)] = [(root, 0)]
                nodes.append(Node(mask: 0, first: 0, slot: 0))
                nodeValues.append(0)
                var depth = 0
                var next = 0
                while next < queue.count {
                    let (child, level) = queue[next]
                    let local = next
                    next += 1
                    depth = max(depth, level)
                    if child >= 0 {
                        guard let (mask, slot) = compiled(model, node: Int(child)) else { return nil }
                        let first = nodes.count - start
                        guard first + 1 <= Int(UInt16.max) else { return nil }
                        nodes[start + local] = Node(mask: mask, first: UInt16(first), slot: UInt16(slot))
                        queue.append((model.right[Int(child)], level + 1))
                        queue.append((model.left[Int(child)], level + 1))
                        nodes.append(Node(mask: 0, first: 0, slot: 0))
                        nodes.append(Node(mask: 0, first: 0, slot: 0))
                        nodeValues.append(0)
                        nodeValues.append(0)
                    } else {
                        nodes[start + local] = Node(mask: 0, first: UInt16(local), slot: 0)
                        nodeValues[start + local] = model.leafValues[Int(~child)]
                    }
                }
                treeStart.append(start)
                treeDepth.append(depth)
            }
            baseValues.append(model.baseValue)
            modelTrees.append(firstTree ..< treeStart.count)
        }
        if slotColumn.isEmpty { slotColumn.append(0); slotFirstRank.append(0) }

        self.columnCount = columnCount
        self.categorical = categorical
        self.cutStart = cutStart
        self.cuts = cuts
        self.slotColumn = slotColumn
        self.slotFirstRank = slotFirstRank
        self.nodes = nodes
        self.nodeValues = nodeValues
        self.treeStart = treeStart
        self.treeDepth = treeDepth
        self.baseValues = baseValues
        self.modelTrees = modelTrees
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
                walkTrees(slots: UnsafePointer(slots.baseAddress!), into: predictions)
            }
        }
    }

    /// Each model's prediction for `count` rows of `columnCount` values, one after another in
    /// `rows`, into `predictions`: row r's prediction of model m at `r × modelCount + m`.
    func predict(rows: UnsafeBufferPointer<Double>, count: Int, into predictions: UnsafeMutableBufferPointer<Double>) {
        precondition(rows.count >= count * columnCount, "FlatForest: \(rows.count) values for \(count) rows of \(columnCount) columns")
        precondition(predictions.count >= count * modelCount, "FlatForest: \(predictions.count) places for \(count) rows of \(modelCount) models")
        guard count > 0 else { return }
        let stride = slotColumn.count
        withUnsafeTemporaryAllocation(of: Int.self, capacity: columnCount) { ranks in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * stride) { slots in
                for r in 0..<count {
                    read(row: UnsafeBufferPointer(rebasing: rows[r * columnCount ..< (r + 1) * columnCount]), ranks: ranks,
                         into: UnsafeMutableBufferPointer(rebasing: slots[r * stride ..< (r + 1) * stride]))
                }
                withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { sums in
                    for m in 0..<modelCount {
                        sums.initialize(repeating: baseValues[m])
                        walkRows(slots: UnsafePointer(slots.baseAddress!), stride: stride, count: count,
                                 trees: modelTrees[m], into: sums.baseAddress!)
                        for r in 0..<count { predictions[r * modelCount + m] = sums[r] }
                    }
                }
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
                        // The first cut ≥ x (NaN compares false with every cut: rank 0),
                        // halving without a branch on the comparison, which a row's values send
                        // either way at random. For a finite x, a cut (finite or infinite) is
                        // below x exactly when cut − x is negative (never −0: two different
                        // doubles differ by a subnormal at least, equal ones give +0, and no cut
                        // is −0), so the sign bit of the difference says how far to move. (Written as a
                        // comparison and a choice, the compiler made it a branch.) An infinite
                        // x, whose difference with an equal cut is NaN, compares.
                        var base = start
                        if x.isFinite {
                            while count > 1 {
                                let half = count &>> 1
                                let difference = cuts[base &+ half &- 1] - x
                                base &+= half & (Int(bitPattern: UInt(difference.bitPattern)) &>> 63)
                                count &-= half
                            }
                        } else if !x.isNaN {
                            while count > 1 {
                                let half = count &>> 1
                                if cuts[base &+ half &- 1] < x { base &+= half }
                                count &-= half
                            }
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

    /// One level down from node `at` of the tree at `tree`, for the row whose slots are at
    /// `slots`. Arithmetic rather than branches: which way a row goes cannot be predicted.
    @inline(__always)
    private static func step(_ tree: UnsafePointer<Node>, _ slots: UnsafePointer<UInt8>, _ at: Int) -> Int {
        let node = tree[at]
        return Int(node.first) &+ Int(truncatingIfNeeded: (node.mask &>> UInt64(slots[Int(node.slot)])) & 1)
    }

    /// Walks one row through every tree, four trees at a time, and adds each model's leaves in
    /// tree order.
    private func walkTrees(slots: UnsafePointer<UInt8>, into predictions: UnsafeMutableBufferPointer<Double>) {
        nodes.withUnsafeBufferPointer { nodes in
            nodeValues.withUnsafeBufferPointer { values in
                let node = nodes.baseAddress!
                for m in 0..<modelCount {
                    var sum = baseValues[m]
                    var t = modelTrees[m].lowerBound
                    let end = modelTrees[m].upperBound
                    while t + 4 <= end {
                        let a = node + treeStart[t], b = node + treeStart[t + 1]
                        let c = node + treeStart[t + 2], d = node + treeStart[t + 3]
                        var i = 0, j = 0, k = 0, l = 0
                        for level in 0 ..< max(max(treeDepth[t], treeDepth[t + 1]), max(treeDepth[t + 2], treeDepth[t + 3])) {
                            if level & 3 == 3, a[i].mask | b[j].mask | c[k].mask | d[l].mask == 0 { break }
                            i = Self.step(a, slots, i)
                            j = Self.step(b, slots, j)
                            k = Self.step(c, slots, k)
                            l = Self.step(d, slots, l)
                        }
                        sum += values[treeStart[t] + i]
                        sum += values[treeStart[t + 1] + j]
                        sum += values[treeStart[t + 2] + k]
                        sum += values[treeStart[t + 3] + l]
                        t += 4
                    }
                    while t < end {
                        let tree = node + treeStart[t]
                        var i = 0
                        for _ in 0 ..< treeDepth[t] { i = Self.step(tree, slots, i) }
                        sum += values[treeStart[t] + i]
                        t += 1
                    }
                    predictions[m] = sum
                }
            }
        }
    }

    /// Walks `count` rows (their slots `stride` apart) through `trees`, tree after tree, eight
    /// rows at a time, adding each row's leaf to its sum in `sums`.
    private func walkRows(slots: UnsafePointer<UInt8>, stride: Int, count: Int, trees: Range<Int>,
                          into sums: UnsafeMutablePointer<Double>) {
        nodes.withUnsafeBufferPointer { nodes in
            nodeValues.withUnsafeBufferPointer { values in
                for t in trees {
                    let tree = nodes.baseAddress! + treeStart[t]
                    let value = values.baseAddress! + treeStart[t]
                    let depth = treeDepth[t]
                    var r = 0
                    while r + 8 <= count {
                        let row = slots + r * stride
                        var i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0
                        for level in 0 ..< depth {
                            // Every row's leaf found (only a leaf's mask is empty: a numeric
                            // node's holds rank 0, a categorical one's bit 63): the rest of the
                            // walk would stay put.
                            if level & 3 == 3, tree[i0].mask | tree[i1].mask | tree[i2].mask | tree[i3].mask
                                | tree[i4].mask | tree[i5].mask | tree[i6].mask | tree[i7].mask == 0 { break }
                            i0 = Self.step(tree, row, i0)
                            i1 = Self.step(tree, row + stride, i1)
                            i2 = Self.step(tree, row + 2 * stride, i2)
                            i3 = Self.step(tree, row + 3 * stride, i3)
                            i4 = Self.step(tree, row + 4 * stride, i4)
                            i5 = Self.step(tree, row + 5 * stride, i5)
                            i6 = Self.step(tree, row + 6 * stride, i6)
                            i7 = Self.step(tree, row + 7 * stride, i7)
                        }
                        sums[r] += value[i0]
                        sums[r + 1] += value[i1]
                        sums[r + 2] += value[i2]
                        sums[r + 3] += value[i3]
                        sums[r + 4] += value[i4]
                        sums[r + 5] += value[i5]
                        sums[r + 6] += value[i6]
                        sums[r + 7] += value[i7]
                        r += 8
                    }
                    while r < count {
                        let row = slots + r * stride
                        var i = 0
                        for _ in 0 ..< depth { i = Self.step(tree, row, i) }
                        sums[r] += value[i]
                        r += 1
                    }
                }
            }
        }
    }
}
