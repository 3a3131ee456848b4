import Testing
@testable import MonitorEngine
@testable import MonitorReport

@Suite struct ReportNumberTests {
    @Test(arguments: [
        (0.0, 3, "0.000"), (0.0315, 3, "0.032"), (-0.0004, 3, "0.000"), (-1.25, 1, "-1.3"), (12.0, 0, "12"),
        (0.999_95, 3, "1.000"), (123_456.789, 2, "123456.79"), (1e20, 2, "1e+20"), (-3e18, 0, "-3e+18"),
    ])
    func fixed(value: Double, digits: Int, text: String) {
        #expect(ReportNumber.fixed(value, digits: digits) == text)
    }

    @Test(arguments: [
        (Double?.none, "—"), (.nan, "—"), (0.0, "0.000"), (0.951, "0.951"), (1.331, "1.331"), (120.34, "120.3"),
        (12_345.6, "12,346"), (0.0004, "<0.001"),
    ])
    func metric(value: Double?, text: String) {
        #expect(ReportNumber.metric(value) == text)
    }

    @Test func percent() {
        #expect(ReportNumber.percent(0.0432) == "4.3%")
        #expect(ReportNumber.percent(1) == "100.0%")
        #expect(ReportNumber.percent(nil) == "—")
    }
}
