/// The direct loss estimate of a regression model's error before its labels arrive, as NannyML's
/// DLE (docs/statistics.md, "Estimated performance before labels arrive"): on the reference, one
/// model (`GradientBoostedTrees`) learns each record's absolute error |y − ŷ| and another its
/// squared error (y − ŷ)², from the features and the prediction ŷ; a record without a label then
/// gets its predicted losses, clipped at 0, and a window's estimated MAE is their mean
/// (`DirectLossEstimate`) and its estimated RMSE the square root of the mean predicted squared
/// error.
public struct DirectLossEstimator: Sendable, Hashable {
    /// Columns in a row, the prediction among them.
    public let columnCount: Int
    /// The column holding the model's prediction ŷ.
    public let predictionColumn: Int
    /// Reference rows the models were fitted on (those with a finite label and prediction).
    public let trainingRows: Int
    /// The model of |y − ŷ|.
    public let absoluteErrorModel: GradientBoostedTrees
    /// The model of (y − ŷ)².
    public let squaredErrorModel: GradientBoostedTrees
    /// Both models compiled for one pass over a record (`FlatForest`); `nil` when they cannot
    /// be, and each model predicts on its own.
    private let forest: FlatForest?

    /// Fits both models on the reference.
    ///
    /// - Parameters:
    ///   - rows: the reference rows, row-major (`labels.count × columnCount` values): the
    ///     features, numeric or categorical codes (see `GradientBoostedTrees`), and the
    ///     prediction at `predictionColumn`, which is an input of the models as in NannyML.
    ///   - categorical: per column, whether it holds category codes (false for the prediction).
    ///   - labels: the ground truth y per row; rows whose label or prediction is not finite are
    ///     left out, as NannyML drops rows with a missing label or prediction.
    public init(rows: [Double], columnCount: Int, categorical: [Bool], predictionColumn: Int, labels: [Double],
                settings: BoostingSettings = BoostingSettings()) {
        precondition(rows.count == labels.count * columnCount,
                     "DirectLossEstimator: \(rows.count) values for \(labels.count) rows of \(columnCount) columns")
        precondition((0 ..< columnCount).contains(predictionColumn),
                     "DirectLossEstimator: prediction column \(predictionColumn) of \(columnCount)")
        var kept: [Double] = []
        var absolute: [Double] = []
        var squared: [Double] = []
        kept.reserveCapacity(rows.count)
        absolute.reserveCapacity(labels.count)
        squared.reserveCapacity(labels.count)
        for (r, label) in labels.enumerated() {
            let prediction = rows[r * columnCount + predictionColumn]
            let error = label - prediction
            guard label.isFinite, prediction.isFinite, error.isFinite else { continue }
            kept.append(contentsOf: rows[r * columnCount ..< (r + 1) * columnCount])
            absolute.append(abs(error))
            squared.append(error * error)
        }
        // Both models see the same columns: bin them once.
        let binned = BinnedRows(rows: kept, columnCount: columnCount, categorical: categorical,
                                maxBins: settings.clamped.maxBins)
        self.columnCount = columnCount
        self.predictionColumn = predictionColumn
        trainingRows = absolute.count
        // The two fits share nothing they write and draw nothing at random: one per core, each
        // model what one thread would fit.
        let lossTargets = [absolute, squared]
        var fitted = [GradientBoostedTrees?](repeating: nil, count: lossTargets.count)
        fitted.withUnsafeMutableBufferPointer { fitted in
            let parts = Parallel.parts(forItems: lossTargets.count, minimumPerPart: 1)
            let ranges = Parallel.ranges(lossTargets.count, parts: parts)
            Parallel.forEach(parts) { part in
                for model in ranges[part] {
                    fitted[model] = BoostingTrainer.fit(binned, targets: lossTargets[model], settings: settings)
                }
            }
        }
        absoluteErrorModel = fitted[0]!
        squaredErrorModel = fitted[1]!
        forest = FlatForest(models: [absoluteErrorModel, squaredErrorModel])
    }

    /// The predicted absolute and squared errors of one record, each clipped at 0 (`row` as the
    /// reference's rows: `columnCount` values, the prediction at `predictionColumn`).
    public func predictLosses(row: UnsafeBufferPointer<Double>) -> (absolute: Double, squared: Double) {
        guard let forest else {
            return (max(0, absoluteErrorModel.predict(row: row)), max(0, squaredErrorModel.predict(row: row)))
        }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2) { predictions in
            forest.predict(row: row, into: predictions)
            return (max(0, predictions[0]), max(0, predictions[1]))
        }
    }

    /// The predicted absolute and squared errors of `count` records whose rows (each as
    /// `predictLosses(row:)` reads it) follow one another in `rows`, into `losses`: record r's
    /// absolute error at 2r and its squared error at 2r + 1, each clipped at 0. The values are
    /// those of `predictLosses(row:)`, bit for bit; the rows go through each tree together.
    public func predictLosses(rows: UnsafeBufferPointer<Double>, count: Int, into losses: UnsafeMutableBufferPointer<Double>) {
        precondition(rows.count >= count * columnCount && losses.count >= 2 * count,
                     "DirectLossEstimator: \(rows.count) values and \(losses.count) places for \(count) rows")
        if let forest {
            forest.predict(rows: rows, count: count, into: losses)
            for i in 0 ..< 2 * count { losses[i] = max(0, losses[i]) }
        } else {
            for r in 0..<count {
                let loss = predictLosses(row: UnsafeBufferPointer(rebasing: rows[r * columnCount ..< (r + 1) * columnCount]))
                losses[2 * r] = loss.absolute
                losses[2 * r + 1] = loss.squared
            }
        }
    }

    /// The predicted absolute and squared errors of one record, each clipped at 0.
    public func predictLosses(row: [Double]) -> (absolute: Double, squared: Double) {
        row.withUnsafeBufferPointer { predictLosses(row: $0) }
    }
}

/// A window's estimated MAE and RMSE from the predicted losses of its records
/// (`DirectLossEstimator`): compensated sums, O(1) per record, mergeable.
public struct DirectLossEstimate: Sendable, Hashable {
    /// Records counted.
    public private(set) var count = 0
    private var absolute = CompensatedSum()
    private var squared = CompensatedSum()

    /// Nothing counted.
    public init() {}

    /// Counts one record's predicted losses, clipped at 0; non-finite losses are not counted
    /// (the result says whether the record was).
    @discardableResult
    public mutating func add(absolute absoluteError: Double, squared squaredError: Double) -> Bool {
        guard absoluteError.isFinite, squaredError.isFinite else { return false }
        absolute.add(max(0, absoluteError))
        squared.add(max(0, squaredError))
        count += 1
        return true
    }

    /// Counts one record's predicted losses (`DirectLossEstimator.predictLosses`).
    @discardableResult
    public mutating func add(_ losses: (absolute: Double, squared: Double)) -> Bool {
        add(absolute: losses.absolute, squared: losses.squared)
    }

    /// Σ predicted |y − ŷ|.
    public var absoluteErrorSum: Double { absolute.value }
    /// Σ predicted (y − ŷ)².
    public var squaredErrorSum: Double { squared.value }

    /// Estimated MAE: the mean predicted absolute error; `nil` when empty.
    public var mae: Double? { count > 0 ? absoluteErrorSum / Double(count) : nil }
    /// Estimated MSE: the mean predicted squared error; `nil` when empty.
    public var mse: Double? { count > 0 ? squaredErrorSum / Double(count) : nil }
    /// Estimated RMSE: √(mean predicted squared error); `nil` when empty.
    public var rmse: Double? { mse.map { $0.squareRoot() } }

    /// Adds the counts of another window.
    public mutating func merge(_ other: DirectLossEstimate) {
        absolute.merge(other.absolute)
        squared.merge(other.squared)
        count += other.count
    }

    /// The counts of both windows.
    public func merged(with other: DirectLossEstimate) -> DirectLossEstimate {
        var result = self
        result.merge(other)
        return result
    }
}
