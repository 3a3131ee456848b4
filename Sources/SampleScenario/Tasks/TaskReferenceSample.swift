import DriftStats

/// The reference of a multiclass or regression story: requests drawn from the calm period, as
/// canonical JSON Lines with the model's output and the true label (a CSV would need a column
/// per class score and a `fields.class_scores` mapping).
public struct TaskReferenceSample: Sendable {
    public let task: ScenarioTask
    private var rng: Xoshiro256StarStar
    private var drawn = 0
    private let multiclass = CardTierModel()
    private let regression = HousePriceModel()

    /// A reference drawn with its own random stream, derived from `seed` but independent of
    /// the prediction stream's.
    public init(task: ScenarioTask, seed: UInt64) {
        precondition(task != .binary, "the binary reference is ReferenceSample's")
        self.task = task
        var mixer = SplitMix64(seed: seed ^ 0x5245_4645_5245_4E43)
        rng = Xoshiro256StarStar(seed: mixer.next())
    }

    /// Draws one calm request and appends its line to `text`.
    public mutating func writeRow(into text: inout [UInt8]) {
        drawn += 1
        text.append(ascii: "{\"id\":\"ref-")
        text.append(decimal: UInt64(drawn), minimumDigits: 7)
        text.append(ascii: "\",")
        switch task {
        case .multiclass:
            let draw = multiclass.draw(episode: false, using: &rng)
            multiclass.writeFeaturesAndOutput(draw, into: &text)
            text.append(ascii: ",\"label\":")
            multiclass.writeLabel(draw.truth, into: &text)
        default:
            let draw = regression.draw(episode: false, using: &rng)
            regression.writeFeaturesAndOutput(draw, into: &text)
            text.append(ascii: ",\"label\":")
            regression.writeLabel(draw.price, into: &text)
        }
        text.append(ascii: "}\n")
    }
}
