import DriftStats
import MonitorEngine

/// One feature in depth: reference vs current histogram, every metric with its band, drift
/// over time, and the same feature in every segment, worst first.
struct FeatureDetailView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        let c = frame.context
        let name = frame.model.detailFeature ?? ""
        let scope = slice.segment.map { " · \($0)" } ?? ""
        guard let feature = slice.feature(named: name) else {
            let block = Block(title: "Feature \(name)\(scope)", isFocused: true, context: c)
            block.render(in: area, into: &buffer)
            Label("\(name) has no data in this slice and window", style: frame.style(.muted))
                .render(in: block.inner(area).inset(by: 1), into: &buffer)
            return
        }
        let block = Block(title: "Feature \(feature.name)\(scope)", trailingTitle: BandBadge(feature.band, context: c).text,
                          isFocused: true, context: c)
        block.render(in: area, into: &buffer)
        let inner = block.inner(area)
        let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        guard content.height > 0 else { return }
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        var y = content.y
        var summary = Line([(feature.kind == .numeric ? "numeric" : "categorical", text), ("  method ", muted), (feature.method, text),
                            ("  value ", muted), (FeatureTable.valueText(feature, missing: m), c.style(feature.band))])
        if feature.band != feature.driftBand {
            // The band comes from data quality, not drift: say so first.
            summary.append(ifFitting: [("  band from data quality", c.style(feature.band))], width: content.width)
        }
        summary.append(ifFitting: [("  records ", muted), (Format.count(feature.records), text)], width: content.width)
        summary.append(ifFitting: [("  reference ", muted), (slice.referenceScope == .segment ? "segment's own" : "whole stream", text)],
                       width: content.width)
        summary.render(in: Rect(x: content.x, y: y, width: content.width, height: 1), into: &buffer)
        y += 1
        // Wide: each metric's explanation beside it; the histogram keeps at least 44 columns.
        let explanationWidth = min(66, max(0, content.width - 40 - 2 - 44 - 1))
        let explains = explanationWidth >= 40
        // Narrower: what the method's word means, on the line under it (every word: `?` twice).
        if !explains, let entry = Glossary.method(feature.method) {
            Line([(entry.term + " ", text), (entry.meaning, muted)])
                .render(in: Rect(x: content.x, y: y, width: content.width, height: 1), into: &buffer)
        }
        y += 1
        let metrics = metricRows(feature)
        let bins = max(feature.histogram.reference.count, feature.histogram.current.count)
        let remaining = content.maxY - y
        let topHeight = min(max(bins + 1, metrics.count), max(3, remaining - 6))
        let metricsWidth = explains ? 40 + 1 + explanationWidth : min(40, content.width / 2)
        let histogramWidth = content.width - metricsWidth - 2
        if topHeight > 1, histogramWidth >= 20 {
            let histogram = Histogram(labels: feature.histogram.labels, reference: feature.histogram.reference,
                                      current: feature.histogram.current, orientation: .horizontal, context: c)
            histogram.legend.render(in: Rect(x: content.x, y: y, width: histogramWidth, height: 1), into: &buffer)
            histogram.render(in: Rect(x: content.x, y: y + 1, width: histogramWidth, height: topHeight - 1), into: &buffer)
        }
        let metricsX = histogramWidth >= 20 ? content.maxX - metricsWidth : content.x
        for (index, row) in metrics.enumerated() where index < topHeight {
            let rowY = y + index
            Label(row.0, style: muted).render(in: Rect(x: metricsX, y: rowY, width: 19, height: 1), into: &buffer)
            Label(row.1, style: row.2.map { c.style($0) } ?? text, alignment: .right)
                .render(in: Rect(x: metricsX + 19, y: rowY, width: 9, height: 1), into: &buffer)
            if let band = row.2 {
                let room = min(40, metricsWidth) - 29
                let full = DisplayWidth.of(BandBadge(band, context: c).text) <= room
                BandBadge(band, showsWord: full, context: c).render(in: Rect(x: metricsX + 29, y: rowY, width: room, height: 1), into: &buffer)
            }
            if explains, let entry = Self.entry(forMetric: row.0) {
                Label(entry.meaning, style: muted).render(in: Rect(x: metricsX + 41, y: rowY, width: explanationWidth, height: 1), into: &buffer)
            }
        }
        y += topHeight + 1
        guard y < content.maxY else { return }
        let series = feature.driftSeries
        let row = MetricRow(label: "drift trend", value: Line([(feature.method + " per " + Format.window(snapshot.bucketSeconds), muted)]),
                            trend: series, trendStyle: c.style(feature.band), frame: frame, labelWidth: 11, valueWidth: 14)
        row.render(in: Rect(x: content.x, y: y, width: content.width, height: 1), into: &buffer)
        y += 2
        // Tall enough: the words not yet explained under the trend, leaving the segments
        // table room (beside the metrics when wide, all of them when narrow).
        do {
            let words = explains ? wordsShown(feature).suffix(2) : wordsShown(feature)[...]
            let room = content.maxY - y - 8
            if room >= words.count + 2 {
                Label("Words", style: frame.style(.title)).render(in: Rect(x: content.x, y: y, width: content.width, height: 1), into: &buffer)
                for (index, entry) in Array(words).enumerated() {
                    Line([(Self.padded(entry.term, to: 11), text), (entry.meaning, muted)])
                        .render(in: Rect(x: content.x, y: y + 1 + index, width: content.width, height: 1), into: &buffer)
                }
                y += words.count + 2
            }
        }
        guard y + 1 < content.maxY else { return }
        bySegment(feature, in: Rect(x: inner.x, y: y, width: inner.width, height: content.maxY - y), into: &buffer)
    }

    /// The entries that explain this screen: the metrics of the feature's kind and the
    /// reference it was compared with.
    private func wordsShown(_ feature: FeatureSnapshot) -> [Glossary.Entry] {
        let metrics: [Glossary.Entry] = feature.kind == .numeric
            ? [Glossary.psi, Glossary.js, Glossary.w1, Glossary.ksD, Glossary.ksP]
            : [Glossary.psi, Glossary.js, Glossary.chiSquare]
        return metrics + [Glossary.bands, slice.referenceScope == .segment ? Glossary.refOwn : Glossary.refGlobal]
    }

    /// The explanation of a metric row of `metricRows`.
    static func entry(forMetric label: String) -> Glossary.Entry? {
        switch label {
        case "PSI": Glossary.psi
        case "Jensen-Shannon": Glossary.js
        case "Wasserstein (norm.)": Glossary.w1
        case "KS statistic D": Glossary.ksD
        case "KS p-value": Glossary.ksP
        case "chi-square p-value": Glossary.chiSquare
        case "KS p adjusted", "chi-square p adjusted": Glossary.adjustedP
        case "out of range", "unseen categories": Glossary.entries.first { $0.term == "range/new" }
        case "missing": Glossary.entries.first { $0.term == "miss" }
        default: nil
        }
    }

    static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - DisplayWidth.of(text)))
    }

    /// A test's p-value row and, when the test is in the window's family, the row of its
    /// Benjamini–Hochberg adjusted p-value below it; the band goes on the one that decides
    /// (the adjusted one with `drift.fdr` on), the engine's when the test is the method.
    private func pValueRows(_ test: String, raw: Double?, adjusted: Double?, isMethod: Bool,
                            _ f: FeatureSnapshot) -> [(String, String, DriftBand?)] {
        func band(_ p: Double?) -> DriftBand { isMethod ? f.driftBand : DriftBand(pValue: p, windowCount: f.records) }
        guard let adjusted else { return [(test + " p-value", Format.metric(raw, missing: frame.missing), band(raw))] }
        let decidesAdjusted = snapshot.usesAdjustedPValues
        return [
            (test + " p-value", Format.metric(raw, missing: frame.missing), decidesAdjusted ? nil : band(raw)),
            (test + " p adjusted", Format.metric(adjusted), decidesAdjusted ? band(adjusted) : nil),
        ]
    }

    /// Every metric of docs/statistics.md with its band: the configured method's band from the
    /// engine; the others against their default thresholds.
    private func metricRows(_ f: FeatureSnapshot) -> [(String, String, DriftBand?)] {
        let m = frame.missing
        func distance(_ value: Double?, _ thresholds: DistanceThresholds) -> DriftBand {
            DriftBand(distance: value, thresholds: thresholds, windowCount: f.records)
        }
        var rows: [(String, String, DriftBand?)] = [
            ("PSI", Format.metric(f.psi, missing: m), f.method == "psi" ? f.driftBand : distance(f.psi, .psi)),
            ("Jensen-Shannon", Format.metric(f.jensenShannon, missing: m), f.method == "js" ? f.driftBand : distance(f.jensenShannon, .jensenShannon)),
        ]
        if f.kind == .numeric {
            rows.append(("Wasserstein (norm.)", Format.metric(f.wasserstein, missing: m), f.method == "wasserstein" ? f.driftBand : distance(f.wasserstein, .wasserstein)))
            rows.append(("KS statistic D", Format.metric(f.ks?.statistic, missing: m), nil))
            rows += pValueRows("KS", raw: f.ks?.pValue, adjusted: f.ks?.pValueAdjusted, isMethod: f.method == "ks", f)
            rows.append(("out of range", Format.percent(f.outOfRangeRate, missing: m), nil))
        } else {
            rows.append(("chi-square", f.chiSquare.map { Format.metric($0.statistic) + " df " + String($0.degreesOfFreedom) } ?? m, nil))
            rows += pValueRows("chi-square", raw: f.chiSquare?.pValue, adjusted: f.chiSquare?.pValueAdjusted,
                               isMethod: f.method == "chi2", f)
            rows.append(("unseen categories", Format.percent(f.unseenRate, missing: m), nil))
        }
        rows.append(("missing", Format.percent(f.missingRate, missing: m), nil))
        rows.append(("type violations", String(f.typeViolations), nil))
        rows.append(("NaN / infinite", String(f.invalidValues), nil))
        return rows
    }

    private func bySegment(_ feature: FeatureSnapshot, in area: Rect, into buffer: inout Buffer) {
        let c = frame.context
        let rows = FeatureRows.bySegment(snapshot, name: feature.name)
        let list = frame.model.list(.featureSegments)
        Label(" \(feature.name) by segment, worst first", style: frame.style(.title))
            .render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &buffer)
        let columns: [Table.Column] = [
            .init("segment", width: 22, minWidth: 13, priority: 10, isFlexible: true),
            .init("method", width: 6, priority: 4),
            .init("value", width: 9, alignment: .right, priority: 9),
            .init("band", width: 9, minWidth: 2, priority: 10),
            .init("trend", width: 16, minWidth: 6, priority: 5),
            .init("miss", width: 6, alignment: .right, priority: 6),
            .init("range/new", width: 9, alignment: .right, priority: 6),
            .init("records", width: 7, alignment: .right, priority: 7),
        ]
        let m = frame.missing
        let tableRows: [[Table.Content]] = rows.map { row in
            let f = row.feature
            return [
                .text(row.segment.description, frame.style(.text)),
                .text(f.method, frame.style(.muted)),
                .text(FeatureTable.valueText(f, missing: m), c.style(f.band)),
                .band(f.band),
                .sparkline(f.driftSeries, c.style(f.band)),
                .text(Format.percent(f.missingRate, missing: m), frame.style(.muted)),
                .text(Format.percent(FeatureTable.rangeRate(f), missing: m), frame.style(.muted)),
                .text(Format.count(f.records), frame.style(.text)),
            ]
        }
        Table(columns: columns, rows: tableRows, selected: rows.isEmpty ? nil : list.selected, offset: list.offset,
              sortColumn: 3, context: c, emptyMessage: snapshot.dimensions.isEmpty ? "no segment dimensions configured" : "no segment has this feature")
            .clickable(.featureSegments, ids: rows.map(\.segment.description))
            .render(in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), into: &buffer)
    }
}
