/// The segment slots of every configured dimension (config `segments`), so that each record
/// can be credited to its segments with a handful of integer indices.
///
/// See ``SegmentDimension`` for the admission policy and its limits.
public struct SegmentSlots: Sendable {
    /// One entry per configured dimension, in configuration order.
    public private(set) var dimensions: [SegmentDimension]

    /// Dimensions named by the configuration, each with room for `maxValues` values.
    public init(dimensions names: [String], maxValues: Int = 50) {
        dimensions = names.map { SegmentDimension(name: $0, maxValues: maxValues) }
    }

    /// The index of a dimension by its feature name.
    public func index(ofDimension name: String) -> Int? {
        dimensions.firstIndex { $0.name == name }
    }

    /// Seeds one dimension from the reference, most frequent value first; an unknown dimension
    /// is ignored (it is not configured).
    public mutating func seed(dimension name: String, byFrequency values: some Sequence<String>) {
        guard let index = index(ofDimension: name) else { return }
        dimensions[index].seed(byFrequency: values)
    }

    /// Seeds one dimension from counts of the reference's values (highest first, ties in text
    /// order).
    public mutating func seed(dimension name: String, counts: [String: Int]) {
        guard let index = index(ofDimension: name) else { return }
        dimensions[index].seed(counts: counts)
    }

    /// The slot of a value named as a slice names it (`(other)` and `(missing)` included),
    /// admitting a new value where allowed: a fleet's segments, read from Prometheus' labels.
    public mutating func slot(dimension index: Int, named value: String) -> Int {
        let dimension = dimensions[index]
        if value == SegmentDimension.otherName { return dimension.otherSlot }
        if value == SegmentDimension.missingName { return dimension.missingSlot }
        return dimensions[index].slot(for: .string(value))
    }

    /// The slot of a value taken as a value, whatever it is written like.
    public mutating func slot(dimension index: Int, value: String) -> Int {
        dimensions[index].slot(for: .string(value))
    }

    /// Writes into `slots` the slot of each dimension for a record's features (one entry per
    /// dimension, in order), admitting new values where allowed. A dimension the record lacks
    /// is `(missing)`; when a feature repeats, its first occurrence counts. Reusing `slots`
    /// across records allocates nothing for known values.
    public mutating func assign(_ features: [Feature], into slots: inout [Int]) {
        assign(features, known: [], into: &slots)
    }

    /// ``assign(_:into:)``, taking each dimension's slot from `known` where it holds one (≥ 0:
    /// ``knownSlots(_:into:)`` of the same features, on this table or an earlier state of it).
    public mutating func assign(_ features: [Feature], known: [Int], into slots: inout [Int]) {
        if slots.count != dimensions.count {
            slots.removeAll(keepingCapacity: true)
            slots.append(contentsOf: repeatElement(0, count: dimensions.count))
        }
        for index in dimensions.indices {
            if index < known.count, known[index] >= 0 {
                slots[index] = known[index]
                continue
            }
            let name = dimensions[index].name
            let value = features.first { $0.name == name }?.value
            slots[index] = dimensions[index].slot(for: value)
        }
    }

    /// Writes into `slots` each dimension's ``SegmentDimension/knownSlot(for:)`` of a record's
    /// features (-1 where only ``assign(_:into:)`` can tell), changing nothing: what
    /// ``RecordPreparer`` works out beside the counting on the reference's table
    /// (``knownSlots(_:texts:into:)``, its texts found by their bytes).
    public func knownSlots(_ features: [Feature], into slots: inout [Int]) {
        knownSlots(features, texts: nil, into: &slots)
    }

    /// ``knownSlots(_:into:)``, with `texts` (this table's ``textTable()``) finding a string's
    /// slot by its bytes: a dictionary of strings costs a seeded hash and a comparison of
    /// strings, for every dimension of every record.
    func knownSlots(_ features: [Feature], texts: CategorySlotTable?, into slots: inout [Int]) {
        slots.removeAll(keepingCapacity: true)
        // Through a buffer: each dimension is read in place, not copied (its tables retained and
        // released) for every record.
        dimensions.withUnsafeBufferPointer { dimensions in
            for index in dimensions.indices {
                slots.append(dimensions[index].knownSlot(in: features, texts: texts, as: index))
            }
        }
    }

    /// Each dimension's text slots as it stands, dimension `d` as table `d`: for
    /// ``knownSlots(_:texts:into:)`` on this table, which must not admit values after.
    func textTable() -> CategorySlotTable {
        CategorySlotTable(slotTables: dimensions.map(\.textSlots))
    }
}
