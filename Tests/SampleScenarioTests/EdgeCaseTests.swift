import Foundation
import Testing
@testable import SampleScenario

/// Odd sizes and unwritable places: no crash, no hang, an error that names the path.
struct EdgeCaseTests {
    @Test(arguments: [1, 2, 7, 50])
    func tinyStoriesStillWriteEveryRequest(events: Int) throws {
        let story = GeneratedStory(seed: 3, events: events, referenceRows: 0)
        #expect(story.summary.records == events)
        #expect(story.referenceLines.count == 1)
        let corrupted = Set(story.summary.malformed.map(\.line))
        #expect(corrupted.count == story.timeline.malformedLines.count)
        #expect(story.predictionLines.count == story.summary.predictionLines)
        for (offset, line) in story.predictionLines.enumerated() where !corrupted.contains(offset + 1) {
            #expect(GeneratedStory.object(line) != nil)
        }
    }

    @Test func aDirectoryThatCannotBeCreatedIsAnErrorNamingIt() throws {
        let file = NSTemporaryDirectory() + "modeltop-scenario-file-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let target = file + "/inside"
        let error = try #require(throws: ScenarioWriteError.self) {
            _ = try ScenarioFiles.write(to: target, seed: 1, timeline: .story(events: 10), referenceRows: 10)
        }
        #expect(error.path == target)
        #expect(error.description.hasPrefix(target + ": cannot create the directory"))
    }

    @Test func summaryDescribesEveryEpisodeAndCorruptedLine() {
        let story = GeneratedStory(seed: 7, events: 1_000, referenceRows: 100)
        let text = story.summary.description
        for episode in Episode.allCases {
            #expect(text.contains("  \(episode.rawValue) from "))
        }
        #expect(text.components(separatedBy: "  malformed line ").count - 1 == story.summary.malformed.count)
        #expect(text.hasPrefix("seed 7: 1000 requests, "))
    }
}
