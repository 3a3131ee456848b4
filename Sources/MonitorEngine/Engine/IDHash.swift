/// The 64-bit hash by which ``LabelJoin`` knows a prediction or label id, so that no id string
/// is kept for the hours a label may take to arrive.
///
/// Two distinct ids with the same hash are taken for one id: with n ids held at once, the
/// chance that any two collide is about n² / 2^65, about 1e-7 at the default 2,000,000. The
/// effect of a collision is bounded to the two records involved: a prediction is counted as a
/// duplicate (or as another version of the same request), or a label is credited to the
/// other id's prediction.
///
/// The standard hash reads the id eight bytes at a time (a multiply-rotate round per word, in
/// the spirit of xxHash64) and ends with MurmurHash3's 64-bit finaliser, so that ids differing
/// only in a trailing digit (`tx-0001497`, `tx-0001498`) land far apart in the table. Tests
/// inject a weaker function to force collisions of table positions.
public struct IDHash: Sendable {
    private let function: @Sendable (UnsafeRawBufferPointer) -> UInt64

    /// A hash computed by `function` from the id's UTF-8 bytes.
    public init(_ function: @escaping @Sendable (UnsafeRawBufferPointer) -> UInt64) {
        self.function = function
    }

    /// The standard hash (see the type's documentation).
    public static let standard = IDHash { bytes in IDHash.hash(bytes) }

    /// The hash of `id`'s UTF-8 bytes; never 0, which the join's table keeps for "no entry".
    @inline(__always)
    public func callAsFunction(_ id: String) -> UInt64 {
        var id = id
        let hash = id.withUTF8 { function(UnsafeRawBufferPointer($0)) }
        return hash == 0 ? 0x9E37_79B9_7F4A_7C15 : hash
    }

    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9

    /// The standard hash of `bytes`.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var state = prime3 &+ UInt64(truncatingIfNeeded: bytes.count)
        var offset = 0
        let count = bytes.count
        while offset + 8 <= count {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            state = round(state, word)
            offset += 8
        }
        if offset < count {
            // The tail, zero-padded; the length mixed in above tells "a" from "a\0".
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while offset < count {
                word |= UInt64(bytes[offset]) << shift
                shift += 8
                offset += 1
            }
            state = round(state, word)
        }
        return finalise(state)
    }

    @inline(__always)
    private static func round(_ state: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (word &* prime2).rotatedLeft(by: 31) &* prime1
        return (state ^ mixed).rotatedLeft(by: 27) &* prime1 &+ prime3
    }

    @inline(__always)
    private static func finalise(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash &*= 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return hash
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by count: UInt64) -> UInt64 {
        (self << count) | (self >> (64 - count))
    }
}
