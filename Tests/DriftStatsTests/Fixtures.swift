import Foundation
import Testing

/// The oracle fixtures written by `Fixtures/make_fixtures.py` and `Fixtures/make_task_fixtures.py`
/// (NumPy, SciPy, scikit-learn), `Fixtures/make_comparison_fixtures.py` (NumPy, SciPy; read by
/// `ComparisonTests`), and `Fixtures/make_cbpe_fixtures.py`, `Fixtures/make_dle_fixtures.py` and `Fixtures/make_multivariate_fixtures.py` (NannyML, scikit-learn; read by `MultivariateTests`).
enum Fixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
                               "fixture \(name).json is missing from the test bundle")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static let numeric: NumericFile = try! load("numeric")
    static let categorical: CategoricalFile = try! load("categorical")
    static let distributions: DistributionsFile = try! load("distributions")
    static let performance: PerformanceFile = try! load("performance")
    static let multiclass: MulticlassFile = try! load("multiclass")
    static let regression: RegressionFile = try! load("regression")
    static let cbpe: CBPEFile = try! load("cbpe")
    static let dle: DLEFile = try! load("dle")
}

struct NumericFile: Decodable {
    var coarseBins: Int
    var fineCells: Int
    var cases: [NumericCase]
}

struct NumericCase: Decodable, CustomTestStringConvertible, Sendable {
    var name: String
    var reference: [Double?]
    var current: [Double?]
    var referenceCount: Int
    var currentCount: Int
    var coarseEdges: [Double]
    var referenceCoarseCounts: [Int]
    var currentCoarseCounts: [Int]
    var psi: Double
    var jensenShannon: Double
    var ksStatistic: Double
    var ksPValueAsymptotic: Double
    var ksPValueStephens: Double
    var referenceStd: Double
    var referenceMin: Double
    var referenceMax: Double
    var wassersteinNormalized: Double
    var fineEdges: [Double]?

    var testDescription: String { name }
    /// Missing values are null in the fixture and NaN here, as a decoder hands them over.
    var referenceValues: [Double] { reference.map { $0 ?? .nan } }
    var currentValues: [Double] { current.map { $0 ?? .nan } }
}

struct CategoricalFile: Decodable {
    var topK: Int
    var cases: [CategoricalCase]
    var tables: [ContingencyTable]
}

struct CategoricalCase: Decodable, CustomTestStringConvertible, Sendable {
    var name: String
    var reference: [String]
    var current: [String]
    var categories: [String]
    var hasOther: Bool
    var referenceCounts: [Int]
    var currentCounts: [Int]
    var currentUnseen: Int
    var psi: Double
    var jensenShannon: Double
    var chiSquareStatistic: Double
    var chiSquarePValue: Double
    var chiSquareDegreesOfFreedom: Int

    var testDescription: String { name }
}

struct ContingencyTable: Decodable, Sendable, CustomTestStringConvertible {
    var reference: [Int]
    var current: [Int]
    var statistic: Double
    var pValue: Double
    var degreesOfFreedom: Int

    var testDescription: String { "\(reference) vs \(current)" }
}

struct DistributionsFile: Decodable {
    struct ChiSquarePoint: Decodable, Sendable {
        var x: Double
        var degreesOfFreedom: Int
        var survival: Double
    }
    struct KolmogorovPoint: Decodable, Sendable {
        var lambda: Double
        var survival: Double
    }
    struct QuantileCase: Decodable, Sendable {
        var sorted: [Double]
        var q: [Double]
        var expected: [Double]
    }
    struct MultipleTestingCase: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var pValues: [Double]
        var adjusted: [Double]
        var testDescription: String { name }
    }
    var chiSquareSurvival: [ChiSquarePoint]
    var kolmogorovSurvival: [KolmogorovPoint]
    var quantiles: [QuantileCase]
    var benjaminiHochberg: [MultipleTestingCase]
}

struct RealizedMetrics: Decodable, Sendable {
    var precision: Double
    var recall: Double
    var f1: Double
    var accuracy: Double
    var specificity: Double
    var rocAUC: Double?
}

struct PerformanceFile: Decodable {
    struct Confusion: Decodable, Sendable {
        var tp: Int
        var fp: Int
        var fn: Int
        var tn: Int
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var scores: [Double]
        var labels: [Int]
        var threshold: Double
        var rocAUC: Double
        var confusion: Confusion
        var metrics: RealizedMetrics
        var testDescription: String { name }
    }
    struct Isotonic: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var scores: [Double]
        var labels: [Int]
        var weights: [Double]?
        var at: [Double]
        var expected: [Double]
        var testDescription: String { name }
    }
    struct Window: Decodable, Sendable {
        var name: String
        var scores: [Double]
        var labels: [Int]
        var realized: RealizedMetrics
    }
    struct CBPE: Decodable, Sendable {
        var threshold: Double
        var referenceScores: [Double]
        var referenceLabels: [Int]
        var windows: [Window]
    }
    struct Latency: Decodable, Sendable {
        var values: [Double]
        var q: [Double]
        var lower: [Double]
        var max: Double
    }
    var cases: [Case]
    var isotonic: [Isotonic]
    var cbpe: CBPE
    var latency: Latency
}

/// Multiclass cases (`make_task_fixtures.py`): expectations for the whole sample and for each part.
struct MulticlassFile: Decodable {
    struct ClassMetrics: Decodable, Sendable {
        var precision: Double?
        var recall: Double?
        var f1: Double?
        var specificity: Double?
        var support: Int
    }
    struct Expected: Decodable, Sendable {
        var labelled: Int
        var confusion: [[Int]]
        var accuracy: Double?
        var macroPrecision: Double?
        var macroRecall: Double?
        var macroF1: Double?
        var weightedF1: Double?
        var rocAUC: Double?
        var classROCAUC: [Double?]
        var classes: [ClassMetrics]
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var classCount: Int
        var scoreDecimals: Int
        var scores: [[Double]]
        var predictions: [Int]
        var labels: [Int]
        var partEnds: [Int]
        var whole: Expected
        var parts: [Expected]
        var testDescription: String { name }
    }
    var cases: [Case]
}

/// Regression cases (`make_task_fixtures.py`): expectations for the whole sample and for each part.
struct RegressionFile: Decodable {
    struct Expected: Decodable, Sendable {
        var labelled: Int
        var mae: Double
        var mse: Double
        var rmse: Double
        var mape: Double
        var msle: Double?
        var rmsle: Double?
        var r2: Double?
        var meanError: Double
    }
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var predictions: [Double]
        var labels: [Double]
        var partEnds: [Int]
        var whole: Expected
        var parts: [Expected]
        var testDescription: String { name }
    }
    var eps: Double
    var cases: [Case]
}

/// NannyML 0.13.1's multiclass CBPE on part of its own multiclass data (make_cbpe_fixtures.py).
struct CBPEFile: Decodable {
    struct Reference: Decodable {
        /// K columns: every record's score of class c.
        var scores: [[Double]]
        var labels: [Int]
    }
    struct Analysis: Decodable {
        var scores: [[Double]]
        var predicted: [Int]
    }
    struct Metrics: Decodable, Sendable {
        var accuracy: Double
        var macroPrecision: Double
        var macroRecall: Double
        var macroF1: Double
        var rocAUC: Double
    }
    struct Chunk: Decodable, Sendable {
        var estimated: Metrics
        var realized: Metrics
    }
    struct Fold: Decodable, Sendable {
        var split: Int
        var trainCount: Int
        var testCount: Int
        var train: [Int]
        var test: [Int]
    }
    var classes: [String]
    var chunkSize: Int
    var reference: Reference
    var analysis: Analysis
    var calibrated: [Bool]
    var chunks: [Chunk]
    var probabilityRows: [Int]
    var probabilities: [[Double]]
    var folds: [Fold]

    /// Analysis record i's scores in class order.
    func analysisScores(_ i: Int) -> [Double] { analysis.scores.map { $0[i] } }
}

/// NannyML's direct loss estimation on a subsample of its regression_synthetic data
/// (`make_dle_fixtures.py`): column-major rows, categorical columns as NannyML's codes, and per
/// chunk of the analysis rows NannyML's estimated and realized MAE and RMSE.
struct DLEFile: Decodable {
    struct Chunk: Decodable, Sendable, CustomTestStringConvertible {
        var start: Int
        var end: Int
        var estimatedMAE: Double
        var realizedMAE: Double
        var estimatedRMSE: Double
        var realizedRMSE: Double
        var testDescription: String { "rows \(start)..<\(end)" }
    }
    var nannyml: String
    var lightgbm: String
    var columns: [String]
    var categorical: [Bool]
    var predictionColumn: Int
    var reference: [[Double]]
    var referenceTargets: [Double]
    var analysis: [[Double]]
    var analysisTargets: [Double]
    var chunks: [Chunk]

    /// Column-major columns as row-major rows.
    static func rowMajor(_ columns: [[Double]]) -> [Double] {
        let rows = columns.first?.count ?? 0
        var values: [Double] = []
        values.reserveCapacity(rows * columns.count)
        for r in 0 ..< rows {
            for column in columns { values.append(column[r]) }
        }
        return values
    }
}
