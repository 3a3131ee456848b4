import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// Reference files read through the decoder: kinds inferred or forced, grids equal to
/// DriftStats' on the same values, ranges, malformed lines, rows of features only.
struct ReferenceSetTests {
    static func write(_ text: String, name: String) throws -> (path: String, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (path, directory)
    }

    @Test func kindsAreInferredFromDistinctNumbersAndForcedByConfig() throws {
        var csv = "amount,code,tier,flag,score\n"
        for index in 0..<60 { csv += "\(Double(index) * 1.5),\(index % 4),\(index % 12),\(index % 2 == 0),0.\(index % 10)\n" }
        csv += "oops,\"unclosed\n"
        let (path, directory) = try Self.write(csv, name: "reference.csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = MonitorConfig()
        config.featureKinds = ["tier": .categorical]
        config.ranges = ["amount": ValueRange(lower: 0, upper: 50)]
        let reference = try ReferenceSet.load(path: path, config: config)
        #expect(reference.rowCount == 60)
        #expect(reference.malformedLines == 1)
        #expect(reference.features.map(\.name) == ["amount", "code", "tier", "flag"])
        #expect(reference.features.map(\.kind) == [.numeric, .categorical, .categorical, .categorical])
        #expect(reference.features[1].categorical?.categories == ["0", "1", "2", "3"])
        #expect(reference.features[3].categorical?.categories == ["false", "true"])
        #expect(reference.features[0].expectedRange == ValueRange(lower: 0, upper: 50))
        let direct = NumericReference(values: (0..<60).map { Double($0) * 1.5 })
        #expect(reference.features[0].numeric?.grid == direct.grid)
        #expect(reference.global.numeric[0] == direct.counts)
        let scores = NumericReference(values: (0..<60).map { Double($0 % 10) / 10 })
        #expect(reference.score?.grid == scores.grid)
        #expect(reference.calibration == nil)
    }

    @Test func jsonRowsOfFeaturesOnlyAreRows() throws {
        var jsonl = ""
        for index in 0..<30 { jsonl += "{\"features\":{\"x\":\(index),\"c\":\"k\(index % 3)\"}}\n" }
        let (path, directory) = try Self.write(jsonl, name: "reference.jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        let reference = try ReferenceSet.load(path: path, config: MonitorConfig())
        #expect(reference.rowCount == 30)
        #expect(reference.features.map(\.kind) == [.numeric, .categorical])
        #expect(reference.score == nil)
        #expect(reference.global.positiveRate == nil)
        // Without reference scores, stream scores are counted on deciles over [0, 1].
        #expect(reference.scoreGrid.coarseEdges.count == 9)
        // [0, 29] widened by 10% of the range on each side, as 0 - 2.9 computes it.
        #expect(reference.features[0].expectedRange == ValueRange(lower: 0 - 29 * 0.1, upper: 29 + 29 * 0.1))
    }

    @Test func aFileWithoutRowsIsAnError() throws {
        let (path, directory) = try Self.write("{not json}\n", name: "reference.jsonl")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ReferenceError(path: path, problem: "no rows (1 malformed lines)")) {
            _ = try ReferenceSet.load(path: path, config: MonitorConfig())
        }
    }
}
