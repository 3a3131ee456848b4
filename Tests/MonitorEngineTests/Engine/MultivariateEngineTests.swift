import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// Multivariate drift through the engine, against `DriftStatsTests/Fixtures/multivariate.json`
/// (`make_multivariate_fixtures.py`: scikit-learn as NannyML runs it, checked there against
/// NannyML itself): the reference's frequency encoding with imputation, unseen categories as 0,
/// missing values imputed, a constant column, and the window's mean error.
struct MultivariateEngineTests {
    struct Fixture: Decodable {
        var numeric: [String]
        var categorical: [String]
        var chunkSize: Int
        var referenceRows: [[Value?]]
        var analysisRows: [[Value?]]
        var analysisErrors: [Double]
        var analysisMeanError: Double
        var components: Int
        var lower: Double
        var upper: Double
    }

    enum Value: Decodable {
        case number(Double)
        case text(String)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) { self = .number(number) } else { self = .text(try container.decode(String.self)) }
        }
    }

    static let fixture: Fixture = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("DriftStatsTests/Fixtures/multivariate.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try! decoder.decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static func record(_ row: [Value?], ts: Double) -> Record {
        var record = Record(kind: .prediction)
        record.timestampSeconds = ts
        record.score = 0.5
        record.isSuccess = true
        let names = fixture.numeric + fixture.categorical
        for (name, value) in zip(names, row) {
            switch value {
            case .number(let number)?: record.features.append(Feature(name: name, value: .number(number)))
            case .text(let text)?: record.features.append(Feature(name: name, value: .string(text)))
            case nil: break  // missing: the record lacks the feature
            }
        }
        return record
    }

    static func config() -> MonitorConfig {
        var config = MonitorConfig()
        config.features = fixture.numeric + fixture.categorical
        for name in fixture.numeric { config.featureKinds[name] = .numeric }
        for name in fixture.categorical { config.featureKinds[name] = .categorical }
        config.window = .all
        config.drift.minRecords = 1
        return config
    }

    static func reference(_ config: MonitorConfig) -> ReferenceSet {
        var sample = ReferenceSample()
        for row in fixture.referenceRows { sample.add(record(row, ts: 0)) }
        return ReferenceSet(sample: sample, config: config, path: nil)
    }

    @Test func theWindowsMeanErrorIsScikitLearnsOnTheEncodedImputedRows() throws {
        let config = Self.config()
        let reference = Self.reference(config)
        let model = try #require(reference.multivariate)
        #expect(model.model.componentCount == Self.fixture.components)
        #expect(model.featureIndices.count == 5)
        var state = MonitorState(config: config, reference: reference)
        for (index, row) in Self.fixture.analysisRows.enumerated() {
            state.ingest(Self.record(row, ts: 60 + Double(index)), arrivalSeconds: 0)
        }
        let multivariate = try #require(state.snapshot(nowSeconds: 100).overall.multivariate)
        #expect(multivariate.records == Self.fixture.analysisRows.count)
        #expect(abs(try #require(multivariate.error) - Self.fixture.analysisMeanError) <= 1e-9)
        // Reference chunks of the fixture's size give its thresholds.
        let thresholds = try #require(reference.global.multivariateErrors?.thresholds(chunkSize: Self.fixture.chunkSize))
        #expect(abs(thresholds.lower - Self.fixture.lower) <= 1e-9)
        #expect(abs(thresholds.upper - Self.fixture.upper) <= 1e-9)
        // 60 rows make no two chunks of 5,000: no thresholds, no alert.
        #expect(multivariate.upper == nil && multivariate.alert == nil)
    }

    @Test func eachRecordsErrorIsScikitLearns() throws {
        let config = Self.config()
        let reference = Self.reference(config)
        for (index, row) in Self.fixture.analysisRows.enumerated() {
            var state = MonitorState(config: config, reference: reference)
            state.ingest(Self.record(row, ts: 60), arrivalSeconds: 0)
            let error = try #require(state.snapshot(nowSeconds: 100).overall.multivariate?.error)
            #expect(abs(error - Self.fixture.analysisErrors[index]) <= 1e-9, "row \(index)")
        }
    }

    @Test func aReferenceWithoutUsableFeaturesSaysWhy() {
        var config = MonitorConfig()
        config.window = .all
        // No feature at all.
        var empty = ReferenceSample()
        for _ in 0..<10 { var record = Record(kind: .prediction); record.score = 0.5; empty.add(record) }
        let none = ReferenceSet(sample: empty, config: config, path: nil)
        #expect(none.multivariate == nil)
        #expect(none.multivariateProblem == MultivariateReference.Unavailable.noFeatures)
        // Every feature constant.
        var constant = ReferenceSample()
        for _ in 0..<10 {
            var record = Record(kind: .prediction)
            record.features = [Feature(name: "a", value: .number(3)), Feature(name: "b", value: .string("x"))]
            constant.add(record)
        }
        let flat = ReferenceSet(sample: constant, config: config, path: nil)
        #expect(flat.multivariate == nil)
        #expect(flat.multivariateProblem == MultivariateReference.Unavailable.noVariance)
        var state = MonitorState(config: config, reference: flat)
        var record = Record(kind: .prediction)
        record.timestampSeconds = 60
        record.features = [Feature(name: "a", value: .number(.nan)), Feature(name: "b", value: .string("y"))]
        state.ingest(record, arrivalSeconds: 0)
        let snapshot = state.snapshot(nowSeconds: 100)
        #expect(snapshot.overall.multivariate == nil)
        #expect(snapshot.multivariateProblem == MultivariateReference.Unavailable.noVariance)
        // One feature: one component, every error 0: said, not shown.
        var single = ReferenceSample()
        for index in 0..<20 {
            var record = Record(kind: .prediction)
            record.features = [Feature(name: "a", value: .number(Double(index)))]
            single.add(record)
        }
        let one = ReferenceSet(sample: single, config: config, path: nil)
        #expect(one.multivariate == nil)
        #expect(one.multivariateProblem == MultivariateReference.Unavailable.everyComponent)
    }
}

extension MultivariateEngineTests {
    /// A segment dimension does not take part; a segment with its own reference takes its
    /// thresholds from its own reference rows' errors, under the one PCA.
    @Test func aSegmentWithItsOwnReferenceHasItsOwnBand() throws {
        var config = MonitorConfig()
        config.segments = ["country"]
        config.window = .all
        config.drift.minRecords = 10
        var sample = ReferenceSample()
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var countries: [String] = []
        for index in 0..<1_000 {
            let country = index % 4 == 0 ? "US" : "BR"
            countries.append(country)
            let a = uniform() * 10, b = uniform() * 10
            var record = Record(kind: .prediction)
            record.score = 0.5
            record.features = [
                Feature(name: "a", value: .number(a)), Feature(name: "b", value: .number(a + b * (country == "US" ? 2 : 0.1))),
                Feature(name: "c", value: .number(uniform())), Feature(name: "country", value: .string(country)),
            ]
            sample.add(record)
        }
        let reference = ReferenceSet(sample: sample, config: config, path: nil)
        let model = try #require(reference.multivariate)
        #expect(model.featureIndices.map { reference.features[$0].name } == ["a", "b", "c"])
        let br = try #require(reference.segmentSlots.dimensions[0].values.firstIndex(of: "BR"))
        let own = try #require(reference.segmentReferences[0][br]?.multivariateErrors)
        #expect(own.rows == countries.filter { $0 == "BR" }.count)
        // Window all: chunks of 5,000 rows; BR's 750 own rows make fewer than two, so no band.
        var monitor = MonitorState(config: config, reference: reference)
        Self.feedBrazil(&monitor)
        let snapshot = monitor.snapshot(nowSeconds: 200)
        let segment = try #require(snapshot.segments.first { $0.segment?.value == "BR" }?.multivariate)
        #expect(own.thresholds(chunkSize: 5_000) == nil)
        #expect(segment.lower == nil && segment.alert == nil)
        // With a span window the chunks have the segment's records in it (100): its own rows' band.
        config.window = .span(.minutes(10))
        var spanned = MonitorState(config: config, reference: reference)
        Self.feedBrazil(&spanned)
        let windowed = try #require(spanned.snapshot(nowSeconds: 200).segments.first { $0.segment?.value == "BR" }?.multivariate)
        let band = try #require(own.thresholds(chunkSize: 100))
        #expect(windowed.chunkRows == 100)
        #expect(windowed.lower == band.lower && windowed.upper == band.upper)
        let global = try #require(reference.global.multivariateErrors?.thresholds(chunkSize: 100))
        #expect(global != band)
    }

    /// A hundred of Brazil's records, a second apart from one minute on.
    static func feedBrazil(_ monitor: inout MonitorState) {
        for index in 0..<100 {
            var record = Record(kind: .prediction)
            record.timestampSeconds = 60 + Double(index)
            record.score = 0.5
            record.features = [Feature(name: "a", value: .number(5)), Feature(name: "b", value: .number(5.5)),
                               Feature(name: "c", value: .number(0.5)), Feature(name: "country", value: .string("BR"))]
            monitor.ingest(record, arrivalSeconds: 0)
        }
    }
}
