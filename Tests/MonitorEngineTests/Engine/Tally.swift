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
