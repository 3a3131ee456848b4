import Testing
@testable import MonitorEngine

/// Durations (`15m`, `1h30m`, `all`) and sizes (`1MiB`) as the configuration writes them.
struct DurationAndSizeTests {
    @Test(arguments: [
        ("0", 0), ("0s", 0), ("30s", 30), ("15m", 900), ("1h", 3_600), ("7d", 604_800), ("2w", 1_209_600),
        ("1h30m", 5_400), ("1d12h", 129_600), ("1w2d3h4m5s", 788_645), (" 90s ", 90), ("120m", 7_200),
    ])
    func durationsParse(text: String, seconds: Int) throws {
        let span = try #require(TimeSpan(parsing: text))
        #expect(span.seconds == seconds)
    }

    @Test(arguments: [
        "", "15", "-5m", "1.5h", "15M", "1H", "m", "15 m", "1m1h", "1h1h", "30sec", "1h 30m", "7days",
        "99999999999999999999w", "1 5m", "0x10s",
    ])
    func durationsRefuse(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test(arguments: [
        (0, "0s"), (45, "45s"), (60, "1m"), (5_400, "1h30m"), (86_400, "1d"), (604_800, "1w"), (788_645, "1w2d3h4m5s"),
    ])
    func durationsPrintInTheirOwnSyntax(seconds: Int, text: String) {
        let span = TimeSpan(seconds: seconds)
        #expect(span.description == text)
        #expect(TimeSpan(parsing: text) == span)
    }

    @Test func windowsAreASpanOrAll() {
        #expect(WindowLength(parsing: "all") == .all)
        #expect(WindowLength(parsing: "15m") == .span(.minutes(15)))
        #expect(WindowLength(parsing: "15m")?.span?.seconds == 900)
        #expect(WindowLength(parsing: "0s") == nil)
        #expect(WindowLength(parsing: "All") == nil)
        #expect(WindowLength.all.description == "all")
    }

    @Test(arguments: [
        ("4096", 4_096), ("0", 0), ("1B", 1), ("512KiB", 524_288), ("1MiB", 1_048_576), ("1mib", 1_048_576),
        ("2GiB", 2_147_483_648), ("1KB", 1_000), ("1MB", 1_000_000), ("1GB", 1_000_000_000), ("1TB", 1_000_000_000_000),
        ("1.5MiB", 1_572_864), ("1 MiB", 1_048_576), ("0.5KiB", 512), ("1.0001KB", 1_000),
    ])
    func sizesParse(text: String, bytes: Int) throws {
        let size = try #require(ByteSize(parsing: text))
        #expect(size.bytes == bytes)
    }

    @Test(arguments: ["", "MiB", "-1MiB", "1 megabyte", "1MiBs", "1e6", ".5MiB", "1.MiB", "1..5KB", "1K", "99999999TiB"])
    func sizesRefuse(text: String) {
        #expect(ByteSize(parsing: text) == nil)
    }

    @Test(arguments: [(1_048_576, "1MiB"), (524_288, "512KiB"), (1_000_000_000, "1GB"), (1_000, "1KB"), (1_001, "1001B"), (0, "0B")])
    func sizesPrintInTheLargestExactUnit(bytes: Int, text: String) {
        let size = ByteSize(bytes: bytes)
        #expect(size.description == text)
        #expect(ByteSize(parsing: text) == size)
    }
}
