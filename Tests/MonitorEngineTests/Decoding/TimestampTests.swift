import Testing

@testable import MonitorEngine

/// Timestamps: expected values from Python,
/// `datetime.fromisoformat(text.replace('Z', '+00:00')).timestamp()` or `float(text)`.
struct TimestampTests {
    @Test(arguments: [
        ("2026-11-27T10:15:02.123Z", 1795774502.123),
        ("2026-11-27T10:15:02Z", 1795774502),
        ("2026-11-27t10:15:02z", 1795774502),
        ("2026-11-27 10:15:02", 1795774502),
        ("2026-11-27 10:15:02.123", 1795774502.123),
        ("2026-11-27T10:15:02", 1795774502),
        ("2026-11-27 10:15:02Z", 1795774502),
        ("2026-11-27T12:15:02.123+02:00", 1795774502.123),
        ("2026-11-27T12:15:02+0200", 1795774502),
        ("2026-11-27T12:15:02+02", 1795774502),
        ("2026-11-27T04:45:02-05:30", 1795774502),
        ("2026-11-27T04:45:02-0530", 1795774502),
        ("2026-11-27T10:15:02.5Z", 1795774502.5),
        ("2026-11-27T10:15:02.123456789Z", 1795774502.1234567),
        ("2026-11-27T10:15:02.1000000000000000000000001Z", 1795774502.1),
        ("2024-02-29T23:59:59.999999Z", 1709251199.999999),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.5Z", -0.5),
        ("1969-12-31T23:59:59.25Z", -0.75),
        ("2000-03-01T00:00:00Z", 951868800),
        ("1900-03-01T00:00:00Z", -2203891200),
        ("0001-01-01T00:00:00Z", -62135596800),
        ("9999-12-31T23:59:59Z", 253402300799),
        ("2016-12-31T23:59:60Z", 1483228800),
        ("2026-11-27", 1795737600),
        ("1795774502", 1795774502),
        ("1795774502.5", 1795774502.5),
        ("1795774502123", 1795774502.123),
        ("-86400", -86400),
        ("100000000000", 100000000000),
        ("100000000001", 100000000.001),
    ])
    func parses(text: String, seconds: Double) {
        #expect(timestamp(text) == seconds)
    }

    @Test(arguments: [
        "", "yesterday", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-02-29T00:00:00Z",
        "2100-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-27T24:00:00Z",
        "2026-11-27T10:60:00Z", "2026-11-27T10:15:61Z", "2026-11-27T10:15Z", "2026-11-27T10:15:02.Z",
        "2026-11-27T10:15:02+24:00", "2026-11-27T10:15:02+02:60", "2026-11-27T10:15:02+2", "2026-11-27T10:15:02+02:",
        "2026-11-27T10:15:02ZZ", "2026-11-27T10:15:02 Z", "2026-11-27X10:15:02Z", "26-11-27T10:15:02Z",
        "2026-1-27T10:15:02Z", "2026-11-27T10:15:02.123Zjunk", "nan", "inf", "1e999", "12:00",
    ])
    func rejects(text: String) {
        #expect(timestamp(text) == nil)
    }

    /// The whole seconds scaled by the fraction's power of ten lie just below 2^64 in July 2554
    /// (nanoseconds) and in July 7815 (8 digits): adding the fraction to them overflowed, a
    /// crash, instead of taking the exact path.
    @Test(arguments: [
        ("2554-07-21T23:34:33.999999999Z", 18446744074.0),
        ("2554-07-21T23:34:33.709551616Z", 18446744073.709553),
        ("7815-07-17T19:45:37.99999999Z", 184467440738.0),
    ])
    func fractionsScaledToJustBelowTwoToTheSixtyFour(text: String, seconds: Double) {
        #expect(timestamp(text) == seconds)
    }

    @Test func leapYears() {
        #expect(timestamp("2000-02-29T00:00:00Z") == 951782400)
        #expect(timestamp("2024-02-29T00:00:00Z") == 1709164800)
        #expect(Timestamp.daysIn(month: 2, year: 1900) == 28)
        #expect(Timestamp.daysIn(month: 2, year: 2000) == 29)
        #expect(Timestamp.daysIn(month: 2, year: 2023) == 28)
    }

    @Test func daysFromCivilMatchesADayByDayWalk() {
        // Walk day by day from 1600-01-01 (-135140 days, from Python's date.toordinal difference)
        // to 2400-12-31, checking that consecutive dates are one day apart.
        var expected = Timestamp.daysFromCivil(year: 1600, month: 1, day: 1)
        #expect(expected == -135140)
        for year in 1600...2400 {
            for month in 1...12 {
                for day in 1...Timestamp.daysIn(month: month, year: year) {
                    #expect(Timestamp.daysFromCivil(year: year, month: month, day: day) == expected)
                    expected += 1
                }
            }
        }
    }

    @Test func epochNumbersInJSON() {
        #expect(decodeJSON(#"{"score":0.5,"ts":1795774502}"#).record.timestampSeconds == 1795774502)
        #expect(decodeJSON(#"{"score":0.5,"ts":1795774502.25}"#).record.timestampSeconds == 1795774502.25)
        #expect(decodeJSON(#"{"score":0.5,"ts":1795774502123}"#).record.timestampSeconds == 1795774502.123)
        #expect(decodeJSON(#"{"score":0.5,"ts":"1795774502123"}"#).record.timestampSeconds == 1795774502.123)
    }
}
