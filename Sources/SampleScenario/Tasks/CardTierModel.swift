import Foundation

/// The multiclass story's world: card applications routed to one of three card tiers by
/// `card-tier-router` v2, mostly on income.
///
/// The model's class probabilities are the softmax of `logits(...)` on the features it is
/// served, and in the calm period the true tier is drawn from those same probabilities, so the
/// model is calibrated there. The episode: the mobile app's new release sends `income` monthly
/// instead of yearly (a twelfth of it) for the `app` channel, so the router sees poor applicants,
/// upmarket_card all but disappears from its decisions there, and accuracy falls once labels
/// come (the true tier still follows the real income).
public struct CardTierModel: TaskWorld {
    public static let modelName = "card-tier-router"
    public static let modelVersion = "v2"
    static let idPrefix: StaticString = "app-"
    /// The classes in the configuration's order (cheapest first).
    public static let classes = ["prepaid_card", "highstreet_card", "upmarket_card"]
    public static let countries = ["US", "GB", "DE", "FR", "ES", "BR", "IN", "MX"]
    static let countryWeights = [0.28, 0.12, 0.14, 0.10, 0.08, 0.12, 0.10, 0.06]
    /// Median yearly income per country, relative to `medianIncome`.
    static let countryIncomeFactor = [1.25, 1.1, 1.15, 1.0, 0.85, 0.55, 0.4, 0.6]
    public static let devices = ["android", "ios", "desktop"]
    static let deviceWeights = [0.45, 0.35, 0.20]
    public static let channels = ["app", "website", "branch", "partner"]
    static let channelWeights = [0.55, 0.25, 0.12, 0.08]
    /// Median yearly income in thousands, and the spread of its logarithm.
    public static let medianIncome = 38.0
    static let incomeSigma = 0.55
    /// The episode: income sent monthly (divided by 12) on this channel.
    public static let episodeChannel = "app"
    public static let episodeIncomeDivisor = 12.0
    /// Share of requests whose label (the tier the customer ended up with) arrives.
    public static let labelShare = 0.9

    let countryTable: [Double]
    let deviceTable: [Double]
    let channelTable: [Double]
    let episodeChannelIndex: Int
    let classBytes: [[UInt8]]

    /// One application.
    struct Draw: Sendable {
        var income: Double
        var servedIncome: Double
        var age: Int
        var country: Int
        var device: Int
        var channel: Int
        /// The written scores (four decimals, summing to 1) in `classes` order.
        var scores: (Double, Double, Double)
        var prediction: Int
        var truth: Int
        var affected: Bool
    }

    public init() {
        countryTable = Self.cumulative(Self.countryWeights)
        deviceTable = Self.cumulative(Self.deviceWeights)
        channelTable = Self.cumulative(Self.channelWeights)
        episodeChannelIndex = Self.channels.firstIndex(of: Self.episodeChannel)!
        classBytes = Self.classes.map { Array($0.utf8) }
    }

    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { total += $0; return total }
    }

    /// The logits of prepaid, highstreet and upmarket for an applicant: income decides most,
    /// older applicants and iOS users lean upmarket.
    static func logits(income: Double, age: Int, device: Int) -> (Double, Double, Double) {
        let x = log(max(income, 0.1) / medianIncome)
        let a = Double(age - 40)
        return (-0.02 * a, 1.2 + 4.0 * x + 0.01 * a, -1.0 + 9.0 * x + 0.03 * a + (device == 1 ? 0.4 : 0))
    }

    static func softmax(_ z: (Double, Double, Double)) -> (Double, Double, Double) {
        let top = max(z.0, z.1, z.2)
        let e = (exp(z.0 - top), exp(z.1 - top), exp(z.2 - top))
        let sum = e.0 + e.1 + e.2
        return (e.0 / sum, e.1 / sum, e.2 / sum)
    }

    func draw(episode: Bool, using rng: inout Xoshiro256StarStar) -> Draw {
        let country = rng.nextIndex(cumulativeWeights: countryTable)
        let device = rng.nextIndex(cumulativeWeights: deviceTable)
        let channel = rng.nextIndex(cumulativeWeights: channelTable)
        let income = max(0.1, (rng.nextLogNormal(median: Self.medianIncome * Self.countryIncomeFactor[country], sigma: Self.incomeSigma) * 10).rounded() / 10)
        let age = min(85, max(18, Int((41 + 13 * rng.nextNormal()).rounded())))
        let affected = episode && channel == episodeChannelIndex
        let served = affected ? max(0.1, (income / Self.episodeIncomeDivisor * 10).rounded() / 10) : income
        let truthP = Self.softmax(Self.logits(income: income, age: age, device: device))
        let u = rng.nextUnit()
        let truth = u < truthP.0 ? 0 : (u < truthP.0 + truthP.1 ? 1 : 2)
        let p = Self.softmax(Self.logits(income: served, age: age, device: device))
        // Four decimals that sum to exactly 1: the last class takes the rest.
        let p0 = (p.0 * 10_000).rounded() / 10_000
        let p1 = (p.1 * 10_000).rounded() / 10_000
        let p2 = max(0, ((1 - p0 - p1) * 10_000).rounded() / 10_000)
        // The highest score, ties to the first class in order (tasks.md).
        var prediction = 0
        if p1 > p0 { prediction = 1 }
        if p2 > max(p0, p1) { prediction = 2 }
        return Draw(income: income, servedIncome: served, age: age, country: country, device: device,
                    channel: channel, scores: (p0, p1, p2), prediction: prediction, truth: truth, affected: affected)
    }

    func isAffected(_ draw: Draw) -> Bool { draw.affected }
    func truth(of draw: Draw) -> Int { draw.truth }

    func latency(using rng: inout Xoshiro256StarStar) -> Double {
        rng.nextLogNormal(median: 9, sigma: 0.3)
    }

    func writeFeaturesAndOutput(_ draw: Draw, into line: inout [UInt8]) {
        line.append(ascii: "\"features\":{\"income\":")
        line.append(fixed: draw.servedIncome, decimals: 1)
        line.append(ascii: ",\"age\":")
        line.append(decimal: draw.age)
        line.append(ascii: ",\"country\":")
        line.append(quoted: Self.countries[draw.country])
        line.append(ascii: ",\"device\":")
        line.append(quoted: Self.devices[draw.device])
        line.append(ascii: ",\"channel\":")
        line.append(quoted: Self.channels[draw.channel])
        line.append(ascii: "},\"scores\":{")
        for (index, score) in [draw.scores.0, draw.scores.1, draw.scores.2].enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            line.append(UInt8(ascii: "\""))
            line.append(contentsOf: classBytes[index])
            line.append(ascii: "\":")
            line.append(fixed: score, decimals: 4)
        }
        line.append(ascii: "},\"prediction\":\"")
        line.append(contentsOf: classBytes[draw.prediction])
        line.append(UInt8(ascii: "\""))
    }

    func writeLabel(_ truth: Int, into line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        line.append(contentsOf: classBytes[truth])
        line.append(UInt8(ascii: "\""))
    }
}
