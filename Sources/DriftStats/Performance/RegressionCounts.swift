import Foundation

/// Labelled predictions of a regression model in one bucket (tasks.md, "Business outcomes
/// layer"): sums from which the error metrics follow with scikit-learn's definitions. O(1) per
/// record, mergeable.
///
/// Sums are compensated (Neumaier) and the labels' spread is kept as a mean and a sum of squared
/// deviations (Welford, Chan et al. when merging) rather than Σy and Σy², whose difference loses
/// the digits of labels far from 0: R² agrees with scikit-learn's within 2e-12 relative on labels
/// around 1e7 spread by 50, whole or merged from parts in any order (the fixtures' hardest case).
///
/// Undefined values are `nil`: every metric when nothing is labelled; `meanSquaredLogError` and
/// `rootMeanSquaredLogError` once any label or prediction is negative (tasks.md; scikit-learn 1.9
/// computes them down to −1 and raises at or below −1); `r2` with fewer than two records
/// (scikit-learn: NaN) or when all labels are equal (scikit-learn's default substitutes 1.0 for
/// perfect predictions and 0.0 otherwise; `force_finite=False` gives NaN or −inf).
public struct RegressionCounts: Sendable, Hashable {
    /// Labelled predictions counted.
    public private(set) var count = 0
    /// Records whose label or prediction is negative: MSLE is undefined when there is any.
    public private(set) var negativeCount = 0
    /// Mean of the labels; 0 when empty.
    public private(set) var labelMean = 0.0
    /// Σ (y − ȳ)² over the labels, the total sum of squares of R².
    public private(set) var labelSquaredDeviations = 0.0
    private var error = CompensatedSum()
    private var absoluteError = CompensatedSum()
    private var squaredError = CompensatedSum()
    private var absolutePercentageError = CompensatedSum()
    private var squaredLogError = CompensatedSum()

    /// Empty counts.
    public init() {}

    /// scikit-learn's floor on |y| in MAPE's denominator: `np.finfo(np.float64).eps`.
    public static let percentageErrorFloor = Double.ulpOfOne

    /// Counts one labelled prediction. Non-finite values are not counted (the caller counts them
    /// as bad input); the result says whether the record was counted.
    @discardableResult
    public mutating func record(prediction: Double, label: Double) -> Bool {
        guard let terms = Terms(prediction: prediction, label: label) else { return false }
        record(terms)
        return true
    }

    /// What one labelled record adds to every sum, worked out once for all the counts it goes
    /// into (a label is credited to each of its prediction's slices, and to its version there).
    public struct Terms: Sendable {
        let label: Double
        let difference: Double
        let absoluteDifference: Double
        let squaredDifference: Double
        let absolutePercentage: Double
        /// (log1p(y) − log1p(ŷ))², `nil` when a value is negative.
        let squaredLogDifference: Double?

        /// The terms of a prediction and its label; `nil` unless both are finite.
        public init?(prediction: Double, label: Double) {
            guard prediction.isFinite, label.isFinite else { return nil }
            self.label = label
            difference = prediction - label
            absoluteDifference = abs(difference)
            squaredDifference = difference * difference
            absolutePercentage = abs(difference) / max(abs(label), RegressionCounts.percentageErrorFloor)
            if label < 0 || prediction < 0 {
                squaredLogDifference = nil
            } else {
                let logDifference = log1p(label) - log1p(prediction)
                squaredLogDifference = logDifference * logDifference
            }
        }
    }

    /// Counts one record from its terms: what ``record(prediction:label:)`` adds.
    public mutating func record(_ terms: Terms) {
        error.add(terms.difference)
        absoluteError.add(terms.absoluteDifference)
        squaredError.add(terms.squaredDifference)
        absolutePercentageError.add(terms.absolutePercentage)
        if let squaredLog = terms.squaredLogDifference {
            squaredLogError.add(squaredLog)
        } else {
            negativeCount += 1
        }
        count += 1
        let label = terms.label
        let delta = label - labelMean
        labelMean += delta / Double(count)
        labelSquaredDeviations += delta * (label - labelMean)
    }

    /// Σ (ŷ − y).
    public var errorSum: Double { error.value }
    /// Σ |ŷ − y|.
    public var absoluteErrorSum: Double { absoluteError.value }
    /// Σ (ŷ − y)², the residual sum of squares of R².
    public var squaredErrorSum: Double { squaredError.value }
    /// Σ |ŷ − y| / max(|y|, eps).
    public var absolutePercentageErrorSum: Double { absolutePercentageError.value }
    /// Σ (log1p(y) − log1p(ŷ))² over the records without a negative value.
    public var squaredLogErrorSum: Double { squaredLogError.value }

    /// `mean_absolute_error`: mean |y − ŷ|.
    public var meanAbsoluteError: Double? { mean(absoluteErrorSum) }
    /// `mean_squared_error`: mean (y − ŷ)².
    public var meanSquaredError: Double? { mean(squaredErrorSum) }
    /// `root_mean_squared_error`: √MSE.
    public var rootMeanSquaredError: Double? { meanSquaredError.map { $0.squareRoot() } }
    /// `mean_absolute_percentage_error`: mean |y − ŷ| / max(|y|, eps), a fraction (not %); huge
    /// when a label is 0, as scikit-learn's.
    public var meanAbsolutePercentageError: Double? { mean(absolutePercentageErrorSum) }
    /// `mean_squared_log_error`: mean (log1p(y) − log1p(ŷ))²; `nil` when a value is negative.
    public var meanSquaredLogError: Double? { negativeCount == 0 ? mean(squaredLogErrorSum) : nil }
    /// `root_mean_squared_log_error`: √MSLE; `nil` when a value is negative.
    public var rootMeanSquaredLogError: Double? { meanSquaredLogError.map { $0.squareRoot() } }
    /// The mean error ŷ − y: positive when the model overestimates.
    public var meanError: Double? { mean(errorSum) }

    /// `r2_score`: 1 − Σ(y − ŷ)² / Σ(y − ȳ)²; `nil` with fewer than two records or all labels
    /// equal.
    public var r2: Double? {
        guard count >= 2, labelSquaredDeviations > 0 else { return nil }
        return 1 - squaredErrorSum / labelSquaredDeviations
    }

    private func mean(_ sum: Double) -> Double? { count > 0 ? sum / Double(count) : nil }

    /// Adds the counts of another bucket.
    public mutating func merge(_ other: RegressionCounts) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        error.merge(other.error)
        absoluteError.merge(other.absoluteError)
        squaredError.merge(other.squaredError)
        absolutePercentageError.merge(other.absolutePercentageError)
        squaredLogError.merge(other.squaredLogError)
        negativeCount += other.negativeCount
        let total = count + other.count
        let delta = other.labelMean - labelMean
        labelMean += delta * Double(other.count) / Double(total)
        labelSquaredDeviations += other.labelSquaredDeviations
            + delta * delta * Double(count) * Double(other.count) / Double(total)
        count = total
    }

    /// The counts of both buckets.
    public func merged(with other: RegressionCounts) -> RegressionCounts {
        var result = self
        result.merge(other)
        return result
    }

    /// The counts of both buckets.
    public static func + (lhs: RegressionCounts, rhs: RegressionCounts) -> RegressionCounts {
        lhs.merged(with: rhs)
    }
}
