/// The rows a reference is built from, kept until it is built: the lines of a reference file,
/// or the first `reference_records` prediction records of the stream.
///
/// Only what the reference needs is copied: features, score, served decision and label.
public struct ReferenceSample: Sendable {
    /// One reference row.
    public struct Row: Sendable {
        /// The row's features, score, served decision and label, as read.
        public var features: [Feature]
        public var score: Double?
        public var prediction: FeatureValue?
        public var label: FeatureValue?
    }

    /// The rows, in reading order.
    public private(set) var rows: [Row] = []

    /// An empty sample.
    public init() {}

    /// Rows held.
    public var count: Int { rows.count }

    /// Adds a record's features, score, decision and label as one row.
    public mutating func add(_ record: borrowing Record) {
        rows.append(Row(features: record.features, score: record.score, prediction: record.prediction, label: record.label))
    }
}
