import DriftStats

/// The reference one slice is compared with: the whole reference, or the reference rows of one
/// segment value counted on the whole reference's grids and categories (docs/statistics.md,
/// "Segments and their reference").
public struct SliceReference: Sendable {
    /// Reference rows behind these counts.
    public let rows: Int
    /// `segment` when these are the segment's own rows, `global` for the whole reference.
    public let scope: ReferenceScope
    /// Per monitored feature, in ``ReferenceSet/features`` order: counts on the feature's grids
    /// (numeric features), else `nil`.
    public let numeric: [NumericCounts?]
    /// Per monitored feature: counts per category (categorical features), else `nil`.
    public let categorical: [CategoricalCounts?]
    /// The reference scores on the score grid; `nil` without scores.
    public let score: NumericCounts?
    /// Reference scores per display bin (`score_bins` equal bins over [0, 1]).
    public let scoreDisplay: [Int]
    /// Share of rows decided positive (prediction, else score >= threshold).
    public let positiveRate: Double?
    /// Share of labelled rows whose label is positive.
    public let positiveLabelRate: Double?
    /// Performance of the served decisions on the labelled rows; `nil` without labels.
    public let performance: EstimatedPerformance?
    /// The slice's reference rows' reconstruction errors under the reference's PCA, in file
    /// order (docs/statistics.md, "Multivariate drift"); `nil` without a PCA.
    public internal(set) var multivariateErrors: ReferenceErrorChunks? = nil
}
