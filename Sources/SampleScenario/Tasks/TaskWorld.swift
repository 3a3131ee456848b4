/// The world of a multiclass or regression story: how a request is drawn (under the episode or
/// not), how its prediction line and reference row are written, and what its label says.
protocol TaskWorld: Sendable {
    /// One request: its features as served and as they really are, the model's output and the
    /// truth that arrives later.
    associatedtype Draw: Sendable
    /// What a label line says.
    associatedtype Truth: Sendable

    static var modelName: String { get }
    static var modelVersion: String { get }
    /// Prefix of request ids (`app-`, `val-`).
    static var idPrefix: StaticString { get }
    /// Share of requests whose label eventually arrives.
    static var labelShare: Double { get }

    /// Draws one request; `episode` says whether the episode is under way (the world decides
    /// which requests it touches).
    func draw(episode: Bool, using rng: inout Xoshiro256StarStar) -> Draw
    /// Whether the episode changed this request.
    func isAffected(_ draw: Draw) -> Bool
    func truth(of draw: Draw) -> Truth
    /// Milliseconds the model took.
    func latency(using rng: inout Xoshiro256StarStar) -> Double
    /// Appends `"features":{...}` and the model's output (`"scores":{...},"prediction":...`).
    func writeFeaturesAndOutput(_ draw: Draw, into line: inout [UInt8])
    /// Appends the label's JSON value.
    func writeLabel(_ truth: Truth, into line: inout [UInt8])
}

extension Array where Element == UInt8 {
    /// Appends a JSON string whose text needs no escaping (the stories' names).
    mutating func append(quoted text: String) {
        append(UInt8(ascii: "\""))
        append(contentsOf: text.utf8)
        append(UInt8(ascii: "\""))
    }
}
