/// A regression model of gradient-boosted trees, fitted to squared loss on histograms of binned
/// columns, after LightGBM (the model NannyML's direct loss estimation trains): the first guess
/// is the mean target, and each tree, grown leaf-wise (always splitting the leaf whose best split
/// gains the most, up to `maxLeaves`), fits the residuals, its leaf values shrunk by the learning
/// rate. Deterministic: no row or column sampling.
///
/// Columns are numeric or categorical (`BoostingSettings`):
/// - numeric columns are cut into at most `maxBins` bins by quantiles; a split sends bins up to
///   a bound left. NaN has a bin of its own when the training rows had any, and each split sends
///   it to whichever side gains more; when they had none, NaN follows the side that had more
///   training rows.
/// - categorical columns hold integer codes (≥ 0; NaN or negative for missing). As LightGBM's: a
///   column of at most `maxOneHotCategories` categories splits one category against the rest;
///   a wider one sorts its categories by mean gradient (smoothed) and splits a prefix of that
///   order, from either end, against the rest. Missing, unseen and rare codes always go right.
///
/// The trees are stored flat (one array per node field, all trees together), so prediction walks
/// arrays and allocates nothing.
public struct GradientBoostedTrees: Sendable, Hashable {
    /// Columns in a row.
    public let columnCount: Int
    /// The first guess: the mean target of the training rows (0 when there were none).
    public let baseValue: Double
    /// Trees fitted (fewer than the settings ask for when a tree could not split at all).
    public var treeCount: Int { roots.count }
    /// Leaves over all trees.
    public var leafCount: Int { leafValues.count }

    /// Root of each tree: a node, or `~leaf` for a tree of one leaf.
    let roots: [Int32]
    /// Per node: the column tested.
    let feature: [Int32]
    /// Per node: `numericMissingRight`, `numericMissingLeft` or `categorical`.
    let kind: [UInt8]
    /// Per numeric node: values ≤ this go left.
    let threshold: [Double]
    /// Per node: children, a node index or `~leaf`.
    let left: [Int32]
    let right: [Int32]
    /// Per categorical node: the range of `codes` holding the codes that go left.
    let codeStart: [Int32]
    let codeEnd: [Int32]
    let codes: [Double]
    /// Per leaf: its value (the learning rate applied).
    let leafValues: [Double]

    static let numericMissingRight: UInt8 = 0
    static let numericMissingLeft: UInt8 = 1
    static let categorical: UInt8 = 2

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - rows: the training rows, row-major (`targets.count × columnCount` values).
    ///   - categorical: per column, whether it holds category codes.
    ///   - targets: the value to predict per row; rows with a non-finite target are left out.
    public init(rows: [Double], columnCount: Int, categorical: [Bool], targets: [Double],
                settings: BoostingSettings = BoostingSettings()) {
        precondition(rows.count == targets.count * columnCount,
                     "GradientBoostedTrees: \(rows.count) values for \(targets.count) rows of \(columnCount) columns")
        var kept: [Double] = []
        var keptTargets: [Double] = []
        kept.reserveCapacity(rows.count)
        keptTargets.reserveCapacity(targets.count)
        for (r, target) in targets.enumerated() where target.isFinite {
            kept.append(contentsOf: rows[r * columnCount ..< (r + 1) * columnCount])
            keptTargets.append(target)
        }
        let binned = BinnedRows(rows: kept, columnCount: columnCount, categorical: categorical,
                                maxBins: settings.clamped.maxBins)
        self = BoostingTrainer.fit(binned, targets: keptTargets, settings: settings)
    }

    init(columnCount: Int, baseValue: Double, roots: [Int32], feature: [Int32], kind: [UInt8], threshold: [Double],
         left: [Int32], right: [Int32], codeStart: [Int32], codeEnd: [Int32], codes: [Double], leafValues: [Double]) {
        self.columnCount = columnCount
        self.baseValue = baseValue
        self.roots = roots
        self.feature = feature
        self.kind = kind
        self.threshold = threshold
        self.left = left
        self.right = right
        self.codeStart = codeStart
        self.codeEnd = codeEnd
        self.codes = codes
        self.leafValues = leafValues
    }

    /// The prediction for one row of `columnCount` values (in the training columns' order).
    public func predict(row: UnsafeBufferPointer<Double>) -> Double {
        precondition(row.count >= columnCount, "GradientBoostedTrees: a row of \(row.count) values for \(columnCount) columns")
        var sum = baseValue
        feature.withUnsafeBufferPointer { feature in
            kind.withUnsafeBufferPointer { kind in
                threshold.withUnsafeBufferPointer { threshold in
                    left.withUnsafeBufferPointer { left in
                        right.withUnsafeBufferPointer { right in
                            for root in roots {
                                var node = root
                                while node >= 0 {
                                    let n = Int(node)
                                    let x = row[Int(feature[n])]
                                    let goLeft: Bool
                                    switch kind[n] {
                                    case Self.categorical:
                                        var found = false
                                        var i = Int(codeStart[n])
                                        while !found && i < Int(codeEnd[n]) {
                                            found = codes[i] == x
                                            i += 1
                                        }
                                        goLeft = found
                                    case Self.numericMissingLeft:
                                        goLeft = !(x > threshold[n])  // NaN compares false: left
                                    default:
                                        goLeft = x <= threshold[n]
                                    }
                                    node = goLeft ? left[n] : right[n]
                                }
                                sum += leafValues[Int(~node)]
                            }
                        }
                    }
                }
            }
        }
        return sum
    }

    /// The prediction for one row of `columnCount` values (in the training columns' order).
    public func predict(row: [Double]) -> Double {
        row.withUnsafeBufferPointer { predict(row: $0) }
    }
}
