#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal text to `Double`, correctly rounded: the same value Python's `float()` gives for the
/// same text.
///
/// Most log numbers take Clinger's fast path (W. D. Clinger, "How to Read Floating Point
/// Numbers Accurately", PLDI 1990): when the decimal mantissa is an integer of at most 2^53 and
/// the power of ten is at most 10^22, both are exact doubles and one multiplication or division
/// rounds once, correctly. Everything else goes to the C library's `strtod`, which is correctly
/// rounded on glibc, on a copy of the text on the stack, in the "C" locale so that a terminal
/// locale with a decimal comma cannot change the result.
enum DecimalNumber {
    /// A number read with the lenient grammar of CSV cells and numeric timestamp strings.
    enum Lenient: Equatable {
        case number(Double)
        /// `nan`, `inf`, `Infinity` (any case, any sign), or a value too large for a double.
        case nonFinite
        case notANumber
    }

    /// The end of a strict JSON number, or where and why its grammar fails.
    enum JSONScan {
        case number(Double, end: Int)
        case invalid(at: Int, problem: StaticString)
    }

    /// Reads a JSON number (RFC 8259 section 6) starting at `start`: `-? (0 | [1-9][0-9]*)
    /// (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. The number ends at the first byte outside the grammar;
    /// the caller decides whether that byte may follow a value. A value too large for a double is
    /// returned as an infinity, for the caller to judge.
    static func scanJSON(_ bytes: UnsafeRawBufferPointer, from start: Int) -> JSONScan {
        // The usual number first: at most 19 digits in all, well formed. Its digits are one
        // integer then (leading zeros add nothing to it), read with one test and one multiply a
        // digit; anything else is read again digit by digit below, which also names what is
        // wrong.
        let count = bytes.count
        var index = start
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var value: UInt64 = 0
        var digits = 0
        while index < count, case let digit = bytes[index] &- 0x30, digit < 10 {
            value = value &* 10 &+ UInt64(digit)
            digits += 1
            index += 1
        }
        // One digit before the point, or more not starting with 0.
        if digits == 1 || (digits > 1 && bytes[index - digits] != UInt8(ascii: "0")) {
            var fractionDigits = 0
            var hasPoint = false
            if index < count, bytes[index] == UInt8(ascii: ".") {
                hasPoint = true
                index += 1
                while index < count, case let digit = bytes[index] &- 0x30, digit < 10 {
                    value = value &* 10 &+ UInt64(digit)
                    fractionDigits += 1
                    index += 1
                }
            }
            // A point needs a digit after it.
            if digits + fractionDigits <= 19, !hasPoint || fractionDigits > 0, let exponent = exponent(bytes, at: &index) {
                let value = Mantissa(value: value, fractionDigits: fractionDigits).double(
                    exponent: exponent, negative: negative, text: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
                return .number(value, end: index)
            }
        }
        return scanJSONDigitByDigit(bytes, from: start)
    }

    /// ``scanJSON(_:from:)`` a digit at a time: numbers of more than 19 digits, and the errors.
    static func scanJSONDigitByDigit(_ bytes: UnsafeRawBufferPointer, from start: Int) -> JSONScan {
        let count = bytes.count
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < count, isDigit(bytes[index]) else {
            return .invalid(at: index, problem: "expected a digit after '-'")
        }
        var mantissa = Mantissa()
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < count, isDigit(bytes[index]) {
                return .invalid(at: index - 1, problem: "leading zero in a number")
            }
        } else {
            while index < count, isDigit(bytes[index]) {
                mantissa.add(bytes[index], fractional: false)
                index += 1
            }
        }
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < count, isDigit(bytes[index]) else {
                return .invalid(at: index, problem: "expected a digit after '.'")
            }
            while index < count, isDigit(bytes[index]) {
                mantissa.add(bytes[index], fractional: true)
                index += 1
            }
        }
        guard let exponent = exponent(bytes, at: &index) else {
            return .invalid(at: index, problem: "expected a digit in the exponent")
        }
        let value = mantissa.double(
            exponent: exponent, negative: negative,
            text: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        return .number(value, end: index)
    }

    /// Reads a whole CSV cell (or numeric timestamp string) as a number, the way Python's
    /// `float()` reads it: surrounding spaces and tabs ignored, an optional `+` or `-`, digits
    /// with an optional point anywhere (`1.`, `.5`, leading zeros), an optional exponent, or the
    /// words `nan`, `inf`, `infinity`.
    static func parseLenient(_ bytes: UnsafeRawBufferPointer) -> Lenient {
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return .notANumber }
        var index = start
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end else { return .notANumber }
        if !isDigit(bytes[index]) && bytes[index] != UInt8(ascii: ".") {
            let word = UnsafeRawBufferPointer(rebasing: bytes[index..<end])
            if asciiLowercaseEquals(word, "nan") || asciiLowercaseEquals(word, "inf")
                || asciiLowercaseEquals(word, "infinity")
            {
                return .nonFinite
            }
            return .notANumber
        }
        var mantissa = Mantissa()
        var digits = 0
        while index < end, isDigit(bytes[index]) {
            mantissa.add(bytes[index], fractional: false)
            digits += 1
            index += 1
        }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < end, isDigit(bytes[index]) {
                mantissa.add(bytes[index], fractional: true)
                digits += 1
                index += 1
            }
        }
        guard digits > 0 else { return .notANumber }
        var exponent = 0
        if index < end, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < end, isDigit(bytes[index]) else { return .notANumber }
            while index < end, isDigit(bytes[index]) {
                exponent = min(exponent * 10 + Int(bytes[index] &- 0x30), maximumExponent)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard index == end else { return .notANumber }
        let value = mantissa.double(
            exponent: exponent, negative: negative,
            text: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        return value.isFinite ? .number(value) : .nonFinite
    }

    /// Reads the unquoted CSV cell starting at `start` as a plain number, `[+-]? digits (.
    /// digits)? ([eE] [+-]? digits)?` with at least one digit, and finds its end (a comma or
    /// the end of the line) in the same pass. `nil` for anything else (spaces, words, quotes,
    /// an empty cell, more than 19 digits, a value too large for a double): the caller then
    /// splits the cell and reads it through `parseLenient`, so the grammar is a subset of the
    /// lenient one and the value, rounded by the same `Mantissa`, is the one `parseLenient` gives
    /// for the same bytes.
    @inline(__always)
    static func scanPlainCell(_ bytes: UnsafeRawBufferPointer, from start: Int) -> (value: Double, end: Int)? {
        let count = bytes.count
        var index = start
        guard index < count else { return nil }
        var negative = false
        let first = bytes[index]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index += 1
        }
        // Every digit, leading zeros included, goes into one `UInt64` without the per-digit
        // bookkeeping of `Mantissa.add`: with at most 19 digits in all it cannot overflow, and
        // the integer, the fraction digit count and exactness are what `Mantissa` would hold.
        // Longer numbers are rare; `parseLenient` reads them.
        var integer: UInt64 = 0
        let integerStart = index
        while index < count {
            let digit = bytes[index] &- 0x30
            guard digit < 10 else { break }
            integer = integer &* 10 &+ UInt64(digit)
            index += 1
        }
        var digits = index - integerStart
        var fractionDigits = 0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < count {
                let digit = bytes[index] &- 0x30
                guard digit < 10 else { break }
                integer = integer &* 10 &+ UInt64(digit)
                index += 1
            }
            fractionDigits = index - fractionStart
            digits += fractionDigits
        }
        guard digits > 0, digits <= 19 else { return nil }
        let mantissa = Mantissa(value: integer, fractionDigits: fractionDigits)
        guard let exponent = exponent(bytes, at: &index) else { return nil }
        guard index == count || bytes[index] == UInt8(ascii: ",") else { return nil }
        let value = mantissa.double(
            exponent: exponent, negative: negative,
            text: UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        guard value.isFinite else { return nil }
        return (value, index)
    }

    /// The exponent at `index` (`e` or `E`, an optional sign, digits), moving past it; 0 when
    /// there is none, `nil` with `index` at the spot when the digits are missing.
    @inline(__always)
    private static func exponent(_ bytes: UnsafeRawBufferPointer, at index: inout Int) -> Int? {
        let count = bytes.count
        guard index < count, bytes[index] | 0x20 == UInt8(ascii: "e") else { return 0 }
        index += 1
        var negative = false
        if index < count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < count, isDigit(bytes[index]) else { return nil }
        var exponent = 0
        while index < count, isDigit(bytes[index]) {
            exponent = min(exponent * 10 + Int(bytes[index] &- 0x30), maximumExponent)
            index += 1
        }
        return negative ? -exponent : exponent
    }

    /// Past this, an exponent only says "overflow" or "underflow"; capping it keeps `exponent *
    /// 10 + 9` and the difference with the count of fraction digits within an `Int`. It must
    /// stay far above any count of digits a line can hold: at a cap of a million, a million
    /// zeros after the point and an exponent of a million and one took the fast path as 10^-1.
    private static let maximumExponent = 1 << 58

    /// The significant decimal digits of a number, as long as they fit a `UInt64`.
    private struct Mantissa {
        var value: UInt64 = 0
        var significantDigits = 0
        var fractionDigits = 0
        /// False once a significant digit did not fit: only `strtod` can round the value then.
        var isExact = true

        init() {}

        /// The mantissa of a number of at most 19 digits in all: `value` holds every one of them.
        init(value: UInt64, fractionDigits: Int) {
            self.value = value
            self.fractionDigits = fractionDigits
        }

        @inline(__always)
        mutating func add(_ digit: UInt8, fractional: Bool) {
            if fractional { fractionDigits += 1 }
            let d = UInt64(digit &- 0x30)
            if value == 0 && d == 0 { return }
            significantDigits += 1
            if significantDigits <= 19 {
                value = value &* 10 &+ d
            } else {
                isExact = false
            }
        }

        @inline(__always)
        func double(exponent: Int, negative: Bool, text: UnsafeRawBufferPointer) -> Double {
            if value == 0 { return negative ? -0.0 : 0.0 }
            if isExact && value <= 1 << 53 {
                let power = exponent - fractionDigits
                var result: Double? = nil
                if power == 0 {
                    result = Double(value)
                } else if power > 0 && power <= 22 {
                    result = Double(value) * DecimalNumber.powerOfTen(power)
                } else if power < 0 && power >= -22 {
                    result = Double(value) / DecimalNumber.powerOfTen(-power)
                } else if power > 22 && power <= 22 + 15 {
                    // Clinger's extension: move surplus powers of ten into the mantissa while it
                    // stays an exact integer double.
                    let (shifted, overflow) = value.multipliedReportingOverflow(
                        by: DecimalNumber.integerPowerOfTen(power - 22))
                    if !overflow && shifted <= 1 << 53 {
                        result = Double(shifted) * 1e22
                    }
                }
                if let result { return negative ? -result : result }
            }
            return DecimalNumber.strtodInCLocale(text)
        }
    }

    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> Double {
        switch exponent {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    private static func integerPowerOfTen(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// `strtod` on a NUL-terminated stack copy of `text`, with the "C" locale in force on this
    /// thread for the call.
    @inline(never)
    private static func strtodInCLocale(_ text: UnsafeRawBufferPointer) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: text.count + 1) { buffer in
            for index in 0..<text.count { buffer[index] = CChar(bitPattern: text[index]) }
            buffer[text.count] = 0
            #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
            let previous = uselocale(cNumericLocale.locale)
            defer { _ = uselocale(previous) }
            #endif
            return strtod(buffer.baseAddress!, nil)
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
    }

    /// Whether `bytes` spell `word` (given in lowercase ASCII), ignoring ASCII case.
    static func asciiLowercaseEquals(_ bytes: UnsafeRawBufferPointer, _ word: StaticString) -> Bool {
        guard bytes.count == word.utf8CodeUnitCount else { return false }
        let expected = word.utf8Start
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }
}

/// The "C" numeric locale, created once; read-only after creation, so sharing it is safe.
private final class CNumericLocale: @unchecked Sendable {
    let locale: locale_t?
    init() { locale = newlocale(Int32(1) << LC_NUMERIC, "C", nil) }
}

private let cNumericLocale = CNumericLocale()
