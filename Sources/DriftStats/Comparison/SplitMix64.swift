/// SplitMix64 (Steele, Lea and Flood 2014): a small deterministic generator of 64-bit values,
/// so that a bootstrap is the same on every machine and every run for the same seed
/// (docs/statistics.md, "Versions side by side"), and the seeding of the sample scenarios'
/// generators. Not for anything secret.
public struct SplitMix64: Sendable, Hashable, RandomNumberGenerator {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The next 64-bit value.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An index in `0..<count`: the high 64 bits of `next() × count` (the fixture script draws
    /// the same way, so its intervals are this code's to the last bit).
    public mutating func index(below count: Int) -> Int {
        precondition(count > 0, "SplitMix64.index: count must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(count)).high)
    }
}
