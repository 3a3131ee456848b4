/// The decision a record served (docs/statistics.md, "Which records count where"): its
/// `prediction` when it has one, else `score >= threshold`.
enum Decision {
    /// `nil` when the record has neither a readable prediction nor a finite score.
    static func of(prediction: FeatureValue?, score: Double?, config: MonitorConfig) -> Bool? {
        if let prediction, let served = BinaryOutcome.isPositive(prediction, positiveLabel: config.positiveLabel) {
            return served
        }
        if let score, score.isFinite { return score >= config.threshold }
        return nil
    }
}
