import DriftStats
import Foundation
import MonitorEngine

/// The metric families of fleet.md, written from the counts since start (``RunningTotals``),
/// the input's tally and the latest snapshot (for the gauges that are a window's: drift, alerts).
/// O(series): features × slices × bins, the fine cells of the whole stream, and the rest.
///
/// Every series carries `model`; `segment` is empty (left out) for the whole stream and
/// `DIM=VALUE` for a segment. Counters count since the process started; a bin or cell whose
/// count is 0 is left out until it is not.
public struct MetricsExposition: Sendable {
    /// The reference file's SHA-256 (hex) and the configured bin count (`modeltop_reference_info`).
    public var referenceSHA256: String?
    public var categories: MetricsCategories
    /// The configured bin count (`drift.bins`).
    public var bins = 10
    /// The configured model name (`model:`, `--model`); without one, the first record's.
    public var model: String?
    /// When this modeltop started (wall clock): where its counters start.
    public var startSeconds = Date().timeIntervalSince1970

    public init(referenceSHA256: String?, categories: MetricsCategories, model: String? = nil) {
        self.referenceSHA256 = referenceSHA256
        self.categories = categories
        self.model = model
    }

    /// Upper bounds of the latency histogram's buckets, in milliseconds, before they are moved
    /// to the latency sketch's nearest bucket bound (so that each bucket's count is the
    /// sketch's, exactly).
    public static let latencyEdgesMilliseconds: [Double] = [
        1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
    ]

    /// Float counters recomputed from sums in another order at every scrape may come out a few
    /// ulps lower than the last scrape's: a counter must never go down (Prometheus would take it
    /// for a restart), so each is held at its highest value served.
    public struct HighWaterMarks: Sendable {
        var values: [String: Double] = [:]
        public init() {}

        mutating func monotonic(_ key: String, _ value: Double) -> Double {
            let kept = max(values[key] ?? 0, value)
            values[key] = kept
            return kept
        }
    }

    /// The exposition. `totals` is `nil` while the reference is still filling: only the input's
    /// counters are written then.
    public func render(totals: RunningTotals?, input: InputTally, snapshot: Snapshot?, format: ExpositionWriter.Format,
                       marks: inout HighWaterMarks) -> (text: String, series: Int) {
        var out = ExpositionWriter(format: format)
        let model = self.model ?? totals?.model ?? snapshot?.model ?? "default"

        out.family("modeltop_records", .counter, help: "Records read since start, by kind.")
        out.sample("modeltop_records_total", ["model": model, "kind": "prediction"], Double(input.predictions))
        out.sample("modeltop_records_total", ["model": model, "kind": "label"], Double(input.labels))

        out.family("modeltop_start_time_seconds", .gauge, help: "When this modeltop started, in seconds since the epoch: its counters count from then.")
        out.sample("modeltop_start_time_seconds", ["model": model], startSeconds.rounded(.down))

        out.family("modeltop_malformed_lines", .counter, help: "Lines that could not be read as a record, by reason.")
        for (reason, count) in input.malformed.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where count > 0 {
            out.sample("modeltop_malformed_lines_total", ["model": model, "reason": reason.rawValue], Double(count))
        }

        if let totals {
            out.family("modeltop_last_record_time_seconds", .gauge, help: "When the last record arrived, in seconds since the epoch (freshness: the stale rule).")
            if let last = totals.lastRecordSeconds {
                out.sample("modeltop_last_record_time_seconds", ["model": model], last)
            }
            writeInfrastructure(totals, model: model, into: &out, marks: &marks)
            writeFeatures(totals, model: model, into: &out, marks: &marks)
            writePredictions(totals, model: model, into: &out)
            writeOutcomes(totals, model: model, into: &out)
            out.family("modeltop_reference_info", .gauge, help: "1; the reference file's SHA-256 (none: the agent builds its reference from its stream), drift.bins and metrics.categories, which every agent of a fleet must share.")
            out.sample("modeltop_reference_info", [
                ("model", model), ("reference_sha256", referenceSHA256 ?? "none"),
                ("bins", String(bins)), ("categories", categories.rawValue),
            ], 1)
        }
        if let snapshot {
            writeDrift(snapshot, model: model, into: &out)
            writeAlerts(snapshot, model: model, into: &out)
        }
        out.finish()
        return (out.text, out.samples)
    }

    // MARK: - Families

    private func writeInfrastructure(_ totals: RunningTotals, model: String, into out: inout ExpositionWriter,
                                     marks: inout HighWaterMarks) {
        guard let whole = totals.slices.first, whole.segment == nil else { return }
        out.family("modeltop_requests", .counter, help: "Prediction lines since start, by version and status.")
        for (index, version) in whole.counts.versions.enumerated() where version.requests > 0 {
            let name = versionName(index, totals)
            out.sample("modeltop_requests_total", ["model": model, "version": name, "status": "ok"], Double(version.requests - version.errors))
            out.sample("modeltop_requests_total", ["model": model, "version": name, "status": "error"], Double(version.errors))
        }

        let sketch = whole.counts.latency
        out.family("modeltop_latency_seconds", .histogram, help: "Serving latency in seconds; bucket bounds are the latency sketch's nearest the round values, so each count is exact.")
        for edge in Self.latencyEdgesMilliseconds {
            let index = sketch.bucketIndex(nearest: edge)
            let bound = sketch.upperBound(ofBucket: index) / 1_000
            out.sample("modeltop_latency_seconds_bucket", ["model": model, "le": ExpositionWriter.number(bound)],
                       Double(sketch.count(atOrBelowBucket: index)))
        }
        out.sample("modeltop_latency_seconds_bucket", ["model": model, "le": "+Inf"], Double(sketch.count))
        out.sample("modeltop_latency_seconds_sum", ["model": model], marks.monotonic("latency_sum", sketch.sum / 1_000))
        out.sample("modeltop_latency_seconds_count", ["model": model], Double(sketch.count))
    }

    private func writeFeatures(_ totals: RunningTotals, model: String, into out: inout ExpositionWriter,
                               marks: inout HighWaterMarks) {
        let features = totals.reference.features
        out.family("modeltop_slice_records", .counter, help: "Records that take part in the input, prediction and outcome layers (not failed without a score, not shadows), per slice.")
        for slice in totals.slices where slice.counts.records > 0 {
            out.sample("modeltop_slice_records_total", [("model", model), ("segment", segmentLabel(slice.segment))], Double(slice.counts.records))
        }
        out.family("modeltop_feature_bin", .counter, help: "Current records per reference bin of each feature, since start (bin __missing__: absent, null or NaN; __unseen__: a category the reference never had).")
        for slice in totals.slices {
            let segment = segmentLabel(slice.segment)
            for (index, feature) in features.enumerated() where index < slice.counts.features.count {
                let counts = slice.counts.features[index]
                for (bin, count) in bins(of: counts, feature: feature) where count > 0 {
                    out.sample("modeltop_feature_bin_total", [
                        ("model", model), ("feature", feature.name), ("segment", segment), ("bin", bin),
                    ], Double(count))
                }
            }
        }

        out.family("modeltop_feature_reference_ratio", .gauge, help: "The reference's share of each bin (the slice's own reference, or the whole stream's where it has none).")
        for slice in totals.slices {
            let segment = segmentLabel(slice.segment)
            for (index, feature) in features.enumerated() {
                for (bin, share) in referenceShares(slice.reference, index: index, feature: feature) {
                    out.sample("modeltop_feature_reference_ratio", [
                        ("model", model), ("feature", feature.name), ("segment", segment), ("bin", bin),
                    ], share)
                }
            }
        }

        // The fine grid of the whole stream: KS and Wasserstein of the fleet.
        guard let whole = totals.slices.first, whole.segment == nil else { return }
        out.family("modeltop_feature_cell", .counter, help: "Whole stream: values per fine grid cell of each numeric feature.")
        forEachCell(whole, features) { feature, cell, counts in
            out.sample("modeltop_feature_cell_total", [("model", model), ("feature", feature), ("cell", String(cell))],
                       Double(counts.cells[cell].count))
        }
        out.family("modeltop_feature_cell_offset", .counter, help: "Whole stream: sum of each value's distance from its cell's inner edge (the edge nearer the grid's middle).")
        forEachCell(whole, features) { feature, cell, counts in
            let offset = Self.offset(counts, cell: cell)
            out.sample("modeltop_feature_cell_offset_total", [("model", model), ("feature", feature), ("cell", String(cell))],
                       marks.monotonic("offset \(feature) \(cell)", offset))
        }
        out.family("modeltop_feature_cell_edge", .counter, help: "Whole stream: values on each fine cell's upper edge.")
        forEachCell(whole, features) { feature, cell, counts in
            out.sample("modeltop_feature_cell_edge_total", [("model", model), ("feature", feature), ("cell", String(cell))],
                       Double(counts.cells[cell].upperEdgeCount))
        }
    }

    private func writePredictions(_ totals: RunningTotals, model: String, into out: inout ExpositionWriter) {
        out.family("modeltop_score_bin", .counter, help: "Scores of the served predictions per reference score bin (no version: per-version scores are not kept per segment).")
        for slice in totals.slices {
            let segment = segmentLabel(slice.segment)
            for (bin, count) in slice.counts.score.coarseCounts.enumerated() where count > 0 {
                out.sample("modeltop_score_bin_total", [("model", model), ("segment", segment), ("bin", String(bin))], Double(count))
            }
        }
        var rows: [(version: String, segment: String, decided: Int, positives: Int)] = []
        for slice in totals.slices {
            let segment = segmentLabel(slice.segment)
            rows.append(("", segment, slice.counts.decided, slice.counts.positives))
            for (index, version) in slice.counts.versions.enumerated() {
                rows.append((versionName(index, totals), segment, version.decided, version.positives))
            }
        }
        rows.removeAll { $0.decided == 0 }
        out.family("modeltop_predictions_decided", .counter, help: "Predictions with a yes/no decision: the served ones (no version), and each version's own (its shadow lines included).")
        for row in rows {
            out.sample("modeltop_predictions_decided_total", [("model", model), ("version", row.version), ("segment", row.segment)], Double(row.decided))
        }
        out.family("modeltop_predictions_positive", .counter, help: "Positive decisions: the served ones (no version), and each version's own (its shadow lines included).")
        for row in rows {
            out.sample("modeltop_predictions_positive_total", [("model", model), ("version", row.version), ("segment", row.segment)], Double(row.positives))
        }
    }

    private func writeOutcomes(_ totals: RunningTotals, model: String, into out: inout ExpositionWriter) {
        out.family("modeltop_outcomes", .counter, help: "Labelled outcomes: tp, fp, fn, tn (per class, one against the rest, for a multiclass model).")
        for slice in totals.slices {
            let segment = segmentLabel(slice.segment)
            if totals.task == .multiclass, let confusion = slice.counts.task?.confusion, confusion.total > 0 {
                let k = confusion.classCount
                let total = confusion.total
                for c in 0..<k {
                    let tp = confusion.count(actual: c, predicted: c)
                    let predicted = (0..<k).reduce(0) { $0 + confusion.count(actual: $1, predicted: c) }
                    let actual = (0..<k).reduce(0) { $0 + confusion.count(actual: c, predicted: $1) }
                    let name = c < totals.classes.count ? totals.classes[c] : String(c)
                    for (outcome, count) in [("tp", tp), ("fp", predicted - tp), ("fn", actual - tp), ("tn", total - predicted - actual + tp)] {
                        out.sample("modeltop_outcomes_total", [("model", model), ("segment", segment), ("class", name), ("outcome", outcome)], Double(count))
                    }
                }
            } else if totals.task == .binary, slice.counts.confusion.total > 0 {
                let c = slice.counts.confusion
                for (outcome, count) in [("tp", c.truePositives), ("fp", c.falsePositives), ("fn", c.falseNegatives), ("tn", c.trueNegatives)] {
                    out.sample("modeltop_outcomes_total", [("model", model), ("segment", segment), ("outcome", outcome)], Double(count))
                }
            }
        }
    }

    private func writeDrift(_ snapshot: Snapshot, model: String, into out: inout ExpositionWriter) {
        out.family("modeltop_drift", .gauge, help: "Each feature's drift as the screen shows it, for the current window, by method.")
        for slice in [snapshot.overall] + snapshot.segments {
            let segment = segmentLabel(slice.segment)
            for feature in slice.features {
                guard let value = feature.value, value.isFinite else { continue }
                out.sample("modeltop_drift", [("model", model), ("feature", feature.name), ("segment", segment), ("method", feature.method)], value)
            }
        }
    }

    private func writeAlerts(_ snapshot: Snapshot, model: String, into out: inout ExpositionWriter) {
        out.family("modeltop_alert_firing", .gauge, help: "1 while an alert fires, 0 while it is pending or resolved.")
        var seen = Set<String>()
        for alert in snapshot.alerts where seen.insert(alert.rule + "\u{0}" + alert.scope).inserted {
            out.sample("modeltop_alert_firing", [("model", model), ("rule", alert.rule), ("scope", scopeLabel(alert.scope)), ("severity", alert.severity)],
                       alert.state == .firing ? 1 : 0)
        }
    }

    // MARK: - Bins, cells, labels

    /// The label of a category slot: its name, `(other)` for the reference's rarer values; a
    /// category that is itself named like one of those or like a reserved bin is written with a
    /// `\` in front, so that no two bins share a label.
    static func categoryBin(_ slot: Int, _ reference: CategoricalReference) -> String {
        slot < reference.categories.count ? FleetTotals.binLabel(category: reference.categories[slot]) : CategoricalReference.otherName
    }

    private func bins(of counts: FeatureCounts, feature: FeatureReference) -> [(String, Int)] {
        var result: [(String, Int)] = []
        if let numeric = counts.numeric {
            for (bin, count) in numeric.coarseCounts.enumerated() { result.append((String(bin), count)) }
        } else if let categorical = counts.categorical, let reference = feature.categorical {
            for (slot, count) in categorical.slotCounts.enumerated() {
                result.append((categoryLabel(Self.categoryBin(slot, reference)), count))
            }
            result.append(("__unseen__", categorical.unseen))
        }
        result.append(("__missing__", counts.missing))
        return result
    }

    private func referenceShares(_ reference: SliceReference, index: Int, feature: FeatureReference) -> [(String, Double)] {
        if index < reference.numeric.count, let numeric = reference.numeric[index] {
            let total = Double(numeric.count)
            guard total > 0 else { return [] }
            return numeric.coarseCounts.enumerated().map { (String($0.offset), Double($0.element) / total) }
        }
        if index < reference.categorical.count, let categorical = reference.categorical[index], let names = feature.categorical {
            let total = Double(categorical.count)
            guard total > 0 else { return [] }
            // The unseen bin is PSI's and JS's too, with no reference share.
            return categorical.slotCounts.enumerated().map { slot, count in
                (categoryLabel(Self.categoryBin(slot, names)), Double(count) / total)
            } + [("__unseen__", 0)]
        }
        return []
    }

    private func forEachCell(_ whole: RunningTotals.Slice, _ features: [FeatureReference],
                             _ body: (String, Int, NumericCounts) -> Void) {
        for (index, feature) in features.enumerated() where index < whole.counts.features.count {
            guard let counts = whole.counts.features[index].numeric, !counts.grid.fineEdges.isEmpty else { continue }
            for cell in counts.cells.indices where counts.cells[cell].count > 0 { body(feature.name, cell, counts) }
        }
    }

    /// The sum of the distances of a cell's values from its inner edge (``NumericGrid/innerEdge(ofFineCell:)``),
    /// never negative.
    static func offset(_ counts: NumericCounts, cell: Int) -> Double {
        guard let edge = counts.grid.innerEdge(ofFineCell: cell) else { return 0 }
        let n = Double(counts.cells[cell].count), sum = counts.cells[cell].sum
        return max(0, edge.isUpper ? n * edge.value - sum : sum - n * edge.value)
    }

    private func versionName(_ index: Int, _ totals: RunningTotals) -> String {
        guard index < totals.versionNames.count else { return "(other)" }
        return FleetTotals.versionLabel(totals.versionNames[index])
    }

    private func segmentLabel(_ key: SegmentKey?) -> String {
        guard let key else { return "" }
        return key.dimension + "=" + categoryLabel(key.value)
    }

    /// An alert's scope with its segment value hashed when categories are
    /// (`segment:country=BR/feature:amount`).
    func scopeLabel(_ scope: String) -> String {
        // The value runs from `segment:DIM=` to `/feature:` (or the end): it may hold a `/`.
        guard categories == .hashed, let start = scope.range(of: "segment:"),
              let equals = scope[start.upperBound...].firstIndex(of: "=") else { return scope }
        let valueStart = scope.index(after: equals)
        let valueEnd = scope.range(of: "/feature:", options: .backwards, range: valueStart..<scope.endIndex)?.lowerBound ?? scope.endIndex
        return String(scope[..<valueStart]) + categoryLabel(String(scope[valueStart..<valueEnd])) + String(scope[valueEnd...])
    }

    private func categoryLabel(_ value: String) -> String {
        categories == .hashed ? String(SHA256.hex(Array(value.utf8)).prefix(12)) : value
    }
}
