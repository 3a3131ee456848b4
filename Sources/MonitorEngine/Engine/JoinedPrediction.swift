/// What a prediction leaves in the label join: enough to credit its label later to its bucket,
/// its slices and its version, without keeping the record. 32 bytes and no reference count:
/// up to `max_pending` of these are held.
public struct JoinedPrediction: Sendable {
    /// Event time of the prediction: its bucket.
    public var timestampSeconds: Double
    /// NaN when the record had no score.
    public var score: Double
    /// The segment slot of each dimension, packed in ``bitsPerDimension(_:)`` bits each.
    public var packedSlots: UInt64
    /// Index into the engine's version names.
    public var version: UInt16
    /// The decision served (prediction, else score >= threshold).
    public var decision: Bool
    /// A second version scoring an id already served (shadow): credits its version only.
    public var isShadow: Bool

    /// Bits per dimension: 16 for up to four dimensions, fewer beyond (8 for eight); more than
    /// 64 dimensions are not packed at all.
    public static func bitsPerDimension(_ dimensions: Int) -> Int {
        dimensions <= 4 ? 16 : 64 / dimensions
    }

    /// Packs one slot per dimension; a slot too large for its field is stored as the field's
    /// largest value, which ``slot(ofDimension:dimensions:)`` reads as "not kept".
    public static func pack(_ slots: [Int]) -> UInt64 {
        let bits = bitsPerDimension(slots.count)
        guard bits > 0 else { return 0 }
        let mask = (UInt64(1) << UInt64(bits)) - 1
        var packed: UInt64 = 0
        for (dimension, slot) in slots.enumerated() {
            let field = slot >= 0 && UInt64(slot) < mask ? UInt64(slot) : mask
            packed |= field << UInt64(bits * dimension)
        }
        return packed
    }

    /// The slot of dimension `index` among `dimensions`; `nil` when it did not fit its field
    /// (labels then skip that dimension's slice rather than credit a wrong one).
    public func slot(ofDimension index: Int, dimensions: Int) -> Int? {
        let bits = Self.bitsPerDimension(dimensions)
        guard bits > 0 else { return nil }
        let mask = (UInt64(1) << UInt64(bits)) - 1
        let field = (packedSlots >> UInt64(bits * index)) & mask
        return field == mask ? nil : Int(field)
    }
}
