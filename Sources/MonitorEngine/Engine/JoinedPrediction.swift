/// What a prediction leaves in the label join: enough to credit its label later to its bucket,
/// its slices and its version, without keeping the record. 24 bytes and no reference count:
/// up to `max_pending` of these are held, so the version, the decision and the shadow flag
/// share one word with the segment slots.
public struct JoinedPrediction: Sendable {
    /// Event time of the prediction: its bucket.
    public var timestampSeconds: Double
    /// NaN when the record had no score.
    public var score: Double
    /// Slots in the low 48 bits, the version in the next 14, then the decision and the shadow
    /// flag.
    private var bits: UInt64

    private static let slotBits: UInt64 = 48
    private static let slotMask: UInt64 = (1 << slotBits) - 1
    private static let versionMask: UInt64 = 0x3FFF
    private static let decisionBit: UInt64 = 1 << 62
    private static let shadowBit: UInt64 = 1 << 63

    /// A prediction as the join keeps it; `version` above 16,383 is kept as 16,383.
    public init(timestampSeconds: Double, score: Double, packedSlots: UInt64, version: UInt16, decision: Bool, isShadow: Bool) {
        self.timestampSeconds = timestampSeconds
        self.score = score
        bits = 0
        self.packedSlots = packedSlots
        self.version = version
        self.decision = decision
        self.isShadow = isShadow
    }

    /// The segment slot of each dimension, packed in ``bitsPerDimension(_:)`` bits each
    /// (48 bits in all).
    public var packedSlots: UInt64 {
        get { bits & Self.slotMask }
        set { bits = (bits & ~Self.slotMask) | (newValue & Self.slotMask) }
    }

    /// Index into the engine's version names (at most 16,383).
    public var version: UInt16 {
        get { UInt16((bits >> Self.slotBits) & Self.versionMask) }
        set {
            let field = min(UInt64(newValue), Self.versionMask)
            bits = (bits & ~(Self.versionMask << Self.slotBits)) | (field << Self.slotBits)
        }
    }

    /// The decision served (prediction, else score >= threshold).
    public var decision: Bool {
        get { bits & Self.decisionBit != 0 }
        set { bits = newValue ? bits | Self.decisionBit : bits & ~Self.decisionBit }
    }

    /// A second version scoring an id already served (shadow): credits its version only.
    public var isShadow: Bool {
        get { bits & Self.shadowBit != 0 }
        set { bits = newValue ? bits | Self.shadowBit : bits & ~Self.shadowBit }
    }

    /// Multiclass: the predicted class (``noClass`` without one) and the ordinal of the
    /// record's class scores in the state's ``ClassScoreRing`` (0 without), kept in the place of
    /// the score, which a multiclass record does not have.
    public init(timestampSeconds: Double, predictedClass: Int?, scoresOrdinal: Int, packedSlots: UInt64, version: UInt16, isShadow: Bool) {
        let classBits = UInt64(predictedClass.map { min($0, Self.noClass) } ?? Self.noClass)
        self.init(timestampSeconds: timestampSeconds, score: Double(bitPattern: UInt64(scoresOrdinal) << 8 | classBits),
                  packedSlots: packedSlots, version: version, decision: false, isShadow: isShadow)
    }

    /// The value of ``predictedClass`` for a record without a decision.
    public static let noClass = 255

    /// Multiclass: the predicted class; `nil` without one.
    public var predictedClass: Int? {
        let value = Int(score.bitPattern & 0xFF)
        return value == Self.noClass ? nil : value
    }

    /// Multiclass: the ordinal of the record's class scores in the ring; 0 without.
    public var scoresOrdinal: Int { Int(score.bitPattern >> 8) }

    /// Bits per dimension: 16 for up to three dimensions, 48 / dimensions beyond (12 for four,
    /// 8 for six); more than 48 dimensions are not packed at all.
    public static func bitsPerDimension(_ dimensions: Int) -> Int {
        dimensions <= 3 ? 16 : Int(slotBits) / dimensions
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
