import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// Literal records through ``MonitorState``: where each record counts, labels joined to their
/// prediction's bucket and segment, versions, business value, and metrics equal to DriftStats'.
struct MonitorStateTests {
    static func prediction(
        ts: Double, id: String? = nil, amount: Double? = nil, country: String = "BR", score: Double? = 0.2,
        version: String? = nil, success: Bool = true, latency: Double? = 10
    ) -> Record {
        var record = Record(kind: .prediction)
        record.timestampSeconds = ts
        record.id = id
        record.version = version
        record.score = score
        record.isSuccess = success
        record.status = success ? "ok" : "error"
        record.latencyMilliseconds = latency
        if let amount { record.features.append(Feature(name: "amount", value: .number(amount))) }
        record.features.append(Feature(name: "country", value: .string(country)))
        return record
    }

    static func label(ts: Double, id: String, positive: Bool, value: Double? = nil) -> Record {
        var record = Record(kind: .label)
        record.timestampSeconds = ts
        record.id = id
        record.label = .number(positive ? 1 : 0)
        record.value = value
        return record
    }

    /// A reference of 300 BR rows and 100 US rows, amounts 0..<400, scores spread over [0, 1).
    static func reference(config: MonitorConfig) -> ReferenceSet {
        var sample = ReferenceSample()
        for index in 0..<400 {
            var record = prediction(ts: 0, amount: Double(index), country: index < 300 ? "BR" : "US", score: Double(index % 100) / 100)
            record.label = .number(index % 100 >= 90 ? 1 : 0)
            sample.add(record)
        }
        return ReferenceSet(sample: sample, config: config, path: nil)
    }

    static func config() -> MonitorConfig {
        var config = MonitorConfig()
        config.segments = ["country"]
        config.window = .span(.minutes(2))
        config.bucket = .minutes(1)
        config.business = BusinessValues(truePositive: .init(coefficient: 1, constant: 0), falsePositive: .constant(-5))
        return config
    }

    @Test func referenceBuildsSegmentReferencesFromTwoHundredRows() {
        let config = Self.config()
        let reference = Self.reference(config: config)
        #expect(reference.features.map(\.name) == ["amount", "country"])
        #expect(reference.features[0].kind == .numeric)
        #expect(reference.features[1].kind == .categorical)
        let dimension = reference.segmentSlots.dimensions[0]
        #expect(dimension.values == ["BR", "US"])
        #expect(reference.reference(dimension: 0, slot: 0).scope == .segment)
        #expect(reference.reference(dimension: 0, slot: 0).rows == 300)
        #expect(reference.reference(dimension: 0, slot: 1).scope == .global)
        #expect(reference.reference(dimension: 0, slot: 1).rows == 400)
        // The grid equals DriftStats' on the same values.
        let direct = NumericReference(values: (0..<400).map(Double.init))
        #expect(reference.features[0].numeric!.grid == direct.grid)
        #expect(reference.global.positiveLabelRate == 0.1)
    }

    @Test func throughputOfASteadyStreamIsSteadyAcrossBucketEnds() {
        // Ten records a second, one-minute buckets, a two-minute window: the same 10/s whether
        // the newest bucket has just begun or is nearly full, and once the window slides.
        var state = MonitorState(config: Self.config(), reference: Self.reference(config: Self.config()))
        var seen: [Double] = []
        for tenth in 0..<2_400 {
            state.ingest(Self.prediction(ts: 600 + Double(tenth) / 10, amount: 1), arrivalSeconds: 0)
            if [50, 580, 610, 1_190, 1_210, 2_399].contains(tenth) {
                seen.append(state.snapshot(nowSeconds: 0).overall.infrastructure.throughputPerSecond ?? .nan)
            }
        }
        for rate in seen { #expect(abs(rate - 10) < 0.25, "\(seen)") }
    }

    @Test func errorWithoutScoreCountsOnlyInThroughputAndErrorRate() {
        var state = MonitorState(config: Self.config(), reference: Self.reference(config: Self.config()))
        state.ingest(Self.prediction(ts: 60, amount: 5), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 61, amount: 7, score: nil, success: false), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 62, amount: 9, score: 0.9, success: false), arrivalSeconds: 0)
        let snapshot = state.snapshot(nowSeconds: 100)
        #expect(snapshot.overall.infrastructure.requests == 3)
        #expect(snapshot.overall.infrastructure.errorRate == 2.0 / 3)
        #expect(snapshot.overall.records == 2)
        #expect(snapshot.overall.prediction.positiveRate == 0.5)
        #expect(snapshot.overall.prediction.meanScore == 0.55)
    }

    @Test func labelsLandInThePredictionsBucketAndSegmentWhateverTheOrder() {
        var state = MonitorState(config: Self.config(), reference: Self.reference(config: Self.config()))
        state.ingest(Self.label(ts: 500, id: "a", positive: true, value: 30), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 60, id: "a", amount: 5, country: "US", score: 0.8), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 70, id: "b", amount: 5, country: "BR", score: 0.7), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 130, id: "c", amount: 5, country: "BR", score: 0.1), arrivalSeconds: 0)
        state.ingest(Self.label(ts: 900, id: "b", positive: false), arrivalSeconds: 0)
        let snapshot = state.snapshot(nowSeconds: 1000)
        let overall = snapshot.overall.performance.realized
        #expect(overall.labelled == 2)
        #expect(overall.truePositives == 1)
        #expect(overall.falsePositives == 1)
        #expect(overall.precision == 0.5)
        #expect(overall.businessValue == 25)
        #expect(snapshot.overall.performance.precisionSeries == [0.5, nil])
        let us = snapshot.slice(SegmentKey(dimension: "country", value: "US"))!
        #expect(us.performance.realized.truePositives == 1)
        #expect(us.performance.realized.falsePositives == 0)
        let br = snapshot.slice(SegmentKey(dimension: "country", value: "BR"))!
        #expect(br.performance.realized.falsePositives == 1)
        #expect(br.performance.realized.coverage == 0.5)
        #expect(snapshot.counters.matchedLabels == 2)
    }

    @Test func shadowVersionsCountApartWithTheirAgreement() {
        var state = MonitorState(config: Self.config(), reference: Self.reference(config: Self.config()))
        state.ingest(Self.prediction(ts: 60, id: "a", amount: 5, score: 0.8, version: "v3"), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 60, id: "a", amount: 5, score: 0.6, version: "v4"), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 61, id: "b", amount: 5, score: 0.2, version: "v3"), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 61, id: "b", amount: 5, score: 0.6, version: "v4"), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 62, id: "c", amount: 5, score: 0.1, version: "v3"), arrivalSeconds: 0)
        state.ingest(Self.label(ts: 90, id: "a", positive: true), arrivalSeconds: 0)
        state.ingest(Self.label(ts: 91, id: "b", positive: false), arrivalSeconds: 0)
        let snapshot = state.snapshot(nowSeconds: 100)
        // Each served request is labelled once; the shadow's outcomes count for its version.
        #expect(snapshot.overall.performance.realized.labelled == 2)
        #expect(snapshot.overall.performance.realized.truePositives == 1)
        #expect(snapshot.overall.performance.realized.trueNegatives == 1)
        #expect(snapshot.overall.records == 3)
        #expect(snapshot.overall.infrastructure.requests == 5)
        let versions = snapshot.overall.prediction.versions
        #expect(versions.map(\.version) == ["v3", "v4"])
        #expect(versions[0].records == 3)
        #expect(versions[0].agreement == nil)
        #expect(versions[1].agreement == 0.5)
        #expect(abs(versions[1].meanAbsoluteScoreDifference! - 0.3) < 1e-12)
        #expect(versions[0].precision == 1)
        #expect(versions[1].precision == 0.5)
    }

    @Test func windowPSIEqualsDriftStatsOnTheSegmentsOwnReference() {
        var config = Self.config()
        config.drift.minRecords = 10
        let reference = Self.reference(config: config)
        var state = MonitorState(config: config, reference: reference)
        var amounts: [Double] = []
        for index in 0..<50 {
            let amount = Double(index * 7 % 500)
            amounts.append(amount)
            state.ingest(Self.prediction(ts: 60 + Double(index), amount: amount, country: "BR"), arrivalSeconds: 0)
        }
        let snapshot = state.snapshot(nowSeconds: 200)
        let br = snapshot.slice(SegmentKey(dimension: "country", value: "BR"))!
        var brReference = reference.features[0].numeric!.emptyCounts()
        for index in 0..<300 { brReference.record(Double(index)) }
        var current = reference.features[0].numeric!.emptyCounts()
        for amount in amounts { current.record(amount) }
        let amount = br.feature(named: "amount")!
        #expect(amount.psi == PSI.numeric(reference: brReference, current: current))
        #expect(amount.ks?.statistic == KolmogorovSmirnov(reference: brReference, current: current)?.statistic)
        #expect(amount.value == amount.psi)
        #expect(amount.band == DriftBand(distance: amount.psi, thresholds: .psi, windowCount: 50, minimumWindow: 10))
        #expect(br.referenceScope == .segment)
        // Out of range: [0, 399] widened by 39.9 on each side.
        #expect(amount.outOfRangeRate == Double(amounts.filter { $0 > 438.9 }.count) / 50)
    }

    @Test func windowRollsAndMatchesAFreshRunOverItsRecords() {
        let config = Self.config()
        let reference = Self.reference(config: config)
        var rolling = MonitorState(config: config, reference: reference)
        var fresh = MonitorState(config: config, reference: reference)
        for index in 0..<300 {
            let ts = Double(index * 2)
            let record = Self.prediction(ts: ts, amount: Double(index % 97), score: Double(index % 10) / 10)
            rolling.ingest(record, arrivalSeconds: 0)
            // The 2-minute window ending with the newest bucket (minute 9) holds minutes 8 and 9.
            if ts >= 480 { fresh.ingest(record, arrivalSeconds: 0) }
        }
        let a = rolling.snapshot(nowSeconds: 0)
        let b = fresh.snapshot(nowSeconds: 0)
        #expect(a.overall.records == 60)
        #expect(a.overall.records == b.overall.records)
        #expect(a.overall.feature(named: "amount")?.psi == b.overall.feature(named: "amount")?.psi)
        #expect(a.overall.prediction.meanScore == b.overall.prediction.meanScore)
        #expect(a.window.fromSeconds == 480)
        #expect(a.window.toSeconds == 600)
        // A record older than the window arrives late.
        rolling.ingest(Self.prediction(ts: 10, amount: 1), arrivalSeconds: 0)
        #expect(rolling.snapshot(nowSeconds: 0).counters.lateRecords == 1)
        rolling.setWindow(seconds: nil)
        #expect(rolling.snapshot(nowSeconds: 0).overall.records == 301)
    }

    @Test func unusableTimesAndLabelsAreCountedNotCrashed() {
        var state = MonitorState(config: Self.config(), reference: Self.reference(config: Self.config()))
        state.ingest(Self.prediction(ts: 60, id: "a", amount: 5), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: .nan, id: "b", amount: 5), arrivalSeconds: 0)
        state.ingest(Self.prediction(ts: 1e300, id: "c", amount: 5), arrivalSeconds: 0)
        var noID = Self.label(ts: 70, id: "x", positive: true)
        noID.id = nil
        state.ingest(noID, arrivalSeconds: 0)
        var fraud = Self.label(ts: 70, id: "a", positive: true)
        fraud.label = .string("fraud")
        state.ingest(fraud, arrivalSeconds: 0)
        var untimed = Self.prediction(ts: 0, amount: 5)
        untimed.timestampSeconds = nil
        state.ingest(untimed, arrivalSeconds: 100)
        let snapshot = state.snapshot(nowSeconds: 130)
        #expect(snapshot.counters.droppedRecords == 2)
        #expect(snapshot.counters.unusableLabels == 2)
        #expect(snapshot.counters.recordsWithoutTimestamp == 1)
        #expect(snapshot.freshness.newestEventSeconds == 100)
        #expect(snapshot.freshness.eventLagSeconds == 30)
        #expect(snapshot.overall.records == 2)
    }

    @Test func streamFillsTheReferenceThenCounts() {
        var config = Self.config()
        config.referenceRecords = 20
        var state = MonitorState(config: config, reference: nil)
        for index in 0..<19 { state.ingest(Self.prediction(ts: Double(index), amount: Double(index)), arrivalSeconds: 0) }
        let filling = state.snapshot(nowSeconds: 0)
        #expect(filling.reference.isReady == false)
        #expect(filling.reference.records == 19)
        for index in 19..<30 { state.ingest(Self.prediction(ts: Double(index), amount: Double(index)), arrivalSeconds: 0) }
        let ready = state.snapshot(nowSeconds: 0)
        #expect(ready.reference.isReady)
        #expect(ready.reference.records == 20)
        #expect(ready.reference.path == nil)
        #expect(ready.overall.records == 30)
        #expect(state.reference?.features.first { $0.name == "amount" }?.kind == .numeric)
    }

    @Test func csvAndJSONBoolsAreTheSameCategory() throws {
        var config = MonitorConfig()
        config.features = nil
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("engine-ref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csv = directory.appendingPathComponent("reference.csv").path
        try "flag,score,label\ntrue,0.1,0\nfalse,0.9,1\ntrue,0.2,0\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let jsonl = directory.appendingPathComponent("reference.jsonl").path
        try "{\"features\":{\"flag\":true},\"score\":0.1,\"label\":0}\n{\"features\":{\"flag\":false},\"score\":0.9,\"label\":1}\n{\"features\":{\"flag\":true},\"score\":0.2,\"label\":0}\n"
            .write(toFile: jsonl, atomically: true, encoding: .utf8)
        let fromCSV = try ReferenceSet.load(path: csv, config: config)
        let fromJSON = try ReferenceSet.load(path: jsonl, config: config)
        #expect(fromCSV.features[0].categorical?.categories == ["true", "false"])
        #expect(fromJSON.features[0].categorical?.categories == ["true", "false"])
        #expect(fromCSV.global.positiveLabelRate == 1.0 / 3)
        #expect(fromCSV.global.performance?.precision == 1)
        #expect(throws: ReferenceError.self) { try ReferenceSet.load(path: directory.appendingPathComponent("none.csv").path, config: config) }
    }

    /// A report keeps one bucket beyond the running total instead of the sparklines' sixty:
    /// over three hours of records, labels landing in buckets long folded away, and a gap, the
    /// whole-input numbers are those of the full history.
    @Test func lessHistoryOverTheWholeInputChangesNoCount() {
        var config = Self.config()
        config.window = .all
        let reference = Self.reference(config: config)
        var full = MonitorState(config: config, reference: reference)
        var lean = MonitorState(config: config, reference: reference, historyBuckets: 1)
        var records: [Record] = []
        for minute in 0..<180 where minute < 100 || minute > 130 {
            for index in 0..<4 {
                let id = "m\(minute)-\(index)"
                records.append(Self.prediction(ts: Double(minute * 60 + index), id: id, amount: Double((minute * 7 + index * 13) % 400),
                                               country: index == 0 ? "US" : "BR", score: Double((minute + index * 31) % 100) / 100))
                // Labels two hours later, credited to buckets a one-bucket ring has folded.
                if minute >= 120, index < 2 {
                    let earlier = "m\(minute - 120)-\(index)"
                    records.append(Self.label(ts: Double(minute * 60 + 30), id: earlier, positive: (minute + index) % 5 == 0, value: 10))
                }
            }
        }
        for record in records {
            full.ingest(record, arrivalSeconds: 0)
            lean.ingest(record, arrivalSeconds: 0)
        }
        let a = full.snapshot(nowSeconds: 20_000, input: InputTally())
        let b = lean.snapshot(nowSeconds: 20_000, input: InputTally())
        #expect(lean.buckets.capacity == 1)
        #expect(a.overall.records == 596)
        #expect(b.overall.records == a.overall.records)
        let realized = (a.overall.performance.realized, b.overall.performance.realized)
        #expect(realized.0.labelled == 98)
        #expect(realized.1.labelled == realized.0.labelled)
        let leanCounts: [Int] = [realized.1.truePositives, realized.1.falsePositives, realized.1.falseNegatives, realized.1.trueNegatives]
        let fullCounts: [Int] = [realized.0.truePositives, realized.0.falsePositives, realized.0.falseNegatives, realized.0.trueNegatives]
        #expect(leanCounts == fullCounts)
        #expect(b.counters == a.counters)
        #expect(b.window == a.window)
        for (x, y) in zip(a.overall.features, b.overall.features) {
            #expect(abs((x.psi ?? 0) - (y.psi ?? 0)) < 1e-12)
            #expect(x.missingRate == y.missingRate)
        }
        #expect(b.segments.map(\.records) == a.segments.map(\.records))
        #expect(abs((realized.1.businessValue ?? 0) - (realized.0.businessValue ?? .nan)) < 1e-9)
    }
}
