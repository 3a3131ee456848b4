import DriftStats

/// One record's value of one feature, read against the feature's reference.
public enum FeatureObservation: Sendable, Hashable {
    /// Absent or null.
    case missing
    /// NaN or infinite: missing, and counted as invalid.
    case invalid
    /// The wrong type for the feature's kind (a string for a numeric feature, an object).
    case typeViolation
    /// A numeric feature's value, and whether it lies outside the expected range.
    case number(Double, outOfRange: Bool)
    /// A categorical feature's category slot; `nil` for a value the reference never had.
    case category(Int?)

    /// Reads `value` (`nil` when the record lacks the feature) as the reference's kind says.
    public init(_ value: FeatureValue?, reference: FeatureReference) {
        self.init(value, reading: FeatureReading(reference: reference), categorySlots: reference.categorical?.slotTable ?? [:])
    }

    /// Reads `value` (`nil` when the record lacks the feature) as a feature's reading says,
    /// looking categories up in `categorySlots` (the feature's ``CategoricalReference/slotTable``;
    /// unused for a numeric feature).
    ///
    /// Both are borrowed: the per-record path reads every value through here, and copying the
    /// value's text or the table would cost two reference counts per value.
    @inline(__always)
    public init(_ value: borrowing FeatureValue?, reading: FeatureReading, categorySlots: borrowing [String: Int]) {
        switch value {
        case .none, .null?:
            self = .missing
        case .invalidNumber?:
            self = .invalid
        case .unsupported?:
            self = .typeViolation
        case .number(let number)?:
            if !number.isFinite {
                self = .invalid
            } else if reading.isNumeric {
                self = .number(number, outOfRange: reading.isOutOfRange(number))
            } else {
                // A number where categories were expected is still a category (an integer
                // code), compared as the reference renders numbers.
                self = .category(categorySlots[SegmentDimension.text(of: .number(number)) ?? ""])
            }
        case .string(let text)?:
            self = reading.isNumeric ? .typeViolation : .category(categorySlots[text])
        case .bool(let flag)?:
            self = reading.isNumeric ? .typeViolation : .category(categorySlots[flag ? "true" : "false"])
        }
    }
}
