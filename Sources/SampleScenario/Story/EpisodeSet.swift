/// A set of episodes, for example those that touch one record.
public struct EpisodeSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    /// A set from its bits (one bit per `Episode` case, in declaration order).
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// The set holding one episode.
    public init(_ episode: Episode) {
        let index = Episode.allCases.firstIndex(of: episode)!
        self.init(rawValue: 1 << UInt8(index))
    }

    /// The episodes in the set, in declaration order.
    public var episodes: [Episode] {
        Episode.allCases.filter { contains(EpisodeSet($0)) }
    }
}
