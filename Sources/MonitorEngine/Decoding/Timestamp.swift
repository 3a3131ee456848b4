/// Event-time parsing for the `ts` field (docs/log-format.md): RFC 3339 text, `YYYY-MM-DD HH:MM:SS`
/// text, or an epoch number.
///
/// Accepted text forms:
/// - `2026-11-27T10:15:02Z`, `2026-11-27T10:15:02.123456+02:00`, `...-0530`, `...+02`: RFC 3339
///   with `T`, `t` or a space between date and time, `Z`/`z` or a numeric offset, and a fraction
///   of any length (digits past the eighteenth are read but ignored);
/// - `2026-11-27 10:15:02` and `2026-11-27T10:15:02[.fff]` without a zone: UTC;
/// - `2026-11-27`: midnight UTC;
/// - a number (`1764238502`, `1764238502.123`, `1764238502123`): seconds since the epoch, or
///   milliseconds when greater than 1e11.
///
/// Fields are range-checked (month 1-12, day within its month with leap years, hour < 24, minute
/// < 60, second <= 60 for a leap second, offset below 24 hours). No Foundation date formatter is
/// involved: the day count comes from `daysFromCivil`.
public enum Timestamp {
    /// Seconds since the Unix epoch (UTC) for `bytes`, or `nil` when they are not a timestamp.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            return parseCalendarText(bytes)
        }
        guard case .number(let value) = DecimalNumber.parseLenient(bytes) else { return nil }
        return seconds(fromEpochNumber: value)
    }

    /// Seconds since the Unix epoch for `text`, or `nil` when it is not a timestamp.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// An epoch number as seconds: values greater than 1e11 are milliseconds (1e11 seconds is
    /// the year 5138; 1e11 milliseconds is March 1973). `nil` for NaN and infinities.
    public static func seconds(fromEpochNumber value: Double) -> Double? {
        guard value.isFinite else { return nil }
        return value > 1e11 ? value / 1000 : value
    }

    /// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar (negative
    /// before it). Howard Hinnant's `days_from_civil`
    /// (https://howardhinnant.github.io/date_algorithms.html#days_from_civil).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The number of days of `month` in `year` (Gregorian leap years).
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Digits kept from a fraction of a second: attoseconds, far below a double's resolution at
    /// today's epoch values (about 2e-7 s).
    private static let maximumFractionDigits = 18

    private static func parseCalendarText(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let count = bytes.count
        guard let year = digits(bytes, at: 0, count: 4),
            let month = digits(bytes, at: 5, count: 2),
            let day = digits(bytes, at: 8, count: 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        if count == 10 { return Double(days * 86_400) }

        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
            || separator == UInt8(ascii: " "),
            count >= 19,
            let hour = digits(bytes, at: 11, count: 2), bytes[13] == UInt8(ascii: ":"),
            let minute = digits(bytes, at: 14, count: 2), bytes[16] == UInt8(ascii: ":"),
            let second = digits(bytes, at: 17, count: 2),
            hour < 24, minute < 60, second <= 60
        else { return nil }

        var index = 19
        var fraction: UInt64 = 0
        var fractionDigits = 0
        if index < count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let firstDigit = index
            while index < count, DecimalNumber.isDigit(bytes[index]) {
                if fractionDigits < maximumFractionDigits {
                    fraction = fraction * 10 + UInt64(bytes[index] - 0x30)
                    fractionDigits += 1
                }
                index += 1
            }
            guard index > firstDigit else { return nil }
        }

        var offsetSeconds = 0
        if index < count {
            let zone = bytes[index]
            if zone == UInt8(ascii: "Z") || zone == UInt8(ascii: "z") {
                index += 1
            } else if zone == UInt8(ascii: "+") || zone == UInt8(ascii: "-") {
                guard let offsetHours = digits(bytes, at: index + 1, count: 2), offsetHours < 24 else {
                    return nil
                }
                index += 3
                var offsetMinutes = 0
                if index < count {
                    if bytes[index] == UInt8(ascii: ":") { index += 1 }
                    guard let minutes = digits(bytes, at: index, count: 2), minutes < 60 else { return nil }
                    offsetMinutes = minutes
                    index += 2
                }
                offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard index == count else { return nil }

        let whole = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        if fraction == 0 { return Double(whole) }
        if whole >= 0, fractionDigits <= 9 {
            // Milli- to nanoseconds at today's epoch values: `whole.fraction` as one integer of at
            // most 2^53 over a power of ten is exact on both sides, so the quotient rounds once
            // (Clinger's fast path), as reading the decimal text would.
            let scale = DecimalNumber.powerOfTen(fractionDigits)
            let (scaled, overflow) = UInt64(whole).multipliedReportingOverflow(by: UInt64(scale))
            // `fraction` is below 10^9, so `2^53 - fraction` cannot wrap; `scaled + fraction`
            // could, when `scaled` lies within 10^9 of 2^64 (around the year 2554).
            if !overflow, scaled <= (1 << 53) - fraction {
                return Double(scaled + fraction) / scale
            }
        }
        return exactSum(whole: whole, fraction: fraction, fractionDigits: fractionDigits)
    }

    /// `whole + fraction / 10^fractionDigits`, rounded once, as the decimal text
    /// `whole.fraction` would be read: written out on the stack and read back.
    private static func exactSum(whole: Int, fraction: UInt64, fractionDigits: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var length = 0
            var integerPart = whole
            var fractionPart = fraction
            if whole < 0 {
                // -7 + 0.25 is -6.75: borrow one from the integer part.
                buffer[length] = UInt8(ascii: "-")
                length += 1
                integerPart = -(whole + 1)
                var scale: UInt64 = 1
                for _ in 0..<fractionDigits { scale *= 10 }
                fractionPart = scale - fraction
            }
            length += writeDecimal(UInt64(integerPart), into: buffer, at: length, minimumDigits: 1)
            buffer[length] = UInt8(ascii: ".")
            length += 1
            length += writeDecimal(fractionPart, into: buffer, at: length, minimumDigits: fractionDigits)
            guard case .number(let value) = DecimalNumber.parseLenient(
                UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[0..<length])))
            else { return nil }
            return value
        }
    }

    /// Writes `value` in decimal, zero-padded to `minimumDigits`; returns the number of bytes.
    private static func writeDecimal(
        _ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int, minimumDigits: Int
    ) -> Int {
        var digitCount = 1
        var probe = value / 10
        while probe > 0 {
            digitCount += 1
            probe /= 10
        }
        digitCount = max(digitCount, minimumDigits)
        var remaining = value
        for position in stride(from: start + digitCount - 1, through: start, by: -1) {
            buffer[position] = UInt8(ascii: "0") + UInt8(remaining % 10)
            remaining /= 10
        }
        return digitCount
    }

    /// The decimal value of exactly `count` ASCII digits at `start`, or `nil`.
    private static func digits(_ bytes: UnsafeRawBufferPointer, at start: Int, count: Int) -> Int? {
        guard start >= 0, start + count <= bytes.count else { return nil }
        var value = 0
        for index in start..<(start + count) {
            let byte = bytes[index]
            guard DecimalNumber.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }
}
