/// The decision a record served (docs/statistics.md, "Which records count where"): its
/// `prediction` when it has one, else `score >= threshold`.
enum Decision {
    /// `nil` when the record has neither a readable prediction nor a finite score.
    static func of(prediction: FeatureValue?, score: Double?, config: MonitorConfig) -> Bool? {
        of(prediction: prediction, score: score, threshold: config.threshold, positiveLabel: config.positiveLabel)
    }

    /// The decision from the two settings it reads (`threshold`, `positive_label`).
    static func of(prediction: FeatureValue?, score: Double?, threshold: Double, positiveLabel: String?) -> Bool? {
        if let prediction, let served = BinaryOutcome.isPositive(prediction, positiveLabel: positiveLabel) {
            return served
        }
        if let score, score.isFinite { return score >= threshold }
        return nil
    }
}
