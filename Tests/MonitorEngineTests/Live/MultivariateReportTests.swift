import Foundation
import Testing
@testable import MonitorEngine

/// `report --chunk-size` on a tenth of NannyML's car-loan data: each chunk's mean reconstruction
/// error, thresholds and alert are NannyML 0.13.1's DataReconstructionDriftCalculator's
/// (`Fixtures/make_multivariate_report.py` writes the files and NannyML's values; the full data
/// set's comparison is Benchmarks/multivariate, recorded in Benchmarks/RESULTS.md).
struct MultivariateReportTests {
    struct Expected: Decodable {
        struct Chunk: Decodable {
            var error: Double
            var alert: Bool
        }

        var chunk_size: Int
        var components: Int
        var lower: Double
        var upper: Double
        var chunks: [Chunk]
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    @Test func eachChunkIsNannyMLs() throws {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("multivariate-expected.json")))
        var config = MonitorConfig()
        config.reference = Self.fixtures.appendingPathComponent("multivariate-reference.csv").path
        config.predictions = [Self.fixtures.appendingPathComponent("multivariate-analysis.csv").path]
        config.fields.id = "id"
        config.fields.timestamp = "timestamp"
        config.fields.score = "y_pred_proba"
        config.fields.prediction = "y_pred"
        // Every tenth row is 87 minutes after the last: one-hour buckets, as tasks/run.sh gives
        // NannyML's sparse rows (with one-minute buckets each row is a jump of over 60 buckets,
        // held aside until a second confirms it).
        config.bucket = .minutes(60)
        // NannyML's kinds, from the columns' dtypes.
        let numeric = ["car_value", "debt_to_income_ratio", "loan_length", "driver_tenure"]
        let categorical = ["salary_range", "repaid_loan_on_prev_car", "size_of_downpayment"]
        config.features = numeric + categorical
        for name in numeric { config.featureKinds[name] = .numeric }
        for name in categorical { config.featureKinds[name] = .categorical }
        let outcome = try MonitorRun.run(
            config: config, reader: LiveEngineTests.reader(config, follow: false), chunkSize: expected.chunk_size,
            wallClock: { 0 })
        #expect(outcome.chunks.count == expected.chunks.count)
        for (chunk, wanted) in zip(outcome.chunks, expected.chunks) {
            let multivariate = try #require(chunk.snapshot.overall.multivariate)
            #expect(multivariate.components == expected.components)
            #expect(multivariate.chunkRows == expected.chunk_size)
            #expect(multivariate.records == expected.chunk_size)
            let error = try #require(multivariate.error)
            // The bar is 2%; the same arithmetic agrees to rounding.
            #expect(abs(error - wanted.error) <= 1e-9 * wanted.error, "chunk at \(chunk.firstRecord): \(error) against \(wanted.error)")
            #expect(abs((multivariate.lower ?? .nan) - expected.lower) <= 1e-9)
            #expect(abs((multivariate.upper ?? .nan) - expected.upper) <= 1e-9)
            #expect(multivariate.alert == wanted.alert)
        }
    }
}
