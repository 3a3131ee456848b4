/// One of the things that go wrong in the card-fraud story, each meant to be caught by a
/// different monitoring layer.
public enum Episode: String, Sendable, Hashable, CaseIterable {
    /// Infrastructure: serving latency jumps for a while (a slow feature store).
    case latencySpike = "latency_spike"
    /// Input drift (covariate shift): amounts in Brazil triple; the model is still right.
    case amountDrift = "amount_drift"
    /// Concept drift: on `web`, the same inputs are now far less often fraud, so the model's
    /// precision collapses there while its inputs look unchanged.
    case conceptDrift = "concept_drift"
    /// Data quality: an upstream bug sends `account_age_days` as null for `android`.
    case missingFeature = "missing_feature"
    /// Label drift: the overall fraud rate rises (a fraud ring whose payments look ordinary).
    case fraudRateRise = "fraud_rate_rise"

    /// The segment the episode affects, as `dimension=value`, or `nil` for all traffic.
    public var segment: String? {
        switch self {
        case .latencySpike, .fraudRateRise: nil
        case .amountDrift: "country=\(CardFraudModel.driftCountry)"
        case .conceptDrift: "device=\(CardFraudModel.conceptDriftDevice)"
        case .missingFeature: "device=\(CardFraudModel.missingFeatureDevice)"
        }
    }

    /// The monitoring layer that should catch the episode.
    public var layer: String {
        switch self {
        case .latencySpike: "infrastructure"
        case .amountDrift: "input drift"
        case .conceptDrift: "realized performance"
        case .missingFeature: "data quality"
        case .fraudRateRise: "business outcomes (label drift)"
        }
    }

    /// A one-line account of the episode for reports and the README.
    public var summary: String {
        switch self {
        case .latencySpike:
            "serving latency x\(Int(CardFraudModel.latencySpikeFactor)) (a slow feature store)"
        case .amountDrift:
            "amount x\(Int(CardFraudModel.amountDriftFactor)) in \(CardFraudModel.driftCountry) (covariate drift; the model stays calibrated)"
        case .conceptDrift:
            "true fraud log-odds \(CardFraudModel.conceptDriftLogOdds) on \(CardFraudModel.conceptDriftDevice): same inputs, far fewer frauds, precision collapses"
        case .missingFeature:
            "account_age_days null for \(CardFraudModel.missingFeatureDevice) (upstream bug; the model imputes \(CardFraudModel.imputedAccountAgeDays) days)"
        case .fraudRateRise:
            "true fraud log-odds +\(CardFraudModel.fraudRateRiseLogOdds) everywhere (label drift)"
        }
    }
}
