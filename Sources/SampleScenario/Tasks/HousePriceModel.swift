import Foundation

/// The regression story's world: flats valued by `house-price` v5, in thousands of euros.
///
/// The model's valuation is the market value of the features it is served (with a little noise
/// of its own); the sale price that arrives later is the market value of the real features with
/// the market's noise. The episode: the `portal` listings feed starts sending `size` in square
/// feet instead of square metres, so the model values those flats about ten times too high:
/// the predictions drift and the error rises once sale prices come.
public struct HousePriceModel: TaskWorld {
    public static let modelName = "house-price"
    public static let modelVersion = "v5"
    static let idPrefix: StaticString = "val-"
    public static let cities = ["Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes"]
    static let cityWeights = [0.30, 0.15, 0.14, 0.12, 0.10, 0.10, 0.09]
    /// Price per square metre, in thousands of euros.
    static let cityPricePerSquareMetre = [10.5, 5.0, 3.6, 3.9, 4.6, 3.5, 4.0]
    /// Median size in square metres (smaller in Paris).
    static let cityMedianSize = [48.0, 62.0, 66.0, 68.0, 64.0, 62.0, 66.0]
    public static let sources = ["agency", "portal", "app", "partner"]
    static let sourceWeights = [0.30, 0.45, 0.15, 0.10]
    /// The episode: this feed sends `size` in square feet.
    public static let episodeSource = "portal"
    public static let squareFeetPerSquareMetre = 10.7639
    /// Share of valuations whose sale price arrives.
    public static let labelShare = 0.9

    let cityTable: [Double]
    let sourceTable: [Double]
    let episodeSourceIndex: Int

    /// One valuation.
    struct Draw: Sendable {
        var size: Double
        var servedSize: Double
        var rooms: Int
        var age: Int
        var city: Int
        var source: Int
        var prediction: Double
        var price: Double
        var affected: Bool
    }

    public init() {
        cityTable = CardTierModel.cumulative(Self.cityWeights)
        sourceTable = CardTierModel.cumulative(Self.sourceWeights)
        episodeSourceIndex = Self.sources.firstIndex(of: Self.episodeSource)!
    }

    /// Market value in thousands of euros: price per m² of the city times the size, less for an
    /// old building, more for a flat with more rooms than its size suggests (by at most two
    /// rooms either way, so that a wild size still gives a positive value).
    static func value(size: Double, rooms: Int, age: Int, city: Int) -> Double {
        let extraRooms = min(2, max(-2, Double(rooms) - size / 24))
        return cityPricePerSquareMetre[city] * size * exp(-0.0015 * Double(age)) * (1 + 0.03 * extraRooms)
    }

    func draw(episode: Bool, using rng: inout Xoshiro256StarStar) -> Draw {
        let city = rng.nextIndex(cumulativeWeights: cityTable)
        let source = rng.nextIndex(cumulativeWeights: sourceTable)
        let size = min(400, max(12, (rng.nextLogNormal(median: Self.cityMedianSize[city], sigma: 0.4) * 10).rounded() / 10))
        let rooms = min(8, max(1, Int((size / 24 + 0.5 * rng.nextNormal()).rounded())))
        let age = min(150, Int(rng.nextLogNormal(median: 35, sigma: 0.8)))
        let affected = episode && source == episodeSourceIndex
        let served = affected ? (size * Self.squareFeetPerSquareMetre * 10).rounded() / 10 : size
        // Large flats are rarer and harder to price: the market's noise grows with the size.
        let price = (Self.value(size: size, rooms: rooms, age: age, city: city) * exp((0.05 + 0.001 * size) * rng.nextNormal()) * 10).rounded() / 10
        let prediction = (Self.value(size: served, rooms: rooms, age: age, city: city) * exp(0.03 * rng.nextNormal()) * 10).rounded() / 10
        return Draw(size: size, servedSize: served, rooms: rooms, age: age, city: city, source: source,
                    prediction: prediction, price: price, affected: affected)
    }

    func isAffected(_ draw: Draw) -> Bool { draw.affected }
    func truth(of draw: Draw) -> Double { draw.price }

    func latency(using rng: inout Xoshiro256StarStar) -> Double {
        rng.nextLogNormal(median: 21, sigma: 0.35)
    }

    func writeFeaturesAndOutput(_ draw: Draw, into line: inout [UInt8]) {
        line.append(ascii: "\"features\":{\"size\":")
        line.append(fixed: draw.servedSize, decimals: 1)
        line.append(ascii: ",\"rooms\":")
        line.append(decimal: draw.rooms)
        line.append(ascii: ",\"building_age\":")
        line.append(decimal: draw.age)
        line.append(ascii: ",\"city\":")
        line.append(quoted: Self.cities[draw.city])
        line.append(ascii: ",\"source\":")
        line.append(quoted: Self.sources[draw.source])
        line.append(ascii: "},\"prediction\":")
        line.append(fixed: draw.prediction, decimals: 1)
    }

    func writeLabel(_ truth: Double, into line: inout [UInt8]) {
        line.append(fixed: truth, decimals: 1)
    }
}
