/// Two model versions side by side over one window (docs/statistics.md, "Versions side by
/// side"): every difference is challenger − champion.
public struct VersionComparison: Sendable, Hashable {
    /// A difference of realized rates and its 95% bootstrap interval.
    public struct Difference: Sendable, Hashable {
        public var value: Double
        /// `nil` with fewer than two buckets holding labels of either version.
        public var lower: Double?
        public var upper: Double?

        public init(value: Double, lower: Double? = nil, upper: Double? = nil) {
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// The realized metrics a challenger can be gated on.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        case precision, recall, accuracy
    }

    public var champion: String
    public var challenger: String
    /// Positive rate of the challenger − the champion's, and the pooled two-proportion z-test.
    public var positiveRateDifference: Double?
    public var z: Double?
    public var pValue: Double?
    public var precision: Difference?
    public var recall: Difference?
    public var accuracy: Difference?
    /// KS of the two versions' labelled score distributions (whole stream only).
    public var ks: KSSnapshot?

    public init(champion: String, challenger: String, positiveRateDifference: Double? = nil, z: Double? = nil,
                pValue: Double? = nil, precision: Difference? = nil, recall: Difference? = nil,
                accuracy: Difference? = nil, ks: KSSnapshot? = nil) {
        self.champion = champion
        self.challenger = challenger
        self.positiveRateDifference = positiveRateDifference
        self.z = z
        self.pValue = pValue
        self.precision = precision
        self.recall = recall
        self.accuracy = accuracy
        self.ks = ks
    }

    /// The difference of one realized metric.
    public func difference(_ metric: Metric) -> Difference? {
        switch metric {
        case .precision: precision
        case .recall: recall
        case .accuracy: accuracy
        }
    }
}
