import DriftStats
import MonitorEngine

/// Times a full frame render, for the render benchmark and for the terminal backend's own
/// measurements: a synthetic snapshot of realistic size, drawn again and again into a Buffer.
public enum DashboardBenchmark {
    /// A deterministic snapshot with `features` features and `segments` segment values, every
    /// series `buckets` long and three alerts: what a busy production model shows.
    public static func sampleSnapshot(features: Int = 30, segments: Int = 24, buckets: Int = 72) -> Snapshot {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            // SplitMix64: reproducible without Foundation.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        func series(_ scale: Double) -> [Double?] { (0..<buckets).map { _ in next() * scale } }
        func slice(_ key: SegmentKey?, records: Int) -> SliceSnapshot {
            let list: [FeatureSnapshot] = (0..<features).map { index in
                let psi = next() * 0.3
                return FeatureSnapshot(
                    name: "feature_\(index)", kind: index % 4 == 0 ? .categorical : .numeric, records: records, psi: psi,
                    jensenShannon: psi * 0.7, wasserstein: psi * 0.5, ks: KSSnapshot(statistic: psi / 2, pValue: next(), bound: 0.01),
                    method: "psi", value: psi, band: DriftBand(distance: psi, thresholds: .psi, windowCount: records),
                    missingRate: next() * 0.05, outOfRangeRate: next() * 0.02, driftSeries: series(0.3),
                    histogram: HistogramSnapshot(labels: (0..<10).map { "bin \($0)" }, reference: (0..<10).map { _ in next() / 10 },
                                                 current: (0..<10).map { _ in next() / 10 }))
            }.sorted { ($0.band.severityRank, -($0.value ?? 0)) < ($1.band.severityRank, -($1.value ?? 0)) }
            var realized = RealizedPerformance()
            realized.precision = 0.8 + next() * 0.1
            realized.recall = 0.7
            realized.coverage = 0.3
            realized.labelled = records / 3
            return SliceSnapshot(
                segment: key, records: records, share: 1, referenceScope: .segment,
                infrastructure: InfrastructureSnapshot(requests: records, throughputPerSecond: 800, latencyP50Milliseconds: 12,
                                                       latencyP95Milliseconds: 40, latencyP99Milliseconds: 90, errorRate: 0.004,
                                                       throughputSeries: (0..<buckets).map { _ in 700 + next() * 200 },
                                                       latencyP99Series: series(100), errorRateSeries: series(0.01)),
                features: list,
                prediction: PredictionSnapshot(records: records, scoreHistogram: HistogramSnapshot(
                    labels: (0..<20).map { "\($0)" }, reference: (0..<20).map { _ in next() / 20 }, current: (0..<20).map { _ in next() / 20 }),
                    psi: 0.05, band: .ok, positiveRate: 0.03, referencePositiveRate: 0.025, positiveRateSeries: series(0.05),
                    versions: [VersionSnapshot(version: "v1", records: records), VersionSnapshot(version: "v2", records: records / 10, agreement: 0.95)]),
                performance: PerformanceSnapshot(realized: realized, estimated: EstimatedPerformance(precision: 0.82),
                                                 reference: EstimatedPerformance(precision: 0.85), precisionSeries: series(1)))
        }
        let keys = (0..<segments).map { SegmentKey(dimension: $0 % 2 == 0 ? "country" : "channel", value: "value\($0)") }
        let alerts = (0..<3).map { index in
            AlertSnapshot(id: "rule\(index)/global", rule: "rule\(index)", scope: "global", severity: ["critical", "high", "warning"][index],
                          state: .firing, value: 0.3, threshold: 0.2, comparison: "above", sinceSeconds: 1_767_000_000)
        }
        return Snapshot(
            model: "benchmark", builtAtSeconds: 1_767_000_000, input: InputTally(),
            window: WindowInfo(lengthSeconds: 3600, fromSeconds: 1_766_996_400, toSeconds: 1_767_000_000, records: 100_000),
            reference: ReferenceInfo(path: "reference.jsonl", records: 200_000, wanted: nil, isReady: true),
            freshness: Freshness(secondsSinceLastRecord: 0.2, eventLagSeconds: 1, newestEventSeconds: 1_767_000_000),
            bucketSeconds: 300, overall: slice(nil, records: 100_000), segments: keys.map { slice($0, records: 4000) },
            dimensions: ["country", "channel"], alerts: alerts, counters: EngineCounters(), catchUp: nil)
    }

    /// Renders the overview of `snapshot` (a sample one by default) at `width`×`height`
    /// `iterations` times and returns the mean seconds per frame.
    public static func renderOverview(width: Int = 200, height: Int = 60, iterations: Int = 200,
                                      snapshot: Snapshot? = nil, glyphs: Glyphs = .unicode) -> Double {
        var model = DashboardModel(width: width, height: height)
        model.handle(.snapshot(snapshot ?? sampleSnapshot()))
        model.handle(.tick(nowSeconds: 1_767_000_000))
        let view = DashboardView(model: model, glyphs: glyphs)
        var checksum = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<max(1, iterations) {
                let buffer = view.frame(width: width, height: height)
                checksum &+= buffer.cells.count
            }
        }
        precondition(checksum > 0, "DashboardBenchmark: nothing rendered")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds / Double(max(1, iterations))
    }
}
