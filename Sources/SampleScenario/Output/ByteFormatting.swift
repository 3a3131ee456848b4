/// Cheap text formatting straight into a byte buffer: the writer of a million records must not
/// go through `String(format:)`, Foundation formatters or JSON serialisation.
extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of an ASCII literal.
    @inline(__always)
    mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends a non-negative-or-negative integer in decimal.
    mutating func append(decimal value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(decimal: UInt64(value.magnitude), minimumDigits: 1)
        } else {
            append(decimal: UInt64(value), minimumDigits: 1)
        }
    }

    /// Appends an unsigned integer in decimal, left-padded with zeros to `minimumDigits`.
    mutating func append(decimal value: UInt64, minimumDigits: Int) {
        // Digits are produced backwards into a stack scratch area, then copied once.
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        Swift.withUnsafeMutableBytes(of: &scratch) { buffer in
            var start = buffer.count
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            } while rest > 0
            while buffer.count - start < minimumDigits && start > 0 {
                start -= 1
                buffer[start] = UInt8(ascii: "0")
            }
            append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Appends `value` rounded half away from zero to `decimals` digits after the point
    /// (for example `532.10`, `0.0123`). Non-finite values are never passed here.
    mutating func append(fixed value: Double, decimals: Int) {
        var scale: Double = 1
        var unit: UInt64 = 1
        for _ in 0..<decimals {
            scale *= 10
            unit *= 10
        }
        let scaled = (value.magnitude * scale).rounded(.toNearestOrAwayFromZero)
        let total = UInt64(scaled)
        if value < 0 && total > 0 {
            append(UInt8(ascii: "-"))
        }
        append(decimal: total / unit, minimumDigits: 1)
        if decimals > 0 {
            append(UInt8(ascii: "."))
            append(decimal: total % unit, minimumDigits: decimals)
        }
    }

    /// Appends an RFC 3339 UTC timestamp with milliseconds, `2026-11-02T08:00:00.000Z`.
    mutating func append(timestampMilliseconds milliseconds: Int64) {
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let civil = CivilDate(daysSinceEpoch: days)
        append(decimal: UInt64(civil.year), minimumDigits: 4)
        append(UInt8(ascii: "-"))
        append(decimal: UInt64(civil.month), minimumDigits: 2)
        append(UInt8(ascii: "-"))
        append(decimal: UInt64(civil.day), minimumDigits: 2)
        append(UInt8(ascii: "T"))
        let seconds = millisecondOfDay / 1000
        append(decimal: UInt64(seconds / 3600), minimumDigits: 2)
        append(UInt8(ascii: ":"))
        append(decimal: UInt64(seconds / 60 % 60), minimumDigits: 2)
        append(UInt8(ascii: ":"))
        append(decimal: UInt64(seconds % 60), minimumDigits: 2)
        append(UInt8(ascii: "."))
        append(decimal: UInt64(millisecondOfDay % 1000), minimumDigits: 3)
        append(UInt8(ascii: "Z"))
    }
}

/// Division rounding towards minus infinity, so that instants before 1970 still format.
@inline(__always)
func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
    var quotient = value / divisor
    var remainder = value % divisor
    if remainder < 0 {
        quotient -= 1
        remainder += divisor
    }
    return (quotient, remainder)
}

/// A proleptic Gregorian calendar date, from days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, http://howardhinnant.github.io/date_algorithms.html).
struct CivilDate: Equatable {
    var year: Int64
    var month: Int64
    var day: Int64

    init(year: Int64, month: Int64, day: Int64) {
        self.year = year
        self.month = month
        self.day = day
    }

    init(daysSinceEpoch days: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
