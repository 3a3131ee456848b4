import DriftStats
@testable import MonitorEngine

/// Hand-built snapshots for rule and alert tests: every number is chosen, nothing is computed.
enum SnapshotFixture {
    static let start = 1_793_000_000.0

    static func feature(_ name: String, kind: FeatureSnapshot.Kind = .numeric, records: Int = 1_000,
                        method: String = "psi", value: Double?, band: DriftBand = .ok,
                        missing: Double? = 0, outOfRange: Double? = nil, unseen: Double? = nil) -> FeatureSnapshot {
        FeatureSnapshot(
            name: name, kind: kind, records: records, psi: method == "psi" ? value : nil, method: method,
            value: value, band: band, missingRate: missing,
            outOfRangeRate: kind == .numeric ? (outOfRange ?? 0) : nil,
            unseenRate: kind == .categorical ? (unseen ?? 0) : nil)
    }

    static func slice(segment: SegmentKey? = nil, records: Int = 1_000, features: [FeatureSnapshot] = [],
                      psi: Double? = 0.01, predictionBand: DriftBand = .ok, positiveRate: Double? = 0.05,
                      labelled: Int = 500, precision: Double? = 0.8, recall: Double? = 0.7, f1: Double? = 0.75,
                      auc: Double? = 0.9, estimatedPrecision: Double? = 0.78, referencePrecision: Double? = nil,
                      p99: Double? = 40, errorRate: Double? = 0.001) -> SliceSnapshot {
        var realized = RealizedPerformance()
        realized.labelled = labelled
        realized.precision = precision
        realized.recall = recall
        realized.f1 = f1
        realized.rocAUC = auc
        return SliceSnapshot(
            segment: segment, records: records, share: 1, referenceScope: .segment,
            infrastructure: InfrastructureSnapshot(requests: records, latencyP99Milliseconds: p99, errorRate: errorRate),
            features: features,
            prediction: PredictionSnapshot(records: records, psi: psi, band: predictionBand, positiveRate: positiveRate),
            performance: PerformanceSnapshot(
                realized: realized, estimated: EstimatedPerformance(precision: estimatedPrecision),
                reference: referencePrecision.map { EstimatedPerformance(precision: $0) }))
    }

    static func snapshot(overall: SliceSnapshot = slice(), segments: [SliceSnapshot] = [],
                         eventSeconds: Double = start, secondsSinceLastRecord: Double? = 1) -> Snapshot {
        Snapshot(
            model: "fraud-detector", builtAtSeconds: eventSeconds, input: InputTally(),
            window: WindowInfo(lengthSeconds: 900, fromSeconds: eventSeconds - 900, toSeconds: eventSeconds,
                               records: overall.records),
            reference: ReferenceInfo(path: "reference.csv", records: 5_000, wanted: nil, isReady: true),
            freshness: Freshness(secondsSinceLastRecord: secondsSinceLastRecord, eventLagSeconds: 3,
                                 newestEventSeconds: eventSeconds),
            bucketSeconds: 60, overall: overall, segments: segments,
            dimensions: Array(Set(segments.compactMap { $0.segment?.dimension })).sorted(),
            alerts: [], counters: EngineCounters(), catchUp: nil)
    }

    static func rule(_ metric: AlertMetric, _ scope: AlertScope, _ threshold: AlertRule.Threshold,
                     name: String = "r", for hold: TimeSpan = .zero, severity: AlertSeverity = .warning, action: [String]? = nil,
                     adaptive: Bool = false) -> AlertRule {
        AlertRule(name: name, metric: metric, scope: scope, threshold: threshold, holdFor: hold,
                  severity: severity, action: action, adaptive: adaptive)
    }
}
