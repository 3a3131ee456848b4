/// A strict RFC 8259 reader over the bytes of one line, positioned at `index`.
///
/// It validates everything it passes over (strings, escapes, numbers, nested values) and throws
/// a `LineError` naming the 1-based byte column of the first problem. Nesting is bounded by
/// `maximumDepth` so that a line of ten thousand `[` cannot exhaust the stack.
struct JSONCursor {
    /// Deepest nesting of objects and arrays accepted; the record object is depth 1.
    static let maximumDepth = 64

    let bytes: UnsafeRawBufferPointer
    var index: Int
    /// Bytes of the raw line before `bytes` (a byte order mark), so columns match the file.
    let columnOffset: Int

    init(_ bytes: UnsafeRawBufferPointer, columnOffset: Int) {
        self.bytes = bytes
        self.index = 0
        self.columnOffset = columnOffset
    }

    /// A JSON string in the line: the bytes between its quotes, and whether they hold escapes.
    struct StringToken {
        var start: Int
        var end: Int
        var hasEscapes: Bool
    }

    /// A value as the record decoder needs it: scalars with their place in the line, nested
    /// values already skipped (and validated).
    enum Value {
        case string(StringToken)
        case number(Double, start: Int, end: Int)
        case bool(Bool)
        case null
        case object
        case array

        /// How the value's type is named in a detail.
        var typeDescription: String {
            switch self {
            case .string: "a string"
            case .number: "a number"
            case .bool: "a bool"
            case .null: "null"
            case .object: "an object"
            case .array: "an array"
            }
        }
    }

    var isAtEnd: Bool { index >= bytes.count }

    @inline(__always)
    var current: UInt8 { bytes[index] }

    @inline(__always)
    func column(_ position: Int) -> Int { position + columnOffset + 1 }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A else { return }
            index += 1
        }
    }

    /// The error for the byte at `position` (or the end of the line) where it cannot stand.
    func unexpected(at position: Int, expecting: String? = nil) -> LineError {
        let suffix = expecting.map { ", expected \($0)" } ?? ""
        guard position < bytes.count else {
            return LineError(.invalidJSON, "unexpected end of line at column \(column(position))\(suffix)")
        }
        if bytes[position] == UInt8(ascii: "'") {
            return LineError(.invalidJSON, "single quotes are not JSON, at column \(column(position))")
        }
        return LineError(
            .invalidJSON,
            "unexpected \(LineError.describe(byte: bytes[position])) at column \(column(position))\(suffix)")
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8, _ name: String) throws(LineError) {
        guard index < bytes.count, bytes[index] == byte else { throw unexpected(at: index, expecting: name) }
        index += 1
    }

    /// The bytes of a string without escapes.
    @inline(__always)
    func rawBytes(of token: StringToken) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[token.start..<token.end])
    }

    /// The text of a string, with its escapes decoded.
    func string(of token: StringToken) -> String {
        guard token.hasEscapes else { return String(decoding: rawBytes(of: token), as: UTF8.self) }
        return decodeEscapes(token)
    }

    /// Runs `body` on the decoded UTF-8 bytes of a string: the line's own bytes when the string
    /// has no escapes, a decoded copy otherwise.
    @inline(__always)
    func withBytes<Result>(of token: StringToken, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        guard token.hasEscapes else { return body(rawBytes(of: token)) }
        var text = decodeEscapes(token)
        return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// Reads a string starting at its opening quote (`index` points at it).
    mutating func readString() throws(LineError) -> StringToken {
        let opening = index
        var position = index + 1
        let start = position
        var hasEscapes = false
        let count = bytes.count
        while true {
            // Skip eight ordinary bytes at a time (no quote, no backslash, no control
            // character), then jump straight to the first special byte of the word.
            while position + 8 <= count {
                let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                let special =
                    Self.zeroBytes(word ^ 0x2222_2222_2222_2222)
                    | Self.zeroBytes(word ^ 0x5C5C_5C5C_5C5C_5C5C)
                    | Self.zeroBytes(word & 0xE0E0_E0E0_E0E0_E0E0)
                if special != 0 {
                    position += special.trailingZeroBitCount >> 3
                    break
                }
                position += 8
            }
            guard position < count else {
                throw LineError(
                    .invalidJSON,
                    "unclosed string (opened at column \(column(opening))) at end of line, column \(column(count))")
            }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                index = position + 1
                return StringToken(start: start, end: position, hasEscapes: hasEscapes)
            } else if byte == UInt8(ascii: "\\") {
                hasEscapes = true
                position = try validateEscape(at: position)
            } else if byte < 0x20 {
                throw LineError(
                    .invalidJSON,
                    "control character 0x\(LineError.hex(byte)) in a string at column \(column(position))")
            } else {
                position += 1
            }
        }
    }

    /// The high bit of each byte of `word` that is zero, and no other bit. Exact per byte (no
    /// borrow runs from one byte into the next), so the lowest set bit marks the first zero byte.
    @inline(__always)
    private static func zeroBytes(_ word: UInt64) -> UInt64 {
        let low7 = 0x7F7F_7F7F_7F7F_7F7F as UInt64
        return ~(((word & low7) &+ low7) | word | low7)
    }

    /// Checks the escape at `position` (a backslash); returns the position after it.
    private func validateEscape(at position: Int) throws(LineError) -> Int {
        guard position + 1 < bytes.count else {
            throw LineError(.invalidJSON, "unfinished escape at column \(column(position))")
        }
        switch bytes[position + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
            UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return position + 2
        case UInt8(ascii: "u"):
            let unit = try hexUnit(at: position)
            switch unit {
            case 0xD800...0xDBFF:
                guard position + 11 < bytes.count, bytes[position + 6] == UInt8(ascii: "\\"),
                    bytes[position + 7] == UInt8(ascii: "u"),
                    let low = Self.hexValue(bytes, at: position + 8), (0xDC00...0xDFFF).contains(low)
                else {
                    throw LineError(
                        .invalidJSON, "lone surrogate \\u\(hexText(position)) at column \(column(position))")
                }
                return position + 12
            case 0xDC00...0xDFFF:
                throw LineError(
                    .invalidJSON, "lone surrogate \\u\(hexText(position)) at column \(column(position))")
            default:
                return position + 6
            }
        default:
            let shown = LineError.describe(byte: bytes[position + 1])
            throw LineError(.invalidJSON, "invalid escape \\\(shown) at column \(column(position))")
        }
    }

    private func hexUnit(at position: Int) throws(LineError) -> UInt32 {
        guard let unit = Self.hexValue(bytes, at: position + 2) else {
            throw LineError(.invalidJSON, "\\u needs four hex digits, at column \(column(position))")
        }
        return unit
    }

    private func hexText(_ position: Int) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(position + 2)..<(position + 6)]), as: UTF8.self)
    }

    /// The value of four hex digits at `start`, or `nil`.
    private static func hexValue(_ bytes: UnsafeRawBufferPointer, at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for position in start..<(start + 4) {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Decodes an already validated string with escapes. The UTF-8 result is never longer than
    /// the escaped text (`\uXXXX` is 6 bytes for at most 3; a pair is 12 for 4).
    private func decodeEscapes(_ token: StringToken) -> String {
        String(unsafeUninitializedCapacity: token.end - token.start) { output in
            var written = 0
            var position = token.start
            while position < token.end {
                let byte = bytes[position]
                guard byte == UInt8(ascii: "\\") else {
                    output[written] = byte
                    written += 1
                    position += 1
                    continue
                }
                let escaped = bytes[position + 1]
                position += 2
                var scalar: UInt32
                switch escaped {
                case UInt8(ascii: "b"): scalar = 0x08
                case UInt8(ascii: "f"): scalar = 0x0C
                case UInt8(ascii: "n"): scalar = 0x0A
                case UInt8(ascii: "r"): scalar = 0x0D
                case UInt8(ascii: "t"): scalar = 0x09
                case UInt8(ascii: "u"):
                    scalar = Self.hexValue(bytes, at: position)!
                    position += 4
                    if (0xD800...0xDBFF).contains(scalar) {
                        let low = Self.hexValue(bytes, at: position + 2)!
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                default: scalar = UInt32(escaped)
                }
                for unit in UTF8.encode(Unicode.Scalar(scalar)!)! {
                    output[written] = unit
                    written += 1
                }
            }
            return written
        }
    }

    /// Reads any value at `index`. `depth` is the nesting of the object or array holding it.
    /// Objects and arrays are skipped (validated) and reported only by their kind.
    mutating func readValue(depth: Int) throws(LineError) -> Value {
        guard index < bytes.count else { throw unexpected(at: index, expecting: "a value") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = index
            switch DecimalNumber.scanJSON(bytes, from: index) {
            case .number(let value, let end):
                index = end
                return .number(value, start: start, end: end)
            case .invalid(let position, let problem):
                throw LineError(.invalidJSON, "\(problem) at column \(column(position))")
            }
        case UInt8(ascii: "t"):
            try readLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try readLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try readLiteral("null")
            return .null
        case UInt8(ascii: "{"):
            try skipContainer(depth: depth + 1)
            return .object
        case UInt8(ascii: "["):
            try skipContainer(depth: depth + 1)
            return .array
        default:
            throw unexpected(at: index, expecting: "a value")
        }
    }

    private mutating func readLiteral(_ word: StaticString) throws(LineError) {
        let length = word.utf8CodeUnitCount
        let start = index
        for offset in 0..<length {
            guard start + offset < bytes.count, bytes[start + offset] == word.utf8Start[offset] else {
                throw unexpected(at: start + offset, expecting: "\(word)")
            }
        }
        index = start + length
    }

    /// Checks that an object or array may open at `depth`.
    func checkDepth(_ depth: Int) throws(LineError) {
        guard depth <= Self.maximumDepth else {
            throw LineError(
                .invalidJSON, "nesting deeper than \(Self.maximumDepth) levels at column \(column(index))")
        }
    }

    /// After a member or element: consumes a `,` (true: another follows) or the closing byte
    /// (false: the container ended). A `,` directly before the closing byte is a trailing comma.
    @inline(__always)
    mutating func readSeparator(closing: UInt8) throws(LineError) -> Bool {
        // Compact JSON, the usual case: `,"` needs no more checks.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ","), bytes[index + 1] == UInt8(ascii: "\"") {
            index += 1
            return true
        }
        return try readSeparatorWithWhitespace(closing: closing)
    }

    private mutating func readSeparatorWithWhitespace(closing: UInt8) throws(LineError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else {
            throw unexpected(at: index, expecting: closing == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'")
        }
        let byte = bytes[index]
        if byte == UInt8(ascii: ",") {
            let comma = index
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == closing {
                throw LineError(.invalidJSON, "trailing comma at column \(column(comma))")
            }
            return true
        }
        if byte == closing {
            index += 1
            return false
        }
        throw unexpected(at: index, expecting: closing == UInt8(ascii: "}") ? "',' or '}'" : "',' or ']'")
    }

    /// After a key: the `:` and the whitespace around it, leaving `index` at the value.
    @inline(__always)
    mutating func readColon() throws(LineError) {
        // Compact JSON, the usual case: a `:` directly followed by the value.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), bytes[index + 1] > 0x20 {
            index += 1
            return
        }
        skipWhitespace()
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
    }

    /// Reads `"key"` and the `:` after it, leaving `index` at the value.
    @inline(__always)
    mutating func readKey() throws(LineError) -> StringToken {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            throw unexpected(at: index, expecting: "a quoted key")
        }
        let key = try readString()
        try readColon()
        return key
    }

    /// Skips the object or array at `index`, which sits at nesting `depth`.
    mutating func skipContainer(depth: Int) throws(LineError) {
        try checkDepth(depth)
        let closing: UInt8 = bytes[index] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == closing {
            index += 1
            return
        }
        repeat {
            if closing == UInt8(ascii: "}") { _ = try readKey() }
            _ = try readValue(depth: depth)
        } while try readSeparator(closing: closing)
    }
}
