/// The categories of a categorical feature, fixed once from the reference (docs/statistics.md,
/// "Chi-square (categorical)"): the K most frequent reference values, most frequent first (ties
/// by name, so the order is deterministic), plus an `(other)` slot for the rarer reference values
/// when there are more than K.
///
/// A value is looked up to its slot; a value never seen in the reference has no slot (it is
/// counted as `unseen`).
public struct CategoricalReference: Sendable {
    /// The name shown for the slot of the reference values beyond the top K.
    public static let otherName = "(other)"

    /// The kept categories, in slot order.
    public let categories: [String]
    /// Whether slot `categories.count` is `(other)`.
    public let hasOther: Bool
    /// The reference's own counts per slot.
    public let counts: CategoricalCounts
    private let slotByName: [String: Int]

    /// Builds the categories from the reference's count per value.
    ///
    /// - Parameters:
    ///   - frequencies: the number of reference records per value.
    ///   - topK: K, the number of categories kept by name (default 50).
    public init(frequencies: [String: Int], topK: Int = 50) {
        precondition(topK >= 1, "CategoricalReference: topK must be at least 1")
        let ordered = frequencies.filter { $0.value > 0 }.sorted { lhs, rhs in
            lhs.value != rhs.value ? lhs.value > rhs.value : lhs.key < rhs.key
        }
        let kept = ordered.prefix(topK)
        categories = kept.map(\.key)
        hasOther = ordered.count > topK
        var slots: [String: Int] = [:]
        slots.reserveCapacity(ordered.count)
        for (index, entry) in ordered.enumerated() {
            slots[entry.key] = Swift.min(index, topK)
        }
        slotByName = slots
        var counts = CategoricalCounts(slotCount: categories.count + (hasOther ? 1 : 0))
        for (index, entry) in ordered.enumerated() {
            counts.record(slot: Swift.min(index, topK), times: entry.value)
        }
        self.counts = counts
    }

    /// Categories fixed in the given order, each with its reference count (0 allowed), and no
    /// `(other)`: the classes of a multiclass model, which are known whether or not the
    /// reference holds each one.
    public init(classFrequencies: [(name: String, count: Int)]) {
        categories = classFrequencies.map(\.name)
        hasOther = false
        var slots: [String: Int] = [:]
        var counts = CategoricalCounts(slotCount: classFrequencies.count)
        for (index, entry) in classFrequencies.enumerated() {
            if slots[entry.name] == nil { slots[entry.name] = index }
            if entry.count > 0 { counts.record(slot: index, times: entry.count) }
        }
        slotByName = slots
        self.counts = counts
    }

    /// Builds the categories from the reference's values.
    public init(values: some Sequence<String>, topK: Int = 50) {
        var frequencies: [String: Int] = [:]
        for value in values { frequencies[value, default: 0] += 1 }
        self.init(frequencies: frequencies, topK: topK)
    }

    /// Number of slots: the kept categories, plus `(other)` when present.
    public var slotCount: Int { categories.count + (hasOther ? 1 : 0) }

    /// The slot of a value, or `nil` when the reference never had it.
    public func slot(of value: String) -> Int? { slotByName[value] }

    /// The slot of every value the reference had, for a caller that looks values up often and
    /// keeps the table itself rather than this whole reference.
    public var slotTable: [String: Int] { slotByName }

    /// The display name of a slot.
    public func name(ofSlot slot: Int) -> String {
        slot < categories.count ? categories[slot] : Self.otherName
    }

    /// Empty counts with this reference's slots, for a bucket of the current stream or a segment.
    public func emptyCounts() -> CategoricalCounts { CategoricalCounts(slotCount: slotCount) }
}
