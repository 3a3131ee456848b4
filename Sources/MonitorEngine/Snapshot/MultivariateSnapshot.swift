/// Multivariate drift of one slice in the window (docs/statistics.md, "Multivariate drift"): the
/// mean PCA reconstruction error of its records against thresholds learned from the reference.
public struct MultivariateSnapshot: Sendable, Hashable {
    /// The method's name in reports: `pca_reconstruction`.
    public static let method = "pca_reconstruction"
    /// Principal components kept (the fewest explaining more than 65% of the variance).
    public var components: Int
    /// Features taking part.
    public var features: Int
    /// Records whose error is counted.
    public var records: Int
    /// The mean reconstruction error; `nil` without a record.
    public var error: Double?
    /// mean ± 3σ of the mean error over the slice's reference chunks (the lower one at least
    /// 0); `nil` with fewer than two chunks.
    public var lower: Double?
    public var upper: Double?
    /// Rows per reference chunk behind the thresholds.
    public var chunkRows: Int
    /// The error lies outside (lower, upper); `nil` without an error, thresholds, or the
    /// minimum window (`drift.min_records`) of records.
    public var alert: Bool?

    public init(components: Int, features: Int, records: Int, error: Double?, lower: Double?, upper: Double?,
                chunkRows: Int, alert: Bool?) {
        self.components = components
        self.features = features
        self.records = records
        self.error = error
        self.lower = lower
        self.upper = upper
        self.chunkRows = chunkRows
        self.alert = alert
    }
}
