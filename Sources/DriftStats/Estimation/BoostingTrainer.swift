/// The fitting of `GradientBoostedTrees` on binned rows (squared loss: the gradient of a row is
/// its current prediction minus its target, its hessian 1, so a leaf's sums of hessians are its
/// row counts).
///
/// Per tree: the rows of each leaf sit in one range of a permutation of the rows; a leaf's
/// histogram holds, per bin of every column, the sum of gradients and the count of its rows.
/// Splitting a leaf partitions its range, builds the histogram of the smaller child from its
/// rows and takes the larger child's as the parent's minus the smaller's (LightGBM's
/// subtraction). The gain of a split is G_L²/(n_L + λ) + G_R²/(n_R + λ) − G²/n, with λ = 0
/// except for ordered categorical splits (λ = `categoricalL2`), and a leaf's value is
/// −G/(n + λ) times the learning rate.
enum BoostingTrainer {
    /// The best split found for a leaf; `gain > 0` when there is one.
    struct Split {
        var gain = 0.0
        var feature = -1
        /// Numeric: the last bin sent left.
        var bin = 0
        var missingLeft = false
        /// Categorical: the bins sent left.
        var categoryBins: [Int] = []
        var leftGradient = 0.0
        var leftCount = 0.0
        /// λ of both children's values.
        var l2 = 0.0
    }

    static func fit(_ data: BinnedRows, targets: [Double], settings: BoostingSettings) -> GradientBoostedTrees {
        let s = settings.clamped
        let n = data.rowCount
        let columnCount = data.columnCount
        precondition(targets.count == n, "BoostingTrainer: \(targets.count) targets for \(n) rows")
        var total = CompensatedSum()
        for target in targets { total.add(target) }
        let base = n > 0 ? total.value / Double(n) : 0

        var roots: [Int32] = []
        var feature: [Int32] = []
        var kind: [UInt8] = []
        var threshold: [Double] = []
        var leftChild: [Int32] = []
        var rightChild: [Int32] = []
        var codeStart: [Int32] = []
        var codeEnd: [Int32] = []
        var codes: [Double] = []
        var leafValues: [Double] = []

        if n > 0 && s.trees > 0 && n >= 2 * s.minSamplesPerLeaf {
            let totalBins = data.offsets[columnCount]
            let histogramSize = 2 * totalBins
            let maxLeaves = s.maxLeaves
            let score = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let gradient = UnsafeMutablePointer<Double>.allocate(capacity: n)
            let order = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            let scratch = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            let histograms = UnsafeMutablePointer<Double>.allocate(capacity: histogramSize * maxLeaves)
            defer {
                score.deallocate()
                gradient.deallocate()
                order.deallocate()
                scratch.deallocate()
                histograms.deallocate()
            }
            score.initialize(repeating: base, count: n)

            // Per leaf of the tree being grown.
            var start = [Int](repeating: 0, count: maxLeaves)
            var count = [Int](repeating: 0, count: maxLeaves)
            var sumGradient = [Double](repeating: 0, count: maxLeaves)
            var leafL2 = [Double](repeating: 0, count: maxLeaves)
            var best = [Split](repeating: Split(), count: maxLeaves)
            // The node whose child the leaf is (-1 for the root) and on which side.
            var parent = [Int](repeating: -1, count: maxLeaves)
            var parentLeftSide = [Bool](repeating: false, count: maxLeaves)
            var leftMask = [Bool](repeating: false, count: 256)

            data.bins.withUnsafeBufferPointer { binsBuffer in
                let bins = binsBuffer.baseAddress!
                let offsets = data.offsets
                let columns = data.columns

                func buildHistogram(_ leaf: Int) {
                    let h = histograms + leaf * histogramSize
                    h.update(repeating: 0, count: histogramSize)
                    offsets.withUnsafeBufferPointer { off in
                        for k in start[leaf] ..< start[leaf] + count[leaf] {
                            let r = Int(order[k])
                            let g = gradient[r]
                            let rowBins = bins + r * columnCount
                            for f in 0 ..< columnCount {
                                let b = 2 * (off[f] + Int(rowBins[f]))
                                h[b] += g
                                h[b + 1] += 1
                            }
                        }
                    }
                }

                func findSplit(_ leaf: Int) -> Split {
                    var split = Split()
                    let rows = Double(count[leaf])
                    let minLeaf = Double(s.minSamplesPerLeaf)
                    guard rows >= 2 * minLeaf else { return split }
                    let g = sumGradient[leaf]
                    let parentScore = g * g / rows
                    let h = histograms + leaf * histogramSize
                    for f in 0 ..< columnCount {
                        let column = columns[f]
                        let base = 2 * offsets[f]
                        if !column.categorical {
                            let valueBins = column.valueBinCount
                            var missingGradient = 0.0
                            var missingCount = 0.0
                            if let m = column.missingBin {
                                missingGradient = h[base + 2 * m]
                                missingCount = h[base + 2 * m + 1]
                            }
                            for pass in 0 ..< (missingCount > 0 ? 2 : 1) {
                                let missingLeft = pass == 1
                                var gl = missingLeft ? missingGradient : 0
                                var cl = missingLeft ? missingCount : 0
                                // With NaN on the right, all values against NaN is a split too.
                                let lastBin = missingCount > 0 && !missingLeft ? valueBins - 1 : valueBins - 2
                                if lastBin < 0 { continue }
                                // The pass's best kept in scalars and made a `Split` once: assigned
                                // in the loop, the struct went through memory at every bin.
                                var bestGain = split.gain
                                var bestBin = -1
                                var bestLeftGradient = 0.0
                                var bestLeftCount = 0.0
                                for b in 0 ... lastBin {
                                    let binGradient = h[base + 2 * b]
                                    let binCount = h[base + 2 * b + 1]
                                    // An empty bin after the first leaves both sums as the bin
                                    // before left them: the same gain, never a better one (most
                                    // bins of a small leaf). A bin derived by subtraction can hold
                                    // a gradient's rounding with no row: it is still evaluated.
                                    if b > 0, binCount == 0, binGradient == 0 { continue }
                                    gl += binGradient
                                    cl += binCount
                                    if cl < minLeaf { continue }
                                    let cr = rows - cl
                                    if cr < minLeaf { break }
                                    let gr = g - gl
                                    let gain = gl * gl / cl + gr * gr / cr - parentScore
                                    if gain > bestGain {
                                        bestGain = gain
                                        bestBin = b
                                        bestLeftGradient = gl
                                        bestLeftCount = cl
                                    }
                                }
                                if bestBin >= 0 {
                                    split = Split(gain: bestGain, feature: f, bin: bestBin, missingLeft: missingLeft,
                                                  leftGradient: bestLeftGradient, leftCount: bestLeftCount, l2: 0)
                                }
                            }
                        } else {
                            let categories = column.codes.count
                            if categories + (column.hasOtherRows ? 1 : 0) <= s.maxOneHotCategories {
                                for c in 0 ..< categories {
                                    let gl = h[base + 2 * c]
                                    let cl = h[base + 2 * c + 1]
                                    let cr = rows - cl
                                    if cl < minLeaf || cr < minLeaf { continue }
                                    let gr = g - gl
                                    let gain = gl * gl / cl + gr * gr / cr - parentScore
                                    if gain > split.gain {
                                        split = Split(gain: gain, feature: f, categoryBins: [c],
                                                      leftGradient: gl, leftCount: cl, l2: 0)
                                    }
                                }
                            } else {
                                let smoothing = s.categoricalSmoothing
                                let l2 = s.categoricalL2
                                var used: [Int] = []
                                for c in 0 ..< categories where h[base + 2 * c + 1] >= max(smoothing, 1) {
                                    used.append(c)
                                }
                                // Each category's ratio worked out once, not twice in every comparison.
                                var keyed = used.map { (ratio: h[base + 2 * $0] / (h[base + 2 * $0 + 1] + smoothing), code: $0) }
                                keyed.sort { $0.ratio != $1.ratio ? $0.ratio < $1.ratio : $0.code < $1.code }
                                for i in keyed.indices { used[i] = keyed[i].code }
                                let maxCategories = min(s.maxCategoriesPerSplit, (used.count + 1) / 2)
                                let minGroup = Double(s.minSamplesPerCategoryGroup)
                                for pass in 0 ..< 2 {
                                    let forward = pass == 0
                                    var gl = 0.0
                                    var cl = 0.0
                                    var group = 0.0
                                    for i in 0 ..< min(used.count, maxCategories) {
                                        let c = used[forward ? i : used.count - 1 - i]
                                        gl += h[base + 2 * c]
                                        cl += h[base + 2 * c + 1]
                                        group += h[base + 2 * c + 1]
                                        if cl < minLeaf { continue }
                                        let cr = rows - cl
                                        if cr < minLeaf || cr < minGroup { break }
                                        if group < minGroup { continue }
                                        group = 0
                                        let gr = g - gl
                                        let gain = gl * gl / (cl + l2) + gr * gr / (cr + l2) - parentScore
                                        if gain > split.gain {
                                            let chosen = forward ? Array(used[0 ... i]) : Array(used[(used.count - 1 - i)...])
                                            split = Split(gain: gain, feature: f, categoryBins: chosen,
                                                          leftGradient: gl, leftCount: cl, l2: l2)
                                        }
                                    }
                                }
                            }
                        }
                    }
                    return split
                }

                for _ in 0 ..< s.trees {
                    var rootGradient = CompensatedSum()
                    for i in 0 ..< n {
                        gradient[i] = score[i] - targets[i]
                        rootGradient.add(gradient[i])
                        order[i] = Int32(i)
                    }
                    start[0] = 0
                    count[0] = n
                    sumGradient[0] = rootGradient.value
                    leafL2[0] = 0
                    parent[0] = -1
                    buildHistogram(0)
                    best[0] = findSplit(0)
                    var leaves = 1
                    // Nodes of this tree; children are local nodes or ~(local leaf).
                    var nodeFeature: [Int32] = []
                    var nodeKind: [UInt8] = []
                    var nodeThreshold: [Double] = []
                    var nodeLeft: [Int32] = []
                    var nodeRight: [Int32] = []
                    var nodeCodes: [[Double]] = []

                    while leaves < maxLeaves {
                        var chosen = -1
                        var bestGain = 0.0
                        for leaf in 0 ..< leaves where best[leaf].gain > bestGain {
                            bestGain = best[leaf].gain
                            chosen = leaf
                        }
                        if chosen < 0 { break }
                        let split = best[chosen]
                        let f = split.feature
                        let column = columns[f]
                        let newLeaf = leaves

                        // Partition the leaf's rows, stably: left rows first.
                        let missingBin = column.missingBin ?? -1
                        for b in 0 ..< 256 { leftMask[b] = false }
                        if column.categorical {
                            for b in split.categoryBins { leftMask[b] = true }
                        } else {
                            for b in 0 ... split.bin { leftMask[b] = true }
                            if missingBin >= 0 { leftMask[missingBin] = split.missingLeft }
                        }
                        var leftEnd = start[chosen]
                        var rightCount = 0
                        leftMask.withUnsafeBufferPointer { mask in
                            // Branch-free: each row is written to both places and only one cursor
                            // moves (the side of a row is unpredictable, so a branch mispredicts).
                            for k in start[chosen] ..< start[chosen] + count[chosen] {
                                let r = order[k]
                                let goesLeft = mask[Int(bins[Int(r) * columnCount + f])] ? 1 : 0
                                order[leftEnd] = r
                                scratch[rightCount] = r
                                leftEnd += goesLeft
                                rightCount += 1 - goesLeft
                            }
                        }
                        (order + leftEnd).update(from: scratch, count: rightCount)
                        let leftCount = leftEnd - start[chosen]

                        // The node replacing the leaf.
                        let node = Int32(nodeFeature.count)
                        nodeFeature.append(Int32(f))
                        nodeLeft.append(~Int32(chosen))
                        nodeRight.append(~Int32(newLeaf))
                        if column.categorical {
                            nodeKind.append(GradientBoostedTrees.categorical)
                            nodeThreshold.append(0)
                            nodeCodes.append(split.categoryBins.map { column.codes[$0] }.sorted())
                        } else {
                            let missingLeft = column.missingBin != nil ? split.missingLeft : leftCount >= rightCount
                            nodeKind.append(missingLeft ? GradientBoostedTrees.numericMissingLeft
                                                        : GradientBoostedTrees.numericMissingRight)
                            nodeThreshold.append(column.upperBounds[split.bin])
                            nodeCodes.append([])
                        }
                        if parent[chosen] >= 0 {
                            if parentLeftSide[chosen] { nodeLeft[parent[chosen]] = node } else { nodeRight[parent[chosen]] = node }
                        }
                        parent[chosen] = Int(node)
                        parentLeftSide[chosen] = true
                        parent[newLeaf] = Int(node)
                        parentLeftSide[newLeaf] = false

                        let parentGradient = sumGradient[chosen]
                        start[newLeaf] = leftEnd
                        count[newLeaf] = rightCount
                        count[chosen] = leftCount
                        sumGradient[chosen] = split.leftGradient
                        sumGradient[newLeaf] = parentGradient - split.leftGradient
                        leafL2[chosen] = split.l2
                        leafL2[newLeaf] = split.l2

                        // The parent's histogram is in the chosen leaf's slot.
                        let parentHistogram = histograms + chosen * histogramSize
                        let newHistogram = histograms + newLeaf * histogramSize
                        if leftCount <= rightCount {
                            newHistogram.update(from: parentHistogram, count: histogramSize)
                            buildHistogram(chosen)
                            for i in 0 ..< histogramSize { newHistogram[i] -= parentHistogram[i] }
                        } else {
                            buildHistogram(newLeaf)
                            for i in 0 ..< histogramSize { parentHistogram[i] -= newHistogram[i] }
                        }
                        leaves += 1
                        best[chosen] = findSplit(chosen)
                        best[newLeaf] = findSplit(newLeaf)
                    }
                    // A tree that cannot split changes nothing more: LightGBM stops there too.
                    if leaves == 1 { break }

                    let nodeBase = Int32(feature.count)
                    let leafBase = Int32(leafValues.count)
                    func global(_ child: Int32) -> Int32 { child >= 0 ? nodeBase + child : ~(leafBase + ~child) }
                    roots.append(nodeBase)
                    for i in nodeFeature.indices {
                        feature.append(nodeFeature[i])
                        kind.append(nodeKind[i])
                        threshold.append(nodeThreshold[i])
                        leftChild.append(global(nodeLeft[i]))
                        rightChild.append(global(nodeRight[i]))
                        codeStart.append(Int32(codes.count))
                        codes.append(contentsOf: nodeCodes[i])
                        codeEnd.append(Int32(codes.count))
                    }
                    for leaf in 0 ..< leaves {
                        let value = -sumGradient[leaf] / (Double(count[leaf]) + leafL2[leaf]) * s.learningRate
                        leafValues.append(value)
                        for k in start[leaf] ..< start[leaf] + count[leaf] { score[Int(order[k])] += value }
                    }
                }
            }
        }
        return GradientBoostedTrees(columnCount: columnCount, baseValue: base, roots: roots, feature: feature, kind: kind,
                                    threshold: threshold, left: leftChild, right: rightChild, codeStart: codeStart,
                                    codeEnd: codeEnd, codes: codes, leafValues: leafValues)
    }
}
