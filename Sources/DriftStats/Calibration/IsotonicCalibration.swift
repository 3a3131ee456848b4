/// A calibration map from score to probability of the positive class: the isotonic
/// (non-decreasing) regression of the label on the score, fitted on the reference by
/// pool-adjacent-violators, as scikit-learn's `IsotonicRegression(out_of_bounds="clip")`.
///
/// Between the fitted points the probability is interpolated linearly; outside the reference's
/// score range it is clipped to the first or last fitted value. Used by the confidence-based
/// performance estimate (docs/statistics.md, "Estimated performance before labels arrive").
public struct IsotonicCalibration: Sendable, Hashable {
    /// Distinct scores of the fit, ascending (points inside a flat run are dropped).
    public let thresholds: [Double]
    /// Calibrated probability at each threshold, non-decreasing.
    public let probabilities: [Double]

    /// Fits the map on labelled scores; `nil` when no score has a positive weight.
    ///
    /// - Parameters:
    ///   - scores: the model's scores; pairs with a NaN score or label are left out.
    ///   - labels: the ground truth, 1 for the positive class and 0 otherwise.
    ///   - weights: optional sample weights; pairs of weight ≤ 0 are left out.
    public init?(scores: [Double], labels: [Double], weights: [Double]? = nil) {
        precondition(scores.count == labels.count, "IsotonicCalibration: \(scores.count) scores for \(labels.count) labels")
        if let weights {
            precondition(weights.count == scores.count, "IsotonicCalibration: \(weights.count) weights for \(scores.count) scores")
        }
        var points: [(score: Double, label: Double, weight: Double)] = []
        points.reserveCapacity(scores.count)
        for i in scores.indices {
            let weight = weights?[i] ?? 1
            guard !scores[i].isNaN, !labels[i].isNaN, weight > 0 else { continue }
            points.append((scores[i], labels[i], weight))
        }
        guard !points.isEmpty else { return nil }
        points.sort(by: Self.fitsBefore)
        self.init(sortedPoints: points)
    }

    /// Fits the map on the rows of `scores` and `labels` that `included` marks, taking them in
    /// `order` (``fitOrder(scores:labels:)``) rather than sorting them: the same map as
    /// ``init(scores:labels:weights:)`` on those rows without weights, which sorts the same
    /// (score, label) pairs into the same sequence. `nil` when no row is included.
    init?(scores: [Double], labels: [Double], order: [Int], including included: [Bool]) {
        var points: [(score: Double, label: Double, weight: Double)] = []
        points.reserveCapacity(order.count)
        for i in order where included[i] { points.append((scores[i], labels[i], 1)) }
        guard !points.isEmpty else { return nil }
        self.init(sortedPoints: points)
    }

    /// The rows of `scores` and `labels` (those without NaN) in the order a fit sorts its
    /// points: by score, then label. Any subset taken in this order is sorted, so fits on many
    /// subsets of one set of scores (cross-validation) sort once. `nil` when a score is −0: it
    /// equals +0, so which of the two a fit keeps would depend on the subset's own order.
    static func fitOrder(scores: [Double], labels: [Double]) -> [Int]? {
        precondition(scores.count == labels.count, "IsotonicCalibration: \(scores.count) scores for \(labels.count) labels")
        if scores.contains(where: { $0 == 0 && $0.sign == .minus }) { return nil }
        var order = scores.indices.filter { !scores[$0].isNaN && !labels[$0].isNaN }
        order.sort { fitsBefore((scores[$0], labels[$0], 1), (scores[$1], labels[$1], 1)) }
        return order
    }

    /// The order of a fit's points: by score, then label.
    @inline(__always)
    private static func fitsBefore(_ a: (score: Double, label: Double, weight: Double),
                                   _ b: (score: Double, label: Double, weight: Double)) -> Bool {
        a.score != b.score ? a.score < b.score : a.label < b.label
    }

    /// Fits the map on points sorted by score, then label.
    private init(sortedPoints points: [(score: Double, label: Double, weight: Double)]) {
        // One point per distinct score: the weighted mean label and the summed weight.
        var x: [Double] = []
        var y: [Double] = []
        var w: [Double] = []
        var currentScore = points[0].score
        var weightedLabels = 0.0
        var weight = 0.0
        for point in points {
            if point.score != currentScore {
                x.append(currentScore)
                y.append(weightedLabels / weight)
                w.append(weight)
                currentScore = point.score
                weightedLabels = 0
                weight = 0
            }
            weightedLabels += point.label * point.weight
            weight += point.weight
        }
        x.append(currentScore)
        y.append(weightedLabels / weight)
        w.append(weight)

        Self.poolAdjacentViolators(&y, weights: &w)

        // Points whose value equals both neighbours' change nothing in the interpolation.
        var keptX: [Double] = []
        var keptY: [Double] = []
        for i in x.indices {
            let inner = i > 0 && i < x.count - 1
            if !inner || y[i] != y[i - 1] || y[i] != y[i + 1] {
                keptX.append(x[i])
                keptY.append(y[i])
            }
        }
        thresholds = keptX
        probabilities = keptY
    }

    /// The calibrated probability at a score: linear interpolation between the fitted points,
    /// clipped to the fitted range of scores. NaN for a NaN score.
    public func probability(at score: Double) -> Double {
        if score.isNaN { return .nan }
        let count = thresholds.count
        if count == 1 { return probabilities[0] }
        let x = Swift.min(Swift.max(score, thresholds[0]), thresholds[count - 1])
        // SciPy's interp1d: the segment ending at the first threshold ≥ x, at least the first.
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) >> 1
            if thresholds[middle] < x { low = middle + 1 } else { high = middle }
        }
        let upper = Swift.min(Swift.max(low, 1), count - 1)
        let lower = upper - 1
        let slope = (probabilities[upper] - probabilities[lower]) / (thresholds[upper] - thresholds[lower])
        return slope * (x - thresholds[lower]) + probabilities[lower]
    }

    /// Pool adjacent violators in place, single pass with backtracking (scikit-learn's
    /// `_inplace_contiguous_isotonic_regression`): every decreasing run is replaced by its
    /// weighted mean until the values are non-decreasing.
    static func poolAdjacentViolators(_ y: inout [Double], weights w: inout [Double]) {
        let n = y.count
        // target[i] is the last index of the block starting at i, and the reverse at block ends.
        var target = Array(0..<n)
        var i = 0
        while i < n {
            var k = target[i] + 1
            if k == n { break }
            if y[i] < y[k] {
                i = k
                continue
            }
            var sumWY = w[i] * y[i]
            var sumW = w[i]
            while true {
                let previousY = y[k]
                sumWY += w[k] * y[k]
                sumW += w[k]
                k = target[k] + 1
                if k == n || previousY < y[k] {
                    y[i] = sumWY / sumW
                    w[i] = sumW
                    target[i] = k - 1
                    target[k - 1] = i
                    if i > 0 { i = target[i - 1] }
                    break
                }
            }
        }
        i = 0
        while i < n {
            let k = target[i] + 1
            if i + 1 < k {
                for j in (i + 1)..<k { y[j] = y[i] }
            }
            i = k
        }
    }
}
