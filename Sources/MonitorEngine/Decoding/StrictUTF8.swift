/// Strict UTF-8 validation of a whole line (Unicode 15, table 3-7 "Well-Formed UTF-8 Byte
/// Sequences"): overlong forms, encoded surrogates (ED A0..BF ..), code points above U+10FFFF and
/// cut sequences are all errors.
enum StrictUTF8 {
    /// What is wrong at the first bad byte.
    enum Problem: Sendable, Equatable {
        case unexpectedContinuationByte
        case overlongEncoding
        case encodedSurrogate
        case aboveUnicodeRange
        case truncatedSequence
        case invalidByte

        var text: String {
            switch self {
            case .unexpectedContinuationByte: "unexpected continuation byte"
            case .overlongEncoding: "overlong encoding"
            case .encodedSurrogate: "encoded surrogate"
            case .aboveUnicodeRange: "code point above U+10FFFF"
            case .truncatedSequence: "truncated sequence"
            case .invalidByte: "invalid byte"
            }
        }
    }

    /// The offset and kind of the first invalid sequence, or `nil` when the bytes are valid.
    static func firstError(in bytes: UnsafeRawBufferPointer) -> (offset: Int, problem: Problem)? {
        let count = bytes.count
        var index = 0
        while index < count {
            // Log lines are mostly ASCII: test sixteen, then eight bytes per step for a high bit.
            while index + 16 <= count {
                let word0 = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let word1 = bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self)
                if (word0 | word1) & 0x8080_8080_8080_8080 != 0 { break }
                index += 16
            }
            while index + 8 <= count {
                let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                index += 8
            }
            if index >= count { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            switch lead {
            case 0x80...0xBF:
                return (index, .unexpectedContinuationByte)
            case 0xC0, 0xC1:
                return (index, .overlongEncoding)
            case 0xC2...0xDF:
                guard index + 1 < count, isContinuation(bytes[index + 1]) else {
                    return (index, .truncatedSequence)
                }
                index += 2
            case 0xE0...0xEF:
                guard index + 1 < count else { return (index, .truncatedSequence) }
                let second = bytes[index + 1]
                guard isContinuation(second) else { return (index, .truncatedSequence) }
                if lead == 0xE0 && second < 0xA0 { return (index, .overlongEncoding) }
                if lead == 0xED && second > 0x9F { return (index, .encodedSurrogate) }
                guard index + 2 < count, isContinuation(bytes[index + 2]) else {
                    return (index, .truncatedSequence)
                }
                index += 3
            case 0xF0...0xF4:
                guard index + 1 < count else { return (index, .truncatedSequence) }
                let second = bytes[index + 1]
                guard isContinuation(second) else { return (index, .truncatedSequence) }
                if lead == 0xF0 && second < 0x90 { return (index, .overlongEncoding) }
                if lead == 0xF4 && second > 0x8F { return (index, .aboveUnicodeRange) }
                guard index + 3 < count, isContinuation(bytes[index + 2]), isContinuation(bytes[index + 3])
                else {
                    return (index, .truncatedSequence)
                }
                index += 4
            case 0xF5...0xF7:
                return (index, .aboveUnicodeRange)
            default:
                return (index, .invalidByte)
            }
        }
        return nil
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
}
