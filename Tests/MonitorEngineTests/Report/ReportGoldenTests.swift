import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorReport

/// The Markdown and text reports of the fixture, compared with files under `Golden/`. Set
/// `MODELTOP_RECORD_GOLDEN=1` to re-record them, then read the diff: it is the report people see.
@Suite struct ReportGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func expectGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["MODELTOP_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            return
        }
        let golden = try String(contentsOf: file, encoding: .utf8)
        if golden != text {
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let want = golden.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
            Issue.record(
                "\(name) differs at line \(first + 1):\n  got:    \(first < got.count ? got[first] : "<end>")\n  golden: \(first < want.count ? want[first] : "<end>")",
                sourceLocation: sourceLocation)
        }
    }

    @Test func markdown() throws {
        try Self.expectGolden(ReportFixture.content(chunks: true).markdown, "report.md")
    }

    @Test func text() throws {
        try Self.expectGolden(ReportFixture.content(chunks: true).text(colour: false), "report.txt")
    }

    @Test func textWithColourOnlyAddsEscapes() throws {
        let content = ReportFixture.content()
        let coloured = content.text(colour: true)
        #expect(coloured.contains("\u{1B}[31;1m✖ drift"))
        let stripped = coloured.replacing(/\x1B\[[0-9;]*m/, with: "")
        #expect(stripped == content.text(colour: false))
        #expect(!content.text(colour: false).contains("\u{1B}"))
    }

    @Test func sectionsLeaveTheOthersOut() throws {
        let markdown = ReportFixture.content(sections: [.features, .alerts]).markdown
        #expect(markdown.contains("## Features"))
        #expect(markdown.contains("## Alerts"))
        for absent in ["## Infrastructure", "## Prediction", "## Performance", "## Segments", "## Input"] {
            #expect(!markdown.contains(absent), "\(absent)")
        }
    }

    @Test func inputAloneIsTheInputSection() throws {
        let content = ReportContent(version: "0.1.0", model: "m", input: ReportFixture.snapshot().input, snapshot: nil, sections: [.input])
        #expect(content.markdown == "# m: modeltop report\n\n" + content.input.markdown)
    }

    @Test func pipesInNamesDoNotBreakTables() {
        var table = ReportTable(headers: ["a"], alignments: [.left])
        table.rows.append([ReportTable.Cell("x|y")])
        #expect(table.markdown == ["| a |", "| --- |", "| x\\|y |"])
        #expect(table.text(colour: false) == ["  a", "  x|y"])
    }
}

/// The Markdown and text reports of a multiclass and a regression log (tasks.md), from the
/// logs `TaskStreamTests` checks against scikit-learn, with the fixtures' directory cut from
/// the paths.
@Suite struct TaskReportGoldenTests {
    static func content(_ task: ModelTask) throws -> ReportContent {
        let outcome = try TaskStreamTests.run(task)
        let chunks = outcome.chunks.enumerated().map { index, chunk in
            ReportChunk(index: index, firstRecord: chunk.firstRecord, records: chunk.records,
                        fromSeconds: chunk.snapshot.window.fromSeconds, toSeconds: chunk.snapshot.window.toSeconds,
                        slice: chunk.snapshot.overall)
        }
        var sections = Set(ReportSection.allCases)
        sections.remove(.input)
        return ReportContent(version: "0.1.0", model: "router", input: InputTally(), snapshot: outcome.snapshot,
                             chunks: chunks, sections: sections)
    }

    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: TaskStreamTests.fixtures.path + "/", with: "")
    }

    @Test(arguments: [ModelTask.multiclass, .regression])
    func markdownAndText(task: ModelTask) throws {
        let content = try Self.content(task)
        try ReportGoldenTests.expectGolden(Self.clean(content.markdown), "report-\(task.rawValue).md")
        try ReportGoldenTests.expectGolden(Self.clean(content.text(colour: false)), "report-\(task.rawValue).txt")
    }
}
