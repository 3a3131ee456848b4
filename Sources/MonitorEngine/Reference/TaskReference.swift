import DriftStats

/// What the prediction and business layers of a multiclass or regression model compare with
/// (docs/tasks.md): the reference's classes, and its outputs as features.
///
/// The outputs are counted and compared exactly as features are (statistics.md): for a
/// multiclass model the predicted class (categorical, one category per class) and each class's
/// score (numeric); for a regression the prediction (numeric). The label is a feature of its own
/// (label drift), and a regression's residual ŷ − y too, for the residual histogram.
/// Segments compare with the whole reference's outputs.
///
/// A class: every record reads it (several times, once per slice), and a struct holding the
/// loss models' arrays would be retained array by array at each copy.
public final class TaskReference: Sendable {
    public let task: ModelTask
    /// Multiclass: the classes in order (`classes:`, else the reference's sorted by name).
    public let classes: [String]
    private let classIndex: ClassLookup
    /// Multiclass: `predicted class`, then `score:CLASS` per class; regression: `prediction`.
    public let outputs: [FeatureReference]
    /// Per class, its category slot in the predicted-class output and in the label.
    public let predictedSlots: [Int]
    public let labelSlots: [Int]
    /// The label's distribution: class shares (multiclass) or values (regression); `nil` when
    /// the reference has no usable label.
    public let label: FeatureReference?
    /// Regression: ŷ − y on the reference's labelled rows.
    public let residual: FeatureReference?
    /// The headline metrics on the reference's labelled rows (the baseline of a drop); `nil`
    /// without labels.
    public let performance: TaskEstimate?
    /// Multiclass: each class's score calibrated one-vs-rest on the reference (CBPE,
    /// statistics.md); `nil` without labelled rows with usable scores.
    public let calibration: MulticlassCalibration?
    /// Regression: the models of each record's absolute and squared error (DLE, statistics.md),
    /// from the features in the reference's order then the prediction; `nil` without labelled rows.
    public let lossEstimator: DirectLossEstimator?

    /// Most classes a multiclass model may have: a class index fits a byte, with one value
    /// left for "none".
    public static let maximumClasses = 254

    /// Builds the outputs from the reference's rows; `nil` for a binary model.
    init?(sample: ReferenceSample, config: MonitorConfig, features: [FeatureReference]) {
        guard config.task != .binary else { return nil }
        task = config.task
        let bins = config.drift.bins
        let fine = config.drift.fineBins
        switch config.task {
        case .multiclass:
            var names: [String]
            if let configured = config.classes {
                names = configured
            } else {
                var seen = Set<String>()
                for row in 0..<sample.count {
                    for score in sample.classScores[row] { seen.insert(score.name) }
                    if let label = sample.labels[row], let text = Self.classText(label) { seen.insert(text) }
                    if let prediction = sample.predictions[row], let text = Self.classText(prediction) { seen.insert(text) }
                }
                names = seen.sorted()
            }
            if names.count > Self.maximumClasses { names = Array(names.prefix(Self.maximumClasses)) }
            classes = names
            var index: [String: Int] = [:]
            for (position, name) in names.enumerated() { index[name] = position }
            let lookup = ClassLookup(names: names, index: index)
            classIndex = lookup
            var predicted = [Int](repeating: 0, count: names.count)
            var labelled = [Int](repeating: 0, count: names.count)
            var scoreColumns = [[Double]](repeating: [], count: names.count)
            var scratch = [Double](repeating: .nan, count: names.count)
            var calibrationColumns = [[Double]](repeating: [], count: names.count)
            var calibrationLabels: [Int] = []
            var confusion = MulticlassConfusionCounts(classCount: max(names.count, 1))
            var histograms = MulticlassScoreHistograms(classCount: max(names.count, 1))
            for row in 0..<sample.count {
                let usable = !sample.classScores[row].isEmpty
                    && Self.read(sample.classScores[row], classIndex: lookup, into: &scratch) == nil
                if usable {
                    for c in names.indices where scratch[c].isFinite { scoreColumns[c].append(scratch[c]) }
                }
                let decided = Self.decision(sample.predictions[row], scores: usable ? scratch : nil, classIndex: lookup)
                if let decided { predicted[decided] += 1 }
                if let label = sample.labels[row], let text = Self.classText(label), let c = index[text] {
                    labelled[c] += 1
                    if let decided { confusion.record(predictedClass: decided, actualClass: c) }
                    if usable {
                        histograms.record(scores: scratch, actualClass: c)
                        for k in names.indices { calibrationColumns[k].append(scratch[k]) }
                        calibrationLabels.append(c)
                    }
                }
            }
            lossEstimator = nil
            calibration = calibrationLabels.isEmpty
                ? nil : MulticlassCalibration(classScores: calibrationColumns, labels: calibrationLabels)
            if confusion.total > 0 {
                let metrics = confusion.metrics
                performance = TaskEstimate(
                    accuracy: metrics.accuracy, macroPrecision: metrics.macroPrecision, macroRecall: metrics.macroRecall,
                    macroF1: metrics.macroF1, rocAUC: histograms.rocAUC)
            } else {
                performance = nil
            }
            let predictedReference = Self.classReference(names, counts: predicted)
            var outputs = [FeatureReference(name: "predicted class", categorical: predictedReference)]
            let scoreReferences = Self.numericReferences(scoreColumns, bins: bins, fine: fine)
            for (c, name) in names.enumerated() {
                outputs.append(FeatureReference(name: "score:\(name)", numeric: scoreReferences[c], configuredRange: nil))
            }
            self.outputs = outputs
            predictedSlots = names.map { predictedReference.slot(of: $0) ?? 0 }
            if labelled.reduce(0, +) > 0 {
                let labelReference = Self.classReference(names, counts: labelled)
                label = FeatureReference(name: "label", categorical: labelReference)
                labelSlots = names.map { labelReference.slot(of: $0) ?? 0 }
            } else {
                label = nil
                labelSlots = []
            }
            residual = nil
        case .regression, .binary:
            classes = []
            classIndex = ClassLookup(names: [], index: [:])
            calibration = nil
            lossEstimator = Self.fitLossEstimator(sample: sample, features: features, settings: config.dle)
            predictedSlots = []
            labelSlots = []
            var predictions: [Double] = []
            var labels: [Double] = []
            var residuals: [Double] = []
            var errors = RegressionCounts()
            for row in 0..<sample.count {
                let prediction = sample.predictions[row].flatMap(Self.number)
                let label = sample.labels[row].flatMap(Self.number)
                if let prediction { predictions.append(prediction) }
                if let label { labels.append(label) }
                if let prediction, let label {
                    residuals.append(prediction - label)
                    errors.record(prediction: prediction, label: label)
                }
            }
            performance = errors.count > 0
                ? TaskEstimate(mae: errors.meanAbsoluteError, rmse: errors.rootMeanSquaredError) : nil
            let references = Self.numericReferences([predictions, labels, residuals], bins: bins, fine: fine)
            outputs = [FeatureReference(name: "prediction", numeric: references[0], configuredRange: nil)]
            label = labels.isEmpty ? nil : FeatureReference(name: "label", numeric: references[1], configuredRange: nil)
            residual = residuals.isEmpty ? nil : FeatureReference(name: "residual", numeric: references[2], configuredRange: nil)
        }
    }

    /// The references of several columns of finite values, the columns split between the cores
    /// (each is a sort); each is what one thread builds.
    private static func numericReferences(_ columns: [[Double]], bins: Int, fine: Int) -> [NumericReference] {
        var built = [NumericReference?](repeating: nil, count: columns.count)
        let total = columns.reduce(0) { $0 + $1.count }
        let parts = Parallel.ranges(columns.count, parts: min(columns.count, Parallel.parts(forItems: total, minimumPerPart: 20_000)))
        built.withUnsafeMutableBufferPointer { built in
            Parallel.forEach(parts.count) { part in
                for c in parts[part] { built[c] = NumericReference(finiteValues: columns[c], coarseBins: bins, fineCells: fine) }
            }
        }
        return built.map { $0! }
    }

    /// Fits the DLE models on the reference's rows with a numeric prediction and label.
    private static func fitLossEstimator(sample: ReferenceSample, features: [FeatureReference],
                                         settings: BoostingSettings) -> DirectLossEstimator? {
        let (rows, labels) = lossRows(sample: sample, features: features)
        guard !labels.isEmpty else { return nil }
        return DirectLossEstimator(
            rows: rows, columnCount: features.count + 1, categorical: features.map { $0.kind == .categorical } + [false],
            predictionColumn: features.count, labels: labels, settings: settings)
    }

    /// The loss models' training rows, row-major, and their labels: each reference row with a
    /// numeric prediction and label is its features as a record's are read (``lossInput(_:)``
    /// of the value read against the feature: a number, a category's slot, NaN) then ŷ.
    static func lossRows(sample: ReferenceSample, features: [FeatureReference]) -> (rows: [Double], labels: [Double]) {
        var kept: [Int] = []
        var predictions: [Double] = []
        var labels: [Double] = []
        for row in 0..<sample.count {
            guard let prediction = sample.predictions[row].flatMap(number), let label = sample.labels[row].flatMap(number) else {
                continue
            }
            kept.append(row)
            predictions.append(prediction)
            labels.append(label)
        }
        let width = features.count + 1
        var rows = [Double](repeating: 0, count: kept.count * width)
        rows.withUnsafeMutableBufferPointer { rows in
            for (index, feature) in features.enumerated() {
                var inputs = LossInputs(column: sample.column(named: feature.name), reference: feature)
                for (position, row) in kept.enumerated() { rows[position * width + index] = inputs.input(row: row) }
            }
            for position in kept.indices { rows[position * width + features.count] = predictions[position] }
        }
        return (rows, labels)
    }

    /// A feature's value as the loss models read it: the number, the category's slot, else NaN.
    @inline(__always)
    static func lossInput(_ observation: FeatureObservation) -> Double {
        switch observation {
        case .number(let value, _): value
        case .category(let slot?): Double(slot)
        default: .nan
        }
    }

    /// One reference column's values as the loss models read them (``lossInput(_:)`` of the
    /// value read against the feature), each distinct category or categorical number read
    /// once rather than once per row.
    private struct LossInputs {
        let column: ReferenceColumn?
        let reading: FeatureReading
        let categorySlots: [String: Int]
        /// Per code of the column, its input once read (`nil`: not read yet).
        var byCode: [Double?]
        var byNumber: [Double: Double] = [:]

        init(column: ReferenceColumn?, reference: FeatureReference) {
            self.column = column
            reading = FeatureReading(reference: reference)
            categorySlots = reference.categorical?.slotTable ?? [:]
            byCode = [Double?](repeating: nil, count: (column?.others.count ?? 0) + 1)
        }

        private func read(_ value: FeatureValue?) -> Double {
            TaskReference.lossInput(FeatureObservation(value, reading: reading, categorySlots: categorySlots))
        }

        mutating func input(row: Int) -> Double {
            guard let column else { return read(nil) }
            if let number = column.number(at: row) {
                if reading.isNumeric { return read(.number(number)) }
                if let input = byNumber[number] { return input }
                let input = read(.number(number))
                byNumber[number] = input
                return input
            }
            let code = Int(column.code(at: row))
            if let input = byCode[code] { return input }
            let input = read(column.value(at: row))
            byCode[code] = input
            return input
        }
    }

    /// Predicts a record's absolute and squared error from its features (read against the
    /// reference, in its order) and its prediction; `row` is scratch, reused.
    public func losses(observations: [FeatureObservation], prediction: Double, row: inout [Double]) -> (absolute: Double, squared: Double)? {
        row.removeAll(keepingCapacity: true)
        guard let lossEstimator, appendLossRow(observations: observations, prediction: prediction, to: &row) else { return nil }
        return row.withUnsafeBufferPointer { lossEstimator.predictLosses(row: $0) }
    }

    /// Appends the row the loss models read for a record to `rows` (`losses` predicts from
    /// it); false, appending nothing, when there are no loss models for these observations.
    public func appendLossRow(observations: [FeatureObservation], prediction: Double, to rows: inout [Double]) -> Bool {
        guard let lossEstimator, observations.count + 1 == lossEstimator.columnCount else { return false }
        for observation in observations { rows.append(Self.lossInput(observation)) }
        rows.append(prediction)
        return true
    }

    /// A categorical reference with every class a category, in class order (a class the
    /// reference never had counts 0 there, and is not unseen when it comes).
    private static func classReference(_ names: [String], counts: [Int]) -> CategoricalReference {
        var frequencies: [String: Int] = [:]
        for (c, name) in names.enumerated() { frequencies[name] = counts[c] }
        return CategoricalReference(classFrequencies: names.map { ($0, frequencies[$0] ?? 0) })
    }

    /// The index of a class named as written (a string, or a number as its text); `nil` for a
    /// class not in the list.
    public func classIndex(of value: FeatureValue) -> Int? {
        Self.classText(value).flatMap { classIndex[$0] }
    }

    public func classIndex(named name: String) -> Int? { classIndex[name] }

    /// A class as text: strings as written, numbers as categories render them (`2`, `0.5`).
    static func classText(_ value: FeatureValue) -> String? {
        switch value {
        case .string, .number, .bool: ReferenceSet.categoryText(value)
        default: nil
        }
    }

    /// A finite number, `nil` for anything else.
    static func number(_ value: FeatureValue) -> Double? {
        if case .number(let number) = value, number.isFinite { return number }
        return nil
    }

    /// Why a record's class probabilities cannot be used (docs/tasks.md, "Bad input").
    public enum ScoreProblem: String, Sendable, CaseIterable {
        /// A probability for a class not in the list.
        case unknownClass = "unknown_class"
        /// The probabilities do not sum to 1 within 1e-3 (a class missing included).
        case scoresSum = "scores_sum"
    }

    /// Reads a record's class probabilities into `scores` (one per class, in class order; NaN
    /// for a class without one); the problem when they cannot be used, `nil` when they can (or
    /// when there are none).
    static func read(_ written: [ClassScore], classIndex: ClassLookup, into scores: inout [Double]) -> ScoreProblem? {
        for c in scores.indices { scores[c] = .nan }
        guard !written.isEmpty else { return nil }
        var sum = 0.0
        for score in written {
            guard let c = classIndex[score.name] else { return .unknownClass }
            scores[c] = score.value
        }
        for c in scores.indices {
            guard scores[c].isFinite else { return .scoresSum }
            sum += scores[c]
        }
        return abs(sum - 1) <= 1e-3 ? nil : .scoresSum
    }

    /// Reads a record's class probabilities; see ``read(_:classIndex:into:)``.
    public func read(_ written: [ClassScore], into scores: inout [Double]) -> ScoreProblem? {
        Self.read(written, classIndex: classIndex, into: &scores)
    }

    /// The class decided: the `prediction` when it names a class, else the class with the
    /// highest score (ties to the first in class order); `nil` without either.
    static func decision(_ prediction: FeatureValue?, scores: [Double]?, classIndex: ClassLookup) -> Int? {
        if let prediction, let text = classText(prediction) { return classIndex[text] }
        guard let scores, !scores.isEmpty, scores.allSatisfy(\.isFinite) else { return nil }
        var best = 0
        for c in scores.indices where scores[c] > scores[best] { best = c }
        return best
    }

    /// The class decided for a record; see ``decision(_:scores:classIndex:)``. A `prediction`
    /// naming an unknown class gives `nil`.
    public func decision(_ prediction: FeatureValue?, scores: [Double]?) -> Int? {
        Self.decision(prediction, scores: scores, classIndex: classIndex)
    }
}

/// A class's index by name: for a few classes a scan of the names (comparing a name read from
/// a record with a short class name is cheaper than hashing it), else the dictionary. Both give
/// the last position of a name listed twice, as the dictionary was built.
struct ClassLookup: Sendable {
    private let names: [String]
    private let index: [String: Int]
    /// Most classes scanned rather than looked up.
    private static let scanned = 8

    init(names: [String], index: [String: Int]) {
        self.names = names
        self.index = index
    }

    subscript(name: String) -> Int? {
        guard names.count <= Self.scanned else { return index[name] }
        var position = names.count - 1
        while position >= 0 {
            if names[position] == name { return position }
            position -= 1
        }
        return nil
    }
}
