import Testing
@testable import MonitorEngine
@testable import MonitorRules

/// The fairness gap (statistics.md, "Fairness gap"), worked out by hand on four countries.
struct FairnessGapTests {
    /// A segment slice with `records` records, positive rate `positive`, and a confusion matrix.
    static func slice(_ value: String, records: Int, positive: Double?, tp: Int, fp: Int, fn: Int, tn: Int,
                      dimension: String = "country") -> SliceSnapshot {
        var performance = PerformanceSnapshot()
        performance.realized.labelled = tp + fp + fn + tn
        performance.realized.truePositives = tp
        performance.realized.falsePositives = fp
        performance.realized.falseNegatives = fn
        performance.realized.trueNegatives = tn
        return SliceSnapshot(
            segment: SegmentKey(dimension: dimension, value: value), records: records, share: 0.25, referenceScope: .segment,
            infrastructure: InfrastructureSnapshot(), features: [], prediction: PredictionSnapshot(records: records, positiveRate: positive),
            performance: performance)
    }

    static let segments = [
        // recall 40/50 = 0.8, fpr 10/100 = 0.1, precision 40/50 = 0.8
        slice("US", records: 1_000, positive: 0.05, tp: 40, fp: 10, fn: 10, tn: 90),
        // recall 20/50 = 0.4, fpr 30/100 = 0.3, precision 20/50 = 0.4
        slice("BR", records: 800, positive: 0.09, tp: 20, fp: 30, fn: 30, tn: 70),
        // recall 30/40 = 0.75, fpr 0/60 = 0, precision 30/30 = 1
        slice("DE", records: 600, positive: 0.04, tp: 30, fp: 0, fn: 10, tn: 60),
        // too few records: left out of every rate, whatever its numbers
        slice("FR", records: 150, positive: 0.50, tp: 0, fp: 90, fn: 90, tn: 0),
        // a pool, not a group: left out
        slice("(other)", records: 5_000, positive: 0.90, tp: 1, fp: 99, fn: 99, tn: 1),
        // enough records, 40 labels: its positive rate counts, its label rates do not
        slice("MX", records: 400, positive: 0.01, tp: 10, fp: 10, fn: 10, tn: 10),
    ]

    @Test(arguments: [
        (FairnessRate.positiveRate, 0.09 - 0.01, "BR", "MX"),
        (.recall, 0.8 - 0.4, "US", "BR"),
        (.fpr, 0.3 - 0.0, "BR", "DE"),
        (.precision, 1.0 - 0.4, "DE", "BR"),
    ])
    func gapsByHand(rate: FairnessRate, gap: Double, high: String, low: String) throws {
        let found = try #require(FairnessGap.gap(rate, dimension: "country", segments: Self.segments, minimumRecords: 200))
        #expect(abs(found.gap - gap) < 1e-12)
        #expect(found.max.segment.value == high)
        #expect(found.min.segment.value == low)
    }

    @Test func aZeroDenominatorLeavesASegmentOut() {
        // Precision of a segment that flagged nothing is undefined: only one segment is left.
        let segments = [Self.slice("US", records: 500, positive: 0, tp: 0, fp: 0, fn: 20, tn: 80),
                        Self.slice("BR", records: 500, positive: 0.1, tp: 10, fp: 10, fn: 10, tn: 70)]
        #expect(FairnessGap.gap(.precision, dimension: "country", segments: segments, minimumRecords: 200) == nil)
        #expect(FairnessGap.gap(.recall, dimension: "country", segments: segments, minimumRecords: 200)?.gap == 0.5)
    }

    @Test func aRuleMeasuresTheGapOfItsRate() throws {
        var rule = AlertRule(name: "recall gap", metric: .fairnessGap, scope: .dimension("country"),
                             threshold: .above(0.2), holdFor: .minutes(0), severity: .high)
        rule.rate = .recall
        var snapshot = Snapshot(
            model: "m", builtAtSeconds: 0, input: InputTally(), window: WindowInfo(lengthSeconds: nil, fromSeconds: 0, toSeconds: 1, records: 3_000),
            reference: ReferenceInfo(path: nil, records: 1_000, wanted: nil, isReady: true),
            freshness: Freshness(secondsSinceLastRecord: 0, eventLagSeconds: 0, newestEventSeconds: 1), bucketSeconds: 60,
            overall: Self.slice("all", records: 3_000, positive: 0.05, tp: 90, fp: 40, fn: 50, tn: 220),
            segments: Self.segments, dimensions: ["country"], alerts: [], counters: EngineCounters(), catchUp: nil)
        snapshot.overall.segment = nil
        let measured = RuleEvaluator(settings: DriftSettings()).measure(rule, in: snapshot)
        #expect(measured.count == 1)
        #expect(measured.first?.scope == "dimension:country")
        #expect(abs((measured.first?.value ?? 0) - 0.4) < 1e-12)
        #expect(measured.first?.hasEnoughData == true)
        #expect(snapshot.fairness.map(\.rate) == [.positiveRate, .recall, .fpr, .precision])
    }
}
