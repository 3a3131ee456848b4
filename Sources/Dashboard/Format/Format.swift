import MonitorEngine

/// Number and time formatting for the screens, without Foundation formatters (a frame is
/// drawn up to ten times a second): fixed decimals, percentages, compact counts, durations.
enum Format {
    /// `value` with `digits` decimals, rounded half away from zero; `nan`, `inf` as such.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        // Beyond what Int holds exactly: the shortest round-trip text ("1e+20").
        if abs(value) >= 1e15 { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        let negative = value < 0 && scaled != 0
        var text = (negative ? "-" : "") + String(whole)
        if digits > 0 {
            var digitsText = String(fraction)
            while digitsText.count < digits { digitsText = "0" + digitsText }
            text += "." + digitsText
        }
        return text
    }

    /// A share as a percentage with one decimal: `12.3%`; small non-zero shares keep two.
    static func percent(_ value: Double?, missing: String = "-") -> String {
        guard let value, !value.isNaN else { return missing }
        let percent = value * 100
        if percent != 0, abs(percent) < 0.1 { return fixed(percent, 2) + "%" }
        return fixed(percent, 1) + "%"
    }

    /// A metric value with three decimals, or four when small.
    static func metric(_ value: Double?, missing: String = "-") -> String {
        guard let value else { return missing }
        if value != 0, abs(value) < 0.001 { return value < 0.0001 && value > 0 ? "<0.0001" : fixed(value, 4) }
        if abs(value) >= 1000 { return compact(value) }
        if abs(value) >= 100 { return fixed(value, 1) }
        if abs(value) >= 10 { return fixed(value, 2) }
        return fixed(value, 3)
    }

    /// A count: exact below 10 000, then `12.3k`, `4.56M`.
    static func count(_ value: Int) -> String {
        abs(value) < 10_000 ? String(value) : compact(Double(value))
    }

    /// `12.3k`, `4.56M`, `7.89G`, plain below 1000.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (size, suffix) in units where magnitude >= size {
            let scaled = value / size
            if abs(scaled) >= 1e4 { return fixed(scaled, 0) + suffix }
            return fixed(scaled, abs(scaled) < 10 ? 2 : abs(scaled) < 100 ? 1 : 0) + suffix
        }
        return fixed(value, magnitude < 10 ? 1 : 0)
    }

    /// A rate per second: `842/s`, `1.25k/s`, `0.4/s`.
    /// A slow stream (a replayed log of one record every ten minutes) reads per minute or per
    /// hour rather than `0.0/s`: `12/min`, `6.0/h`.
    static func rate(_ value: Double?, missing: String = "-") -> String {
        guard let value, value.isFinite else { return missing }
        if value > 0, value < 0.05 {
            return value * 60 >= 0.5 ? compact(value * 60) + "/min" : compact(value * 3600) + "/h"
        }
        return compact(value) + "/s"
    }

    /// Milliseconds: `12.4ms`, `850ms`, `1.25s`.
    static func milliseconds(_ value: Double?, missing: String = "-") -> String {
        guard let value, value.isFinite else { return missing }
        if value >= 1000 { return fixed(value / 1000, 2) + "s" }
        return fixed(value, value < 100 ? 1 : 0) + "ms"
    }

    /// A duration: `45s`, `3m12s`, `2h05m`, `3d04h`.
    static func duration(_ seconds: Double?, missing: String = "-") -> String {
        guard let seconds, seconds.isFinite else { return missing }
        if seconds < 0 { return "0s" }
        if seconds < 10 { return fixed(seconds, seconds < 1 ? 2 : 1) + "s" }
        // Past 31 years it is a broken clock, not a duration worth digits.
        if seconds >= 1e9 { return ">31y" }
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + pad(total % 60) + "s" }
        if total < 86400 { return "\(total / 3600)h" + pad(total % 3600 / 60) + "m" }
        return "\(total / 86400)d" + pad(total % 86400 / 3600) + "h"
    }

    /// A window length: `5m`, `1h`, `6h`, `2d`, or `all`.
    static func window(_ seconds: Double?) -> String {
        guard let seconds else { return "all" }
        guard seconds.isFinite, seconds > 0, seconds < 1e9 else { return Format.duration(seconds) }
        let total = Int(seconds.rounded())
        if total % 86400 == 0 { return "\(total / 86400)d" }
        if total % 3600 == 0 { return "\(total / 3600)h" }
        if total % 60 == 0 { return "\(total / 60)m" }
        return "\(total)s"
    }

    /// Time of day `HH:MM:SS` of an epoch time shifted by `offset` seconds.
    static func clock(_ epoch: Double, offset: Int) -> String {
        guard epoch.isFinite, abs(epoch) < 1e13 else { return "--:--:--" }
        let seconds = ((Int(epoch.rounded(.down)) + offset) % 86400 + 86400) % 86400
        return pad(seconds / 3600) + ":" + pad(seconds % 3600 / 60) + ":" + pad(seconds % 60)
    }

    /// `MM-DD HH:MM` of an epoch time shifted by `offset` seconds (civil calendar, proleptic).
    static func dateTime(_ epoch: Double, offset: Int) -> String {
        guard epoch.isFinite, abs(epoch) < 1e13 else { return "--" }
        let shifted = Int(epoch.rounded(.down)) + offset
        let days = shifted >= 0 ? shifted / 86400 : (shifted - 86399) / 86400
        let secondOfDay = shifted - days * 86400
        let (_, month, day) = UTCTime.civilDate(daysSinceEpoch: Int64(days))
        return pad(Int(month)) + "-" + pad(Int(day)) + " " + pad(secondOfDay / 3600) + ":" + pad(secondOfDay % 3600 / 60)
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
