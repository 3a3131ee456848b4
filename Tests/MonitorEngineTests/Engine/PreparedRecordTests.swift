import Foundation
import Testing
@testable import MonitorEngine
import MonitorReport

/// A record prepared against the reference (`RecordPreparer`, the reading thread's work) counts
/// exactly as one the engine works out itself: two states fed the same records, one of them
/// every prediction prepared, report the same JSON to the last digit.
@Suite struct PreparedRecordTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    /// Feeds `config`'s logs to both states and compares their reports; returns how many
    /// records were prepared.
    @discardableResult
    static func expectSameCounts(_ config: MonitorConfig, historyBuckets: Int = 1) throws -> Int {
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var plain = MonitorState(config: config, reference: reference, historyBuckets: historyBuckets)
        var fed = MonitorState(config: config, reference: reference, historyBuckets: historyBuckets)
        var preparer = RecordPreparer(reference: reference, config: config)
        var prepared = PreparedRecord()
        var ready = 0
        var clock = 1_000.0
        try LiveEngineTests.reader(config, follow: false).readToEnd { record in
            clock += 0.001
            plain.ingest(record, arrivalSeconds: clock)
            preparer.prepare(record, into: &prepared)
            if prepared.isReady { ready += 1 }
            fed.ingest(record, prepared: &prepared, arrivalSeconds: clock)
        }
        #expect(plain.predictionsJoined == fed.predictionsJoined)
        let sections = Set(ReportSection.allCases).subtracting([.input])
        func report(_ state: MonitorState) -> String {
            var state = state
            state.settleHeldRecord()
            return ReportContent(version: "0", model: nil, input: InputTally(), snapshot: state.snapshot(nowSeconds: clock),
                                 sections: sections).jsonValue.serialized()
        }
        let plainReport = report(plain)
        #expect(plainReport.count > 2_000)
        #expect(report(fed) == plainReport)
        return ready
    }

    @Test func theSampleDataCountsTheSamePrepared() throws {
        // Two versions (a shadow challenger), segments, a PCA, a calibration, labels.
        var config = try MonitorConfig.load(path: Self.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        #expect(try Self.expectSameCounts(config) > 10_000)
        // Over a span window too: the ring of an hour and the running total behind it.
        config.window = .span(.seconds(3600))
        try Self.expectSameCounts(config, historyBuckets: MonitorState.historyBuckets)
        // Records of another model are skipped by both: nothing is prepared for them.
        config.onlyModel = "another-model"
        #expect(try Self.expectSameCounts(config) == 0)
    }

    @Test(arguments: [ModelTask.multiclass, .regression])
    func aTaskCountsTheSamePrepared(task: ModelTask) throws {
        #expect(try Self.expectSameCounts(TaskStreamTests.config(task)) > 100)
    }

    @Test func aRecordPreparedOnAnotherReferenceIsWorkedOutAgain() throws {
        let config = try MonitorConfig.load(path: Self.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        let path = try #require(config.reference)
        let one = try ReferenceSet.load(path: path, config: config)
        let other = try ReferenceSet.load(path: path, config: config)
        var preparer = RecordPreparer(reference: other, config: config)
        var state = MonitorState(config: config, reference: one, historyBuckets: 1)
        var plain = state
        var prepared = PreparedRecord()
        var record = Record()
        record.timestampSeconds = 1_800_000_000
        record.features = [Feature(name: "amount", value: .number(12.5)), Feature(name: "country", value: .string("BR"))]
        record.score = 0.3
        preparer.prepare(record, into: &prepared)
        #expect(prepared.isReady)
        // Tampered: on the reference it was prepared on it would count a missing amount.
        prepared.observations = prepared.observations.map { _ in .missing }
        state.ingest(record, prepared: &prepared, arrivalSeconds: 0)
        plain.ingest(record, arrivalSeconds: 0)
        #expect(!prepared.isReady)
        let amount = try #require(state.snapshot(nowSeconds: 0).overall.features.first { $0.name == "amount" })
        #expect(amount.missingRate == 0)
        #expect(amount.missingRate == plain.snapshot(nowSeconds: 0).overall.features.first { $0.name == "amount" }?.missingRate)
    }
}
