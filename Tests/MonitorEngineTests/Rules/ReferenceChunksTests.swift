import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorRules

struct ReferenceChunksTests {
    /// A reference made of the same 250 rows twice: each half has exactly the whole
    /// reference's distribution, so every chunk's PSI against it is 0.
    static func twinReference(in directory: AlertTestDirectory) throws -> (ReferenceSet, MonitorConfig) {
        var lines = ["x,score"]
        for _ in 0..<2 {
            for row in 0..<250 { lines.append("\(row % 50),0.\(row % 10)") }
        }
        let path = directory.file("reference.csv")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var config = MonitorConfig()
        config.reference = path
        return (try ReferenceSet.load(path: path, config: config), config)
    }

    @Test func chunksOfTheWindowsSizeAreMeasuredAgainstTheWholeReference() throws {
        let directory = try AlertTestDirectory()
        let (reference, config) = try Self.twinReference(in: directory)
        let rules = [SnapshotFixture.rule(.drift, .anyFeature, .above(0.2), adaptive: true),
                     SnapshotFixture.rule(.missing, .anyFeature, .above(0.2), name: "fixed")]
        let chunks = ReferenceChunks.computed(rules: rules, reference: reference, config: config, chunkRecords: 250)
        #expect(chunks.values == [ReferenceChunks.Key(metric: .drift, scope: "feature:x"): [0, 0]])
        #expect(chunks.limit(metric: .drift, scope: "feature:x", direction: .above(0.2)) == 0)
        // 500 rows in chunks of 240: two full chunks, the last 20 rows left out.
        let uneven = ReferenceChunks.computed(rules: rules, reference: reference, config: config, chunkRecords: 240)
        #expect(uneven.values[ReferenceChunks.Key(metric: .drift, scope: "feature:x")]?.count == 2)
    }

    @Test func tooShortAReferenceOrNoAdaptiveRuleGivesNothing() throws {
        let directory = try AlertTestDirectory()
        let (reference, config) = try Self.twinReference(in: directory)
        let adaptive = [SnapshotFixture.rule(.drift, .anyFeature, .above(0.2), adaptive: true)]
        #expect(ReferenceChunks.computed(rules: adaptive, reference: reference, config: config, chunkRecords: 251).values.isEmpty)
        let fixed = [SnapshotFixture.rule(.drift, .anyFeature, .above(0.2))]
        #expect(ReferenceChunks.computed(rules: fixed, reference: reference, config: config, chunkRecords: 250).values.isEmpty)
    }
}
