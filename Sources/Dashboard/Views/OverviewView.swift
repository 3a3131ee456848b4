import DriftStats
import MonitorEngine

/// The start screen: the four layers in a 2×2 grid (tui.md "Overview"), each panel titled with
/// its layer and hot key. Below the full size, the focused panel alone under a strip of tabs.
struct OverviewView: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        let isFull = area.width >= DashboardView.fullWidth && area.height >= DashboardView.fullHeight - 6
        if isFull {
            let leftWidth = area.width / 2, topHeight = area.height / 2
            let cells: [(Panel, Rect)] = [
                (.infrastructure, Rect(x: area.x, y: area.y, width: leftWidth, height: topHeight)),
                (.inputDrift, Rect(x: area.x + leftWidth, y: area.y, width: area.width - leftWidth, height: topHeight)),
                (.predictions, Rect(x: area.x, y: area.y + topHeight, width: leftWidth, height: area.height - topHeight)),
                (.outcomes, Rect(x: area.x + leftWidth, y: area.y + topHeight, width: area.width - leftWidth, height: area.height - topHeight)),
            ]
            for (panel, rect) in cells { renderPanel(panel, in: rect, into: &buffer) }
        } else {
            var tabs = Line([(" ", frame.style(.text))])
            for panel in Panel.allCases {
                let focused = panel == frame.model.focusedPanel
                var style = frame.style(focused ? .title : .muted)
                style.reverse = focused
                let start = tabs.width
                tabs.append("\(panel.rawValue)", frame.style(.keyHint))
                tabs.append(" \(panel.title) ", style)
                buffer.mark(Rect(x: area.x + start, y: area.y, width: tabs.width - start, height: 1), .panel(panel))
                tabs.append(" ", frame.style(.text))
            }
            tabs.render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &buffer)
            renderPanel(frame.model.focusedPanel, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), into: &buffer)
        }
    }

    private func renderPanel(_ panel: Panel, in area: Rect, into buffer: inout Buffer) {
        let focused = frame.model.focusedPanel == panel
        var trailing = "[\(panel.rawValue)]"
        if panel == .inputDrift {
            let drifting = slice.features.filter { $0.band == .drift }.count
            trailing = "\(drifting)/\(slice.features.count) drifting [2]"
            // Too few records to judge drift: the count, and the key that widens the window.
            let minimum = snapshot.window.minimumRecords
            if slice.records < minimum {
                trailing = "\(Format.count(slice.records)) of \(Format.count(minimum)) records: w [2]"
                // A narrow panel keeps half its top edge for this: the short form then.
                if trailing.count + 2 > (area.width - 4) / 2 {
                    trailing = "\(Format.count(slice.records))/\(Format.count(minimum)): w [2]"
                }
            }
        }
        let block = Block(title: panel.title, trailingTitle: trailing, isFocused: focused, context: frame.context)
        block.render(in: area, into: &buffer)
        buffer.mark(area, .panel(panel))
        let inner = block.inner(area)
        let content = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2, height: inner.height)
        switch panel {
        case .infrastructure:
            InfrastructurePanel(frame: frame, snapshot: snapshot, slice: slice).render(in: content, into: &buffer)
        case .inputDrift:
            let list = frame.model.list(.overviewFeatures)
            // The last row says multivariate drift, when the panel has room for a table above it.
            let line = MultivariateLine(frame: frame, multivariate: slice.multivariate, problem: snapshot.multivariateProblem)
            let lineRows = inner.height >= 4 && line.isShown ? 1 : 0
            FeatureTable(frame: frame, rows: FeatureRows.rows(slice, list: list), list: list, isFull: false, isFocused: focused)
                .render(in: Rect(x: inner.x, y: inner.y, width: inner.width, height: inner.height - lineRows), into: &buffer)
            if lineRows > 0 {
                line.render(in: Rect(x: content.x, y: inner.y + inner.height - 1, width: content.width, height: 1), into: &buffer)
            }
        case .predictions:
            if let task = slice.task {
                TaskPredictionsPanel(frame: frame, task: task).render(in: content, into: &buffer)
            } else {
                PredictionsPanel(frame: frame, slice: slice).render(in: content, into: &buffer)
            }
        case .outcomes:
            if let task = slice.task {
                TaskOutcomesPanel(frame: frame, slice: slice, task: task).render(in: content, into: &buffer)
            } else {
                OutcomesPanel(frame: frame, slice: slice).render(in: content, into: &buffer)
            }
        }
    }
}

/// A row of a panel: a label, a value, and an optional trend filling the rest.
struct MetricRow: Sendable {
    var label: String
    var value: Line
    var trend: [Double?]
    var trendStyle: CellStyle
    var frame: FrameContext
    var labelWidth = 11
    var valueWidth = 14

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0, area.width > 0 else { return }
        Label(label, style: frame.style(.muted)).render(in: Rect(x: area.x, y: area.y, width: min(labelWidth, area.width), height: 1), into: &buffer)
        let valueX = area.x + labelWidth + 1
        let trendX = valueX + valueWidth + 1
        let hasTrend = !trend.isEmpty && area.maxX - trendX >= 4
        value.render(in: Rect(x: valueX, y: area.y, width: hasTrend ? valueWidth : area.maxX - valueX, height: 1), into: &buffer)
        if hasTrend {
            Sparkline(trend, style: trendStyle, glyphs: frame.context.glyphs)
                .render(in: Rect(x: trendX, y: area.y, width: area.maxX - trendX, height: 1), into: &buffer)
        }
    }
}

/// Infrastructure [1]: throughput, latency percentiles, errors, freshness, malformed lines.
struct InfrastructurePanel: Sendable {
    var frame: FrameContext
    var snapshot: Snapshot
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        let infra = slice.infrastructure
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        var rows: [MetricRow] = []
        func row(_ label: String, _ spans: [(String, CellStyle)], trend: [Double?] = [], style: CellStyle? = nil) {
            rows.append(MetricRow(label: label, value: Line(spans), trend: trend, trendStyle: style ?? frame.style(.current), frame: frame))
        }
        row("throughput", [(Format.rate(infra.throughputPerSecond, missing: m), text)], trend: infra.throughputSeries.map { $0 })
        row("latency p99", [(Format.milliseconds(infra.latencyP99Milliseconds, missing: m), text)], trend: infra.latencyP99Series, style: frame.style(.gradientMid))
        row("p50 / p95", [(Format.milliseconds(infra.latencyP50Milliseconds, missing: m), text), (" / ", muted),
                          (Format.milliseconds(infra.latencyP95Milliseconds, missing: m), text)])
        let errorStyle = (infra.errorRate ?? 0) >= 0.05 ? frame.style(.critical) : (infra.errorRate ?? 0) >= 0.01 ? frame.style(.warning) : text
        row("errors", [(Format.percent(infra.errorRate, missing: m), errorStyle)], trend: infra.errorRateSeries, style: frame.style(.warning))
        let stale = HeaderView.isStale(snapshot)
        let fresh = snapshot.freshness
        row("freshness", [(fresh.secondsSinceLastRecord.map { Format.duration($0) + " ago" } ?? m, stale ? frame.style(.warning) : text),
                          (stale ? " stale" : "", frame.style(.warning)),
                          ("  lag ", muted), (Format.duration(fresh.eventLagSeconds, missing: m), text)])
        let malformed = snapshot.input.malformedTotal
        let lines = snapshot.input.records + malformed
        var malformedSpans: [(String, CellStyle)] = [(Format.count(malformed), malformed > 0 ? frame.style(.warning) : text)]
        if lines > 0 { malformedSpans.append((" (" + Format.percent(Double(malformed) / Double(lines)) + " of lines)", muted)) }
        row("malformed", malformedSpans)
        let counters = snapshot.counters
        row("requests", [(Format.count(infra.requests), text), (" in window", muted),
                         counters.lateRecords + counters.droppedRecords > 0 ? ("  late \(Format.count(counters.lateRecords)) dropped \(Format.count(counters.droppedRecords))", muted) : ("", muted)])
        for (index, row) in rows.enumerated() where index < area.height {
            row.render(in: Rect(x: area.x, y: area.y + index, width: area.width, height: 1), into: &buffer)
        }
        // Tall panels get graphs of throughput and p99 latency under the numbers.
        let spare = area.height - rows.count - 1
        guard spare >= 6 else { return }
        let graphHeight = (spare - 2) / 2
        var y = area.y + rows.count + 1
        let bucket = Format.window(snapshot.bucketSeconds)
        for (title, series, role) in [("throughput, records/s per \(bucket)", infra.throughputSeries.map { Optional($0) }, RenderContext.Role.current),
                                      ("latency p99, ms per \(bucket)", infra.latencyP99Series, .gradientMid)] {
            let peak = series.compactMap { $0 }.filter(\.isFinite).max()
            Line([(title, muted), (peak.map { "  max " + Format.compact($0) } ?? "", muted)])
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            Sparkline(series, style: frame.style(role), glyphs: frame.context.glyphs)
                .render(in: Rect(x: area.x, y: y + 1, width: area.width, height: graphHeight), into: &buffer)
            y += graphHeight + 1
        }
    }
}

/// Predictions [3]: positive rate against the reference, score drift, the score histogram
/// (reference beside current), and the model versions when there are several.
struct PredictionsPanel: Sendable {
    var frame: FrameContext
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let p = slice.prediction
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted)
        let c = frame.context
        var y = area.y
        Line([("pos ", muted), (Format.percent(p.positiveRate, missing: m), frame.style(.current)),
              (" (ref ", muted), (Format.percent(p.referencePositiveRate, missing: m), frame.style(.reference)), (")", muted),
              // Too few scores to judge: no number that reads as a finding.
              ("  PSI ", muted), (p.band == .notEnoughData ? m : Format.metric(p.psi, missing: m), c.style(p.band)), (" ", text),
              (BandBadge(p.band, context: c).text, c.style(p.band))])
            .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
        y += 1
        let versions = p.versions.count > 1 ? p.versions : []
        // The challenger against the champion takes one line under the versions when it fits.
        let comparison = versions.isEmpty ? nil : p.comparison
        let versionRows = min(versions.count, max(0, (area.maxY - y - 3) / 2))
        let comparisonRows = comparison != nil && versionRows == versions.count && area.maxY - y - 1 - versionRows >= 6 ? 1 : 0
        let histogramHeight = area.maxY - y - 1 - versionRows - comparisonRows
        if histogramHeight >= 2 {
            let histogram = Histogram(labels: p.scoreHistogram.labels, reference: p.scoreHistogram.reference,
                                      current: p.scoreHistogram.current, orientation: .vertical, context: c)
            if p.scoreHistogram.current.isEmpty && p.scoreHistogram.reference.isEmpty {
                Label("no scores in this window", style: muted).render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            } else {
                histogram.render(in: Rect(x: area.x, y: y, width: area.width, height: histogramHeight - 1), into: &buffer)
                var legend = histogram.legend
                legend.append("  score 0 → 1", muted)
                legend.render(in: Rect(x: area.x, y: y + histogramHeight - 1, width: area.width, height: 1), into: &buffer)
            }
            y += histogramHeight
        }
        // Versions as a small table: the name gives way, the numbers stay aligned at the right.
        for version in versions.prefix(versionRows) {
            let wide = area.width >= 48
            var right: [(String, CellStyle)] = [(Format.count(version.records), text)]
            if wide { right += [(" pos ", muted), (Format.percent(version.positiveRate, missing: m), text)] }
            if let agreement = version.agreement {
                right += [(" agree ", muted), (Format.percent(agreement), agreement < 0.9 ? frame.style(.warning) : text)]
            } else if let champion = p.comparison?.champion, champion != version.version {
                // It served the ids first, but `champion:` names another version.
                right.append(("      served", muted))
            } else {
                right.append(("    champion", muted))
            }
            let numbers = Line(right)
            let nameWidth = max(4, area.width - (wide ? 30 : 19))
            Label(version.version, style: frame.style(.title)).render(in: Rect(x: area.x, y: y, width: nameWidth, height: 1), into: &buffer)
            numbers.render(in: Rect(x: area.x + nameWidth + 1, y: y, width: area.width - nameWidth - 1, height: 1), into: &buffer, right: true)
            y += 1
        }
        if let comparison, comparisonRows > 0 {
            comparisonLine(comparison).render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
        }
    }

    /// `Δ v4−v3 acc -0.1pt [-1.6, +0.6] pos -0.3pt p 0.35`: challenger − champion in percentage
    /// points, the accuracy's 95% bootstrap interval, the positive rate's z-test p-value
    /// (docs/statistics.md, "Versions side by side"). An interval wholly below 0 is a warning.
    func comparisonLine(_ comparison: VersionComparison) -> Line {
        let text = frame.style(.text), muted = frame.style(.muted)
        func points(_ value: Double) -> String { String(format: "%+.1f", value * 100) }
        var spans: [(String, CellStyle)] = [("Δ ", muted), (SafeText.sanitized("\(comparison.challenger)−\(comparison.champion)"), frame.style(.title))]
        if let accuracy = comparison.accuracy {
            let worse = (accuracy.upper ?? 0) < 0
            spans += [(" acc ", muted), (points(accuracy.value) + "pt", worse ? frame.style(.warning) : text)]
            if let lower = accuracy.lower, let upper = accuracy.upper {
                spans.append((" [\(points(lower)), \(points(upper))]", muted))
            }
        }
        if let difference = comparison.positiveRateDifference {
            spans += [(" pos ", muted), (points(difference) + "pt", text)]
            if let pValue = comparison.pValue { spans += [(" p ", muted), (Format.metric(pValue, missing: frame.missing), text)] }
        }
        return Line(spans)
    }
}

/// Business outcomes [4]: realized precision, recall, F1 and AUC with label coverage;
/// estimated values marked as such; the reference's values; business value; trends.
struct OutcomesPanel: Sendable {
    var frame: FrameContext
    var slice: SliceSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let perf = slice.performance
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted), header = frame.style(.header)
        // Wide panels spell the column titles out; narrow ones abbreviate them.
        let wide = area.width >= 48
        let cell = wide ? 10 : 7
        let columns = [0, 10, 10 + cell + 1, 10 + 2 * (cell + 1)]
        let trendX = 10 + 3 * (cell + 1) + 1
        func put(_ value: String, _ column: Int, _ y: Int, _ style: CellStyle) {
            guard columns[column] < area.width else { return }
            let width = column == 0 ? 9 : cell
            Label(value, style: style, alignment: column == 0 ? .left : .right)
                .render(in: Rect(x: area.x + columns[column], y: y, width: min(width, area.width - columns[column]), height: 1), into: &buffer)
        }
        put(wide ? "realized" : "real", 1, area.y, header)
        put(wide ? "estimated" : "est.", 2, area.y, header)
        put(wide ? "reference" : "ref", 3, area.y, header)
        let realized = perf.realized
        // An estimate from a handful of records is noise: none below the minimum window.
        let minimum = frame.model.snapshot?.window.minimumRecords ?? 0
        let estimated = slice.records >= minimum ? perf.estimated : nil
        let rows: [(String, Double?, Double?, Double?, [Double?])] = [
            ("precision", realized.precision, estimated?.precision, perf.reference?.precision,
             perf.precisionSeries.contains { $0 != nil } ? perf.precisionSeries : perf.estimatedPrecisionSeries),
            ("recall", realized.recall, estimated?.recall, perf.reference?.recall, []),
            ("F1", realized.f1, estimated?.f1, perf.reference?.f1, []),
            ("ROC AUC", realized.rocAUC, estimated?.rocAUC, perf.reference?.rocAUC, []),
        ]
        var y = area.y + 1
        for (name, real, estimate, reference, trend) in rows where y < area.maxY {
            put(name, 0, y, muted)
            put(real.map { Format.fixed($0, 3) } ?? m, 1, y, real == nil ? muted : Self.style(real, reference, frame))
            put(estimate.map { "~" + Format.fixed($0, 3) } ?? m, 2, y, estimate == nil ? muted : frame.style(.current))
            put(reference.map { Format.fixed($0, 3) } ?? m, 3, y, frame.style(.reference))
            if !trend.isEmpty, area.width - trendX >= 4 {
                // Scaled to the trend's own range (at least 0.1 tall): a slow slide must show.
                let values = trend.compactMap { $0 }
                let low = max(0, min((values.min() ?? 0), (values.max() ?? 1) - 0.1))
                Sparkline(trend, style: frame.style(.current), glyphs: frame.context.glyphs, minimum: low)
                    .render(in: Rect(x: area.x + trendX, y: y, width: area.width - trendX, height: 1), into: &buffer)
            }
            y += 1
        }
        if y < area.maxY {
            let counters = frame.model.snapshot?.counters ?? EngineCounters()
            let horizon = counters.labelHorizonSeconds.map { Format.duration($0) + " " + counters.labelHorizonSource } ?? counters.labelHorizonSource
            var parts: [(String, CellStyle)] = [
                ("labels    ", muted), (Format.count(realized.labelled), text), (" · ", muted),
                (Format.percent(realized.coverage, missing: m), text), (" coverage", muted)]
            // How long a prediction waits for its label, and what waited in vain, where they fit.
            var extra: [(String, CellStyle)] = [(" · wait ", muted), (horizon, muted)]
            if counters.unmatchedLabels > 0 {
                extra += [(" · ", muted), (Format.count(counters.unmatchedLabels), frame.style(.warning)), (" unmatched", muted)]
            }
            if (parts + extra).reduce(0, { $0 + $1.0.count }) <= area.width { parts += extra }
            Line(parts)
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        if y < area.maxY, slice.records < minimum {
            let long = "\(Format.count(slice.records)) records in window, estimates need \(Format.count(minimum)): w widens"
            Label(long.count <= area.width ? long : "\(Format.count(slice.records)) of \(Format.count(minimum)) records: w widens", style: muted)
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        if y < area.maxY, realized.labelled == 0, estimated != nil {
            Label("~ estimated from calibrated scores while labels lag", style: muted)
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        if y < area.maxY, let value = realized.businessValue {
            let row = MetricRow(label: "value", value: Line([(Format.compact(value), value < 0 ? frame.style(.critical) : text)]),
                                trend: perf.businessValueSeries, trendStyle: frame.style(.current), frame: frame, labelWidth: 10, valueWidth: 9)
            row.render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        // Tall panels graph precision over time: realized where labels arrived, else estimated.
        let spare = area.maxY - y - 1
        let realizedSeen = perf.precisionSeries.contains { $0 != nil }
        let series = realizedSeen ? perf.precisionSeries : perf.estimatedPrecisionSeries
        guard spare >= 5, series.contains(where: { $0 != nil }) else { return }
        y += 1
        Line([(realizedSeen ? "precision over time" : "estimated precision over time (labels lag)", muted),
              (perf.reference?.precision.map { "  reference " + Format.fixed($0, 3) } ?? "", frame.style(.reference))])
            .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
        let values = series.compactMap { $0 }.filter(\.isFinite)
        let low = max(0, min(values.min() ?? 0, (values.max() ?? 1) - 0.1) - 0.02)
        Sparkline(series, style: frame.style(realizedSeen ? .current : .reference), glyphs: frame.context.glyphs,
                  maximum: min(1, (values.max() ?? 1) + 0.02), minimum: low)
            .render(in: Rect(x: area.x, y: y + 1, width: area.width, height: min(8, area.maxY - y - 1)), into: &buffer)
    }

    /// A realized value well below the reference (more than 5 points) is a warning.
    static func style(_ value: Double?, _ reference: Double?, _ frame: FrameContext) -> CellStyle {
        guard let value, let reference else { return frame.style(.text) }
        if value < reference - 0.10 { return frame.style(.critical) }
        if value < reference - 0.05 { return frame.style(.warning) }
        return frame.style(.text)
    }
}

/// The input-drift panel's last row: multivariate drift (docs/statistics.md), the window's mean
/// PCA reconstruction error against the reference's band, e.g.
/// `multivariate  PCA 3 comp  error 1.234  [0.912, 1.402]  ok`; a shorter form when narrow.
struct MultivariateLine: Sendable {
    var frame: FrameContext
    var multivariate: MultivariateSnapshot?
    var problem: String?

    /// Whether there is anything to say (a reference with a PCA, or a reason there is none).
    var isShown: Bool { multivariate != nil || problem != nil }

    func render(in area: Rect, into buffer: inout Buffer) {
        let label = frame.style(.muted)
        guard let multivariate else {
            guard let problem else { return }
            var line = Line([("multivariate  ", label), ("n/a: " + MultivariateReference.Unavailable.short(problem), frame.style(.muted))])
            if line.width > area.width { line = Line([("multivariate  n/a", label)]) }
            line.render(in: area, into: &buffer)
            return
        }
        let error = multivariate.error.map { Format.fixed($0, 3) } ?? "-"
        let verdict: (String, CellStyle) = switch multivariate.alert {
        case true?: ("drift", frame.style(.critical))
        case false?: ("ok", frame.style(.ok))
        case nil: (multivariate.error == nil || multivariate.upper != nil ? "not enough data" : "no band", frame.style(.muted))
        }
        let band = multivariate.lower.flatMap { lower in
            multivariate.upper.map { "[\(Format.fixed(lower, 3)), \(Format.fixed($0, 3))]" }
        }
        var line = Line([("multivariate  ", label), ("PCA \(multivariate.components) comp  ", frame.style(.text)),
                         ("error ", label), (error, frame.style(.text))])
        if let band { line.append("  " + band, frame.style(.reference)) }
        line.append("  ", label)
        line.append(verdict.0, verdict.1)
        if line.width > area.width {
            line = Line([("multivariate ", label), (error, frame.style(.text)), (" ", label), verdict])
        }
        line.render(in: area, into: &buffer)
    }
}
