import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// Misuse said plainly: the notices a snapshot carries, the band that data quality raises,
/// `--model` keeping one model's records, and a segment dimension missing from `features:`.
struct SetupNoticeTests {
    typealias S = MonitorStateTests

    static func tally(predictions: Int, labels: Int) -> InputTally {
        var tally = InputTally()
        let source = tally.sourceIndex(path: "log.jsonl", id: 0)
        for _ in 0..<predictions { tally.countRecord(.prediction, source: source) }
        for _ in 0..<labels { tally.countRecord(.label, source: source) }
        return tally
    }

    @Test func aCalmStreamHasNoNotice() {
        var state = MonitorState(config: S.config(), reference: S.reference(config: S.config()))
        for index in 0..<300 {
            state.ingest(S.prediction(ts: 60 + Double(index) / 10, id: "p\(index)", amount: Double(index)), arrivalSeconds: 0)
        }
        #expect(state.snapshot(nowSeconds: 100, input: Self.tally(predictions: 300, labels: 0)).notices.isEmpty)
    }

    @Test func aReferenceTooSmallJudgesNoDrift() {
        let config = S.config()
        var sample = ReferenceSample()
        sample.add(S.prediction(ts: 0, amount: 5))
        var state = MonitorState(config: config, reference: ReferenceSet(sample: sample, config: config, path: nil))
        for index in 0..<300 { state.ingest(S.prediction(ts: 60 + Double(index) / 10, amount: Double(index)), arrivalSeconds: 0) }
        let snapshot = state.snapshot(nowSeconds: 100)
        #expect(snapshot.notices == ["the reference has 1 record, fewer than drift.min_records (200): drift is not judged"])
        let amount = snapshot.overall.feature(named: "amount")
        #expect(amount?.driftBand == .notEnoughData)
    }

    @Test func labelsWithoutPredictionsOrMatchesAreNamed() {
        let config = S.config()
        var state = MonitorState(config: config, reference: S.reference(config: config))
        for index in 0..<150 { state.ingest(S.label(ts: 60, id: "l\(index)", positive: false), arrivalSeconds: 0) }
        #expect(state.snapshot(nowSeconds: 100, input: Self.tally(predictions: 0, labels: 150)).notices
            == ["150 labels read but no prediction record: are the prediction files the right ones?"])
        for index in 0..<150 { state.ingest(S.prediction(ts: 61, id: "p\(index)", amount: 1), arrivalSeconds: 0) }
        #expect(state.snapshot(nowSeconds: 100, input: Self.tally(predictions: 150, labels: 150)).notices
            == ["150 labels read, none matched a prediction's id: are the ids in the same field?"])
    }

    @Test func mixedModelsAreNamedAndOneCanBeKept() {
        func run(only: String?) -> Snapshot {
            var config = S.config()
            config.onlyModel = only
            var state = MonitorState(config: config, reference: S.reference(config: config))
            for index in 0..<30 {
                var record = S.prediction(ts: 60 + Double(index), id: "p\(index)", amount: 1)
                record.model = index % 3 == 0 ? "c1" : "fraud-detector"
                state.ingest(record, arrivalSeconds: 0)
            }
            return state.snapshot(nowSeconds: 100)
        }
        let mixed = run(only: nil)
        #expect(mixed.notices == ["records of 2 models are mixed (c1, fraud-detector): --model NAME keeps one"])
        #expect(mixed.overall.records == 30)
        let kept = run(only: "fraud-detector")
        #expect(kept.overall.records == 20)
        #expect(kept.notices == ["10 prediction records of other models skipped (c1): --model fraud-detector"])
    }

    @Test func dataQualityRaisesTheBandAndSaysSo() {
        var state = MonitorState(config: S.config(), reference: S.reference(config: S.config()))
        // Amounts drawn like the reference's, but 40% of records carry none.
        for index in 0..<400 {
            state.ingest(S.prediction(ts: 60 + Double(index) / 10, amount: index % 5 < 2 ? nil : Double(index)), arrivalSeconds: 0)
        }
        let amount = state.snapshot(nowSeconds: 100).overall.feature(named: "amount")
        #expect(amount?.missingRate == 0.4)
        #expect(amount?.qualityBand == .drift)
        #expect(amount?.band == .drift)
        #expect(amount?.driftBand != .drift)
        let country = state.snapshot(nowSeconds: 100).overall.feature(named: "country")
        #expect(country?.qualityBand == .ok)
        #expect(country?.band == country?.driftBand)
    }

    @Test(arguments: [
        (0.0, DriftBand.ok), (0.0099, .ok), (0.01, .warning), (0.0499, .warning), (0.05, .drift), (0.4, .drift),
    ])
    func qualityBandLimits(rate: Double, band: DriftBand) {
        #expect(DataQuality.band(rates: [nil, rate], records: 200, minimumRecords: 200) == band)
        #expect(DataQuality.band(rates: [rate], records: 199, minimumRecords: 200) == .notEnoughData)
    }

    @Test func theWorseBandShows() {
        #expect(DataQuality.combined(drift: .ok, quality: .warning) == .warning)
        #expect(DataQuality.combined(drift: .drift, quality: .warning) == .drift)
        #expect(DataQuality.combined(drift: .notEnoughData, quality: .ok) == .notEnoughData)
        #expect(DataQuality.combined(drift: .notEnoughData, quality: .drift) == .drift)
    }

    @Test func aSegmentDimensionLeftOutOfFeaturesIsStillRead() throws {
        let config = try MonitorConfig.parse(yaml: "features: [amount, hour]\nsegments: [country]\n", path: "m.yaml")
        #expect(config.features == ["amount", "hour"])
        #expect(config.readMapping.features == ["amount", "hour", "country"])
        var decoder = RecordDecoder(format: .jsonl, mapping: config.readMapping)
        var record = Record()
        let line = Array(#"{"ts":1,"id":"a","score":0.5,"features":{"amount":3,"hour":2,"country":"BR","device":"ios"}}"#.utf8)
        _ = line.withUnsafeBytes { decoder.decode($0, into: &record) }
        #expect(record.features.map(\.name) == ["amount", "hour", "country"])
    }
}
