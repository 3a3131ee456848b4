import MonitorEngine

/// The simplest counts: how many records and which ones (by index), so that a window can be
/// compared exactly with the records it should hold.
struct Tally: Mergeable, Equatable {
    var records = 0
    var ids: Set<Int> = []

    mutating func add(_ id: Int) {
        records += 1
        ids.insert(id)
    }

    mutating func merge(_ other: Tally) {
        records += other.records
        ids.formUnion(other.ids)
    }

    static func of(_ ids: some Sequence<Int>) -> Tally {
        var tally = Tally()
        for id in ids { tally.add(id) }
        return tally
    }
}

/// Vigna's SplitMix64: a tiny seeded generator, so random streams are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
