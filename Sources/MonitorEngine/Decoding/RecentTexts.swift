/// The short texts seen lately (model and version names, statuses, category values), so that a
/// line repeating one gets the `String` made for an earlier line instead of building it again.
///
/// Direct-mapped, 512 slots, texts of at most 16 UTF-8 bytes: a key is its bytes as two
/// zero-padded 64-bit words plus its length, so a lookup is two word compares, no `memcmp`
/// and no hashing loop. Strings of up to 15 bytes are stored inline by Swift anyway; what this
/// saves is the validation and construction, which cost more than the rest of a field's
/// decoding. Longer texts, and ids (unique by design), bypass the cache.
struct RecentTexts: Sendable {
    private static let slotCount = 512
    private var first = [UInt64](repeating: 0, count: slotCount)
    private var second = [UInt64](repeating: 0, count: slotCount)
    /// Length of the text in each slot; -1 when empty.
    private var lengths = [Int](repeating: -1, count: slotCount)
    private var texts = [String](repeating: "", count: slotCount)

    /// The `String` for the UTF-8 bytes `bytes[start..<end]` (valid UTF-8 without escapes).
    @inline(__always)
    mutating func text(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> String {
        let length = end - start
        guard length <= 16 else {
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        var word0: UInt64 = 0
        var word1: UInt64 = 0
        if start + 16 <= bytes.count {
            // Sixteen bytes are readable: load them and keep only the text's own.
            word0 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start, as: UInt64.self))
            word1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start + 8, as: UInt64.self))
            if length < 8 {
                word0 &= (1 << UInt64(length * 8)) &- 1
                word1 = 0
            } else if length < 16 {
                word1 &= (1 << UInt64((length - 8) * 8)) &- 1
            }
        } else {
            for offset in 0..<length {
                let byte = UInt64(bytes[start + offset])
                if offset < 8 {
                    word0 |= byte << UInt64(offset * 8)
                } else {
                    word1 |= byte << UInt64((offset - 8) * 8)
                }
            }
        }
        let mixed = (word0 ^ (word1 &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xFF51_AFD7_ED55_8CCD
        let slot = Int(truncatingIfNeeded: mixed >> 55)
        if lengths[slot] == length, first[slot] == word0, second[slot] == word1 {
            return texts[slot]
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        lengths[slot] = length
        first[slot] = word0
        second[slot] = word1
        texts[slot] = text
        return text
    }
}
