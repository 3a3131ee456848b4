/// A length of event time as written in the configuration: `30s`, `15m`, `1h`, `7d`, `2w`, or a
/// combination in decreasing units such as `1h30m`.
///
/// Whole seconds only: windows and buckets are cut on event time, and a window must hold a whole
/// number of buckets, which integer arithmetic checks exactly.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in seconds, never negative.
    public var seconds: Int

    /// A span of `seconds` seconds.
    public init(seconds: Int) {
        precondition(seconds >= 0, "a TimeSpan cannot be negative (got \(seconds) s)")
        self.seconds = seconds
    }

    /// A span of `count` seconds.
    public static func seconds(_ count: Int) -> TimeSpan { TimeSpan(seconds: count) }
    /// A span of `count` minutes.
    public static func minutes(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 60) }
    /// A span of `count` hours.
    public static func hours(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 3_600) }
    /// A span of `count` days.
    public static func days(_ count: Int) -> TimeSpan { TimeSpan(seconds: count * 86_400) }

    /// No time at all: a rule that fires as soon as its condition holds.
    public static let zero = TimeSpan(seconds: 0)

    /// The units a span may be written in, largest first (the order a combination must follow).
    static let units: [(symbol: UInt8, seconds: Int)] = [
        (UInt8(ascii: "w"), 604_800),
        (UInt8(ascii: "d"), 86_400),
        (UInt8(ascii: "h"), 3_600),
        (UInt8(ascii: "m"), 60),
        (UInt8(ascii: "s"), 1),
    ]

    /// Parses `30s`, `15m`, `1h`, `7d`, `2w`, `1h30m` or a bare `0`; `nil` for anything else.
    ///
    /// Units are lower case (an upper-case `M` could be read as months), each used at most once,
    /// largest first; surrounding spaces are ignored. A bare number other than 0 is refused:
    /// `window: 15` could mean seconds or minutes.
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        guard start < end else { return nil }
        if end - start == 1, bytes[start] == UInt8(ascii: "0") {
            self.init(seconds: 0)
            return
        }
        var total = 0
        var nextUnit = 0
        var index = start
        while index < end {
            var amount = 0
            let digitsStart = index
            while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (times10, overflow1) = amount.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                amount = sum
                index += 1
            }
            guard index > digitsStart, index < end else { return nil }
            let symbol = bytes[index]
            index += 1
            guard let unitIndex = Self.units[nextUnit...].firstIndex(where: { $0.symbol == symbol }) else {
                return nil
            }
            nextUnit = unitIndex + 1
            let (part, overflow1) = amount.multipliedReportingOverflow(by: Self.units[unitIndex].seconds)
            let (sum, overflow2) = total.addingReportingOverflow(part)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
        }
        self.init(seconds: total)
    }

    /// The shortest spelling in the configuration's own syntax (`1h30m`, `0s`), which parses back
    /// to the same span.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var text = ""
        for unit in Self.units where rest >= unit.seconds {
            text += "\(rest / unit.seconds)" + String(UnicodeScalar(unit.symbol))
            rest %= unit.seconds
        }
        return text
    }

    public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.seconds < rhs.seconds }
}

extension TimeSpan {
    /// Why `text` is not a positive duration, or `nil` when it parses as one longer than zero.
    /// The TUI's silence prompt and `modeltop alerts silence --for` share it, so both refuse the
    /// same inputs the same way: a bare number (`90`) names no unit and gets the spelling to use.
    public static func problem(inPositiveDuration text: String) -> String? {
        let trimmed = text.trimmingBlanks
        if trimmed.isEmpty { return "a duration is needed (like 30m, 1h, 1h30m, 7d)" }
        if let span = TimeSpan(parsing: trimmed) {
            return span.seconds > 0 ? nil : "'\(trimmed)' is no time at all: give a positive duration (like 30m, 1h)"
        }
        if trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) {
            return "'\(trimmed)' has no unit: write \(trimmed)m for minutes (or \(trimmed)s, \(trimmed)h, \(trimmed)d)"
        }
        return "'\(trimmed)' is not a duration (like 30s, 15m, 1h, 1h30m, 7d)"
    }
}

private extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingBlanks: String {
        var slice = Substring(self)
        while slice.first == " " || slice.first == "\t" { slice.removeFirst() }
        while slice.last == " " || slice.last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
