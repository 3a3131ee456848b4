/// RFC 3339 text of a time in seconds since the epoch, in UTC: `2026-11-02T08:40:00Z`, with
/// milliseconds when the time has a fraction (`...:00.250Z`). No Foundation formatter: the civil
/// date comes from Howard Hinnant's days-from-civil inverse.
public enum UTCTime {
    /// The time as RFC 3339 UTC text.
    public static func text(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 2.5e11 else { return "invalid time" }
        var milliseconds = Int64((seconds * 1_000).rounded())
        var days = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        milliseconds -= days * 86_400_000
        let secondOfDay = milliseconds / 1_000
        let millis = milliseconds % 1_000
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var out = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
        out += "\(pad(secondOfDay / 3_600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        if millis != 0 { out += ".\(pad(millis, 3))" }
        return out + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
