import Testing
@testable import DriftStats

/// The direct loss estimate (NannyML's DLE) against NannyML 0.13.1 on a subsample of its
/// regression_synthetic data (`Fixtures/make_dle_fixtures.py`), and the tree fitter on cases
/// whose answer is known.
struct DirectLossEstimationTests {
    static let file = Fixtures.dle
    static let estimator = DirectLossEstimator(
        rows: DLEFile.rowMajor(file.reference), columnCount: file.columns.count, categorical: file.categorical,
        predictionColumn: file.predictionColumn, labels: file.referenceTargets)
    static let analysisRows = DLEFile.rowMajor(file.analysis)

    static func estimate(_ rows: Range<Int>) -> DirectLossEstimate {
        let width = file.columns.count
        var estimate = DirectLossEstimate()
        analysisRows.withUnsafeBufferPointer { values in
            for r in rows {
                let counted = estimate.add(estimator.predictLosses(row: UnsafeBufferPointer(rebasing: values[r * width ..< (r + 1) * width])))
                #expect(counted)
            }
        }
        return estimate
    }

    static func relativeDifference(_ actual: Double?, _ expected: Double) -> Double {
        guard let actual else { return .infinity }
        return abs(actual - expected) / abs(expected)
    }

    @Test("estimated MAE and RMSE per chunk within 10% of NannyML's DLE", arguments: file.chunks)
    func agreesWithNannyML(chunk: DLEFile.Chunk) {
        let estimate = Self.estimate(chunk.start ..< chunk.end)
        #expect(estimate.count == chunk.end - chunk.start)
        let mae = Self.relativeDifference(estimate.mae, chunk.estimatedMAE)
        let rmse = Self.relativeDifference(estimate.rmse, chunk.estimatedRMSE)
        #expect(mae <= 0.10, "MAE \(String(describing: estimate.mae)) vs NannyML's \(chunk.estimatedMAE)")
        #expect(rmse <= 0.10, "RMSE \(String(describing: estimate.rmse)) vs NannyML's \(chunk.estimatedRMSE)")
    }

    @Test func fitsOnTheRowsWithALabelAndAPrediction() {
        #expect(Self.estimator.trainingRows == Self.file.referenceTargets.count)
        #expect(Self.estimator.absoluteErrorModel.treeCount == 100)
        #expect(Self.estimator.squaredErrorModel.treeCount == 100)
        // A row with a NaN label or prediction is left out.
        let rows: [Double] = [1, 2, 1, .nan, 1, 5, 2, 1]
        let estimator = DirectLossEstimator(rows: rows, columnCount: 2, categorical: [false, false],
                                            predictionColumn: 1, labels: [1, 2, .nan, 3])
        #expect(estimator.trainingRows == 2)
        // No usable row: both models predict 0.
        let empty = DirectLossEstimator(rows: [], columnCount: 2, categorical: [false, true], predictionColumn: 0,
                                        labels: [])
        #expect(empty.trainingRows == 0 && empty.absoluteErrorModel.treeCount == 0)
        #expect(empty.predictLosses(row: [1, 2]) == (0, 0))
    }

    @Test func predictedLossesAreNeverNegative() {
        let width = Self.file.columns.count
        for r in 0 ..< Self.file.analysisTargets.count {
            let losses = Self.estimator.predictLosses(row: Array(Self.analysisRows[r * width ..< (r + 1) * width]))
            #expect(losses.absolute >= 0 && losses.squared >= 0)
        }
    }

    /// Stumps cannot fit an interaction: on errors of 30 in one cell of a 2×2 design and 0 in the
    /// others, they converge to the additive least-squares fit, −7.5 (−225 squared) in the
    /// opposite cell. The estimator clips that to 0.
    @Test func negativePredictionsAreClippedToZero() {
        var rows: [Double] = []
        var labels: [Double] = []
        for x1 in 0 ..< 2 {
            for x2 in 0 ..< 2 {
                for _ in 0 ..< 100 {
                    rows += [Double(x1), Double(x2), 0]
                    labels.append(x1 == 1 && x2 == 1 ? 30 : 0)
                }
            }
        }
        let settings = BoostingSettings(trees: 200, learningRate: 0.5, maxLeaves: 2, minSamplesPerLeaf: 1)
        let estimator = DirectLossEstimator(rows: rows, columnCount: 3, categorical: [false, false, false],
                                            predictionColumn: 2, labels: labels, settings: settings)
        let corner: [Double] = [0, 0, 0]
        #expect(abs(estimator.absoluteErrorModel.predict(row: corner) + 7.5) < 1e-6)
        #expect(abs(estimator.squaredErrorModel.predict(row: corner) + 225) < 1e-4)
        let losses = estimator.predictLosses(row: corner)
        #expect(losses.absolute == 0 && losses.squared == 0)
        let high = estimator.predictLosses(row: [1, 1, 0])
        #expect(abs(high.absolute - 22.5) < 1e-6 && abs(high.squared - 675) < 1e-4)
    }

    @Test("halves merged, in either order, give the whole", arguments: file.chunks)
    func mergeOfHalvesIsTheWhole(chunk: DLEFile.Chunk) {
        let middle = (chunk.start + chunk.end) / 2
        let whole = Self.estimate(chunk.start ..< chunk.end)
        let first = Self.estimate(chunk.start ..< middle)
        let second = Self.estimate(middle ..< chunk.end)
        for merged in [first.merged(with: second), second.merged(with: first)] {
            #expect(merged.count == whole.count)
            #expect(Self.relativeDifference(merged.absoluteErrorSum, whole.absoluteErrorSum) <= 1e-14)
            #expect(Self.relativeDifference(merged.squaredErrorSum, whole.squaredErrorSum) <= 1e-14)
            #expect(Self.relativeDifference(merged.mae, whole.mae!) <= 1e-14)
            #expect(Self.relativeDifference(merged.rmse, whole.rmse!) <= 1e-14)
        }
        #expect(first.merged(with: DirectLossEstimate()) == first)
        #expect(DirectLossEstimate().merged(with: first) == first)
    }

    @Test func emptyAndNonFiniteEstimates() {
        var estimate = DirectLossEstimate()
        #expect(estimate.mae == nil && estimate.rmse == nil && estimate.mse == nil)
        let nan = estimate.add(absolute: .nan, squared: 1)
        let infinite = estimate.add(absolute: 1, squared: .infinity)
        #expect(!nan && !infinite)
        #expect(estimate.count == 0 && estimate.mae == nil)
        let finite = estimate.add(absolute: 2, squared: 9)
        let negative = estimate.add(absolute: -1, squared: -4)  // clipped at 0
        #expect(finite && negative)
        #expect(estimate.mae == 1 && estimate.mse == 4.5 && estimate.rmse == 4.5.squareRoot())
    }

    @Test func fittingIsDeterministic() {
        let rows = 2000
        let width = Self.file.columns.count
        let values = Array(DLEFile.rowMajor(Self.file.reference)[0 ..< rows * width])
        let labels = Array(Self.file.referenceTargets[0 ..< rows])
        // The two models are fitted side by side: on one thread and on two, the same models.
        let fits = [1, 2].map { parts in
            Parallel.$forcedParts.withValue(parts) {
                DirectLossEstimator(rows: values, columnCount: width, categorical: Self.file.categorical,
                                    predictionColumn: Self.file.predictionColumn, labels: labels)
            }
        }
        #expect(fits[0] == fits[1])
        #expect(fits[0].absoluteErrorModel.treeCount == 100)
    }

    /// `FlatForest`, which `predictLosses` uses, against each model's own `predict`, bit for
    /// bit: on the analysis rows, and on rows with one value replaced by an edge (NaN, ±0, ±∞,
    /// a threshold and its neighbours, a code the trees split on, a code they never saw).
    @Test func compiledForestPredictsAsEachModel() throws {
        let models = [Self.estimator.absoluteErrorModel, Self.estimator.squaredErrorModel]
        let forest = try #require(FlatForest(models: models))
        let width = Self.file.columns.count
        var edges: [Double] = [.nan, 0, -0.0, .infinity, -.infinity, -1, 999, 0.5]
        for model in models {
            for threshold in model.threshold { edges += [threshold, threshold.nextUp, threshold.nextDown] }
            edges += model.codes
        }
        var rows = Self.analysisRows
        let analysisCount = rows.count / width
        var random = SplitMix64(seed: 14)
        for _ in 0 ..< 20_000 {
            let r = random.index(below: analysisCount)
            var row = Array(Self.analysisRows[r * width ..< (r + 1) * width])
            for _ in 0 ..< 1 + random.index(below: 3) { row[random.index(below: width)] = edges[random.index(below: edges.count)] }
            rows += row
        }
        var mismatches = 0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { predictions in
            rows.withUnsafeBufferPointer { values in
                for r in 0 ..< rows.count / width {
                    let row = UnsafeBufferPointer(rebasing: values[r * width ..< (r + 1) * width])
                    forest.predict(row: row, into: predictions)
                    for m in models.indices where predictions[m].bitPattern != models[m].predict(row: row).bitPattern {
                        mismatches += 1
                    }
                }
            }
        }
        #expect(mismatches == 0)

        // The same rows in batches of every shape the walk has (fewer than eight, eight and a
        // remainder, one): each row's predictions those of the models, bit for bit, and the
        // estimator's clipped losses those of one row at a time.
        let count = rows.count / width
        var batched = [Double](repeating: .nan, count: 2 * count)
        var losses = [Double](repeating: .nan, count: 2 * count)
        var start = 0, sizes = [1, 3, 8, 13, 256, 7, 0, 64]
        while start < count {
            let size = min(sizes.removeFirst(), count - start)
            sizes.append(size == 0 ? 1 : size)
            rows.withUnsafeBufferPointer { values in
                let slice = UnsafeBufferPointer(rebasing: values[start * width ..< (start + size) * width])
                batched.withUnsafeMutableBufferPointer { out in
                    forest.predict(rows: slice, count: size, into: UnsafeMutableBufferPointer(rebasing: out[2 * start ..< 2 * (start + size)]))
                }
                losses.withUnsafeMutableBufferPointer { out in
                    Self.estimator.predictLosses(rows: slice, count: size, into: UnsafeMutableBufferPointer(rebasing: out[2 * start ..< 2 * (start + size)]))
                }
            }
            start += size
        }
        var batchMismatches = 0, lossMismatches = 0
        for r in 0 ..< count {
            let row = Array(rows[r * width ..< (r + 1) * width])
            for m in models.indices where batched[2 * r + m].bitPattern != models[m].predict(row: row).bitPattern {
                batchMismatches += 1
            }
            let one = Self.estimator.predictLosses(row: row)
            if losses[2 * r].bitPattern != one.absolute.bitPattern || losses[2 * r + 1].bitPattern != one.squared.bitPattern {
                lossMismatches += 1
            }
        }
        #expect(batchMismatches == 0)
        #expect(lossMismatches == 0)
    }
}

/// `FlatForest` on two small models written by hand, so that every shape the walks have is
/// there: trees of one leaf, a model whose tree count is not a multiple of four (the single
/// row's walk takes its last trees one at a time), numeric nodes sending missing values either
/// way, infinite thresholds, categorical nodes, and a second model.
struct FlatForestHandBuiltTests {
    static let models: [GradientBoostedTrees] = [
        GradientBoostedTrees(
            columnCount: 2, baseValue: 0.123,
            roots: [~0, 0, 2, 3, ~9],
            feature: [0, 0, 1, 0, 1],
            kind: [GradientBoostedTrees.numericMissingLeft, GradientBoostedTrees.numericMissingRight,
                   GradientBoostedTrees.categorical, GradientBoostedTrees.numericMissingRight, GradientBoostedTrees.categorical],
            threshold: [1.0, 3.0, 0, 2.0, 0],
            left: [~1, ~2, ~4, 4, ~6], right: [1, ~3, ~5, ~8, ~7],
            codeStart: [0, 0, 0, 0, 2], codeEnd: [0, 0, 2, 0, 3], codes: [2, 5, 1],
            leafValues: [0.1, 0.2, 0.3, 1e-17, 0.7, 1.3, 2.9, -0.4, 3.3, 1e16]),
        // Infinite thresholds too (the fitter's last bound is +∞: "every value left, missing
        // right"), where an infinite value equals a cut, and −0 as a threshold and a code
        // (−0 ≤ +0 and −0 == +0).
        GradientBoostedTrees(
            columnCount: 2, baseValue: -1.5,
            roots: [0, 1, 2, 3, 4], feature: [0, 0, 0, 0, 1],
            kind: [GradientBoostedTrees.numericMissingRight, GradientBoostedTrees.numericMissingRight,
                   GradientBoostedTrees.numericMissingLeft, GradientBoostedTrees.numericMissingRight,
                   GradientBoostedTrees.categorical],
            threshold: [0.0, .infinity, -.infinity, -0.0, 0],
            left: [~0, ~2, ~4, ~6, ~8], right: [~1, ~3, ~5, ~7, ~9], codeStart: [0, 0, 0, 0, 0], codeEnd: [0, 0, 0, 0, 2],
            codes: [-0.0, 5],
            leafValues: [0.25, -0.75, 0.5, 0.6, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06]),
    ]

    @Test func everyRowAsEachModelAloneOneAtATimeAndInBatches() throws {
        let forest = try #require(FlatForest(models: Self.models))
        let numbers: [Double] = [.nan, -1, 0, -0.0, 0.5, 1, 1.0.nextUp, 1.5, 2, 2.5, 3, 3.0.nextUp, 3.5, .infinity, -.infinity,
                                 .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude]
        let codes: [Double] = [.nan, 0, 1, 2, 3, 5, 7, -1]
        var rows: [Double] = []
        for x in numbers { for c in codes { rows += [x, c] } }
        let count = rows.count / 2
        var expected: [Double] = []
        for r in 0 ..< count {
            for model in Self.models { expected.append(model.predict(row: [rows[2 * r], rows[2 * r + 1]])) }
        }
        var single = [Double](repeating: .nan, count: 2 * count)
        rows.withUnsafeBufferPointer { values in
            single.withUnsafeMutableBufferPointer { out in
                for r in 0 ..< count {
                    forest.predict(row: UnsafeBufferPointer(rebasing: values[2 * r ..< 2 * r + 2]),
                                   into: UnsafeMutableBufferPointer(rebasing: out[2 * r ..< 2 * r + 2]))
                }
            }
        }
        #expect(single.map(\.bitPattern) == expected.map(\.bitPattern))
        for size in [1, 3, 8, 9, 17, count] {
            var batched = [Double](repeating: .nan, count: 2 * count)
            var start = 0
            while start < count {
                let n = min(size, count - start)
                rows.withUnsafeBufferPointer { values in
                    batched.withUnsafeMutableBufferPointer { out in
                        forest.predict(rows: UnsafeBufferPointer(rebasing: values[2 * start ..< 2 * (start + n)]), count: n,
                                       into: UnsafeMutableBufferPointer(rebasing: out[2 * start ..< 2 * (start + n)]))
                    }
                }
                start += n
            }
            #expect(batched.map(\.bitPattern) == expected.map(\.bitPattern), "batches of \(size)")
        }
    }
}

/// The tree fitter on data whose fit is known exactly.
struct GradientBoostedTreesTests {
    /// 0 below 20 and 10 from 20 on: one split at 19.5, leaves at the means (learning rate 1).
    @Test func oneSplitOnSeparableData() {
        let x = (0 ..< 40).map(Double.init)
        let y = x.map { $0 < 20 ? 0.0 : 10.0 }
        let single = BoostingSettings(trees: 1, learningRate: 1, maxLeaves: 2, minSamplesPerLeaf: 1)
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [false], targets: y, settings: single)
        #expect(model.baseValue == 5)
        #expect(model.treeCount == 1 && model.leafCount == 2)
        #expect(model.threshold == [19.5])
        #expect(model.predict(row: [0]) == 0)
        #expect(model.predict(row: [19.4]) == 0)
        #expect(model.predict(row: [19.6]) == 10)
        #expect(model.predict(row: [1e9]) == 10)

        // Shrunk by 0.5, two trees close 1/2 then 1/4 of the gap: 5 ∓ 2.5 ∓ 1.25.
        let shrunk = BoostingSettings(trees: 2, learningRate: 0.5, maxLeaves: 2, minSamplesPerLeaf: 1)
        let two = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [false], targets: y, settings: shrunk)
        #expect(two.predict(row: [3]) == 1.25)
        #expect(two.predict(row: [30]) == 8.75)
    }

    @Test func constantTargetGivesTheConstant() {
        let x = (0 ..< 100).map { Double($0 % 7) }
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [false],
                                         targets: Array(repeating: 3.25, count: 100))
        #expect(model.treeCount == 0)
        for value in [-5.0, 0, 3, 100, .nan] { #expect(model.predict(row: [value]) == 3.25) }
    }

    @Test func leavesNeedMinSamplesPerLeaf() {
        // The only gainful split would leave 5 rows on one side: not allowed with 20 per leaf.
        let x = (0 ..< 45).map(Double.init)
        let y = x.map { $0 < 5 ? 100.0 : 0.0 }
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [false], targets: y,
                                         settings: BoostingSettings(trees: 1, learningRate: 1))
        #expect(model.predict(row: [0]) == model.predict(row: [4]))
        #expect(model.predict(row: [0]) < 100)
    }

    /// NaN gets its own bin and goes to the side it fits.
    @Test(arguments: [10.0, 0.0])
    func missingValuesGoWhereTheyFit(missingTarget: Double) {
        var x = (0 ..< 100).map(Double.init)
        var y = x.map { $0 < 50 ? 0.0 : 10.0 }
        x += Array(repeating: .nan, count: 40)
        y += Array(repeating: missingTarget, count: 40)
        let single = BoostingSettings(trees: 1, learningRate: 1, maxLeaves: 2, minSamplesPerLeaf: 1)
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [false], targets: y, settings: single)
        #expect(model.threshold == [49.5])
        #expect(abs(model.predict(row: [.nan]) - missingTarget) < 1e-12)
        #expect(abs(model.predict(row: [49]) - 0) < 1e-12)
        #expect(abs(model.predict(row: [50]) - 10) < 1e-12)
    }

    /// Up to `maxOneHotCategories` categories, one category against the rest; with three leaves
    /// every category gets its mean. Codes are labels, not numbers: 1 is the odd one out.
    @Test func fewCategoriesSplitOneAgainstTheRest() {
        var x: [Double] = []
        var y: [Double] = []
        for (code, mean) in [(0.0, 0.0), (1.0, 10.0), (2.0, 4.0)] {
            x += Array(repeating: code, count: 100)
            y += Array(repeating: mean, count: 100)
        }
        let settings = BoostingSettings(trees: 1, learningRate: 1, maxLeaves: 3)
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [true], targets: y, settings: settings)
        #expect(model.leafCount == 3)
        #expect(abs(model.predict(row: [0]) - 0) < 1e-12)
        #expect(abs(model.predict(row: [1]) - 10) < 1e-12)
        #expect(abs(model.predict(row: [2]) - 4) < 1e-12)
        // Missing and unseen codes go where the rest goes.
        #expect(model.predict(row: [.nan]) == model.predict(row: [7]))
        #expect(model.predict(row: [-1]) == model.predict(row: [7]))
    }

    /// LightGBM counts the bin of missing codes among a column's bins: 4 categories and missing
    /// rows make 5 bins, past `maxOneHotCategories`, so code 3 is split off by the ordered rule
    /// and its value carries `cat_l2` = 10: 2 + 1600 / (200 + 10) rather than its mean, 10.
    @Test func missingCodesCountAsABin() {
        var x: [Double] = []
        var y: [Double] = []
        for (code, mean) in [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 10.0), (.nan, 0.0)] {
            x += Array(repeating: code, count: 200)
            y += Array(repeating: mean, count: 200)
        }
        let single = BoostingSettings(trees: 1, learningRate: 1, maxLeaves: 2)
        let ordered = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [true], targets: y, settings: single)
        #expect(abs(ordered.predict(row: [3]) - (2 + 1600.0 / 210)) < 1e-12)
        let oneHot = GradientBoostedTrees(rows: Array(x[0 ..< 800]), columnCount: 1, categorical: [true],
                                          targets: Array(y[0 ..< 800]), settings: single)
        #expect(abs(oneHot.predict(row: [3]) - 10) < 1e-12)
    }

    /// More categories than `maxOneHotCategories`: ordered by mean gradient, the 4 with the
    /// highest targets (codes 0, 2, 4, 6, not adjacent as numbers) split from the rest in one
    /// split; the leaf values carry LightGBM's `cat_l2` = 10: ±1600 / (800 + 10) around 3.5.
    @Test func manyCategoriesSplitByMeanGradient() {
        let means: [Double] = [7, 0, 6, 1, 5, 2, 4, 3]
        var x: [Double] = []
        var y: [Double] = []
        for (code, mean) in means.enumerated() {
            x += Array(repeating: Double(code), count: 200)
            y += Array(repeating: mean, count: 200)
        }
        let single = BoostingSettings(trees: 1, learningRate: 1, maxLeaves: 2)
        let model = GradientBoostedTrees(rows: x, columnCount: 1, categorical: [true], targets: y, settings: single)
        #expect(model.baseValue == 3.5)
        for code in 0 ..< 8 {
            let expected = code % 2 == 0 ? 3.5 + 1600.0 / 810 : 3.5 - 1600.0 / 810
            #expect(abs(model.predict(row: [Double(code)]) - expected) < 1e-12, "code \(code)")
        }
    }

    /// Quantile bins: equal counts over distinct values; a value is never cut in two.
    @Test func numericColumnsAreBinnedByQuantiles() {
        let even = ColumnBins(numeric: (0 ..< 1000).map(Double.init), maxBins: 10)
        #expect(even.binCount == 10)
        var counts = [Int](repeating: 0, count: even.binCount)
        for value in 0 ..< 1000 { counts[even.bin(Double(value))] += 1 }
        #expect(counts == Array(repeating: 100, count: 10))

        let heavy = ColumnBins(numeric: Array(repeating: 0, count: 500) + (1 ... 500).map(Double.init) + [.nan], maxBins: 10)
        #expect(heavy.binCount == 10 && heavy.missingBin == 9)
        #expect(heavy.bin(0) == 0 && heavy.bin(1) == 1 && heavy.bin(.nan) == 9)
        var heavyCounts = [Int](repeating: 0, count: heavy.binCount)
        for value in 1 ... 500 { heavyCounts[heavy.bin(Double(value))] += 1 }
        #expect(heavyCounts[1 ..< 9].allSatisfy { $0 >= 50 && $0 <= 70 }, "\(heavyCounts)")

        let few = ColumnBins(numeric: [3, 1, 2, 2, 1], maxBins: 255)
        #expect(few.upperBounds == [1.5, 2.5, .infinity] && few.missingBin == nil)
    }

    /// A value's bin is the first upper bound it does not exceed (the missing bin for NaN), and
    /// a category's its code's bin (the last for any other value), whatever the value: bounds
    /// themselves, values between and beyond them, ±0, ±∞, codes out of the table's range,
    /// fractions of codes, negative codes.
    @Test func everyValueFindsTheBinOfItsDefinition() {
        var generator = SplitMix64(seed: 11)
        func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }
        let training = (0 ..< 5_000).map { _ in (uniform() * 200).rounded() / 4 - 10 } + [.nan, -0.0, 0]
        for maxBins in [2, 3, 17, 255] {
            let bins = ColumnBins(numeric: training, maxBins: maxBins)
            var probes = bins.upperBounds + training
            probes += [.infinity, -.infinity, .nan, -0.0, 0, .leastNonzeroMagnitude, -.greatestFiniteMagnitude]
            probes += bins.upperBounds.map { $0.nextUp } + bins.upperBounds.map { $0.nextDown }
            for value in probes {
                let expected = value.isNaN
                    ? (bins.missingBin ?? bins.upperBounds.count - 1)
                    : bins.upperBounds.firstIndex { value <= $0 }!
                #expect(bins.bin(value) == expected, "\(value) with \(maxBins) bins")
            }
        }
        let codes = (0 ..< 3_000).map { _ in Double(generator.next() % 40) } + [7, 7, 4_100, 4_100, 2.5, -1, .nan]
        for maxBins in [2, 5, 255] {
            let bins = ColumnBins(categorical: codes, maxBins: maxBins)
            for value in codes + [-0.0, 39.5, 4_095, 4_096, 1e9, .infinity, -.infinity, 41] {
                let expected = bins.codes.firstIndex(of: value) ?? bins.codes.count
                #expect(bins.bin(value) == expected, "code \(value) with \(maxBins) bins")
            }
        }
    }
}
