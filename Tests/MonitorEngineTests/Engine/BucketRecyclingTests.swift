import DriftStats
import Foundation
import Testing
@testable import MonitorEngine
import SampleScenario

/// A closed bucket is emptied in the arrays it already has (`Mergeable.reset(to:)`,
/// `Recyclable.clear()`) instead of being replaced by a copy of the template: the emptied counts
/// must be the template, every stored property of every slice (whatever `isClear` says), and
/// whatever shared the bucket's arrays must keep its counts.
struct BucketRecyclingTests {
    /// The engine after a generated story of `task` (predictions, then labels), keeping
    /// `historyBuckets` buckets beyond the window (1 with a window of all: the ring of one bucket
    /// a report keeps, emptied in place at every bucket's end).
    static func state(_ task: ScenarioTask, window: WindowLength, historyBuckets: Int = MonitorState.historyBuckets) throws -> MonitorState {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("modeltop-recycling-\(task.rawValue)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        switch task {
        case .binary:
            _ = try ScenarioFiles.write(to: directory, seed: 5, timeline: .story(events: 3000), referenceRows: 2000)
        case .multiclass, .regression:
            _ = try TaskScenarioFiles.write(task: task, to: directory, seed: 5, timeline: .story(events: 3000), referenceRows: 2000)
        }
        var config = try MonitorConfig.load(path: directory + "/" + ScenarioFiles.configFile)
        config.window = window
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var state = MonitorState(config: config, reference: reference, historyBuckets: historyBuckets)
        var decoder = RecordDecoder(format: .jsonl, mapping: config.fields)
        var record = Record()
        for file in [ScenarioFiles.predictionsFile, ScenarioFiles.labelsFile] {
            // As bytes: the binary story holds lines that are not UTF-8, on purpose.
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: directory + "/" + file)))
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                let outcome = Array(line).withUnsafeBytes { decoder.decode($0, into: &record) }
                if outcome == .record { state.ingest(record, arrivalSeconds: 0) }
            }
        }
        return state
    }

    /// Every stored property, recursively (`dump`'s, with a dictionary's entries sorted: two
    /// equal dictionaries may list them in different orders).
    static func dumped(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.children.isEmpty { return String(describing: value) }
        let children = mirror.children.map { ($0.label ?? "") + ":" + dumped($0.value) }
        switch mirror.displayStyle {
        case .dictionary, .set: return "{" + children.sorted().joined(separator: ",") + "}"
        default: return "\(mirror.subjectType)(" + children.joined(separator: ",") + ")"
        }
    }

    @Test(arguments: ScenarioTask.allCases)
    func resetCountsAreTheTemplateAndWhatSharedThemKeepsItsCounts(task: ScenarioTask) throws {
        let state = try Self.state(task, window: .span(.hours(1)))
        let empty = state.buckets.empty
        // The window sums the held buckets starting from the first one's arrays: it shares them.
        var counts = state.buckets.window
        let window = Self.dumped(counts)
        let used = counts.slices.filter(\.isUsed)
        #expect(used.count > 5, "the story counts in the whole stream and its segments")
        #expect(used.contains { $0.labelled > 0 && !$0.versions.isEmpty })
        if task != .binary { #expect(used.contains { $0.task != nil }) }

        counts.reset(to: empty)

        #expect(Self.dumped(counts) == Self.dumped(empty))
        #expect(Self.dumped(state.buckets.window) == window, "a reset wrote into arrays it shared")
        // Reset again (every array now its own) and counted again: the same counts.
        counts.reset(to: empty)
        #expect(Self.dumped(counts) == Self.dumped(empty))
        counts.merge(state.buckets.window)
        #expect(Self.dumped(counts) == window)
    }

    @Test(arguments: ScenarioTask.allCases)
    func aRunKeepingOneBucketCountsAsOneMadeOfFreshCopies(task: ScenarioTask) throws {
        // A ring of one bucket (a window of all, as a report keeps it) is emptied in place at
        // every bucket's end: its running total must count what the buckets of a window of 24
        // hours (held, never emptied) count. (Their float sums are added in another order.)
        let all = try Self.state(task, window: .all, historyBuckets: 1)
        #expect(all.buckets.capacity == 1)
        let held = try Self.state(task, window: .span(.hours(24)))
        let total = all.buckets.window
        let summed = held.buckets.window
        #expect(total.slices.count == summed.slices.count)
        for index in total.slices.indices {
            let a = total.slices[index], b = summed.slices[index]
            #expect(a.requests == b.requests && a.labelled == b.labelled && a.records == b.records)
            #expect(a.errors == b.errors && a.positives == b.positives && a.decided == b.decided)
            #expect(a.reconstructionErrors == b.reconstructionErrors && a.recordsWithNewFeatures == b.recordsWithNewFeatures)
            #expect(a.latency.count == b.latency.count && a.latency.zeroCount == b.latency.zeroCount)
            for feature in a.features.indices {
                let x = a.features[feature], y = b.features[feature]
                #expect(x.numeric?.fineCounts == y.numeric?.fineCounts)
                #expect(x.numeric?.coarseCounts == y.numeric?.coarseCounts)
                #expect(x.numeric?.fineUpperEdgeCounts == y.numeric?.fineUpperEdgeCounts)
                #expect(x.numeric?.count == y.numeric?.count)
                #expect(x.numeric?.minimum == y.numeric?.minimum && x.numeric?.maximum == y.numeric?.maximum)
                #expect(x.categorical == y.categorical)
                #expect(x.missing == y.missing && x.outOfRange == y.outOfRange)
                #expect(x.invalid == y.invalid && x.typeViolations == y.typeViolations)
            }
            #expect(a.score.fineCounts == b.score.fineCounts)
            #expect(a.scoreDisplay == b.scoreDisplay)
            #expect(a.confusion == b.confusion)
            #expect(a.classScores == b.classScores)
            #expect(a.expected.count == b.expected.count)
            #expect(a.versions.map(\.records) == b.versions.map(\.records))
            #expect(a.versions.map(\.confusion) == b.versions.map(\.confusion))
            #expect(a.task?.confusion == b.task?.confusion)
            #expect(a.task?.rocHistograms == b.task?.rocHistograms)
            #expect(a.task?.outputs.map(\.numeric?.fineCounts) == b.task?.outputs.map(\.numeric?.fineCounts))
            #expect(a.task?.outputs.map(\.categorical) == b.task?.outputs.map(\.categorical))
            #expect(a.task?.labels?.categorical == b.task?.labels?.categorical)
            #expect(a.task?.labels?.numeric?.fineCounts == b.task?.labels?.numeric?.fineCounts)
            #expect(a.task?.residuals?.numeric?.fineCounts == b.task?.residuals?.numeric?.fineCounts)
            #expect(a.task?.estimate?.count == b.task?.estimate?.count)
            #expect(a.task?.lossEstimate?.count == b.task?.lossEstimate?.count)
            #expect(a.task?.regression.count == b.task?.regression.count)
        }
    }

    /// The counts a story never makes (invalid values, wrong types, unseen categories, zero
    /// latencies, new features) emptied too.
    @Test func aSliceEmptiedIsTheTemplateWhateverItCounted() {
        typealias Fixture = MonitorStateTests
        let config = Fixture.config()
        let reference = Fixture.reference(config: config)
        let template = SliceCounts(reference: reference, scoreBins: 20, keepsVersionScores: true)
        var slice = template
        let records: [[FeatureObservation]] = [
            [.invalid, .category(nil)], [.typeViolation, .missing], [.number(5, outOfRange: true), .category(0)],
        ]
        for (index, observations) in records.enumerated() {
            var facts = PredictionFacts(
                score: 0.3, decision: false, estimatedPositive: false, latency: 0, isSuccess: index != 1, takesPart: true,
                version: 0, newFeatures: 1)
            facts.place(onScoreGrid: reference.scoreGrid, calibration: reference.calibration)
            facts.count(into: &slice, observations: observations, placements: [])
        }
        #expect(slice.features[0].invalid == 1 && slice.features[0].typeViolations == 1)
        #expect(slice.features[1].categorical?.unseen == 1 && slice.recordsWithNewFeatures == 3)
        #expect(slice.latency.zeroCount == 3)
        #expect(Self.dumped(slice) != Self.dumped(template))
        slice.clear()
        #expect(Self.dumped(slice) == Self.dumped(template))
    }
}
