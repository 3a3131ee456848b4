import Foundation
import Testing
@testable import SampleScenario

/// The committed `sample-data/` folder is what `modeltop generate --out sample-data --seed 7`
/// writes, and its README points at the right lines.
struct SampleDataTests {
    private static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data").path

    private let regenerated = GeneratedStory(seed: 7, events: ScenarioTimeline.defaultEvents, referenceRows: ScenarioFiles.defaultReferenceRows)

    private var readme: [String] {
        let text = String(decoding: GeneratedStory.bytes(ofFile: Self.folder + "/README.md"), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func committedFilesAreTheDefaultGeneration() {
        for name in GeneratedStory.fileNames {
            let committed = GeneratedStory.bytes(ofFile: Self.folder + "/" + name)
            #expect(!committed.isEmpty, "sample-data/\(name) is missing")
            #expect(committed == regenerated.file(name),
                    "sample-data/\(name) differs from a fresh generation with seed 7")
        }
    }

    /// The README's table of corrupted lines: `| line | \`id\` | kind: ... | \`reason\` |`.
    @Test func corruptedLinesAreWhereTheReadmeSays() throws {
        var listed: [ScenarioSummary.MalformedLocation] = []
        for row in readme where row.hasPrefix("| ") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, let line = Int(cells[0]),
                  let kind = MalformedLine.Kind(rawValue: String(cells[2].prefix { $0 != ":" }))
            else { continue }
            listed.append(.init(line: line, kind: kind, id: cells[1].trimmingCharacters(in: CharacterSet(charactersIn: "`"))))
            #expect(cells[3] == "`\(kind.expectedReason)`")
        }
        #expect(listed == regenerated.summary.malformed)
        let lines = GeneratedStory.lines(ofFile: Self.folder + "/predictions.jsonl")
        for location in listed {
            let line = lines[location.line - 1]
            #expect(String(decoding: line, as: UTF8.self).contains("\"id\":\"\(location.id)\"") || location.kind == .truncatedJSON)
            switch location.kind {
            case .truncatedJSON: #expect(GeneratedStory.object(line) == nil)
            case .invalidUTF8: #expect(String(validating: line, as: UTF8.self) == nil)
            case .scoreAsString: #expect(try #require(GeneratedStory.object(line))["score"] is String)
            }
        }
        // Every other line is a JSON object.
        let corrupted = Set(listed.map(\.line))
        let unreadable = lines.indices.filter { !corrupted.contains($0 + 1) && GeneratedStory.object(lines[$0]) == nil }
        #expect(unreadable.isEmpty)
    }

    /// The README's table of episodes: `| \`name\` | from | segment | ... | line (\`id\`) | ... |`.
    @Test func episodeStartsAreWhereTheReadmeSays() {
        var listed: [Episode: (String, Int, String)] = [:]
        for row in readme where row.hasPrefix("| `") {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 6, let episode = Episode(rawValue: cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))) else { continue }
            let firstLine = cells[4].split(separator: " ")
            guard firstLine.count == 2, let line = Int(firstLine[0]) else { continue }
            listed[episode] = (cells[1], line, firstLine[1].trimmingCharacters(in: CharacterSet(charactersIn: "(`)")))
        }
        #expect(listed.count == Episode.allCases.count)
        for start in regenerated.summary.episodes {
            let row = listed[start.episode]
            let stamp = ScenarioSummary.timestamp(start.startSeconds).replacingOccurrences(of: ".000Z", with: "Z")
            #expect(row?.0.hasPrefix(stamp) == true, "\(start.episode) should start at \(stamp)")
            #expect(row?.1 == start.firstLine, "\(start.episode) first line")
            #expect(row?.2 == start.firstId, "\(start.episode) first id")
        }
    }

    @Test func folderStaysAFewMegabytes() {
        let total = ["predictions.jsonl", "labels.jsonl", "reference.csv", "modeltop.yaml", "README.md"]
            .map { GeneratedStory.bytes(ofFile: Self.folder + "/" + $0).count }.reduce(0, +)
        #expect(total > 3_000_000 && total < 5_300_000)
    }
}
