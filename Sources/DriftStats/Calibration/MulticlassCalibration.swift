/// The calibration of a multiclass model's class probabilities, fitted on the reference
/// (docs/statistics.md, "Estimated performance before labels arrive"; NannyML 0.13.1's multiclass
/// CBPE).
///
/// Each class's score is taken one-vs-rest (label 1 for the records of the class, 0 otherwise) and
/// gets an isotonic map (`IsotonicCalibration`, fitted on every reference record) when
/// `CalibrationDecision.needsCalibration` says it lowers the cross-validated expected calibration
/// error, else keeps its raw score. A record's calibrated scores are then divided by their sum so
/// that they add up to 1; when they sum to 0, every class gets 1/K, as NannyML does.
public struct MulticlassCalibration: Sendable, Hashable {
    /// Per class, in class order: its isotonic map, or `nil` where the raw score is kept.
    public let calibrations: [IsotonicCalibration?]

    /// K, the number of classes.
    public var classCount: Int { calibrations.count }

    /// Per class, whether its score is calibrated (NannyML's choice of `IsotonicCalibrator` over
    /// `NoopCalibrator`).
    public var calibrated: [Bool] { calibrations.map { $0 != nil } }

    /// A calibration from given maps.
    public init(calibrations: [IsotonicCalibration?]) {
        precondition(!calibrations.isEmpty, "MulticlassCalibration: at least one class")
        self.calibrations = calibrations
    }

    /// Fits the calibration on the reference; `nil` when no record is usable.
    ///
    /// - Parameters:
    ///   - classScores: K columns, in class order: column c holds every record's score of class c.
    ///   - labels: each record's true class as an index in 0..<K.
    ///   Records with a NaN score or a label out of range are left out (NannyML refuses them).
    public init?(classScores: [[Double]], labels: [Int]) {
        let k = classScores.count
        precondition(k >= 1, "MulticlassCalibration: at least one class")
        precondition(classScores.allSatisfy { $0.count == labels.count },
                     "MulticlassCalibration: every class needs one score per label")
        let kept = labels.indices.filter { i in
            (0..<k).contains(labels[i]) && classScores.allSatisfy { !$0[i].isNaN }
        }
        guard !kept.isEmpty else { return nil }
        // Each class is decided and fitted on its own, from a seeded generator of its own: the
        // classes are split over the cores, each calibration what one thread would fit.
        var calibrations = [IsotonicCalibration?](repeating: nil, count: k)
        calibrations.withUnsafeMutableBufferPointer { calibrations in
            let parts = min(k, Parallel.parts(forItems: k * kept.count, minimumPerPart: 20_000))
            let ranges = Parallel.ranges(k, parts: parts)
            Parallel.forEach(parts) { part in
                for c in ranges[part] {
                    let scores = kept.map { classScores[c][$0] }
                    let positive = kept.map { labels[$0] == c }
                    if CalibrationDecision.needsCalibration(scores: scores, labels: positive) {
                        calibrations[c] = IsotonicCalibration(scores: scores, labels: positive.map { $0 ? 1 : 0 })
                    }
                }
            }
        }
        self.calibrations = calibrations
    }

    /// A record's calibrated probabilities, normalised to sum to 1 (1/K each when the calibrated
    /// scores sum to 0), written to `probabilities`; NaN everywhere when a score is NaN. A raw
    /// score kept outside [0, 1] (scores are only checked to sum to 1) is clipped to it first, as
    /// the binary estimate clips its probability: every expected count stays between 0 and 1.
    ///
    /// - Parameters:
    ///   - scores: the record's K raw scores, in class order.
    ///   - probabilities: K places for the result.
    public func probabilities(scores: UnsafeBufferPointer<Double>, into probabilities: UnsafeMutableBufferPointer<Double>) {
        precondition(scores.count == calibrations.count && probabilities.count == calibrations.count,
                     "MulticlassCalibration: one score per class")
        var sum = 0.0
        for c in 0..<calibrations.count {
            let raw = calibrations[c]?.probability(at: scores[c]) ?? scores[c]
            let p = raw.isNaN ? raw : Swift.min(Swift.max(raw, 0), 1)
            probabilities[c] = p
            sum += p
        }
        if sum != 0 {
            for c in 0..<calibrations.count { probabilities[c] /= sum }
        } else {
            for c in 0..<calibrations.count { probabilities[c] = 1 / Double(calibrations.count) }
        }
    }

    /// A record's calibrated probabilities, normalised to sum to 1, written to `probabilities`
    /// (resized to K if needed).
    public func probabilities(scores: [Double], into probabilities: inout [Double]) {
        if probabilities.count != calibrations.count {
            probabilities = Array(repeating: 0, count: calibrations.count)
        }
        scores.withUnsafeBufferPointer { scores in
            probabilities.withUnsafeMutableBufferPointer { self.probabilities(scores: scores, into: $0) }
        }
    }

    /// A record's calibrated probabilities, normalised to sum to 1.
    public func probabilities(scores: [Double]) -> [Double] {
        var result: [Double] = []
        probabilities(scores: scores, into: &result)
        return result
    }
}
