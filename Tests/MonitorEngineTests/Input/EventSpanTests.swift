import Foundation
import Testing
@testable import MonitorEngine

@Suite struct EventSpanTests {
    static func line(_ seconds: Int) -> String {
        #"{"ts":\#(seconds),"id":"r\#(seconds)","score":0.5,"features":{"x":1}}"#
    }

    @Test func theEndsOfALongFileGiveTheSpan() throws {
        let directory = try TemporaryDirectory()
        // About 300 KiB: the middle is never read, and the tail read starts inside a line.
        var text = "not json\n"
        for second in stride(from: 1_000, through: 6_000, by: 1) { text += Self.line(second) + "\n" }
        text += #"{"ts":9999999,"id":"cut"#
        let path = directory.file("predictions.jsonl")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let span = try #require(EventSpan.of([path], format: nil, mapping: FieldMapping()))
        #expect(span == EventSpan(first: 1_000, last: 6_000))
    }

    @Test func csvTailLinesAreReadWithTheHeader() throws {
        let directory = try TemporaryDirectory()
        var text = "ts,id,score,x\n"
        for second in 0..<20_000 { text += "\(100 + second),r\(second),0.5,1\n" }
        let path = directory.file("predictions.csv")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(EventSpan.of([path], format: nil, mapping: FieldMapping()) == EventSpan(first: 100, last: 20_099))
    }

    @Test func globsAreExpandedAndTheSpanCoversEveryFile() throws {
        let directory = try TemporaryDirectory()
        try (Self.line(50) + "\n" + Self.line(60) + "\n").write(toFile: directory.file("a.jsonl"), atomically: true, encoding: .utf8)
        try (Self.line(10) + "\n" + Self.line(20) + "\n").write(toFile: directory.file("b.jsonl"), atomically: true, encoding: .utf8)
        let span = EventSpan.of([directory.file("*.jsonl"), "-", directory.file("missing.jsonl")], format: nil, mapping: FieldMapping())
        #expect(span == EventSpan(first: 10, last: 60))
    }

    /// A FIFO among the inputs is passed over, not opened: opening it would wait for a writer.
    @Test func aFIFOIsNotWaitedFor() throws {
        let directory = try TemporaryDirectory()
        #expect(mkfifo(directory.file("pipe.jsonl"), 0o600) == 0)
        try (Self.line(10) + "\n").write(toFile: directory.file("a.jsonl"), atomically: true, encoding: .utf8)
        let span = EventSpan.of([directory.file("pipe.jsonl"), directory.file("a.jsonl")], format: nil, mapping: FieldMapping())
        #expect(span == EventSpan(first: 10, last: 10))
    }

    @Test func noTimestampAnywhereIsNoSpan() throws {
        let directory = try TemporaryDirectory()
        try #"{"id":"a","score":0.5}"#.appending("\n").write(toFile: directory.file("p.jsonl"), atomically: true, encoding: .utf8)
        #expect(EventSpan.of([directory.file("p.jsonl")], format: nil, mapping: FieldMapping()) == nil)
    }

    @Test(arguments: [
        (hours: 4.0, bucket: 60, expected: 300),        // 4 h in 60 buckets: 4 min, the next step 5 min
        (hours: 1.0, bucket: 60, expected: 60),
        (hours: 24.0 * 365, bucket: 60, expected: 604_800),
        (hours: 0.5, bucket: 300, expected: 300),       // never shorter than the configured bucket
        (hours: 10.0, bucket: 60, expected: 600),       // exactly 10 min
    ])
    func theReplayBucketFitsTheSpanIntoTheSparklines(hours: Double, bucket: Int, expected: Int) {
        let span = EventSpan(first: 1_000, last: 1_000 + hours * 3600)
        #expect(span.replayBucket(atLeast: .seconds(bucket)).seconds == expected)
    }

    @Test func aReplayIsAtLeastFourWindowsBehindTheClock() {
        let span = EventSpan(first: 0, last: 10_000)
        #expect(!span.isReplay(windowSeconds: 900, now: 10_000 + 3_599))
        #expect(span.isReplay(windowSeconds: 900, now: 10_000 + 3_600))
    }
}
