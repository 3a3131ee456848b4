/// A value of one model input (or of a raw `label` / `prediction` field) as it appeared in the log.
///
/// Kinds follow docs/log-format.md: JSON numbers, strings, bools and null. A CSV cell is a `.string`
/// unless it parses as a number; an empty CSV cell is `.null`. NaN and infinities (written
/// `NaN`, `nan`, `inf`, ... in CSV) are `.invalidNumber`: counted as invalid values by the data
/// quality layer, never binned.
public enum FeatureValue: Sendable, Hashable {
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    case invalidNumber
    /// An object or array where a scalar was expected: a type violation for the data quality
    /// layer, not a parse error.
    case unsupported
}

/// One model input of a prediction record: its name and value.
public struct Feature: Sendable, Hashable {
    public var name: String
    public var value: FeatureValue

    public init(name: String, value: FeatureValue) {
        self.name = name
        self.value = value
    }
}

/// One decoded line of a prediction log: a prediction record or a label record (docs/log-format.md).
///
/// A decoder fills a `Record` in place (`removeAll(keepingCapacity:)` on `features`), so that
/// decoding a stream allocates nothing per record beyond the strings the record needs.
public struct Record: Sendable {
    /// What the line is: a served prediction (or a failed request) or a label arriving later.
    public enum Kind: Sendable, Hashable {
        case prediction
        case label
    }

    public var kind: Kind
    /// Event time in seconds since the Unix epoch (UTC); `nil` when the line has no `ts`
    /// (the engine then uses the arrival time).
    public var timestampSeconds: Double?
    /// Request id, joining labels to predictions. Integers are kept as their decimal text.
    public var id: String?
    public var model: String?
    public var version: String?
    /// Model inputs in the order they appeared.
    public var features: [Feature]
    /// Probability of the positive class.
    public var score: Double?
    /// Multiclass: each class's probability, as written (`scores`, or the `class_scores`
    /// columns); empty otherwise.
    public var classScores: [ClassScore]
    /// The decision served, as written (0/1, bool or class string).
    public var prediction: FeatureValue?
    public var latencyMilliseconds: Double?
    /// The `status` field as written; `nil` when absent.
    public var status: String?
    /// False when `status` is present and is not `ok`, `success` or `200`.
    public var isSuccess: Bool
    /// The ground truth of a label record (or of a reference row), as written.
    public var label: FeatureValue?
    /// Business amount at stake, from a label record's `value`.
    public var value: Double?

    public init(kind: Kind = .prediction) {
        self.kind = kind
        self.features = []
        self.classScores = []
        self.isSuccess = true
    }

    /// Clears every field, keeping the capacity of `features`.
    public mutating func reset() {
        kind = .prediction
        timestampSeconds = nil
        id = nil
        model = nil
        version = nil
        features.removeAll(keepingCapacity: true)
        score = nil
        if !classScores.isEmpty { classScores.removeAll(keepingCapacity: true) }
        prediction = nil
        latencyMilliseconds = nil
        status = nil
        isSuccess = true
        label = nil
        value = nil
    }
}
