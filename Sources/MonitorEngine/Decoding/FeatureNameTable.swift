/// Feature names seen in a stream, interned: each distinct name becomes one `String` that every
/// later record shares, so decoding a line does not build its feature names again.
///
/// A JSON line usually repeats the previous line's keys in the same order, so a key is first
/// compared with the name the previous line had at the same position; only on a mismatch is it
/// looked up in an open-addressing hash table keyed by the name's bytes. The table is bounded:
/// past `maximumNames` names (or `maximumBytes` of name text) new names are no longer kept, and
/// such lines pay for their own `String`s instead of growing memory without end.
struct FeatureNameTable: Sendable {
    static let maximumNames = 4096
    static let maximumBytes = 1 << 20

    private var bytes = NameBytes()
    private(set) var names: [String] = []
    /// Whether each name is a feature under the mapping (`FieldMapping.features`).
    private(set) var isSelected: [Bool] = []
    /// Per name: the stamp of the record list that last received it, and where it sits in that
    /// list, so a repeated key replaces its earlier value (last wins) in O(1).
    var lastStamp: [UInt64] = []
    var positionInRecord: [Int] = []
    /// Name index per key position of the latest line.
    private var order: [Int32] = []
    /// Open addressing, linear probing; -1 is an empty slot. Kept at most half full.
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    /// Whether each name is also the key of a known field: such a name is a feature only inside
    /// a `features` object, never at the top level of a flat record.
    private(set) var isKnownFieldName: [Bool] = []
    let selection: Set<String>?
    let knownFieldNames: Set<String>

    init(selection: [String]?, knownFieldNames: Set<String>) {
        self.selection = selection.map(Set.init)
        self.knownFieldNames = knownFieldNames
    }

    /// The index of the name `key` at key position `position` of the line, interning it if
    /// new; `nil` when the name is new and the table is full.
    @inline(__always)
    mutating func index(of key: UnsafeRawBufferPointer, atPosition position: Int) -> Int? {
        if position < order.count {
            let expected = Int(order[position])
            if bytes.equals(expected, key) { return expected }
        }
        guard let found = lookUpOrInsert(key) else { return nil }
        if position < order.count {
            order[position] = Int32(found)
        } else if position == order.count {
            order.append(Int32(found))
        }
        return found
    }

    /// The name the previous line had at key position `position`, when `line` repeats it (as a
    /// complete JSON string without escapes) at `start`, the byte after the opening quote:
    /// its index, and the position after the closing quote.
    @inline(__always)
    func repeatedName(in line: UnsafeRawBufferPointer, at start: Int, position: Int) -> (index: Int, end: Int)? {
        guard position < order.count else { return nil }
        let expected = Int(order[position])
        guard let end = bytes.matchesQuoted(expected, in: line, at: start) else { return nil }
        return (expected, end)
    }

    /// Whether a name that could not be interned is a feature under the mapping.
    func isSelected(name: String) -> Bool {
        selection?.contains(name) ?? true
    }

    private mutating func lookUpOrInsert(_ key: UnsafeRawBufferPointer) -> Int? {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: NameBytes.hash(key)) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { break }
            if bytes.equals(entry, key) { return entry }
            slot = (slot + 1) & mask
        }
        guard names.count < Self.maximumNames, bytes.totalBytes + key.count <= Self.maximumBytes else {
            return nil
        }
        let index = bytes.append(key)
        let name = String(decoding: key, as: UTF8.self)
        names.append(name)
        isSelected.append(selection?.contains(name) ?? true)
        isKnownFieldName.append(knownFieldNames.contains(name))
        lastStamp.append(0)
        positionInRecord.append(0)
        slots[slot] = Int32(index)
        if names.count * 2 > slots.count { grow() }
        return index
    }

    private mutating func grow() {
        var larger = [Int32](repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        for index in 0..<bytes.count {
            var slot = bytes.withBytes(of: index) { Int(truncatingIfNeeded: NameBytes.hash($0)) } & mask
            while larger[slot] >= 0 { slot = (slot + 1) & mask }
            larger[slot] = Int32(index)
        }
        slots = larger
    }
}
