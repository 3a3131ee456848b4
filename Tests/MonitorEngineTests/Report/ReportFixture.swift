import DriftStats
@testable import MonitorEngine
@testable import MonitorReport

/// Hand-built snapshots for the report's tests: a card-fraud model with drift in one segment, a
/// precision drop in another, a missing feature in a third and a rising fraud rate.
enum ReportFixture {
    static let from = 1_793_606_400.0          // 2026-11-02T08:00:00Z
    static let to = 1_793_620_799.5            // 2026-11-02T11:59:59.500Z

    static func amount(psi: Double, band: DriftBand, records: Int) -> FeatureSnapshot {
        FeatureSnapshot(
            name: "amount", kind: .numeric, records: records, psi: psi, jensenShannon: psi / 3, wasserstein: psi / 2,
            ks: KSSnapshot(statistic: 0.021, pValue: 0.0, bound: 0.006), chiSquare: nil, method: "psi", value: psi,
            band: band, missingRate: 0, outOfRangeRate: 0.002, unseenRate: nil)
    }

    static func category(psi: Double?, band: DriftBand, records: Int) -> FeatureSnapshot {
        FeatureSnapshot(
            name: "merchant_category", kind: .categorical, records: records, psi: psi, jensenShannon: psi.map { $0 / 4 },
            ks: nil, chiSquare: ChiSquareSnapshot(statistic: 12.5, pValue: 0.13, degreesOfFreedom: 8), method: "psi",
            value: psi, band: band, missingRate: 0, outOfRangeRate: nil, unseenRate: 0.001, typeViolations: 2)
    }

    static func accountAge(missing: Double, band: DriftBand, records: Int) -> FeatureSnapshot {
        FeatureSnapshot(
            name: "account_age_days", kind: .numeric, records: records, psi: 0.012, jensenShannon: 0.02, wasserstein: 0.01,
            ks: KSSnapshot(statistic: 0.01, pValue: 0.4, bound: 0.004), method: "psi", value: 0.012, band: band,
            missingRate: missing, outOfRangeRate: 0, unseenRate: nil)
    }

    static func performance(tp: Int, fp: Int, fn: Int, tn: Int, labelRate: Double) -> PerformanceSnapshot {
        var realized = RealizedPerformance()
        realized.labelled = tp + fp + fn + tn
        realized.coverage = 0.9
        realized.truePositives = tp
        realized.falsePositives = fp
        realized.falseNegatives = fn
        realized.trueNegatives = tn
        realized.precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : nil
        realized.recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : nil
        if let precision = realized.precision, let recall = realized.recall, precision + recall > 0 {
            realized.f1 = 2 * precision * recall / (precision + recall)
        }
        realized.accuracy = Double(tp + tn) / Double(max(1, tp + fp + fn + tn))
        realized.rocAUC = 0.87
        realized.positiveLabelRate = labelRate
        realized.referencePositiveLabelRate = 0.042
        realized.businessValue = 12_345.6
        return PerformanceSnapshot(
            realized: realized,
            estimated: EstimatedPerformance(precision: 0.74, recall: 0.33, f1: 0.46, accuracy: 0.97, rocAUC: 0.89),
            reference: EstimatedPerformance(precision: 0.75, recall: 0.34, f1: 0.47, accuracy: 0.97, rocAUC: 0.89))
    }

    static let infrastructure = InfrastructureSnapshot(
        requests: 10_000, throughputPerSecond: 0.6945, latencyP50Milliseconds: 11.2, latencyP95Milliseconds: 30.1,
        latencyP99Milliseconds: 55.0, latencyMaxMilliseconds: 1_020.3, errorRate: 0.0048)

    static let prediction = PredictionSnapshot(
        records: 9_952, psi: 0.02, jensenShannon: 0.03, ks: KSSnapshot(statistic: 0.02, pValue: 0.1, bound: 0.006),
        band: .ok, positiveRate: 0.021, referencePositiveRate: 0.02, meanScore: 0.08,
        versions: [
            VersionSnapshot(version: "v3", records: 9_952, positiveRate: 0.021, meanScore: 0.08, precision: 0.61, rocAUC: 0.87),
            VersionSnapshot(version: "v4", records: 2_021, positiveRate: 0.025, meanScore: 0.09, agreement: 0.97,
                            meanAbsoluteScoreDifference: 0.012),
        ])

    static func slice(
        _ segment: SegmentKey?, records: Int, scope: ReferenceScope = .segment, features: [FeatureSnapshot],
        performance: PerformanceSnapshot
    ) -> SliceSnapshot {
        SliceSnapshot(
            segment: segment, records: records, share: Double(records) / 10_000, referenceScope: scope,
            infrastructure: infrastructure, features: features, prediction: prediction, performance: performance)
    }

    /// The whole fixture: three segments with one problem each, alerts firing and pending.
    static func snapshot() -> Snapshot {
        var input = InputTally()
        let source = input.sourceIndex(path: "predictions.jsonl", id: 0)
        for _ in 0..<3 { input.countRecord(.prediction, source: source) }
        input.countRecord(.label, source: source)
        let line = [UInt8]("{\"id\":".utf8)
        line.withUnsafeBytes { bytes in
            input.countMalformed(.invalidJSON, detail: "unexpected end", source: source, lineNumber: 4, line: bytes)
            input.countMalformed(.invalidJSON, detail: "unexpected end", source: source, lineNumber: 9, line: bytes)
            input.countMalformed(.lineTooLong, detail: "2000000 bytes, more than the limit", source: source, lineNumber: 12,
                                 line: UnsafeRawBufferPointer(start: nil, count: 0))
        }
        let overall = slice(
            nil, records: 10_000,
            features: [
                accountAge(missing: 0.381, band: .ok, records: 10_000),
                amount(psi: 0.081, band: .ok, records: 10_000),
                category(psi: 0.004, band: .ok, records: 10_000),
            ],
            performance: performance(tp: 120, fp: 77, fn: 290, tn: 8_467, labelRate: 0.097))
        let brazil = slice(
            SegmentKey(dimension: "country", value: "BR"), records: 1_500,
            features: [amount(psi: 0.951, band: .drift, records: 1_500), category(psi: 0.03, band: .ok, records: 1_500),
                       accountAge(missing: 0.37, band: .ok, records: 1_500)],
            performance: performance(tp: 30, fp: 10, fn: 40, tn: 1_200, labelRate: 0.1))
        let web = slice(
            SegmentKey(dimension: "device", value: "web"), records: 2_500,
            features: [amount(psi: 0.05, band: .ok, records: 2_500), category(psi: 0.02, band: .ok, records: 2_500),
                       accountAge(missing: 0.0, band: .ok, records: 2_500)],
            performance: performance(tp: 6, fp: 44, fn: 60, tn: 2_100, labelRate: 0.04))
        let android = slice(
            SegmentKey(dimension: "device", value: "android"), records: 3_800,
            features: [accountAge(missing: 1.0, band: .notEnoughData, records: 3_800),
                       amount(psi: 0.04, band: .ok, records: 3_800), category(psi: 0.01, band: .ok, records: 3_800)],
            performance: performance(tp: 50, fp: 20, fn: 150, tn: 3_200, labelRate: 0.11))
        let pos = slice(
            SegmentKey(dimension: "device", value: "pos"), records: 150, scope: .global,
            features: [amount(psi: 0.2, band: .notEnoughData, records: 150)],
            performance: PerformanceSnapshot())
        var counters = EngineCounters()
        counters.lateRecords = 4
        counters.matchedLabels = 8_954
        counters.pendingPredictions = 998
        counters.recordsWithNewFeatures = 12
        counters.newFeatures = ["ip_risk"]
        let alerts = [
            AlertSnapshot(
                id: "amount drift in Brazil/segment:country=BR", rule: "amount drift in Brazil", scope: "segment:country=BR",
                severity: "high", state: .firing, value: 0.951, threshold: 0.2, comparison: "above",
                sinceSeconds: from + 4_500, acknowledged: Acknowledgement(by: "ana", atSeconds: from + 5_000.25, note: "retraining")),
            AlertSnapshot(
                id: "fraud rate rise/global", rule: "fraud rate rise", scope: "global", severity: "high", state: .pending,
                value: nil, threshold: 0.2, comparison: "below", sinceSeconds: from + 12_000,
                silenced: Silence(by: "bo", untilSeconds: from + 20_000, note: nil)),
        ]
        return Snapshot(
            model: "fraud-detector", builtAtSeconds: to + 60, input: input,
            window: WindowInfo(lengthSeconds: nil, fromSeconds: from, toSeconds: to, records: 10_000),
            reference: ReferenceInfo(path: "reference.csv", records: 12_000, wanted: nil, isReady: true),
            freshness: Freshness(secondsSinceLastRecord: 1, eventLagSeconds: 1, newestEventSeconds: to),
            bucketSeconds: 60, overall: overall, segments: [brazil, web, android, pos],
            dimensions: ["country", "device"], alerts: alerts, counters: counters, catchUp: nil)
    }

    /// Two chunks over the fixture's layers.
    static func chunks() -> [ReportChunk] {
        let snapshot = snapshot()
        return [
            ReportChunk(index: 0, firstRecord: 0, records: 5_000, fromSeconds: from, toSeconds: from + 7_200, slice: snapshot.overall),
            ReportChunk(index: 1, firstRecord: 5_000, records: 5_000, fromSeconds: from + 7_200.5, toSeconds: to,
                        slice: snapshot.segments[0]),
        ]
    }

    static func content(sections: Set<ReportSection> = Set(ReportSection.allCases), chunks: Bool = false) -> ReportContent {
        let snapshot = snapshot()
        return ReportContent(
            version: "0.1.0", model: snapshot.model, input: snapshot.input, snapshot: snapshot,
            chunks: chunks ? self.chunks() : nil, sections: sections)
    }
}
