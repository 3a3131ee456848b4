import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorReport

/// A log writer choosing how many feature names a record carries must not choose how much
/// memory and time modeltop spends (docs/security.md "Bounded work per record").
struct BoundedWorkTests {
    /// A prediction with the usual two features plus `extra` names.
    static func record(ts: Double, names extra: some Sequence<String>) -> Record {
        var record = MonitorStateTests.prediction(ts: ts, amount: 5)
        for name in extra { record.features.append(Feature(name: name, value: .number(1))) }
        return record
    }

    @Test func aReferenceHoldsAtMostItsMaximumOfFeatures() {
        // One line of 60,000 keys inside the reference used to make 60,000 monitored features.
        var sample = ReferenceSample()
        for index in 0..<50 { sample.add(MonitorStateTests.prediction(ts: 0, amount: Double(index))) }
        sample.add(Self.record(ts: 0, names: (0..<60_000).lazy.map { "k\($0)" }))
        for index in 0..<50 { sample.add(MonitorStateTests.prediction(ts: 0, amount: Double(index))) }
        #expect(sample.names.count == ReferenceSample.maximumFeatures)
        #expect(sample.leftOutFeatures)
        let reference = ReferenceSet(sample: sample, config: MonitorConfig(), path: nil)
        #expect(reference.features.count == ReferenceSample.maximumFeatures)
        #expect(reference.features.prefix(2).map(\.name) == ["amount", "country"])
        var state = MonitorState(config: MonitorConfig(), reference: reference)
        state.ingest(Self.record(ts: 60, names: ["k5", "k60000"]), arrivalSeconds: 0)
        let snapshot = state.snapshot(nowSeconds: 60)
        #expect(snapshot.notices.contains { $0.hasPrefix("the reference names more than 1,000 features") })
        #expect(snapshot.counters.newFeatures == ["k60000"])
    }

    @Test func newFeatureNamesAreListedUpToTheirMaximumAndTheRestCounted() {
        let config = MonitorStateTests.config()
        var state = MonitorState(config: config, reference: MonitorStateTests.reference(config: config))
        for index in 0..<1_000 {
            state.ingest(Self.record(ts: 60 + Double(index) / 100, names: (0..<10).map { "x\((index * 10 + $0) % 5_000)" }),
                         arrivalSeconds: 0)
        }
        let counters = state.snapshot(nowSeconds: 100).counters
        #expect(counters.recordsWithNewFeatures == 1_000)
        #expect(counters.newFeatures.count == MonitorState.maximumNewFeatureNames)
        #expect(counters.newFeatures.first == "x0")
        #expect(counters.unlistedNewFeatures == 5_000 - MonitorState.maximumNewFeatureNames)
        #expect(ReportContent.engineLine(counters).plain.contains("x98, x99 and 4,900 more)"))
    }

    @Test func findingsAreLinearInFeatures() {
        // 30,000 features in the whole stream and in two segments: looking each one up by a
        // search through the slice took minutes.
        var snapshot = ReportFixture.snapshot()
        let features = (0..<30_000).map { index in
            FeatureSnapshot(name: "f\(index)", kind: .numeric, psi: 0.5, method: "psi", value: 0.5, band: .drift,
                            missingRate: 0.1)
        }
        snapshot.overall.features = features
        for index in snapshot.segments.indices.prefix(2) { snapshot.segments[index].features = features }
        let clock = ContinuousClock()
        var findings: [ReportFinding] = []
        let elapsed = clock.measure { findings = snapshot.findings() }
        #expect(findings.filter { $0.layer == .features }.count == 30_000)
        #expect(elapsed < .seconds(10), "\(elapsed)")
    }
}
