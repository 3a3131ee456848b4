import DriftStats

/// What of a prediction record depends on the record and the reference alone: its monitored
/// features read against the reference and placed on their grids, its PCA reconstruction error,
/// a regression's predicted losses, a multiclass record's scores read, calibrated and decided,
/// the score's place and calibrated probability, the task's outputs placed on their grids, and
/// the segment slots the reference's table already gives its values. ``RecordPreparer`` works
/// it out on the reading thread while the engine counts the records before it, and the engine
/// takes it instead of working it out itself
/// (``MonitorState/ingest(_:prepared:arrivalSeconds:readThroughSeconds:joins:)``): the same
/// functions of the same values, so the counts are the same wherever they ran.
public struct PreparedRecord: Sendable {
    /// Whether the fields below are the record's (false: the engine works them out).
    var isReady = false
    /// The ``ReferenceSet/serial`` of the reference it was prepared on (0: none).
    var referenceSerial: UInt64 = 0
    /// Features the reference never had.
    var newFeatures = 0
    /// Per monitored feature, its value read against the reference.
    var observations: [FeatureObservation] = []
    /// Where each numeric observation falls on its feature's grid.
    var placements: [NumericPlacement] = []
    /// When the record takes part and the reference has a PCA.
    var reconstructionError: Double?
    /// A regression record's predicted absolute and squared error (DLE), when it takes part.
    var losses: (absolute: Double, squared: Double)?
    /// A multiclass record's scores read, calibrated and decided, when it takes part; its
    /// scores in `classScores` and `calibratedScores`.
    var multiclass: MulticlassReading?
    var classScores: [Double] = []
    var calibratedScores: [Double] = []
    /// When the record takes part with a finite score: its place on the score grid and its
    /// calibrated probability (``PredictionFacts/place(onScoreGrid:calibration:)``).
    var scorePlacement: NumericPlacement?
    var calibratedProbability: Double?
    /// When the record takes part: a multiclass record's usable class scores, or a
    /// regression's prediction, placed on their outputs' grids (``PredictionFacts/placeOutputs(_:)``).
    var outputPlacements: [NumericPlacement] = []
    /// Per segment dimension, the slot the reference's table gives the record's value, or -1
    /// (``SegmentSlots/knownSlots(_:texts:into:)`` with the reference's table of texts).
    var segmentSlots: [Int] = []

    public init() {}
}

/// Prepares prediction records against one reference (``PreparedRecord``), with scratch space
/// of its own: one per thread.
public struct RecordPreparer: Sendable {
    public let reference: ReferenceSet
    private let onlyModel: String?
    private var locator = FeatureLocator()
    private var multivariateScratch: [Double] = []

    /// A preparer for records of `config`'s model (`only_model`) on `reference`.
    public init(reference: ReferenceSet, config: MonitorConfig) {
        self.reference = reference
        onlyModel = config.onlyModel
    }

    /// A batch's loss rows waiting for ``finishDeferred(into:)``, and for each the
    /// index of its record.
    private var lossRows: [Double] = []
    private var lossOwners: [Int] = []
    private var lossValues: [Double] = []
    /// A batch's rows waiting for their reconstruction errors, the same way.
    private var multivariateRows: [Double] = []
    private var multivariateOwners: [Int] = []
    private var multivariateErrors: [Double] = []

    /// Works out what `record` needs from the reference, or marks it not ready (a label, a
    /// record of another model): one record, as a batch of one.
    public mutating func prepare(_ record: borrowing Record, into prepared: inout PreparedRecord) {
        prepare(record, into: &prepared, batchIndex: 0)
        withUnsafeMutablePointer(to: &prepared) { finishDeferred(into: UnsafeMutableBufferPointer(start: $0, count: 1)) }
    }

    /// ``prepare(_:into:batchIndex:)`` of a record the caller holds exclusively (it is not
    /// changed): read in place, not copied.
    mutating func prepare(inPlace record: inout Record, into prepared: inout PreparedRecord, batchIndex: Int) {
        prepare(record, into: &prepared, batchIndex: batchIndex)
    }

    /// Works out what `record`, at `batchIndex` of its batch, needs from the reference, but for
    /// its reconstruction error and a regression's losses: those are left for
    /// ``finishDeferred(into:)`` to work out with the rest of the batch's.
    mutating func prepare(_ record: borrowing Record, into prepared: inout PreparedRecord, batchIndex: Int) {
        prepared.isReady = false
        guard record.kind == .prediction else { return }
        if MonitorConfig.leavesOut(record, onlyModel: onlyModel) { return }
        prepared.newFeatures = locator.locate(record.features, in: reference)
        reference.segmentSlots.knownSlots(record.features, texts: reference.segmentTexts, into: &prepared.segmentSlots)
        reference.read(record.features, positions: locator.positions, into: &prepared.observations)
        reference.place(prepared.observations, into: &prepared.placements)
        // As the engine decides: a success, or a failure with a finite score, takes part.
        let takesPart = record.isSuccess || (record.score.map { $0.isFinite } ?? false)
        prepared.reconstructionError = nil
        prepared.losses = nil
        if takesPart, let multivariate = reference.multivariate {
            multivariate.appendRow(of: prepared.observations, to: &multivariateRows)
            multivariateOwners.append(batchIndex)
        }
        prepared.multiclass = nil
        prepared.scorePlacement = nil
        prepared.calibratedProbability = nil
        prepared.outputPlacements.removeAll(keepingCapacity: true)
        if takesPart, let score = record.score, score.isFinite {
            (prepared.scorePlacement, prepared.calibratedProbability) = PredictionFacts.place(
                score, onScoreGrid: reference.scoreGrid, calibration: reference.calibration)
        }
        if takesPart, let task = reference.task {
            if task.task == .multiclass {
                if prepared.classScores.count != task.classes.count {
                    prepared.classScores = Array(repeating: .nan, count: task.classes.count)
                }
                let reading = task.readMulticlass(record, scores: &prepared.classScores, calibrated: &prepared.calibratedScores)
                prepared.multiclass = reading
                if reading.usable {
                    PredictionFacts.placeOutputs(classScores: prepared.classScores, regressionPrediction: nil, task: task,
                                                 into: &prepared.outputPlacements)
                }
            } else {
                let prediction = record.prediction.flatMap(TaskReference.number)
                PredictionFacts.placeOutputs(classScores: [], regressionPrediction: prediction, task: task,
                                             into: &prepared.outputPlacements)
                if let prediction, task.appendLossRow(observations: prepared.observations, prediction: prediction, to: &lossRows) {
                    lossOwners.append(batchIndex)
                }
            }
        }
        prepared.referenceSerial = reference.serial
        prepared.isReady = true
    }
}

extension RecordPreparer {
    /// Works out the reconstruction errors and predicts the losses left by
    /// ``prepare(_:into:batchIndex:)`` since the last call, all at once
    /// (``PCAReconstruction/errors(ofRows:count:packed:columns:components:scratch:into:)`` and
    /// ``DirectLossEstimator/predictLosses(rows:count:into:)``: the same values as one record at
    /// a time), into the prepared records at their batch indices.
    public mutating func finishDeferred(into prepared: UnsafeMutableBufferPointer<PreparedRecord>) {
        if !multivariateOwners.isEmpty, let multivariate = reference.multivariate {
            multivariate.errors(ofRows: multivariateRows, count: multivariateOwners.count, scratch: &multivariateScratch,
                                into: &multivariateErrors)
            for (i, owner) in multivariateOwners.enumerated() { prepared[owner].reconstructionError = multivariateErrors[i] }
        }
        multivariateRows.removeAll(keepingCapacity: true)
        multivariateOwners.removeAll(keepingCapacity: true)
        defer {
            lossRows.removeAll(keepingCapacity: true)
            lossOwners.removeAll(keepingCapacity: true)
        }
        guard !lossOwners.isEmpty, let estimator = reference.task?.lossEstimator else { return }
        let count = lossOwners.count
        if lossValues.count < 2 * count { lossValues = Array(repeating: 0, count: 2 * count) }
        lossRows.withUnsafeBufferPointer { rows in
            lossValues.withUnsafeMutableBufferPointer { values in
                estimator.predictLosses(rows: rows, count: count, into: values)
            }
        }
        for (i, owner) in lossOwners.enumerated() { prepared[owner].losses = (lossValues[2 * i], lossValues[2 * i + 1]) }
    }
}

/// A multiclass record read against its task's reference (docs/tasks.md "Bad input"): what the
/// engine counts, worked out by ``TaskReference/readMulticlass(_:scores:calibrated:)`` on
/// whichever thread has time.
struct MulticlassReading: Sendable {
    /// Why the scores cannot be used, if they cannot.
    var problem: TaskReference.ScoreProblem?
    /// The scores are there and usable (then the scores, and with a calibration the
    /// calibrated scores, were written).
    var usable: Bool
    /// The class decided.
    var predictedClass: Int?
    /// The prediction names a class the reference does not have.
    var unknownClass: Bool
}

extension TaskReference {
    /// Reads a multiclass record's scores into `scores` (K places), calibrates usable ones
    /// into `calibrated` when there is a calibration, and decides its class.
    func readMulticlass(_ record: borrowing Record, scores: inout [Double], calibrated: inout [Double]) -> MulticlassReading {
        let problem = read(record.classScores, into: &scores)
        let usable = problem == nil && !record.classScores.isEmpty
        if usable, let calibration {
            calibration.probabilities(scores: scores, into: &calibrated)
        }
        let predictedClass = decision(record.prediction, scores: usable ? scores : nil)
        var unknownClass = false
        if predictedClass == nil, let prediction = record.prediction, Self.classText(prediction) != nil {
            unknownClass = true
        }
        return MulticlassReading(problem: problem, usable: usable, predictedClass: predictedClass, unknownClass: unknownClass)
    }
}
