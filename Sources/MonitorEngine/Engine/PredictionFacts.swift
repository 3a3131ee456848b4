import DriftStats

/// What the layers count of one prediction record, worked out once (``init(_:config:version:newFeatures:)``)
/// and then counted into each of the record's slices (``count(into:observations:placements:task:)``).
struct PredictionFacts {
    /// The score when finite, else `nil`.
    var score: Double?
    /// The decision served (prediction, else score >= threshold); `nil` when the record does
    /// not take part, or has neither a readable prediction nor a score.
    var decision: Bool?
    /// The decision the estimate (CBPE) takes for a scored record.
    var estimatedPositive: Bool
    var latency: Double?
    var isSuccess: Bool
    /// A success, or a scored failure: counts beyond infrastructure.
    var takesPart: Bool
    /// Index into the engine's version names.
    var version: Int
    /// A second version scoring an id already served (known once the join has seen it): counts
    /// in infrastructure and its version, not in the input, prediction and performance layers.
    var isShadow = false
    /// The record's features the reference never had.
    var newFeatures: Int
    /// Multiclass: the class decided (the prediction, else the highest score).
    var predictedClass: Int?
    /// Multiclass: each class's score in class order, when the record's scores are usable;
    /// empty otherwise.
    var classScores: [Double] = []
    /// Multiclass: those scores calibrated on the reference and normalised (CBPE), when there
    /// is a calibration; empty otherwise. Worked out once, counted in every slice.
    var calibratedScores: [Double] = []
    /// Regression: the prediction, when a finite number.
    var regressionPrediction: Double?
    /// Regression: the record's predicted absolute and squared error (DLE).
    var losses: (absolute: Double, squared: Double)?
    /// The record's PCA reconstruction error (docs/statistics.md, "Multivariate drift"), when
    /// the reference has a PCA and the record takes part and is no shadow.
    var reconstructionError: Double?
    /// The score's place on the reference's score grid, found once for every slice
    /// (``place(onScoreGrid:calibration:)``); `nil` counts the score by searching the grid.
    var scorePlacement: NumericPlacement?
    /// The score's calibrated probability (CBPE), worked out once for every slice.
    var calibratedProbability: Double?
    /// A multiclass or regression model's numeric outputs placed on their grids, by output
    /// (``TaskReference/outputs``), once for every slice; empty counts them by searching.
    var outputPlacements: [NumericPlacement] = []

    init(
        score: Double?, decision: Bool?, estimatedPositive: Bool, latency: Double?, isSuccess: Bool, takesPart: Bool,
        version: Int, isShadow: Bool = false, newFeatures: Int
    ) {
        self.score = score
        self.decision = decision
        self.estimatedPositive = estimatedPositive
        self.latency = latency
        self.isSuccess = isSuccess
        self.takesPart = takesPart
        self.version = version
        self.isShadow = isShadow
        self.newFeatures = newFeatures
    }

    /// The facts of `record`, as the configuration's `task`, `threshold` and `positive_label`
    /// decide (statistics.md "Which records count where"). The three settings rather than the
    /// configuration: passed from the engine's own, the whole of it was copied each record.
    init(_ record: borrowing Record, task: ModelTask, threshold: Double, positiveLabel: String?, version: Int,
         newFeatures: Int) {
        let score = record.score.flatMap { $0.isFinite ? $0 : nil }
        let takesPart = record.isSuccess || score != nil
        // A multiclass or regression prediction is not a yes/no decision (its own facts are read
        // against the task's reference).
        let decision = takesPart && task == .binary
            ? Decision.of(prediction: record.prediction, score: score, threshold: threshold, positiveLabel: positiveLabel)
            : nil
        self.init(
            score: score, decision: decision, estimatedPositive: decision ?? ((score ?? .nan) >= threshold),
            latency: record.latencyMilliseconds, isSuccess: record.isSuccess, takesPart: takesPart,
            version: version, newFeatures: newFeatures)
    }

    /// Counts the prediction in one slice: infrastructure always, its version's counts when it
    /// takes part, and the input, prediction and estimate layers unless it is a shadow.
    /// `observations` are its monitored features' values, in the reference's order.
    ///
    /// `mutating` though it changes nothing: the facts live in a variable of the caller's, and a
    /// non-mutating method called on one is lent a copy of the whole struct (its arrays retained
    /// and released), once for every slice of every record.
    ///
    /// The observations and placements come as buffers: a record counted in three slices took
    /// arrays lent as copies, retained and released for each.
    mutating func count(into slice: inout SliceCounts, observations: UnsafeBufferPointer<FeatureObservation>,
                        placements: UnsafeBufferPointer<NumericPlacement>, task: TaskReference? = nil) {
        slice.requests += 1
        if !isSuccess { slice.errors += 1 }
        if let latency { slice.latency.record(latency) }
        slice.withVersion(version) { counts in
            counts.requests += 1
            if !isSuccess { counts.errors += 1 }
            if takesPart { counts.countDecision(decision, score: score) }
        }
        guard takesPart else { return }
        guard !isShadow else { return }
        slice.countDecision(decision, score: score)
        // One uniqueness check for the record, not one per feature.
        slice.features.withUnsafeMutableBufferPointer { counts in
            let placed = Swift.min(observations.count, counts.count, placements.count)
            for index in 0..<placed { counts[index].record(observations[index], at: placements[index]) }
            for index in placed..<Swift.min(observations.count, counts.count) { counts[index].record(observations[index]) }
        }
        if newFeatures > 0 { slice.recordsWithNewFeatures += 1 }
        if let reconstructionError {
            slice.reconstructionErrorSum += reconstructionError
            slice.reconstructionErrors += 1
        }
        // Optional chaining counts in place; `slice.task != nil` would copy the task's counts.
        if let task { slice.task?.count(self, reference: task, placements: outputPlacements) }
        if let score {
            if let scorePlacement { slice.score.record(score, at: scorePlacement) } else { slice.score.record(score) }
            slice.scoreDisplay[ScoreDisplay.bin(of: score, bins: slice.scoreDisplay.count)] += 1
            // The estimate needs the probability ``place(onScoreGrid:calibration:)`` worked out.
            if let calibratedProbability {
                slice.expected.record(score: score, probability: calibratedProbability, predictedPositive: estimatedPositive)
            }
        }
    }

    /// Places a multiclass record's class scores, or a regression's prediction, on their
    /// outputs' grids, once for the record's slices: what ``TaskCounts/count(_:reference:placements:)``
    /// would otherwise search in each slice.
    mutating func placeOutputs(_ task: TaskReference) {
        Self.placeOutputs(classScores: classScores, regressionPrediction: regressionPrediction, task: task,
                          into: &outputPlacements)
    }

    /// ``placeOutputs(_:)`` of a record's class scores (empty when not usable) or regression
    /// prediction, into `placements`: also worked out beside the counting (``RecordPreparer``).
    static func placeOutputs(classScores: [Double], regressionPrediction: Double?, task: TaskReference,
                             into placements: inout [NumericPlacement]) {
        placements.removeAll(keepingCapacity: true)
        switch task.task {
        case .multiclass:
            guard !classScores.isEmpty else { return }
            placements.append(NumericPlacement())
            for c in classScores.indices where c + 1 < task.outputs.count {
                placements.append(task.outputs[c + 1].numeric?.grid.placement(of: classScores[c]) ?? NumericPlacement())
            }
        case .regression, .binary:
            guard let regressionPrediction, let grid = task.outputs.first?.numeric?.grid else { return }
            placements.append(grid.placement(of: regressionPrediction))
        }
    }

    /// Finds, once for the record's slices, the score's place on the score grid and its
    /// calibrated probability: what ``count(into:observations:placements:task:)``
    /// would otherwise work out in each slice, the same values.
    mutating func place(onScoreGrid grid: NumericGrid, calibration: IsotonicCalibration?) {
        guard let score else { return }
        (scorePlacement, calibratedProbability) = Self.place(score, onScoreGrid: grid, calibration: calibration)
    }

    /// ``place(onScoreGrid:calibration:)`` of a finite score: also worked out beside the
    /// counting (``RecordPreparer``).
    static func place(_ score: Double, onScoreGrid grid: NumericGrid, calibration: IsotonicCalibration?)
        -> (placement: NumericPlacement, probability: Double?) {
        (grid.placement(of: score), calibration.map { $0.probability(at: score) })
    }
}

extension TaskCounts {
    /// The outputs of a multiclass or regression prediction, counted as features are; a
    /// numeric output with a placement (``PredictionFacts/placeOutputs(_:)``) is counted there.
    mutating func count(_ facts: PredictionFacts, reference: TaskReference, placements: [NumericPlacement] = []) {
        guard !outputs.isEmpty else { return }
        // One uniqueness check for the record's outputs, not one per output.
        outputs.withUnsafeMutableBufferPointer { outputs in
            @inline(__always)
            func recordNumber(_ value: Double, output index: Int) {
                if index < placements.count {
                    outputs[index].record(.number(value, outOfRange: false), at: placements[index])
                } else {
                    outputs[index].record(.number(value, outOfRange: false))
                }
            }
            switch reference.task {
            case .multiclass:
                if let predictedClass = facts.predictedClass, predictedClass < reference.predictedSlots.count {
                    outputs[0].record(.category(reference.predictedSlots[predictedClass]))
                } else {
                    outputs[0].record(.missing)
                }
                let classScores = facts.classScores
                for c in classScores.indices where c + 1 < outputs.count { recordNumber(classScores[c], output: c + 1) }
                if classScores.isEmpty {
                    for index in 1..<outputs.count { outputs[index].record(.missing) }
                }
            case .regression, .binary:
                if let regressionPrediction = facts.regressionPrediction {
                    recordNumber(regressionPrediction, output: 0)
                } else {
                    outputs[0].record(.missing)
                }
            }
        }
        switch reference.task {
        case .multiclass:
            let classScores = facts.classScores
            if !classScores.isEmpty, let predictedClass = facts.predictedClass, !facts.calibratedScores.isEmpty {
                estimate?.record(scores: classScores, probabilities: facts.calibratedScores, predictedClass: predictedClass)
            }
        case .regression, .binary:
            if let losses = facts.losses { lossEstimate?.add(losses) }
        }
    }
}

/// The prediction layer's counts, kept alike per slice and per version.
protocol DecisionCounts {
    /// Records that take part.
    var records: Int { get set }
    /// Records with a decision, and those positive.
    var decided: Int { get set }
    var positives: Int { get set }
    /// Records with a score, and the sum of their scores.
    var scored: Int { get set }
    var scoreSum: Double { get set }
}

extension DecisionCounts {
    /// Counts one record taking part, with its decision and score when it has them.
    @inline(__always)
    mutating func countDecision(_ decision: Bool?, score: Double?) {
        records += 1
        if let decision {
            decided += 1
            if decision { positives += 1 }
        }
        if let score {
            scored += 1
            scoreSum += score
        }
    }
}

extension SliceCounts: DecisionCounts {}
extension VersionCounts: DecisionCounts {}
