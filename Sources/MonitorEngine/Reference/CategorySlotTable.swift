/// Every categorical feature's reference categories in one open-addressed table keyed by the
/// feature and the category's UTF-8 bytes (and, in a table of its own, every segment
/// dimension's values: ``SegmentSlots/textTable()``): the per-record path looks up one value of
/// every categorical feature and segment dimension, and a `[String: Int]` lookup costs a seeded hash and reference counting
/// that outweigh the comparison itself.
///
/// Only ASCII is decided here. Swift compares strings by canonical equivalence, under which two
/// ASCII strings are equal exactly when their bytes are, but a non-ASCII string can equal an
/// ASCII one (U+212A KELVIN SIGN is "K"); so a non-ASCII value, or any value of a feature with a
/// non-ASCII category, is left ``Lookup/undecided`` for the caller's dictionary to decide.
struct CategorySlotTable: Sendable {
    /// What the table knows of a value.
    enum Lookup: Equatable {
        /// The value's slot.
        case slot(Int)
        /// The reference never had the value.
        case unseen
        /// The table cannot decide: look the value up by string equality.
        case undecided
    }

    /// One category: where its bytes are in ``names``, its feature and its slot.
    struct Entry: Sendable {
        var hash: UInt64 = 0
        var feature: Int32 = 0
        var slot: Int32 = 0
        var start: Int32 = 0
        /// -1 for an empty entry.
        var length: Int32 = -1
    }

    /// The categories' bytes, one after the other.
    private let names: [UInt8]
    /// A power-of-two number of entries, at most half of them used, so a probe always ends.
    private let entries: [Entry]
    /// Per feature, whether the table decides its values (every category ASCII).
    private let decides: [Bool]

    /// A table of each feature's category slots (an empty table for a numeric feature).
    init(slotTables: [[String: Int]]) {
        var names: [UInt8] = []
        var kept: [(feature: Int, slot: Int, name: [UInt8])] = []
        var decides = Array(repeating: true, count: slotTables.count)
        for (feature, table) in slotTables.enumerated() {
            let encoded = table.map { (name: Array($0.key.utf8), slot: $0.value) }
            if encoded.contains(where: { entry in entry.name.contains { $0 >= 0x80 } }) {
                decides[feature] = false
                continue
            }
            for entry in encoded { kept.append((feature, entry.slot, entry.name)) }
        }
        var capacity = 16
        while capacity < 2 * kept.count + 1 { capacity *= 2 }
        var entries = [Entry](repeating: Entry(), count: capacity)
        let mask = capacity - 1
        for item in kept {
            // Offsets are 32-bit: a reference with gigabytes of category names is left to the
            // dictionaries.
            guard names.count + item.name.count < Int(Int32.max), item.slot < Int(Int32.max) else {
                decides[item.feature] = false
                continue
            }
            let hash = item.name.withUnsafeBufferPointer { Self.hash(feature: item.feature, bytes: UnsafeRawBufferPointer($0)).hash }
            var index = Int(truncatingIfNeeded: hash) & mask
            while entries[index].length >= 0 { index = (index + 1) & mask }
            entries[index] = Entry(
                hash: hash, feature: Int32(item.feature), slot: Int32(item.slot), start: Int32(names.count),
                length: Int32(item.name.count))
            names += item.name
        }
        self.names = names
        self.entries = entries
        self.decides = decides
    }

    /// The slot of a feature's value, if the table can decide it.
    func lookup(feature: Int, _ text: borrowing String) -> Lookup {
        guard feature >= 0, feature < decides.count, decides[feature] else { return .undecided }
        return text.utf8.withContiguousStorageIfAvailable { lookup(feature: feature, bytes: UnsafeRawBufferPointer($0)) }
            ?? .undecided
    }

    private func lookup(feature: Int, bytes: UnsafeRawBufferPointer) -> Lookup {
        let (hash, isASCII) = Self.hash(feature: feature, bytes: bytes)
        guard isASCII else { return .undecided }
        return entries.withUnsafeBufferPointer { entries in
            names.withUnsafeBytes { names in
                let mask = entries.count - 1
                var index = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let entry = entries[index]
                    if entry.length < 0 { return .unseen }
                    if entry.hash == hash, Int(entry.feature) == feature, Int(entry.length) == bytes.count,
                       Self.equal(bytes, UnsafeRawBufferPointer(rebasing: names[Int(entry.start)..<Int(entry.start) + bytes.count])) {
                        return .slot(Int(entry.slot))
                    }
                    index = (index + 1) & mask
                }
            }
        }
    }

    private static func equal(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        for index in 0..<lhs.count where lhs[index] != rhs[index] { return false }
        return true
    }

    /// FNV-1a of the bytes, mixed with the feature; and whether every byte is ASCII.
    private static func hash(feature: Int, bytes: UnsafeRawBufferPointer) -> (hash: UInt64, isASCII: Bool) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            high |= byte
        }
        hash ^= UInt64(truncatingIfNeeded: feature) &* 0x9e37_79b9_7f4a_7c15
        // A final mix so that the low bits, which pick the entry, depend on every byte.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return (hash, high < 0x80)
    }
}
