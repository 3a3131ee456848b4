/// The counts of one categorical feature in one bucket: a count per reference slot (categories
/// and `(other)`) and a count of values the reference never had. O(1) per value, mergeable.
public struct CategoricalCounts: Sendable, Hashable {
    /// Values per slot of the reference.
    public private(set) var slotCounts: [Int]
    /// Values not among the reference's values.
    public private(set) var unseen: Int = 0

    /// Counts known as totals per slot and unseen (a fleet's, summed by Prometheus).
    public init(slotCounts: [Int], unseen: Int) {
        self.slotCounts = slotCounts
        self.unseen = unseen
    }

    /// Empty counts with `slotCount` slots.
    public init(slotCount: Int) {
        precondition(slotCount >= 0, "CategoricalCounts: negative slot count")
        slotCounts = Array(repeating: 0, count: slotCount)
    }

    /// Counts a value by its slot (`nil`: unseen in the reference), as given by
    /// `CategoricalReference.slot(of:)`.
    public mutating func record(slot: Int?, times: Int = 1) {
        if let slot {
            slotCounts[slot] += times
        } else {
            unseen += times
        }
    }

    /// Counts a value, looking up its slot in the reference.
    public mutating func record(_ value: String, in reference: CategoricalReference) {
        record(slot: reference.slot(of: value))
    }

    /// Values counted, unseen ones included.
    public var count: Int { slotCounts.reduce(unseen, +) }

    /// Share of the non-missing values that the reference never had (data quality); `nil` when empty.
    public var unseenRate: Double? {
        let total = count
        return total > 0 ? Double(unseen) / Double(total) : nil
    }

    /// The bins of categorical PSI and Jensen-Shannon: one per slot, then the `unseen` bin.
    public var binsWithUnseen: [Int] { slotCounts + [unseen] }

    /// Adds the counts of another bucket with the same slots.
    public mutating func merge(_ other: CategoricalCounts) {
        precondition(slotCounts.count == other.slotCounts.count,
                     "CategoricalCounts: cannot merge counts with different slots")
        for i in slotCounts.indices { slotCounts[i] += other.slotCounts[i] }
        unseen += other.unseen
    }

    /// The counts of both buckets.
    public func merged(with other: CategoricalCounts) -> CategoricalCounts {
        var result = self
        result.merge(other)
        return result
    }

    /// The counts of both buckets.
    public static func + (lhs: CategoricalCounts, rhs: CategoricalCounts) -> CategoricalCounts {
        lhs.merged(with: rhs)
    }
}

extension CategoricalCounts: Recyclable {
    public var isClear: Bool { unseen == 0 && Recycling.isZero(slotCounts) }

    public mutating func clear() {
        // The slots untouched when only unseen values were counted (still the template's).
        if !Recycling.isZero(slotCounts) { Recycling.zero(&slotCounts) }
        unseen = 0
    }
}
