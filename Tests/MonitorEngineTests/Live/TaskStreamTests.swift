import Foundation
import Testing
@testable import MonitorEngine

/// A multiclass and a regression log read end to end: every realized metric, over the whole log
/// and per chunk, equals scikit-learn's on the same joined labels (`Fixtures/make_task_streams.py`
/// writes the logs and the expected values), and every bad record is counted by reason.
struct TaskStreamTests {
    struct Multiclass: Decodable, Sendable {
        var labelled: Int
        var accuracy: Double?
        var macro_precision: Double?
        var macro_recall: Double?
        var macro_f1: Double?
        var weighted_f1: Double?
        var roc_auc: Double?
        var confusion: [[Int]]?
    }

    struct Regression: Decodable, Sendable {
        var labelled: Int
        var mae: Double?
        var mse: Double?
        var rmse: Double?
        var mape: Double?
        var msle: Double?
        var r2: Double?
        var mean_error: Double?
    }

    struct Task<Metrics: Decodable & Sendable>: Decodable, Sendable {
        var overall: Metrics
        var chunks: [Metrics]
        var task_problems: [String: Int]
        var business_value: Double
        var business_matrix: [String: [String: Double]]?
        var business_per_unit_error: Double?
    }

    struct Expected: Decodable, Sendable {
        var chunk_size: Int
        var classes: [String]
        var multiclass: Task<Multiclass>
        var regression: Task<Regression>
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let expected: Expected = try! JSONDecoder().decode(
        Expected.self, from: Data(contentsOf: fixtures.appendingPathComponent("task-expected.json")))

    /// The fixtures of `task` read as one window, every label joined.
    static func config(_ task: ModelTask) -> MonitorConfig {
        var config = MonitorConfig()
        config.task = task
        config.window = .all
        config.reference = fixtures.appendingPathComponent("\(task.rawValue)-reference.jsonl").path
        config.predictions = [fixtures.appendingPathComponent("\(task.rawValue)-predictions.jsonl").path]
        config.labels = [fixtures.appendingPathComponent("\(task.rawValue)-labels.jsonl").path]
        config.labelHorizon = .unbounded
        return config
    }

    static func run(_ task: ModelTask, business: BusinessValues? = nil) throws -> MonitorRun.Outcome {
        var config = config(task)
        config.business = business
        return try MonitorRun.run(
            config: config, reader: LiveEngineTests.reader(config, follow: false), chunkSize: expected.chunk_size,
            wallClock: { 0 })
    }

    /// Within `tolerance` relative to the expected value's size (1 at least), or both undefined.
    static func close(_ value: Double?, _ wanted: Double?, _ tolerance: Double = 1e-9) -> Bool {
        switch (value, wanted) {
        case (nil, nil): true
        case let (value?, wanted?): abs(value - wanted) <= tolerance * max(1, abs(wanted))
        default: false
        }
    }

    static func check(_ realized: MulticlassPerformance?, _ wanted: Multiclass, _ place: String) {
        guard let realized else {
            Issue.record("\(place): no multiclass performance")
            return
        }
        #expect(realized.labelled == wanted.labelled, "\(place)")
        #expect(close(realized.accuracy, wanted.accuracy), "\(place) accuracy \(String(describing: realized.accuracy))")
        #expect(close(realized.macroPrecision, wanted.macro_precision), "\(place) macro precision \(String(describing: realized.macroPrecision)) against \(String(describing: wanted.macro_precision))")
        #expect(close(realized.macroRecall, wanted.macro_recall), "\(place) macro recall \(String(describing: realized.macroRecall))")
        #expect(close(realized.macroF1, wanted.macro_f1), "\(place) macro F1 \(String(describing: realized.macroF1))")
        #expect(close(realized.weightedF1, wanted.weighted_f1), "\(place) weighted F1 \(String(describing: realized.weightedF1))")
        #expect(close(realized.rocAUC, wanted.roc_auc, 1e-3), "\(place) ROC AUC \(String(describing: realized.rocAUC)) against \(String(describing: wanted.roc_auc))")
        if let confusion = wanted.confusion { #expect(realized.confusion == confusion, "\(place)") }
    }

    static func check(_ realized: RegressionPerformance?, _ wanted: Regression, _ place: String) {
        guard let realized else {
            Issue.record("\(place): no regression performance")
            return
        }
        #expect(realized.labelled == wanted.labelled, "\(place)")
        #expect(close(realized.mae, wanted.mae), "\(place) MAE")
        #expect(close(realized.mse, wanted.mse), "\(place) MSE")
        #expect(close(realized.rmse, wanted.rmse), "\(place) RMSE")
        #expect(close(realized.mape, wanted.mape), "\(place) MAPE \(String(describing: realized.mape)) against \(String(describing: wanted.mape))")
        #expect(close(realized.msle, wanted.msle), "\(place) MSLE")
        #expect(close(realized.r2, wanted.r2), "\(place) R²")
        #expect(close(realized.meanError, wanted.mean_error), "\(place) mean error")
    }

    @Test func multiclassMatchesScikitLearn() throws {
        let outcome = try Self.run(.multiclass)
        let wanted = Self.expected.multiclass
        let task = try #require(outcome.snapshot.overall.task)
        #expect(task.classes == Self.expected.classes)
        Self.check(task.multiclass, wanted.overall, "overall")
        #expect(outcome.chunks.count == wanted.chunks.count)
        for (index, (chunk, metrics)) in zip(outcome.chunks, wanted.chunks).enumerated() {
            Self.check(chunk.snapshot.overall.task?.multiclass, metrics, "chunk \(index)")
        }
        #expect(outcome.snapshot.counters.taskProblems == wanted.task_problems)
        // The middle chunk never predicts upmarket_card: its share is 0, the reference's is not.
        let middle = try #require(outcome.chunks.dropFirst().first?.snapshot.overall.task)
        let upmarket = try #require(middle.classShares.first { $0.name == "upmarket_card" })
        #expect(upmarket.share == 0)
        #expect((upmarket.referenceShare ?? 0) > 0.05)
        #expect(middle.prediction.chiSquare != nil)
        #expect(task.classScores.count == 3)
    }

    @Test func regressionMatchesScikitLearn() throws {
        let outcome = try Self.run(.regression)
        let wanted = Self.expected.regression
        let task = try #require(outcome.snapshot.overall.task)
        Self.check(task.regression, wanted.overall, "overall")
        #expect(outcome.chunks.count == wanted.chunks.count)
        for (index, (chunk, metrics)) in zip(outcome.chunks, wanted.chunks).enumerated() {
            Self.check(chunk.snapshot.overall.task?.regression, metrics, "chunk \(index)")
        }
        #expect(outcome.snapshot.counters.taskProblems == wanted.task_problems)
        #expect(outcome.snapshot.input.sources.map { $0.malformed[.wrongType] ?? 0 }.reduce(0, +) == 1)
        // The last chunk's inputs moved up: the prediction drifts against the reference's.
        let last = try #require(outcome.chunks.last?.snapshot.overall.task)
        #expect((last.prediction.psi ?? 0) > 0.1)
        #expect(task.meanPrediction != nil)
        #expect(task.residualHistogram != nil)
    }

    /// `business.matrix` (multiclass) and `business.per_unit_error` (regression) summed over the
    /// labelled records, as the fixture script sums them.
    @Test func businessValuesFollowTheTask() throws {
        var matrix = BusinessValues()
        for (actual, row) in try #require(Self.expected.multiclass.business_matrix) {
            for (predicted, value) in row { matrix.matrix[actual, default: [:]][predicted] = .constant(value) }
        }
        let multiclass = try Self.run(.multiclass, business: matrix).snapshot.overall.task?.multiclass?.businessValue
        #expect(Self.close(multiclass, Self.expected.multiclass.business_value), "\(String(describing: multiclass))")
        var perUnit = BusinessValues()
        perUnit.perUnitError = .constant(try #require(Self.expected.regression.business_per_unit_error))
        let regression = try Self.run(.regression, business: perUnit).snapshot.overall.task?.regression?.businessValue
        #expect(Self.close(regression, Self.expected.regression.business_value), "\(String(describing: regression))")
        #expect(try Self.run(.regression).snapshot.overall.task?.regression?.businessValue == nil)
    }
}
