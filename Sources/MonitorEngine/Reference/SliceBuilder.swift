import DriftStats

/// Counts the reference rows of every slice (the whole reference, and each segment slot with
/// enough rows) on the whole reference's grids and categories, in one walk per column: each
/// value is read once and counted in every slice its row belongs to, in row order.
struct SliceBuilder {
    let features: [FeatureReference]
    let columns: [ReferenceColumn]
    let sample: ReferenceSample
    let scoreGrid: NumericGrid
    let config: MonitorConfig
    /// Rows per slice; slice 0 is the whole reference.
    let sliceRows: [Int]
    /// Per row and dimension (row-major), the row's own segment slice, or -1.
    let sliceOfRow: [Int32]
    let dimensions: Int

    /// The slices, in ``sliceRows`` order.
    func slices() -> [SliceReference] {
        let sliceCount = sliceRows.count
        // Each feature's counts per slice, the features split over the cores: a feature's walk
        // is that of one thread.
        // The scores, decisions and labels per slice are one more item of the split, after the
        // features. A numeric feature (a grid search per row and slice) weighs about three
        // categorical ones, and so do the tallies (a score's grid search per row and slice).
        var perFeature = [(numeric: [NumericCounts]?, categorical: [CategoricalCounts]?)](
            repeating: (nil, nil), count: features.count)
        var outcomes: [OutcomeTally] = []
        let parts = Parallel.ranges(
            features.count + 1, parts: Parallel.parts(forItems: (features.count + 1) * sample.count, minimumPerPart: 50_000),
            weight: { $0 < features.count && features[$0].numeric == nil ? 1 : 3 })
        perFeature.withUnsafeMutableBufferPointer { perFeature in
            withUnsafeMutablePointer(to: &outcomes) { outcomes in
                Parallel.forEach(parts.count) { part in
                    for index in parts[part] {
                        if index < perFeature.count {
                            perFeature[index] = counts(ofFeature: index, slices: sliceCount)
                        } else {
                            outcomes.pointee = outcomeTallies(slices: sliceCount)
                        }
                    }
                }
            }
        }
        var numeric = Array(repeating: [NumericCounts?](), count: sliceCount)
        var categorical = Array(repeating: [CategoricalCounts?](), count: sliceCount)
        for counts in perFeature {
            guard counts.numeric != nil || counts.categorical != nil else { continue }
            for slice in 0..<sliceCount {
                numeric[slice].append(counts.numeric?[slice])
                categorical[slice].append(counts.categorical?[slice])
            }
        }

        return (0..<sliceCount).map { slice in
            outcomes[slice].slice(rows: sliceRows[slice], scope: slice == 0 ? .global : .segment,
                                  numeric: numeric[slice], categorical: categorical[slice])
        }
    }

    /// The scores, decisions and labels of each slice's rows.
    private func outcomeTallies(slices sliceCount: Int) -> [OutcomeTally] {
        var outcomes = Array(repeating: OutcomeTally(scoreGrid: scoreGrid, displayBins: max(config.scoreBins, 1)), count: sliceCount)
        forEachRow { row, slice in
            outcomes[slice].record(
                score: sample.score(at: row), prediction: sample.predictions[row], label: sample.labels[row], config: config)
        }
        return outcomes
    }

    /// The counts of feature `index` in each slice: numeric or categorical as its reference is.
    private func counts(ofFeature index: Int, slices sliceCount: Int)
        -> (numeric: [NumericCounts]?, categorical: [CategoricalCounts]?) {
        let feature = features[index]
        let column = columns[index]
        if let reference = feature.numeric {
            var counts = Array(repeating: reference.emptyCounts(), count: sliceCount)
            // A row's value is placed on the grid once and counted in each of its slices there.
            let grid = reference.grid
            var placement = NumericPlacement()
            forEachRow { row, slice in
                guard let number = column.number(at: row), number.isFinite else { return }
                if slice == 0 { placement = grid.placement(of: number) }
                counts[slice].record(number, at: placement)
            }
            return (counts, nil)
        } else if let reference = feature.categorical {
            let slots = CategorySlots(column: column, reference: reference)
            var counts = Array(repeating: reference.emptyCounts(), count: sliceCount)
            var slotOfRow = [Int](repeating: CategorySlots.notCounted, count: sample.count)
            for row in 0..<sample.count { slotOfRow[row] = slots.slot(row: row) }
            forEachRow { row, slice in
                let slot = slotOfRow[row]
                if slot != CategorySlots.notCounted { counts[slice].record(slot: slot >= 0 ? slot : nil) }
            }
            return (nil, counts)
        }
        return (nil, nil)
    }

    /// Calls `body` for every row and every slice it counts in, rows in order, each row's
    /// slice 0 (every row's) first.
    @inline(__always)
    private func forEachRow(_ body: (_ row: Int, _ slice: Int) -> Void) {
        sliceOfRow.withUnsafeBufferPointer { slices in
            for row in 0..<sample.count {
                body(row, 0)
                for dimension in 0..<dimensions {
                    let slice = slices[row * dimensions + dimension]
                    if slice >= 0 { body(row, Int(slice)) }
                }
            }
        }
    }
}

/// The category slot of each row of a categorical column, each distinct value looked up once.
private struct CategorySlots {
    /// The row's value has no category (null, NaN): not counted.
    static let notCounted = Int.min
    /// Unseen in the reference's kept categories (`nil` slot) is -1.
    private let slotOfCode: [Int]
    private var slotOfNumber: [Double: Int] = [:]
    private let column: ReferenceColumn

    init(column: ReferenceColumn, reference: CategoricalReference) {
        self.column = column
        var slots = [Int](repeating: Self.notCounted, count: column.others.count + 1)
        for (index, value) in column.others.enumerated() {
            guard let text = ReferenceSet.categoryText(value) else { continue }
            slots[index + 1] = reference.slot(of: text) ?? -1
        }
        slotOfCode = slots
        for row in 0..<column.numbers.count {
            guard let number = column.number(at: row), slotOfNumber[number] == nil else { continue }
            slotOfNumber[number] = ReferenceSet.categoryText(.number(number)).map { reference.slot(of: $0) ?? -1 } ?? Self.notCounted
        }
    }

    func slot(row: Int) -> Int {
        if let number = column.number(at: row) { return slotOfNumber[number] ?? Self.notCounted }
        let code = column.code(at: row)
        return code > 0 ? slotOfCode[Int(code)] : Self.notCounted
    }
}

/// Scores, decisions and labels of one slice's reference rows.
private struct OutcomeTally {
    var scoreCounts: NumericCounts
    var display: [Int]
    var decided = 0
    var positives = 0
    var labelled = 0
    var positiveLabels = 0
    var confusion = ConfusionCounts()
    var classes = ClassScoreHistograms()

    init(scoreGrid: NumericGrid, displayBins: Int) {
        scoreCounts = NumericCounts(grid: scoreGrid)
        display = Array(repeating: 0, count: displayBins)
    }

    mutating func record(score: Double?, prediction: FeatureValue?, label: FeatureValue?, config: MonitorConfig) {
        if let score {
            scoreCounts.record(score)
            display[ScoreDisplay.bin(of: score, bins: display.count)] += 1
        }
        let decision = Decision.of(prediction: prediction, score: score, config: config)
        if let decision {
            decided += 1
            if decision { positives += 1 }
        }
        if let label, let actual = BinaryOutcome.isPositive(label, positiveLabel: config.positiveLabel) {
            labelled += 1
            if actual { positiveLabels += 1 }
            if let decision { confusion.record(predictedPositive: decision, actualPositive: actual) }
            if let score { classes.record(score: score, actualPositive: actual) }
        }
    }

    func slice(rows: Int, scope: ReferenceScope, numeric: [NumericCounts?], categorical: [CategoricalCounts?]) -> SliceReference {
        var performance: EstimatedPerformance?
        if confusion.total > 0 {
            let metrics = confusion.metrics
            performance = EstimatedPerformance(
                precision: metrics.precision, recall: metrics.recall, f1: metrics.f1,
                accuracy: metrics.accuracy, rocAUC: classes.rocAUC)
        }
        return SliceReference(
            rows: rows, scope: scope, numeric: numeric, categorical: categorical,
            score: scoreCounts.count > 0 ? scoreCounts : nil, scoreDisplay: display,
            positiveRate: decided > 0 ? Double(positives) / Double(decided) : nil,
            positiveLabelRate: labelled > 0 ? Double(positiveLabels) / Double(labelled) : nil,
            performance: performance)
    }
}
