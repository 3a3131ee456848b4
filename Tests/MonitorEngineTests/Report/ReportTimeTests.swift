import Testing
@testable import MonitorEngine

/// RFC 3339 times against Python's `datetime.fromtimestamp(s, timezone.utc).isoformat()`.
@Suite struct ReportTimeTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_793_606_400, "2026-11-02T08:00:00Z"),
        (1_793_620_799.5, "2026-11-02T11:59:59.500Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (4_107_542_399.999, "2100-02-28T23:59:59.999Z"),
        (-62_135_596_800, "0001-01-01T00:00:00Z"),
        (253_402_300_799, "9999-12-31T23:59:59Z"),
        (1_000_000_000.0004, "2001-09-09T01:46:40Z"),       // rounds to whole milliseconds
        (1_000_000_000.9996, "2001-09-09T01:46:41Z"),       // ... carrying into the next second
    ])
    func formats(seconds: Double, text: String) {
        #expect(UTCTime.rfc3339(seconds) == text)
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300, 253_402_300_800, -62_167_219_201])
    func outOfRangeIsNil(seconds: Double) {
        #expect(UTCTime.rfc3339(seconds) == nil)
    }
}
