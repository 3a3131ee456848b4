import DriftStats
import MonitorEngine
@testable import Dashboard

/// A realistic, fixed snapshot of a card-fraud model: 9 features, two segment dimensions
/// (country, channel), a segment (country=BR) whose inputs drifted and whose precision fell, and
/// alerts in every state. Every number is written out, so the golden screens never move.
enum Fixture {
    /// 2026-01-01T12:00:00Z.
    static let now = 1_767_268_800.0

    static func series(_ values: [Double]) -> [Double?] { values.map { $0 } }

    static func histogram(_ labels: [String], _ reference: [Double], _ current: [Double]) -> HistogramSnapshot {
        HistogramSnapshot(labels: labels, reference: reference, current: current)
    }

    static let amountBins = ["≤ 12.5", "(12.5, 40]", "(40, 95]", "(95, 210]", "(210, 480]", "> 480"]

    /// The nine features of the whole stream (or of BR, drifted), sorted worst first.
    static func features(drifted: Bool, records: Int, scale: Double) -> [FeatureSnapshot] {
        let d = drifted
        let list: [FeatureSnapshot] = [
            FeatureSnapshot(name: "amount", kind: .numeric, records: records, psi: d ? 0.412 : 0.231, jensenShannon: d ? 0.281 : 0.162,
                            wasserstein: d ? 0.301 : 0.144, ks: KSSnapshot(statistic: d ? 0.214 : 0.118, pValue: 0.0000012, bound: 0.004),
                            method: "psi", value: d ? 0.412 : 0.231, band: .drift, missingRate: 0.0, outOfRangeRate: d ? 0.061 : 0.021,
                            driftSeries: series([0.02, 0.03, 0.02, 0.05, 0.09, 0.14, 0.19, 0.22, d ? 0.41 : 0.23]),
                            histogram: histogram(amountBins, [0.22, 0.31, 0.24, 0.14, 0.07, 0.02], d ? [0.08, 0.17, 0.22, 0.25, 0.18, 0.10] : [0.14, 0.25, 0.25, 0.19, 0.11, 0.06])),
            FeatureSnapshot(name: "merchant_category", kind: .categorical, records: records, psi: d ? 0.266 : 0.128, jensenShannon: 0.118,
                            chiSquare: ChiSquareSnapshot(statistic: 184.2, pValue: 0.0000004, degreesOfFreedom: 11),
                            method: "psi", value: d ? 0.266 : 0.128, band: d ? .drift : .warning, missingRate: 0.004, unseenRate: 0.012,
                            driftSeries: series([0.03, 0.04, 0.05, 0.07, 0.09, 0.11, 0.12, 0.13]),
                            histogram: histogram(["grocery", "travel", "online", "fuel", "(unseen)"], [0.38, 0.12, 0.31, 0.19, 0.0], [0.30, 0.21, 0.33, 0.15, 0.01])),
            FeatureSnapshot(name: "distance_from_home_km", kind: .numeric, records: records, psi: 0.104, jensenShannon: 0.091, wasserstein: 0.071,
                            ks: KSSnapshot(statistic: 0.061, pValue: 0.021, bound: 0.003), method: "psi", value: 0.104, band: .warning,
                            missingRate: 0.031, outOfRangeRate: 0.008, driftSeries: series([0.04, 0.05, 0.06, 0.08, 0.09, 0.10, 0.10, 0.10])),
            FeatureSnapshot(name: "hour_of_day", kind: .numeric, records: records, psi: 0.061, jensenShannon: 0.052, wasserstein: 0.033,
                            ks: KSSnapshot(statistic: 0.041, pValue: 0.19, bound: 0.002), method: "psi", value: 0.061, band: .ok,
                            missingRate: 0.0, outOfRangeRate: 0.0, driftSeries: series([0.05, 0.07, 0.06, 0.05, 0.06, 0.06, 0.07, 0.06])),
            FeatureSnapshot(name: "card_age_days", kind: .numeric, records: records, psi: 0.042, jensenShannon: 0.038, wasserstein: 0.021,
                            ks: KSSnapshot(statistic: 0.028, pValue: 0.41, bound: 0.002), method: "psi", value: 0.042, band: .ok,
                            missingRate: 0.0, outOfRangeRate: 0.001, driftSeries: series([0.04, 0.04, 0.05, 0.04, 0.04, 0.04])),
            FeatureSnapshot(name: "device_type", kind: .categorical, records: records, psi: 0.018, jensenShannon: 0.021,
                            chiSquare: ChiSquareSnapshot(statistic: 3.1, pValue: 0.38, degreesOfFreedom: 3),
                            method: "psi", value: 0.018, band: .ok, missingRate: 0.002, unseenRate: 0.0,
                            driftSeries: series([0.02, 0.02, 0.01, 0.02, 0.02, 0.02])),
            FeatureSnapshot(name: "txn_count_24h", kind: .numeric, records: records, psi: 0.012, jensenShannon: 0.015, wasserstein: 0.009,
                            ks: KSSnapshot(statistic: 0.011, pValue: 0.93, bound: 0.001), method: "psi", value: 0.012, band: .ok,
                            missingRate: 0.0, outOfRangeRate: 0.0, typeViolations: 3, driftSeries: series([0.01, 0.01, 0.02, 0.01, 0.01, 0.01])),
            FeatureSnapshot(name: "email_domain_risk", kind: .numeric, records: records, psi: 0.009, jensenShannon: 0.011, wasserstein: 0.004,
                            ks: KSSnapshot(statistic: 0.008, pValue: 0.99, bound: 0.001), method: "psi", value: 0.009, band: .ok,
                            missingRate: 0.118, outOfRangeRate: 0.0, driftSeries: series([0.01, 0.01, 0.01, 0.01])),
            FeatureSnapshot(name: "ip_reputation", kind: .numeric, records: 120, method: "psi", band: .notEnoughData, missingRate: 0.97),
        ]
        // Segments differ from the whole stream by a factor; bands follow from PSI's thresholds.
        guard scale != 1 else { return list }
        return list.map { feature in
            var scaled = feature
            scaled.psi = feature.psi.map { $0 * scale }
            scaled.value = scaled.psi
            scaled.driftSeries = feature.driftSeries.map { $0.map { $0 * scale } }
            scaled.band = DriftBand(distance: scaled.value, thresholds: .psi, windowCount: feature.records)
            return scaled
        }.sorted { lhs, rhs in
            lhs.band != rhs.band ? lhs.band.severityRank < rhs.band.severityRank : (lhs.value ?? -1) > (rhs.value ?? -1)
        }
    }

    static func slice(_ key: SegmentKey?, records: Int, share: Double, drifted: Bool = false,
                      precision: Double? = 0.842, estimated: Double? = 0.835, positiveRate: Double = 0.031,
                      scale: Double = 1, scope: ReferenceScope = .segment) -> SliceSnapshot {
        let infrastructure = InfrastructureSnapshot(
            requests: records + records / 200, throughputPerSecond: Double(records) / 3600, latencyP50Milliseconds: 12.4,
            latencyP95Milliseconds: 41.8, latencyP99Milliseconds: 88.3, latencyMaxMilliseconds: 412, errorRate: 0.0042,
            throughputSeries: [11.2, 12.8, 13.1, 12.2, 14.9, 15.3, 13.7, 12.9, 13.4, 14.1, 13.9, 13.2],
            latencyP99Series: series([71, 74, 80, 78, 92, 88, 85, 90, 87, 84, 88, 88]),
            errorRateSeries: series([0.003, 0.004, 0.004, 0.005, 0.004, 0.003, 0.004, 0.006, 0.004, 0.004, 0.004, 0.004]))
        let bins = (0..<10).map { "[\(Double($0) / 10), \(Double($0 + 1) / 10))" }
        var prediction = PredictionSnapshot(
            records: records,
            scoreHistogram: histogram(bins, [0.46, 0.21, 0.11, 0.07, 0.05, 0.03, 0.02, 0.02, 0.015, 0.015],
                                      drifted ? [0.31, 0.18, 0.13, 0.10, 0.08, 0.06, 0.05, 0.04, 0.03, 0.02] : [0.42, 0.22, 0.12, 0.08, 0.05, 0.03, 0.03, 0.02, 0.02, 0.01]),
            psi: drifted ? 0.244 : 0.034, jensenShannon: 0.05, band: drifted ? .drift : .ok,
            positiveRate: positiveRate, referencePositiveRate: 0.024, meanScore: 0.18,
            positiveRateSeries: series([0.024, 0.025, 0.026, 0.027, 0.029, 0.031]),
            psiSeries: series([0.01, 0.02, 0.02, 0.03, 0.03, 0.03]),
            versions: key == nil ? [
                VersionSnapshot(version: "fraud-v7", records: records * 9 / 10, positiveRate: 0.031, meanScore: 0.18, precision: 0.842, rocAUC: 0.931),
                VersionSnapshot(version: "fraud-v8-shadow", records: records / 10, positiveRate: 0.029, meanScore: 0.17,
                                agreement: 0.962, meanAbsoluteScoreDifference: 0.021, precision: 0.861, rocAUC: 0.938),
            ] : [])
        if key == nil {
            prediction.comparison = VersionComparison(
                champion: "fraud-v7", challenger: "fraud-v8-shadow", positiveRateDifference: -0.002, z: -1.21, pValue: 0.226,
                precision: .init(value: 0.019, lower: -0.004, upper: 0.041), recall: .init(value: 0.004, lower: -0.02, upper: 0.027),
                accuracy: .init(value: -0.003, lower: -0.011, upper: 0.006), ks: KSSnapshot(statistic: 0.031, pValue: 0.12, bound: 0))
        }
        var realized = RealizedPerformance()
        realized.labelled = precision == nil ? 0 : records * 34 / 100
        realized.coverage = precision == nil ? 0 : 0.34
        realized.precision = precision
        realized.recall = precision.map { $0 - 0.12 }
        realized.f1 = precision.map { 2 * $0 * ($0 - 0.12) / (2 * $0 - 0.12) }
        realized.rocAUC = precision.map { _ in drifted ? 0.874 : 0.931 }
        realized.businessValue = precision.map { _ in drifted ? -1840 : 12_450 }
        let performance = PerformanceSnapshot(
            realized: realized, estimated: EstimatedPerformance(precision: estimated, recall: estimated.map { $0 - 0.1 }, rocAUC: 0.925),
            reference: EstimatedPerformance(precision: 0.851, recall: 0.731, f1: 0.787, rocAUC: 0.934),
            precisionSeries: series([0.85, 0.85, 0.84, 0.84, 0.83, precision ?? 0.8]),
            estimatedPrecisionSeries: series([0.85, 0.84, 0.84, 0.83, 0.83, 0.83]),
            businessValueSeries: series([2100, 2300, 1900, 2250, 2000, 1900]))
        return SliceSnapshot(segment: key, records: records, share: share, referenceScope: scope, infrastructure: infrastructure,
                             features: features(drifted: drifted, records: records, scale: scale), prediction: prediction, performance: performance)
    }

    static func tally() -> InputTally {
        var tally = InputTally()
        let predictions = tally.sourceIndex(path: "logs/predictions.jsonl", id: 0)
        let labels = tally.sourceIndex(path: "logs/labels.jsonl", id: 1)
        for _ in 0..<48_210 { tally.countRecord(.prediction, source: predictions) }
        for _ in 0..<9_100 { tally.countRecord(.label, source: labels) }
        let line = Array("{\"id\": 17, \"score\": ".utf8)
        line.withUnsafeBytes { bytes in
            for number in 0..<12 {
                tally.countMalformed(.invalidJSON, detail: "unexpected end of line", source: predictions, lineNumber: 100 + number, line: bytes)
            }
        }
        return tally
    }

    static let br = SegmentKey(dimension: "country", value: "BR")

    static func alerts() -> [AlertSnapshot] {
        [
            AlertSnapshot(id: "precision drop/segment:country=BR", rule: "precision drop", scope: "segment:country=BR", severity: "critical",
                          state: .firing, value: 0.612, threshold: 0.75, comparison: "below", sinceSeconds: now - 2400,
                          action: ActionRun(startedAtSeconds: now - 2300, exitStatus: nil, timedOut: false, outputTail: ["queued retraining job 4411"]),
                          segment: br, firedAtSeconds: now - 2400, firedValue: 0.655),
            AlertSnapshot(id: "feature drift/feature:amount", rule: "feature drift", scope: "feature:amount", severity: "high",
                          state: .firing, value: 0.231, threshold: 0.2, comparison: "above", sinceSeconds: now - 5400,
                          acknowledged: Acknowledgement(by: "maria", atSeconds: now - 3000, note: "holiday season, watching"),
                          feature: "amount", firedAtSeconds: now - 5100, firedValue: 0.244),
            AlertSnapshot(id: "feature drift/segment:country=BR/feature:merchant_category", rule: "feature drift",
                          scope: "segment:country=BR/feature:merchant_category", severity: "warning", state: .firing,
                          value: 0.266, threshold: 0.2, comparison: "above", sinceSeconds: now - 1800,
                          silenced: Silence(by: "li", untilSeconds: now + 3600, note: "known partner change"),
                          feature: "merchant_category", segment: br, firedAtSeconds: now - 1500),
            AlertSnapshot(id: "latency p99/global", rule: "latency p99", scope: "global", severity: "warning", state: .pending,
                          value: 88.3, threshold: 80, comparison: "above", sinceSeconds: now - 120),
            AlertSnapshot(id: "error rate/global", rule: "error rate", scope: "global", severity: "high", state: .resolved,
                          value: 0.004, threshold: 0.02, comparison: "above", sinceSeconds: now - 9000, resolvedSeconds: now - 7200,
                          action: ActionRun(startedAtSeconds: now - 8900, exitStatus: 2, timedOut: false, outputTail: ["paging failed: no route"]),
                          firedAtSeconds: now - 8940, firedValue: 0.031),
        ]
    }

    static func snapshot() -> Snapshot {
        var overall = slice(nil, records: 48_210, share: 1)
        overall.infrastructure.requests = 48_412
        // Multivariate drift (statistics.md): above the reference's band.
        overall.multivariate = MultivariateSnapshot(
            components: 3, features: 6, records: 48_210, error: 1.532, lower: 0.912, upper: 1.402, chunkRows: 48_210, alert: true)
        let segments = [
            slice(SegmentKey(dimension: "country", value: "US"), records: 21_400, share: 0.444, precision: 0.861, estimated: 0.852, scale: 0.7),
            slice(SegmentKey(dimension: "country", value: "DE"), records: 9_870, share: 0.205, precision: 0.858, estimated: 0.85, scale: 0.4),
            slice(br, records: 7_310, share: 0.152, drifted: true, precision: 0.612, estimated: 0.701, positiveRate: 0.058),
            slice(SegmentKey(dimension: "country", value: "(other)"), records: 9_630, share: 0.2, precision: 0.849, estimated: 0.84, scale: 1.1, scope: .global),
            slice(SegmentKey(dimension: "channel", value: "web"), records: 30_100, share: 0.624, precision: 0.83, estimated: 0.828, scale: 1.2),
            slice(SegmentKey(dimension: "channel", value: "app"), records: 18_110, share: 0.376, precision: nil, estimated: 0.861, scale: 0.6),
        ]
        var counters = EngineCounters()
        counters.lateRecords = 14
        counters.matchedLabels = 16_390
        return Snapshot(
            model: "card-fraud", builtAtSeconds: now, input: tally(),
            window: WindowInfo(lengthSeconds: 3600, fromSeconds: now - 3600, toSeconds: now - 2, records: 48_210),
            reference: ReferenceInfo(path: "reference/train.jsonl", records: 200_000, wanted: nil, isReady: true),
            freshness: Freshness(secondsSinceLastRecord: 0.4, eventLagSeconds: 2.1, newestEventSeconds: now - 2),
            bucketSeconds: 300, overall: overall, segments: segments, dimensions: ["country", "channel"],
            alerts: alerts(), counters: counters, catchUp: nil)
    }

    /// A model showing the fixture at `width`×`height`, clock at the snapshot's time.
    static func model(width: Int = 80, height: Int = 24) -> DashboardModel {
        var model = DashboardModel(width: width, height: height)
        model.handle(.snapshot(snapshot()))
        model.handle(.tick(nowSeconds: now))
        return model
    }
}
