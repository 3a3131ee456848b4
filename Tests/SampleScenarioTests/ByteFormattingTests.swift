import Foundation
import Testing
@testable import SampleScenario

struct ByteFormattingTests {
    private func text(_ build: (inout [UInt8]) -> Void) -> String {
        var bytes: [UInt8] = []
        build(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (532.1, 2, "532.10"), (0.01234, 4, "0.0123"), (0.00005, 4, "0.0001"), (0.99995, 4, "1.0000"),
        (12.35, 1, "12.4"), (0, 2, "0.00"), (-3.25, 1, "-3.3"), (-0.001, 2, "0.00"), (7, 0, "7"),
        (1_234_567.891, 2, "1234567.89"),
    ] as [(Double, Int, String)])
    func fixedDecimals(value: Double, decimals: Int, expected: String) {
        #expect(text { $0.append(fixed: value, decimals: decimals) } == expected)
    }

    @Test(arguments: [(0, 1, "0"), (7, 3, "007"), (1_234_567, 7, "1234567"), (12_345_678, 7, "12345678")] as [(UInt64, Int, String)])
    func paddedDecimals(value: UInt64, digits: Int, expected: String) {
        #expect(text { $0.append(decimal: value, minimumDigits: digits) } == expected)
    }

    @Test func negativeAndExtremeIntegers() {
        #expect(text { $0.append(decimal: -42) } == "-42")
        #expect(text { $0.append(decimal: Int.min) } == "-9223372036854775808")
        #expect(text { $0.append(decimal: UInt64.max, minimumDigits: 1) } == "18446744073709551615")
    }

    /// Every 37 hours and a few milliseconds from 1969 to 2101, against Foundation's ISO 8601
    /// formatter.
    @Test func timestampsMatchFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var milliseconds: Int64 = -86_400_000 * 400
        while milliseconds < 4_133_980_800_000 {
            let ours = text { $0.append(timestampMilliseconds: milliseconds) }
            let theirs = formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            #expect(ours == theirs)
            if ours != theirs { break }
            milliseconds += 37 * 3_600_000 + 123
        }
    }

    @Test func storyStartFormats() {
        #expect(ScenarioSummary.timestamp(ScenarioTimeline.storyStartSeconds) == "2026-11-02T08:00:00.000Z")
    }
}
