import DriftStats

/// What of a prediction record depends on the record and the reference alone: its monitored
/// features read against the reference and placed on their grids, its PCA reconstruction error, a regression's predicted
/// losses. ``RecordPreparer`` works it out on the reading thread while the engine counts the
/// records before it, and the engine takes it instead of working it out itself
/// (``MonitorState/ingest(_:prepared:arrivalSeconds:readThroughSeconds:joins:)``): the same
/// functions of the same values, so the counts are the same wherever they ran.
public struct PreparedRecord: Sendable {
    /// Whether the fields below are the record's (false: the engine works them out).
    var isReady = false
    /// The reference it was prepared on.
    var reference: ReferenceSet?
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

    public init() {}
}

/// Prepares prediction records against one reference (``PreparedRecord``), with scratch space
/// of its own: one per thread.
public struct RecordPreparer: Sendable {
    public let reference: ReferenceSet
    private let onlyModel: String?
    private var locator = FeatureLocator()
    private var lossRow: [Double] = []
    private var multivariateRow: [Double] = []
    private var multivariateScratch: [Double] = []

    /// A preparer for records of `config`'s model (`only_model`) on `reference`.
    public init(reference: ReferenceSet, config: MonitorConfig) {
        self.reference = reference
        onlyModel = config.onlyModel
    }

    /// Works out what `record` needs from the reference, or marks it not ready (a label, a
    /// record of another model).
    public mutating func prepare(_ record: borrowing Record, into prepared: inout PreparedRecord) {
        prepared.isReady = false
        guard record.kind == .prediction else { return }
        if let onlyModel, let model = record.model, model != onlyModel { return }
        prepared.newFeatures = locator.locate(record.features, in: reference)
        reference.read(record.features, positions: locator.positions, into: &prepared.observations)
        reference.place(prepared.observations, into: &prepared.placements)
        // As the engine decides: a success, or a failure with a finite score, takes part.
        let takesPart = record.isSuccess || (record.score.map { $0.isFinite } ?? false)
        prepared.reconstructionError = nil
        prepared.losses = nil
        if takesPart, let multivariate = reference.multivariate {
            prepared.reconstructionError = multivariate.error(
                of: prepared.observations, row: &multivariateRow, scratch: &multivariateScratch)
        }
        if takesPart, let task = reference.task, task.task != .multiclass,
           let prediction = record.prediction.flatMap(TaskReference.number) {
            prepared.losses = task.losses(observations: prepared.observations, prediction: prediction, row: &lossRow)
        }
        prepared.reference = reference
        prepared.isReady = true
    }
}
