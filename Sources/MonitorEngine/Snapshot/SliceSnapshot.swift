import DriftStats

/// The four layers for one slice of the stream: the whole stream or one segment value.
public struct SliceSnapshot: Sendable {
    /// `nil` for the whole stream.
    public var segment: SegmentKey?
    /// Prediction records of the slice in the current window.
    public var records: Int
    /// Share of the window's records that fall in this slice (1 for the whole stream).
    public var share: Double
    /// What the slice is compared with: its own reference rows, or the whole reference when it
    /// has fewer than 200 (docs/statistics.md "Segments and their reference").
    public var referenceScope: ReferenceScope
    public var infrastructure: InfrastructureSnapshot
    /// Features sorted by severity (drift first, then warning, ok, not enough data; within a
    /// band by value, worst first).
    public var features: [FeatureSnapshot]
    public var prediction: PredictionSnapshot
    public var performance: PerformanceSnapshot
    /// A multiclass or regression model's own prediction and business layers; `nil` for binary.
    public var task: TaskSnapshot? = nil
    /// Multivariate drift (PCA reconstruction error); `nil` when the reference has no PCA
    /// (``Snapshot/multivariateProblem`` says why).
    public var multivariate: MultivariateSnapshot? = nil

    public init(
        segment: SegmentKey?, records: Int, share: Double, referenceScope: ReferenceScope,
        infrastructure: InfrastructureSnapshot, features: [FeatureSnapshot],
        prediction: PredictionSnapshot, performance: PerformanceSnapshot
    ) {
        self.segment = segment
        self.records = records
        self.share = share
        self.referenceScope = referenceScope
        self.infrastructure = infrastructure
        self.features = features
        self.prediction = prediction
        self.performance = performance
    }

    /// The feature with this name.
    public func feature(named name: String) -> FeatureSnapshot? { features.first { $0.name == name } }

    /// The worst feature drift band of the slice.
    public var worstBand: DriftBand { features.map(\.band).min(by: DriftBand.severityOrder) ?? .notEnoughData }
    /// The worst drift band of its features, data quality aside.
    public var worstDriftBand: DriftBand { features.map(\.driftBand).min(by: DriftBand.severityOrder) ?? .notEnoughData }
}

/// What a slice is compared with.
public enum ReferenceScope: String, Sendable, Hashable {
    case segment
    case global
}

extension DriftBand {
    /// Orders bands worst first: drift, warning, ok, not enough data.
    public static func severityOrder(_ lhs: DriftBand, _ rhs: DriftBand) -> Bool {
        lhs.severityRank < rhs.severityRank
    }

    /// 0 for drift (worst) up to 3 for not enough data.
    public var severityRank: Int {
        switch self {
        case .drift: 0
        case .warning: 1
        case .ok: 2
        case .notEnoughData: 3
        }
    }
}

/// Infrastructure layer of a slice (docs/statistics.md "Infrastructure layer").
public struct InfrastructureSnapshot: Sendable, Hashable {
    /// Records (requests) in the window, failed ones included.
    public var requests: Int
    /// Records per second of event time over the window.
    public var throughputPerSecond: Double?
    public var latencyP50Milliseconds: Double?
    public var latencyP95Milliseconds: Double?
    public var latencyP99Milliseconds: Double?
    public var latencyMaxMilliseconds: Double?
    /// Share of requests whose status is not a success.
    public var errorRate: Double?
    /// Per bucket, oldest first: records per second, p99 latency, error rate.
    public var throughputSeries: [Double]
    public var latencyP99Series: [Double?]
    public var errorRateSeries: [Double?]

    public init(
        requests: Int = 0, throughputPerSecond: Double? = nil, latencyP50Milliseconds: Double? = nil,
        latencyP95Milliseconds: Double? = nil, latencyP99Milliseconds: Double? = nil,
        latencyMaxMilliseconds: Double? = nil, errorRate: Double? = nil,
        throughputSeries: [Double] = [], latencyP99Series: [Double?] = [], errorRateSeries: [Double?] = []
    ) {
        self.requests = requests
        self.throughputPerSecond = throughputPerSecond
        self.latencyP50Milliseconds = latencyP50Milliseconds
        self.latencyP95Milliseconds = latencyP95Milliseconds
        self.latencyP99Milliseconds = latencyP99Milliseconds
        self.latencyMaxMilliseconds = latencyMaxMilliseconds
        self.errorRate = errorRate
        self.throughputSeries = throughputSeries
        self.latencyP99Series = latencyP99Series
        self.errorRateSeries = errorRateSeries
    }
}

/// Kolmogorov-Smirnov result as shown and reported.
public struct KSSnapshot: Sendable, Hashable {
    public var statistic: Double
    public var pValue: Double
    /// Largest amount by which the binned statistic can differ from the exact one.
    public var bound: Double
    /// The Benjamini–Hochberg adjusted p-value over the window's family of tests
    /// (docs/statistics.md, "Many tests at once"); `nil` outside the family (the score's test,
    /// a slice or feature without enough data).
    public var pValueAdjusted: Double?

    public init(statistic: Double, pValue: Double, bound: Double, pValueAdjusted: Double? = nil) {
        self.statistic = statistic
        self.pValue = pValue
        self.bound = bound
        self.pValueAdjusted = pValueAdjusted
    }
}

/// Chi-square test of homogeneity as shown and reported.
public struct ChiSquareSnapshot: Sendable, Hashable {
    public var statistic: Double
    public var pValue: Double
    public var degreesOfFreedom: Int
    /// The Benjamini–Hochberg adjusted p-value over the window's family of tests; `nil` outside
    /// the family (as ``KSSnapshot/pValueAdjusted``).
    public var pValueAdjusted: Double?

    public init(statistic: Double, pValue: Double, degreesOfFreedom: Int, pValueAdjusted: Double? = nil) {
        self.statistic = statistic
        self.pValue = pValue
        self.degreesOfFreedom = degreesOfFreedom
        self.pValueAdjusted = pValueAdjusted
    }
}

/// A histogram for display: reference and current proportions on the same bins.
public struct HistogramSnapshot: Sendable, Hashable {
    /// One label per bin: `≤ 12.5`, `(12.5, 40]`, a category, `(unseen)`.
    public var labels: [String]
    public var reference: [Double]
    public var current: [Double]

    public init(labels: [String] = [], reference: [Double] = [], current: [Double] = []) {
        self.labels = labels
        self.reference = reference
        self.current = current
    }
}

/// The data-quality band of a feature: its worst rate of missing, out-of-range and unseen
/// values against fixed limits (the reference's own rates are not kept).
public enum DataQuality {
    /// From this rate on, a warning.
    public static let warnRate = 0.01
    /// From this rate on, an alert (the default `missing values` rule's limit).
    public static let alertRate = 0.05

    /// The band of the worst of `rates` over `records` (fewer than `minimumRecords`: not enough
    /// data).
    public static func band(rates: [Double?], records: Int, minimumRecords: Int) -> DriftBand {
        let worst = rates.compactMap { $0 }.filter { !$0.isNaN }.max()
        guard records >= minimumRecords, let worst else { return .notEnoughData }
        return worst < warnRate ? .ok : worst < alertRate ? .warning : .drift
    }

    /// The band shown for a feature: the quality band when it is a warning or an alert worse
    /// than the drift band, else the drift band.
    public static func combined(drift: DriftBand, quality: DriftBand) -> DriftBand {
        func rank(_ band: DriftBand) -> Int {
            switch band {
            case .drift: 2
            case .warning: 1
            case .ok, .notEnoughData: 0
            }
        }
        return rank(quality) > rank(drift) ? quality : drift
    }
}

/// Input drift and data quality of one feature in one slice (docs/statistics.md).
public struct FeatureSnapshot: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case numeric
        case categorical
    }

    public var name: String
    public var kind: Kind
    /// Records in the window that carried the feature (missing included).
    public var records: Int
    public var psi: Double?
    public var jensenShannon: Double?
    /// Normalised Wasserstein-1 (numeric only).
    public var wasserstein: Double?
    public var ks: KSSnapshot?
    /// Categorical only.
    public var chiSquare: ChiSquareSnapshot?
    /// The configured method for this kind (`psi`, `ks`, `js`, `wasserstein`, `chi2`), its value
    /// (a distance, or a p-value for tests: the adjusted one when `drift.fdr` is on) and band.
    public var method: String
    public var value: Double?
    /// The feature's band: the worse of its drift and its data quality (a feature drifting
    /// nowhere but arriving 40% empty is not "ok").
    public var band: DriftBand
    /// The band of the method's value alone.
    public var driftBand: DriftBand
    /// The band of the worst data-quality rate (missing, out of range, unseen): over 1% a
    /// warning, over 5% an alert (``DataQuality``).
    public var qualityBand: DriftBand
    public var missingRate: Double?
    /// Numeric only: share of non-missing values outside the expected range.
    public var outOfRangeRate: Double?
    /// Categorical only: share of non-missing values never seen in the reference.
    public var unseenRate: Double?
    /// Values of the wrong type for the feature's kind.
    public var typeViolations: Int
    /// NaN and infinities.
    public var invalidValues: Int
    /// The feature's own test (KS numeric, chi-square categorical): its raw p-value, and the
    /// adjusted one when the test is in the window's family; `nil` without a test.
    public var testPValue: Double? { ks?.pValue ?? chiSquare?.pValue }
    public var testPValueAdjusted: Double? { ks?.pValueAdjusted ?? chiSquare?.pValueAdjusted }
    /// The method's value per bucket, oldest first (`nil` where undefined; a test's raw p-value,
    /// a bucket being no family).
    public var driftSeries: [Double?]
    /// Reference vs current on the coarse bins (numeric) or categories (categorical).
    public var histogram: HistogramSnapshot
    /// Whether drift is judged at all: the window holds at least `drift.min_records` values of
    /// the feature and the slice's reference at least as many rows. Only a judged test is in the
    /// window's family of tests.
    public var isJudged: Bool = false

    public init(
        name: String, kind: Kind, records: Int = 0, psi: Double? = nil, jensenShannon: Double? = nil,
        wasserstein: Double? = nil, ks: KSSnapshot? = nil, chiSquare: ChiSquareSnapshot? = nil,
        method: String, value: Double? = nil, band: DriftBand = .notEnoughData,
        driftBand: DriftBand? = nil, qualityBand: DriftBand = .notEnoughData,
        missingRate: Double? = nil, outOfRangeRate: Double? = nil, unseenRate: Double? = nil,
        typeViolations: Int = 0, invalidValues: Int = 0, driftSeries: [Double?] = [],
        histogram: HistogramSnapshot = HistogramSnapshot()
    ) {
        self.name = name
        self.kind = kind
        self.records = records
        self.psi = psi
        self.jensenShannon = jensenShannon
        self.wasserstein = wasserstein
        self.ks = ks
        self.chiSquare = chiSquare
        self.method = method
        self.value = value
        self.band = band
        self.driftBand = driftBand ?? band
        self.qualityBand = qualityBand
        self.missingRate = missingRate
        self.outOfRangeRate = outOfRangeRate
        self.unseenRate = unseenRate
        self.typeViolations = typeViolations
        self.invalidValues = invalidValues
        self.driftSeries = driftSeries
        self.histogram = histogram
    }
}

/// Prediction layer of one slice (docs/statistics.md "Prediction layer").
public struct PredictionSnapshot: Sendable, Hashable {
    /// Scored records in the window.
    public var records: Int
    /// Score histogram on `score_bins` equal bins over [0, 1], reference beside current.
    public var scoreHistogram: HistogramSnapshot
    public var psi: Double?
    public var jensenShannon: Double?
    public var ks: KSSnapshot?
    /// Band of the score's PSI.
    public var band: DriftBand
    public var positiveRate: Double?
    public var referencePositiveRate: Double?
    public var meanScore: Double?
    /// Per bucket, oldest first.
    public var positiveRateSeries: [Double?]
    public var psiSeries: [Double?]
    /// One entry per model version seen in the window (champion first: the most records).
    public var versions: [VersionSnapshot]
    /// The challenger against the champion; `nil` with fewer than two versions (or a configured
    /// one absent from the slice).
    public var comparison: VersionComparison? = nil

    public init(
        records: Int = 0, scoreHistogram: HistogramSnapshot = HistogramSnapshot(), psi: Double? = nil,
        jensenShannon: Double? = nil, ks: KSSnapshot? = nil, band: DriftBand = .notEnoughData,
        positiveRate: Double? = nil, referencePositiveRate: Double? = nil, meanScore: Double? = nil,
        positiveRateSeries: [Double?] = [], psiSeries: [Double?] = [], versions: [VersionSnapshot] = []
    ) {
        self.records = records
        self.scoreHistogram = scoreHistogram
        self.psi = psi
        self.jensenShannon = jensenShannon
        self.ks = ks
        self.band = band
        self.positiveRate = positiveRate
        self.referencePositiveRate = referencePositiveRate
        self.meanScore = meanScore
        self.positiveRateSeries = positiveRateSeries
        self.psiSeries = psiSeries
        self.versions = versions
    }
}

/// One model version in the window (champion, challenger, shadow).
public struct VersionSnapshot: Sendable, Hashable {
    public var version: String
    public var records: Int
    public var positiveRate: Double?
    public var meanScore: Double?
    /// For ids also scored by the champion: share with the same decision, and mean |score
    /// difference|. `nil` for the champion itself or without shared ids.
    public var agreement: Double?
    public var meanAbsoluteScoreDifference: Double?
    /// Realized precision and AUC of this version once labels arrive.
    public var precision: Double?
    public var rocAUC: Double?

    public init(
        version: String, records: Int, positiveRate: Double? = nil, meanScore: Double? = nil,
        agreement: Double? = nil, meanAbsoluteScoreDifference: Double? = nil,
        precision: Double? = nil, rocAUC: Double? = nil
    ) {
        self.version = version
        self.records = records
        self.positiveRate = positiveRate
        self.meanScore = meanScore
        self.agreement = agreement
        self.meanAbsoluteScoreDifference = meanAbsoluteScoreDifference
        self.precision = precision
        self.rocAUC = rocAUC
    }
}

/// Business outcomes layer of one slice (docs/statistics.md "Business outcomes layer").
public struct PerformanceSnapshot: Sendable, Hashable {
    public var realized: RealizedPerformance
    /// Confidence-based estimate (CBPE) from the calibrated score; `nil` without a calibration.
    public var estimated: EstimatedPerformance?
    /// Performance on the reference, the baseline for "precision drop" rules.
    public var reference: EstimatedPerformance?
    /// Per bucket, oldest first.
    public var precisionSeries: [Double?]
    public var estimatedPrecisionSeries: [Double?]
    public var businessValueSeries: [Double?]

    public init(
        realized: RealizedPerformance = RealizedPerformance(), estimated: EstimatedPerformance? = nil,
        reference: EstimatedPerformance? = nil, precisionSeries: [Double?] = [],
        estimatedPrecisionSeries: [Double?] = [], businessValueSeries: [Double?] = []
    ) {
        self.realized = realized
        self.estimated = estimated
        self.reference = reference
        self.precisionSeries = precisionSeries
        self.estimatedPrecisionSeries = estimatedPrecisionSeries
        self.businessValueSeries = businessValueSeries
    }
}

/// Realized performance from joined labels (keys as in the JSON report).
public struct RealizedPerformance: Sendable, Hashable {
    public var labelled: Int = 0
    /// Labelled over predicted (scored records in the window).
    public var coverage: Double?
    public var truePositives: Int = 0
    public var falsePositives: Int = 0
    public var falseNegatives: Int = 0
    public var trueNegatives: Int = 0
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var accuracy: Double?
    public var specificity: Double?
    public var rocAUC: Double?
    public var positiveLabelRate: Double?
    public var referencePositiveLabelRate: Double?
    /// Σ of the configured outcome values; `nil` without `business:`.
    public var businessValue: Double?

    public init() {}
}

/// Estimated (or reference) performance metrics.
public struct EstimatedPerformance: Sendable, Hashable {
    public var precision: Double?
    public var recall: Double?
    public var f1: Double?
    public var accuracy: Double?
    public var rocAUC: Double?

    public init(precision: Double? = nil, recall: Double? = nil, f1: Double? = nil,
                accuracy: Double? = nil, rocAUC: Double? = nil) {
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.accuracy = accuracy
        self.rocAUC = rocAUC
    }
}
