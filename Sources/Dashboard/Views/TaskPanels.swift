import DriftStats
import MonitorEngine

/// Predictions [3] of a multiclass or regression model (docs/tasks.md): the output's drift
/// against the reference, and its distribution beside the reference's: each class's share, or
/// the prediction's histogram.
struct TaskPredictionsPanel: Sendable {
    var frame: FrameContext
    var task: TaskSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let m = frame.missing
        let muted = frame.style(.muted), text = frame.style(.text)
        let c = frame.context
        let output = task.prediction
        let band = output.driftBand
        var first: [(String, CellStyle)]
        switch task.task {
        case .multiclass:
            first = [("classes", muted)]
        case .regression, .binary:
            first = [("mean ", muted), (task.meanPrediction.map(Format.compact) ?? m, frame.style(.current))]
        }
        first += [("  PSI ", muted), (band == .notEnoughData ? m : Format.metric(output.psi, missing: m), c.style(band)), (" ", text),
                  (BandBadge(band, context: c).text, c.style(band))]
        if let drift = task.labelDrift, drift.records > 0, area.width >= 52 {
            first += [("  labels PSI ", muted), (Format.metric(drift.psi, missing: m), c.style(drift.driftBand))]
        }
        Line(first).render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &buffer)
        let height = area.height - 1
        guard height >= 3 else { return }
        let histogram: Histogram
        let caption: String
        switch task.task {
        case .multiclass:
            histogram = Histogram(
                labels: task.classShares.map(\.name), reference: task.classShares.map { $0.referenceShare ?? 0 },
                current: task.classShares.map { $0.share ?? 0 }, orientation: .horizontal, context: c)
            caption = "  share of decisions per class"
        case .regression, .binary:
            histogram = Histogram(
                labels: output.histogram.labels, reference: output.histogram.reference, current: output.histogram.current,
                orientation: .vertical, context: c)
            caption = "  prediction"
        }
        if output.histogram.current.isEmpty && output.histogram.reference.isEmpty {
            Label("no predictions in this window", style: muted).render(in: Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), into: &buffer)
            return
        }
        histogram.render(in: Rect(x: area.x, y: area.y + 1, width: area.width, height: height - 1), into: &buffer)
        var legend = histogram.legend
        legend.append(caption, muted)
        legend.render(in: Rect(x: area.x, y: area.maxY - 1, width: area.width, height: 1), into: &buffer)
    }
}

/// Business outcomes [4] of a multiclass or regression model: the realized metrics beside the
/// estimate (when there is one), the label coverage, then a confusion heat grid (multiclass) or
/// the residuals against the reference's (regression).
struct TaskOutcomesPanel: Sendable {
    var frame: FrameContext
    var slice: SliceSnapshot
    var task: TaskSnapshot

    func render(in area: Rect, into buffer: inout Buffer) {
        guard area.height > 0 else { return }
        let m = frame.missing
        let text = frame.style(.text), muted = frame.style(.muted), header = frame.style(.header)
        // Realized beside the estimate and the reference's own, as the binary panel has them.
        let estimated = slice.records >= (frame.model.snapshot?.window.minimumRecords ?? 0) ? task.estimated : nil
        let reference = task.reference
        let rows: [(String, Double?, Double?, Double?, (Double) -> String)]
        let labelled: Int
        let coverage: Double?
        let fixed: (Double) -> String = { Format.fixed($0, 3) }
        switch task.task {
        case .multiclass:
            let r = task.multiclass
            rows = [("accuracy", r?.accuracy, estimated?.accuracy, reference?.accuracy, fixed),
                    ("macro F1", r?.macroF1, estimated?.macroF1, reference?.macroF1, fixed),
                    ("macro prec", r?.macroPrecision, estimated?.macroPrecision, reference?.macroPrecision, fixed),
                    ("ROC AUC", r?.rocAUC, estimated?.rocAUC, reference?.rocAUC, fixed)]
            labelled = r?.labelled ?? 0
            coverage = r?.coverage
        case .regression, .binary:
            let r = task.regression
            rows = [("MAE", r?.mae, estimated?.mae, reference?.mae, Format.compact),
                    ("RMSE", r?.rmse, estimated?.rmse, reference?.rmse, Format.compact),
                    // Zeros among the labels make MAPE enormous (scikit-learn divides by eps): compact.
                    ("MAPE", r?.mape, nil, nil, { $0 < 10 ? Format.percent($0) : Format.compact($0 * 100) + "%" }),
                    ("R²", r?.r2, nil, nil, fixed)]
            labelled = r?.labelled ?? 0
            coverage = r?.coverage
        }
        let wide = area.width >= 48
        let cell = wide ? 10 : 7
        let columns = [0, 11, 11 + cell + 1, 11 + 2 * (cell + 1)]
        func put(_ value: String, _ column: Int, _ y: Int, _ style: CellStyle) {
            guard columns[column] < area.width else { return }
            let width = column == 0 ? 10 : cell
            Label(value, style: style, alignment: column == 0 ? .left : .right)
                .render(in: Rect(x: area.x + columns[column], y: y, width: min(width, area.width - columns[column]), height: 1), into: &buffer)
        }
        var y = area.y
        put(wide ? "realized" : "real", 1, y, header)
        put(wide ? "estimated" : "est.", 2, y, header)
        put(wide ? "reference" : "ref", 3, y, header)
        y += 1
        for (name, real, estimate, baseline, format) in rows where y < area.maxY {
            put(name, 0, y, muted)
            put(real.map(format) ?? m, 1, y, real == nil ? muted : text)
            put(estimate.map { "~" + format($0) } ?? m, 2, y, estimate == nil ? muted : frame.style(.current))
            put(baseline.map(format) ?? m, 3, y, frame.style(.reference))
            y += 1
        }
        if y < area.maxY {
            Line([("labels    ", muted), (Format.count(labelled), text), (" · ", muted),
                  (Format.percent(coverage, missing: m), text), (" coverage", muted)])
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        if y < area.maxY, let value = task.multiclass?.businessValue ?? task.regression?.businessValue {
            Line([("value     ", muted), (Format.compact(value), value < 0 ? frame.style(.critical) : text)])
                .render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        let spare = Rect(x: area.x, y: y + 1, width: area.width, height: max(0, area.maxY - y - 1))
        switch task.task {
        case .multiclass:
            if let realized = task.multiclass, spare.height >= 3 {
                let used = renderConfusion(realized, in: spare, into: &buffer)
                let rest = Rect(x: spare.x, y: spare.y + used + 1, width: spare.width, height: max(0, spare.height - used - 1))
                if rest.height >= realized.classes.count + 1 { renderClasses(realized, in: rest, into: &buffer) }
            }
        case .regression, .binary:
            if let residuals = task.residualHistogram, spare.height >= 4 {
                let histogram = Histogram(labels: residuals.labels, reference: residuals.reference, current: residuals.current,
                                          orientation: .vertical, context: frame.context)
                histogram.render(in: Rect(x: spare.x, y: spare.y, width: spare.width, height: spare.height - 1), into: &buffer)
                var legend = histogram.legend
                legend.append("  residual ŷ − y", muted)
                legend.render(in: Rect(x: spare.x, y: spare.maxY - 1, width: spare.width, height: 1), into: &buffer)
            }
        }
    }

    /// The confusion matrix as a heat grid: rows true class, columns predicted, each cell's
    /// share of its row (the class's recall on the diagonal), hotter where errors gather.
    /// Returns the rows it drew.
    @discardableResult
    private func renderConfusion(_ realized: MulticlassPerformance, in area: Rect, into buffer: inout Buffer) -> Int {
        let muted = frame.style(.muted)
        let classes = task.classes
        guard !classes.isEmpty, realized.confusion.count == classes.count else { return 0 }
        let longest = classes.map(\.count).max() ?? 4
        let nameWidth = min(16, max(6, min(longest + 1, area.width / 3)))
        let cellWidth = min(16, max(7, min(longest + 2, (area.width - nameWidth - 1) / max(classes.count, 1))))
        let fit = max(0, min(classes.count, (area.width - nameWidth - 1) / cellWidth))
        guard fit > 0 else { return 0 }
        Line([("true \\ predicted", muted)]).render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &buffer)
        var y = area.y + 1
        var headerLine = Line([(String(repeating: " ", count: nameWidth + 1), muted)])
        for c in 0..<fit { headerLine.append(Self.cell(classes[c], cellWidth, right: true), muted) }
        headerLine.render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
        y += 1
        for row in 0..<classes.count where y < area.maxY {
            let counts = realized.confusion[row]
            let total = counts.reduce(0, +)
            var line = Line([(Self.cell(classes[row], nameWidth) + " ", muted)])
            for column in 0..<fit {
                let share = total > 0 ? Double(counts[column]) / Double(total) : nil
                let style: CellStyle
                if let share {
                    if row == column {
                        style = share >= 0.7 ? frame.style(.ok) : share >= 0.4 ? frame.style(.warning) : frame.style(.critical)
                    } else {
                        style = share >= 0.3 ? frame.style(.gradientHigh) : share >= 0.1 ? frame.style(.gradientMid) : frame.style(.muted)
                    }
                } else {
                    style = muted
                }
                line.append(Self.cell(share.map { Format.percent($0) } ?? frame.missing, cellWidth, right: true), style)
            }
            line.render(in: Rect(x: area.x, y: y, width: area.width, height: 1), into: &buffer)
            y += 1
        }
        return y - area.y
    }

    /// Each class's one-vs-rest precision, recall, F1 and support.
    private func renderClasses(_ realized: MulticlassPerformance, in area: Rect, into buffer: inout Buffer) {
        let muted = frame.style(.muted), text = frame.style(.text), header = frame.style(.header)
        let longest = realized.classes.map(\.name.count).max() ?? 5
        let nameWidth = min(16, max(6, min(longest + 1, area.width / 3)))
        let numbers = [("precision", 10), ("recall", 8), ("F1", 7), ("support", 9)]
        var line = Line([(Self.cell("class", nameWidth), header)])
        for (title, width) in numbers { line.append(Self.cell(title, width, right: true), header) }
        line.render(in: Rect(x: area.x, y: area.y, width: area.width, height: 1), into: &buffer)
        for (index, one) in realized.classes.enumerated() where area.y + 1 + index < area.maxY {
            let values = [one.precision.map { Format.fixed($0, 3) }, one.recall.map { Format.fixed($0, 3) },
                          one.f1.map { Format.fixed($0, 3) }, Format.count(one.support)]
            var row = Line([(Self.cell(one.name, nameWidth), muted)])
            for (value, (_, width)) in zip(values, numbers) {
                row.append(Self.cell(value ?? frame.missing, width, right: true), value == nil ? muted : text)
            }
            row.render(in: Rect(x: area.x, y: area.y + 1 + index, width: area.width, height: 1), into: &buffer)
        }
    }

    /// Text cut or padded to `width` columns.
    static func cell(_ text: String, _ width: Int, right: Bool = false) -> String {
        let cut = text.count > width - 1 ? String(text.prefix(max(1, width - 2))) + "…" : text
        let pad = String(repeating: " ", count: max(0, width - cut.count))
        return right ? pad + cut : cut + pad
    }
}
