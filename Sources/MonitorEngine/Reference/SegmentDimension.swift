/// One dimension records are sliced by (`country`, `device`): a bounded map from the
/// dimension's values to small integer slots (docs/statistics.md, "Windows and segments").
///
/// Slots `0 ..< maxValues` are values; ``otherSlot`` is `(other)`, shared by every value that
/// found no slot (and by objects or arrays); ``missingSlot`` is `(missing)`, for records where
/// the dimension is absent, null, NaN or infinite (so that an upstream pipeline sending nulls shows as a segment of its own).
/// Slot numbers never change once given, so per-slot counters can be plain arrays of
/// ``slotCount`` entries.
///
/// Admission policy: ``seed(byFrequency:)`` gives the first slots to the reference's values,
/// most frequent first; values seen afterwards get the remaining slots first come, first
/// served; once the slots are full every new value is `(other)`. Limits: a value that becomes
/// frequent only after the slots are full stays in `(other)` (its weight still shows there and
/// in the unseen rate), and early rare values keep the slots they took. A slot is never taken
/// back, because counts already kept under it would then be mixed with another value's.
///
/// Values are compared as text: strings as written, bools as `true` / `false`, numbers as
/// ``text(of:)`` renders them (integers without a fraction: `3.0` is `3`). Looking up a value
/// that already has a slot does not allocate.
public struct SegmentDimension: Sendable {
    /// The feature this dimension slices by.
    public let name: String
    /// Most values with a slot of their own; the rest share `(other)`.
    public let maxValues: Int
    /// Whether values outside the seed may take the slots the seed left free.
    public var admitsNewValues: Bool
    /// The value of each slot, in slot order.
    public private(set) var values: [String] = []
    /// Lookups that fell in `(other)` because no slot was left (or new values are not admitted).
    public private(set) var valuesSentToOther = 0

    private var slotByText: [String: Int] = [:]
    /// Numbers already rendered and given a slot, so that a known number is found without
    /// rendering it again. Bounded: only numbers with a slot of their own are kept.
    private var slotByNumber: [Double: Int] = [:]

    /// The name shown for ``otherSlot``.
    public static let otherName = "(other)"
    /// The name shown for ``missingSlot``.
    public static let missingName = "(missing)"

    /// An empty dimension with room for `maxValues` values (default 50, config
    /// `segment_values`).
    public init(name: String, maxValues: Int = 50, admitsNewValues: Bool = true) {
        precondition(maxValues >= 0, "maxValues must not be negative, got \(maxValues)")
        self.name = name
        self.maxValues = maxValues
        self.admitsNewValues = admitsNewValues
    }

    /// The slot shared by values without one of their own.
    public var otherSlot: Int { maxValues }
    /// The slot of records where the dimension is absent, null or NaN.
    public var missingSlot: Int { maxValues + 1 }
    /// Slots a per-slot counter array needs: every value, `(other)` and `(missing)`.
    public var slotCount: Int { maxValues + 2 }

    /// The name of a slot: its value, `(other)` or `(missing)`; `nil` for a value slot not
    /// given yet or out of range.
    public func name(ofSlot slot: Int) -> String? {
        if slot == otherSlot { return Self.otherName }
        if slot == missingSlot { return Self.missingName }
        return values.indices.contains(slot) ? values[slot] : nil
    }

    /// Gives the first free slots to `values`, most frequent first (repeats are skipped);
    /// values beyond the free slots stay in `(other)`.
    public mutating func seed(byFrequency values: some Sequence<String>) {
        for value in values where self.values.count < maxValues && slotByText[value] == nil {
            admit(value)
        }
    }

    /// Seeds from counts of the reference's values: highest count first, ties in text order,
    /// so the seed does not depend on dictionary order.
    public mutating func seed(counts: [String: Int]) {
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        seed(byFrequency: ordered.lazy.map(\.key))
    }

    /// The slot of a record's value (`nil` when the record lacks the dimension), giving a
    /// free slot to a new value if admission allows.
    public mutating func slot(for value: FeatureValue?) -> Int {
        switch value {
        case .none, .null?, .invalidNumber?:
            return missingSlot
        case .unsupported?:
            return otherSlot
        case .string(let text)?:
            return slot(forText: text)
        case .bool(let flag)?:
            return slot(forText: flag ? "true" : "false")
        case .number(let number)? where !number.isFinite:
            // Counted as invalid values, like `.invalidNumber`; also keeps NaN, which never
            // equals itself, out of the number cache.
            return missingSlot
        case .number(let number)?:
            if let known = slotByNumber[number] { return known }
            let slot = slot(forText: Self.renderNumber(number))
            if slot < maxValues { slotByNumber[number] = slot }
            return slot
        }
    }

    /// The slots of the values seen as text (strings, booleans, numbers as ``text(of:)``
    /// renders them).
    var textSlots: [String: Int] { slotByText }

    /// ``knownSlot(for:)`` of this dimension's feature among `features` (the first of that
    /// name; missing without one), a string looked up in `texts`, this table's ``textSlots``
    /// as table `index` of it (``SegmentSlots/textTable()``), where it can decide.
    @inline(__always)
    func knownSlot(in features: [Feature], texts: CategorySlotTable?, as index: Int) -> Int {
        for position in features.indices where features[position].name == name {
            if let texts, case .string(let text) = features[position].value {
                switch texts.lookup(feature: index, text) {
                case .slot(let slot): return slot
                case .unseen: return -1
                case .undecided: break
                }
            }
            return knownSlot(for: features[position].value)
        }
        return knownSlot(for: nil)
    }

    /// The slot a value has now, without admitting anything.
    public func existingSlot(for value: FeatureValue?) -> Int {
        let slot = knownSlot(for: value)
        return slot >= 0 ? slot : otherSlot
    }

    /// The slot ``slot(for:)`` would give the value without admitting or counting anything, or
    /// -1 when only ``slot(for:)`` can tell (a value this table has no slot for: a table that
    /// admitted more since may have one). Slots never change once given, so a slot found here
    /// is the one any later state of the table gives.
    public func knownSlot(for value: FeatureValue?) -> Int {
        switch value {
        case .none, .null?, .invalidNumber?: return missingSlot
        case .unsupported?: return otherSlot
        case .number(let number)? where !number.isFinite: return missingSlot
        case .number(let number)?: return slotByNumber[number] ?? slotByText[Self.renderNumber(number)] ?? -1
        case .string(let text)?: return slotByText[text] ?? -1
        case .bool(let flag)?: return slotByText[flag ? "true" : "false"] ?? -1
        }
    }

    /// The text a value is compared as: strings as written, `true` / `false`, integral numbers
    /// without a fraction (`3`), other numbers in Swift's shortest round-trip form (`0.25`,
    /// `1e-05`); `nil` for null, NaN and non-scalar values (an infinite `.number` renders as
    /// `inf`, but ``slot(for:)`` treats it as missing). A reference loader seeding slots
    /// must render values the same way.
    public static func text(of value: FeatureValue) -> String? {
        switch value {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): renderNumber(number)
        case .null, .invalidNumber, .unsupported: nil
        }
    }

    private static func renderNumber(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        return number.description
    }

    private mutating func slot(forText text: String) -> Int {
        if let known = slotByText[text] { return known }
        guard admitsNewValues, values.count < maxValues else {
            valuesSentToOther += 1
            return otherSlot
        }
        return admit(text)
    }

    @discardableResult
    private mutating func admit(_ text: String) -> Int {
        let slot = values.count
        values.append(text)
        slotByText[text] = slot
        return slot
    }
}
