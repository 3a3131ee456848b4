import Dashboard
import Foundation
import MonitorEngine
import Testing
@testable import modeltop

/// `e` / `E`: the screen on show written as the report writes it, in a new file each time.
struct ScreenExportTests {
    static func snapshot() -> Snapshot {
        var config = MonitorConfig()
        config.referenceRecords = 20
        config.segments = ["country"]
        var state = MonitorState(config: config, reference: nil)
        var decoder = RecordDecoder(format: .jsonl)
        var record = Record()
        for index in 0..<60 {
            let line = #"{"ts":\#(1_800_000_000 + index),"id":"r\#(index)","features":{"amount":\#(index % 9),"country":"\#(index % 2 == 0 ? "BR" : "US")"},"score":0.\#(index % 10)}"#
            _ = decoder.decode(line, into: &record)
            state.ingest(record, arrivalSeconds: 1_800_000_100)
        }
        return state.snapshot(nowSeconds: 1_800_000_100, input: InputTally())
    }

    @Test func eachScreenExportsItsSectionsIntoANewFile() throws {
        let directory = try TemporaryDirectory()
        let now = Date(timeIntervalSince1970: 1_796_743_740)
        let snapshot = Self.snapshot()
        let features = ExportRequest(format: .markdown, screen: .features, segment: nil, snapshot: snapshot)
        let first = try ScreenExport.write(features, directory: directory.url.path, now: now)
        let second = try ScreenExport.write(features, directory: directory.url.path, now: now)
        #expect((first as NSString).lastPathComponent == "modeltop-features-20261208T152900Z.md")
        #expect((second as NSString).lastPathComponent == "modeltop-features-20261208T152900Z-2.md")
        let markdown = try String(contentsOfFile: first, encoding: .utf8)
        #expect(markdown.contains("## Features"))
        #expect(!markdown.contains("## Infrastructure"))

        let segment = SegmentKey(dimension: "country", value: "BR")
        let json = try ScreenExport.write(ExportRequest(format: .json, screen: .overview, segment: segment, snapshot: snapshot),
                                          directory: directory.url.path, now: now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        // The drilled-in segment is the stream the export describes.
        let exported = try #require(object["features"] as? [[String: Any]])
        #expect(exported.first?["records"] as? Int == 30)
        #expect(object["infrastructure"] != nil && object["segments"] == nil)
    }

    @Test func aDirectoryThatCannotBeWrittenIsSaid() throws {
        let request = ExportRequest(format: .markdown, screen: .alerts, segment: nil, snapshot: Self.snapshot())
        #expect(throws: ScreenExport.ExportError.self) {
            _ = try ScreenExport.write(request, directory: "/nonexistent-directory-of-modeltop")
        }
    }
}
