import Foundation

/// The world of the story: how card payments are distributed, how likely each is to be fraud,
/// and the champion and challenger models that score them.
///
/// The champion's score is the logistic function of `logOdds(...)` on the features it is
/// served, and in the calm period the true fraud label is drawn from that same probability,
/// so the model is exactly calibrated there (which a confidence-based performance estimate
/// relies on). About 5% of payments come from compromised cards, whose features look risky
/// (new merchants, bursts of payments, night hours, electronics and gift cards): they make the
/// right tail of the score distribution without being visible to the model as such.
public struct CardFraudModel: Sendable {
    /// Model name and versions written in every prediction line.
    public static let modelName = "fraud-detector"
    public static let championVersion = "v3"
    public static let challengerVersion = "v4"
    /// Share of requests the challenger also scores.
    public static let shadowShare = 0.2
    /// Share of requests whose label eventually arrives.
    public static let labelShare = 0.9
    /// Shares of failed requests: `status` `error` and `timeout`.
    public static let errorShare = 0.004
    public static let timeoutShare = 0.001
    /// Decision threshold on the score.
    public static let threshold = 0.5

    public static let countries = ["US", "GB", "DE", "BR", "FR", "IN", "MX", "NG"]
    static let countryWeights = [0.31, 0.13, 0.11, 0.15, 0.10, 0.09, 0.07, 0.04]
    static let countryLogOdds = [0.0, -0.15, -0.35, 0.35, -0.1, 0.2, 0.3, 0.7]

    public static let devices = ["android", "ios", "web", "pos"]
    static let deviceWeights = [0.38, 0.33, 0.25, 0.04]
    static let deviceLogOdds = [0.1, -0.1, 0.35, -0.9]

    public static let merchantCategories = [
        "grocery", "restaurants", "retail", "fuel", "electronics", "travel", "digital_goods",
        "gift_cards", "services",
    ]
    static let categoryWeights = [0.22, 0.16, 0.18, 0.10, 0.10, 0.07, 0.09, 0.03, 0.05]
    static let compromisedCategoryWeights = [0.05, 0.04, 0.12, 0.03, 0.30, 0.08, 0.20, 0.15, 0.03]
    /// Median amount per category (lognormal amounts, sigma `amountSigma`).
    static let categoryMedianAmount = [38.0, 27.0, 62.0, 45.0, 190.0, 260.0, 16.0, 100.0, 75.0]
    static let categoryLogOdds = [-0.6, -0.5, 0.0, -0.4, 0.6, 0.3, 0.6, 1.2, 0.0]
    static let amountSigma = 0.85

    /// Relative frequency of each local hour: quiet nights, busy evenings.
    static let hourWeights = [
        0.8, 0.5, 0.35, 0.3, 0.3, 0.45, 0.9, 1.8, 2.8, 3.6, 4.2, 4.6,
        5.2, 5.0, 4.6, 4.5, 4.7, 5.2, 5.6, 5.5, 4.8, 3.8, 2.6, 1.5,
    ]

    static let compromisedShare = 0.05
    static let interceptLogOdds = -3.9

    // Episode parameters (see `Episode`).
    public static let driftCountry = "BR"
    public static let amountDriftFactor = 3.0
    public static let conceptDriftDevice = "web"
    public static let conceptDriftLogOdds = -3.5
    public static let missingFeatureDevice = "android"
    public static let imputedAccountAgeDays = 540
    public static let fraudRateRiseLogOdds = 1.8
    public static let latencySpikeFactor = 6.0

    let countryTable: [Double]
    let deviceTable: [Double]
    let categoryTable: [Double]
    let compromisedCategoryTable: [Double]
    let hourTable: [Double]
    let compromisedHourTable: [Double]
    let driftCountryIndex: Int
    let conceptDriftDeviceIndex: Int
    let missingFeatureDeviceIndex: Int

    /// The world with its fixed parameters.
    public init() {
        countryTable = Self.cumulative(Self.countryWeights)
        deviceTable = Self.cumulative(Self.deviceWeights)
        categoryTable = Self.cumulative(Self.categoryWeights)
        compromisedCategoryTable = Self.cumulative(Self.compromisedCategoryWeights)
        hourTable = Self.cumulative(Self.hourWeights)
        // Compromised cards are used at night four times as often.
        compromisedHourTable = Self.cumulative(Self.hourWeights.enumerated().map { $0.offset < 6 ? $0.element * 4 : $0.element })
        driftCountryIndex = Self.countries.firstIndex(of: Self.driftCountry)!
        conceptDriftDeviceIndex = Self.devices.firstIndex(of: Self.conceptDriftDevice)!
        missingFeatureDeviceIndex = Self.devices.firstIndex(of: Self.missingFeatureDevice)!
    }

    private static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }

    /// The champion's log-odds of fraud for a payment's features (before any episode).
    ///
    /// Larger amounts, risky categories, new merchants, night hours, young accounts and bursts
    /// of payments raise it.
    public static func logOdds(
        amount: Double, merchantCategory: Int, newMerchant: Bool, country: Int, device: Int,
        hour: Int, accountAgeDays: Int, transactionsLast24h: Int
    ) -> Double {
        var z = interceptLogOdds
        z += 0.5 * log(max(amount, 0.01) / 50)
        z += categoryLogOdds[merchantCategory]
        z += newMerchant ? 1.2 : 0
        z += hour < 6 ? 0.7 : (hour >= 22 ? 0.3 : 0)
        z += countryLogOdds[country]
        z += deviceLogOdds[device]
        z -= 0.45 * log1p(Double(accountAgeDays) / 30)
        z += 0.5 * Double(transactionsLast24h)
        return z
    }

    /// The logistic function.
    @inline(__always)
    static func sigmoid(_ z: Double) -> Double {
        1 / (1 + exp(-z))
    }

    /// Rounds a probability to the four decimals it is written with.
    @inline(__always)
    static func fourDecimals(_ p: Double) -> Double {
        (p * 10_000).rounded() / 10_000
    }

    /// Draws one payment at `timeSeconds` under the episodes `active` (ignoring their
    /// segments: this applies them where they belong), with the model's scores, the truth and
    /// the serving outcome. Label arrival and corruption are left to the caller.
    func drawTransaction(
        index: Int, timeSeconds: Double, active: EpisodeSet, using rng: inout Xoshiro256StarStar
    ) -> Transaction {
        let compromised = rng.nextBool(probability: Self.compromisedShare)
        let country = rng.nextIndex(cumulativeWeights: countryTable)
        let device = rng.nextIndex(cumulativeWeights: deviceTable)
        let category = rng.nextIndex(cumulativeWeights: compromised ? compromisedCategoryTable : categoryTable)
        let hour = rng.nextIndex(cumulativeWeights: compromised ? compromisedHourTable : hourTable)
        let newMerchant = rng.nextBool(probability: compromised ? 0.55 : 0.1)
        var amount = rng.nextLogNormal(median: Self.categoryMedianAmount[category] * (compromised ? 1.5 : 1), sigma: Self.amountSigma)
        let accountAge = min(9_000, Int(rng.nextLogNormal(median: compromised ? 420 : 540, sigma: 1.1)))
        let burst = rng.nextPoisson(mean: compromised ? 6 : 1.2)

        var episodes: EpisodeSet = []
        if active.contains(EpisodeSet(.latencySpike)) { episodes.insert(EpisodeSet(.latencySpike)) }
        if active.contains(EpisodeSet(.fraudRateRise)) { episodes.insert(EpisodeSet(.fraudRateRise)) }
        if active.contains(EpisodeSet(.amountDrift)) && country == driftCountryIndex {
            episodes.insert(EpisodeSet(.amountDrift))
            amount *= Self.amountDriftFactor
        }
        if active.contains(EpisodeSet(.conceptDrift)) && device == conceptDriftDeviceIndex {
            episodes.insert(EpisodeSet(.conceptDrift))
        }
        let ageMissing = active.contains(EpisodeSet(.missingFeature)) && device == missingFeatureDeviceIndex
        if ageMissing { episodes.insert(EpisodeSet(.missingFeature)) }
        amount = max(0.01, (amount * 100).rounded() / 100)

        let trueLogOdds = Self.logOdds(
            amount: amount, merchantCategory: category, newMerchant: newMerchant, country: country,
            device: device, hour: hour, accountAgeDays: accountAge, transactionsLast24h: burst)
        // The serving system imputes a null age with the reference median.
        let servedLogOdds = ageMissing
            ? Self.logOdds(
                amount: amount, merchantCategory: category, newMerchant: newMerchant, country: country,
                device: device, hour: hour, accountAgeDays: Self.imputedAccountAgeDays,
                transactionsLast24h: burst)
            : trueLogOdds
        var shift = 0.0
        if episodes.contains(EpisodeSet(.conceptDrift)) { shift += Self.conceptDriftLogOdds }
        if episodes.contains(EpisodeSet(.fraudRateRise)) { shift += Self.fraudRateRiseLogOdds }
        let trueProbability = Self.sigmoid(trueLogOdds + shift)
        let isFraud = rng.nextBool(probability: trueProbability)

        let score = Self.fourDecimals(Self.sigmoid(servedLogOdds))
        // The challenger is a retrained variant: slightly flatter, with its own noise.
        let shadowScore = Self.fourDecimals(Self.sigmoid(0.93 * servedLogOdds - 0.2 + 0.3 * rng.nextNormal()))

        let latencyFactor = episodes.contains(EpisodeSet(.latencySpike)) ? Self.latencySpikeFactor : 1
        var latency = rng.nextLogNormal(median: 14, sigma: 0.35) * latencyFactor
        if rng.nextBool(probability: 0.015) { latency *= 4 }
        let shadowLatency = rng.nextLogNormal(median: 19, sigma: 0.35) * latencyFactor
        let outcome = rng.nextUnit()
        let status: Transaction.Status
        if outcome < Self.timeoutShare {
            status = .timeout
            latency = 1_000 + 50 * rng.nextUnit()
        } else if outcome < Self.timeoutShare + Self.errorShare {
            status = .error
            latency = rng.nextLogNormal(median: 4, sigma: 0.3)
        } else {
            status = .ok
        }
        let hasShadow = status == .ok && rng.nextBool(probability: Self.shadowShare)

        return Transaction(
            index: index, timeSeconds: timeSeconds, amount: amount, merchantCategory: category,
            country: country, device: device, newMerchant: newMerchant, hour: hour,
            accountAgeDays: accountAge, accountAgeMissing: ageMissing, transactionsLast24h: burst,
            score: score, shadowScore: shadowScore, trueFraudProbability: trueProbability,
            isFraud: isFraud, latencyMilliseconds: latency, shadowLatencyMilliseconds: shadowLatency,
            status: status, hasShadow: hasShadow, labelArrivalSeconds: nil, malformation: nil,
            episodes: episodes)
    }
}
