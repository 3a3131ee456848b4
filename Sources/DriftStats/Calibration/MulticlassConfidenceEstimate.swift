/// A multiclass model's performance estimated before labels arrive, from calibrated probabilities
/// (docs/statistics.md, "Estimated performance before labels arrive"; NannyML 0.13.1's multiclass
/// CBPE).
///
/// With p the record's calibrated probabilities normalised to sum to 1 (`MulticlassCalibration`)
/// and k the class served, the record adds p to column k of the expected confusion matrix: for
/// class c against the rest, E[TP_c] = Σ_{k=c} p_c, E[FP_c] = Σ_{k=c} (1 − p_c),
/// E[FN_c] = Σ_{k≠c} p_c, E[TN_c] = Σ_{k≠c} (1 − p_c) — NannyML's per-class estimates with the
/// calibrated probability of that class. Estimated accuracy is Σ p_k / n, the mean probability
/// of the class served. The estimated ROC AUC of class c puts p_c and 1 − p_c of each record in
/// the bin of its raw score of class c as expected positives and negatives — NannyML orders the
/// records by the raw (uncalibrated) score and accumulates calibrated probabilities; here the
/// order is the 1,000 bins of the ROC grid, ties within a bin counting one half (the documented
/// deviation) — and the macro ROC AUC is the mean over the classes. O(K) per record, no
/// allocation per record, mergeable.
public struct MulticlassConfidenceEstimate: Sendable, Hashable {
    /// K, the number of classes.
    public let classCount: Int
    /// The expected confusion matrix row by row (true class `a`, predicted class `p` at
    /// `a · K + p`): Σ over records served p of their probability of a.
    public private(set) var cells: [Double]
    /// Per class, expected positives (Σ p_c) per bin of its raw score.
    public private(set) var expectedPositives: [ScoreHistogram]
    /// Per class, expected negatives (Σ (1 − p_c)) per bin of its raw score.
    public private(set) var expectedNegatives: [ScoreHistogram]
    /// Records counted.
    public private(set) var count = 0

    /// An empty estimate for `classCount` classes.
    public init(classCount: Int) {
        precondition(classCount >= 1, "MulticlassConfidenceEstimate: at least one class")
        self.classCount = classCount
        cells = Array(repeating: 0, count: classCount * classCount)
        expectedPositives = Array(repeating: ScoreHistogram(), count: classCount)
        expectedNegatives = Array(repeating: ScoreHistogram(), count: classCount)
    }

    /// Counts one record: its raw scores (the keys of the ROC histograms), its calibrated
    /// probabilities normalised to sum to 1, both in class order, and the class served as an
    /// index. A record with a NaN score or probability is not counted (NannyML drops it).
    public mutating func record(scores: UnsafeBufferPointer<Double>, probabilities: UnsafeBufferPointer<Double>,
                                predictedClass: Int) {
        precondition(scores.count == classCount && probabilities.count == classCount,
                     "MulticlassConfidenceEstimate: one score and one probability per class")
        precondition((0..<classCount).contains(predictedClass), "MulticlassConfidenceEstimate: class out of range")
        for c in 0..<classCount where scores[c].isNaN || probabilities[c].isNaN { return }
        // One uniqueness check per array for the record, and each score's bin found once for
        // both of its histograms (built alike by `init`); each adds what it did, in the same order.
        let classCount = classCount
        cells.withUnsafeMutableBufferPointer { cells in
            expectedPositives.withUnsafeMutableBufferPointer { positives in
                expectedNegatives.withUnsafeMutableBufferPointer { negatives in
                    for c in 0..<classCount {
                        let p = probabilities[c]
                        cells[c * classCount + predictedClass] += p
                        let bin = positives[c].bin(of: scores[c])
                        positives[c].record(bin: bin, weight: p)
                        negatives[c].record(bin: bin, weight: 1 - p)
                    }
                }
            }
        }
        count += 1
    }

    /// Counts one record from its raw scores and calibrated probabilities, in class order.
    public mutating func record(scores: [Double], probabilities: [Double], predictedClass: Int) {
        scores.withUnsafeBufferPointer { scores in
            probabilities.withUnsafeBufferPointer { probabilities in
                record(scores: scores, probabilities: probabilities, predictedClass: predictedClass)
            }
        }
    }

    /// Counts one record from its raw scores, calibrating them with the reference's calibration.
    public mutating func record(scores: UnsafeBufferPointer<Double>, predictedClass: Int,
                                calibration: MulticlassCalibration) {
        precondition(calibration.classCount == classCount, "MulticlassConfidenceEstimate: calibration of other classes")
        withUnsafeTemporaryAllocation(of: Double.self, capacity: classCount) { buffer in
            calibration.probabilities(scores: scores, into: buffer)
            record(scores: scores, probabilities: UnsafeBufferPointer(buffer), predictedClass: predictedClass)
        }
    }

    /// Counts one record from its raw scores, calibrating them with the reference's calibration.
    public mutating func record(scores: [Double], predictedClass: Int, calibration: MulticlassCalibration) {
        scores.withUnsafeBufferPointer { record(scores: $0, predictedClass: predictedClass, calibration: calibration) }
    }

    /// Accuracy, per-class and macro metrics of the expected confusion matrix, with the rules of
    /// the realized metrics (`MulticlassMetrics`).
    public var metrics: MulticlassMetrics { MulticlassMetrics(classCount: classCount, cells: cells) }

    /// Estimated accuracy: the mean probability of the class served; `nil` with no record.
    public var accuracy: Double? { metrics.accuracy }
    /// Estimated macro precision: the mean over the classes ever served of E[TP] / (E[TP] + E[FP]).
    public var macroPrecision: Double? { metrics.macroPrecision }
    /// Estimated macro recall: the mean over the classes expected at all of E[TP] / (E[TP] + E[FN]).
    public var macroRecall: Double? { metrics.macroRecall }
    /// Estimated macro F1: the mean of 2·E[TP] / (2·E[TP] + E[FP] + E[FN]).
    public var macroF1: Double? { metrics.macroF1 }

    /// Per class, the estimated one-vs-rest ROC AUC from the expected positives and negatives per
    /// bin; `nil` when no positive or no negative is expected.
    public var classROCAUCs: [Double?] {
        (0..<classCount).map { ROCAUC.binned(positives: expectedPositives[$0], negatives: expectedNegatives[$0]) }
    }

    /// The estimated macro ROC AUC, the mean of the per-class values; `nil` when any is, as for the
    /// realized value (`MulticlassScoreHistograms.rocAUC`).
    public var rocAUC: Double? {
        var sum = 0.0
        for auc in classROCAUCs {
            guard let auc else { return nil }
            sum += auc
        }
        return sum / Double(classCount)
    }

    /// Adds the estimate of another bucket with the same classes.
    public mutating func merge(_ other: MulticlassConfidenceEstimate) {
        precondition(classCount == other.classCount, "MulticlassConfidenceEstimate: cannot merge different classes")
        for i in cells.indices { cells[i] += other.cells[i] }
        for c in 0..<classCount {
            expectedPositives[c].merge(other.expectedPositives[c])
            expectedNegatives[c].merge(other.expectedNegatives[c])
        }
        count += other.count
    }

    /// The estimate of both buckets.
    public func merged(with other: MulticlassConfidenceEstimate) -> MulticlassConfidenceEstimate {
        var result = self
        result.merge(other)
        return result
    }

    /// The estimate of both buckets.
    public static func + (lhs: MulticlassConfidenceEstimate, rhs: MulticlassConfidenceEstimate) -> MulticlassConfidenceEstimate {
        lhs.merged(with: rhs)
    }
}

extension MulticlassConfidenceEstimate: Recyclable {
    /// Every record counted adds to `count` (merges too).
    public var isClear: Bool { count == 0 }

    public mutating func clear() {
        guard !isClear else { return }
        Recycling.zero(&cells)
        // Every record writes every class's two histograms: each is zeroed whole. (Their weights
        // are probabilities clipped to [0, 1] by `MulticlassCalibration`, but `record` takes
        // any the caller gives.)
        for c in 0..<classCount {
            expectedPositives[c].zero()
            expectedNegatives[c].zero()
        }
        count = 0
    }
}
