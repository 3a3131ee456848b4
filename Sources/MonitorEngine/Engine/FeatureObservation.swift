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
            } else if reference.numeric != nil {
                self = .number(number, outOfRange: reference.expectedRange.map { !$0.contains(number) } ?? false)
            } else if let categories = reference.categorical {
                // A number where categories were expected is still a category (an integer
                // code), compared as the reference renders numbers.
                self = .category(categories.slot(of: SegmentDimension.text(of: .number(number)) ?? ""))
            } else {
                self = .typeViolation
            }
        case .string(let text)?:
            if let categories = reference.categorical { self = .category(categories.slot(of: text)) } else { self = .typeViolation }
        case .bool(let flag)?:
            if let categories = reference.categorical {
                self = .category(categories.slot(of: flag ? "true" : "false"))
            } else {
                self = .typeViolation
            }
        }
    }
}
