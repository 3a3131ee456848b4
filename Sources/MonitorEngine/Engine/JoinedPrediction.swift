/// What a prediction leaves in the label join: enough to credit its label later to its bucket,
/// its slices and its version, without keeping the record (32 bytes, no allocation for up to
/// four segment dimensions).
public struct JoinedPrediction: Sendable {
    /// Event time of the prediction: its bucket.
    public var timestampSeconds: Double
    /// NaN when the record had no score.
    public var score: Double
    public var decision: Bool
    public var version: UInt16
    /// A second version scoring an id already served (shadow): credits its version only.
    public var isShadow: Bool
    /// The segment slot of each dimension, 16 bits each, for the first four dimensions.
    public var packedSlots: UInt64
    /// Slots of dimensions beyond the fourth (rare); empty, so unallocated, otherwise.
    public var extraSlots: [UInt16]

    /// The slot of dimension `index`.
    public func slot(ofDimension index: Int) -> Int {
        index < 4 ? Int((packedSlots >> (16 * UInt64(index))) & 0xFFFF) : Int(extraSlots[index - 4])
    }
}

/// A label waiting in the join, or matched: the outcome and the business amount.
public struct JoinedLabel: Sendable {
    public var isPositive: Bool
    public var value: Double?
}
