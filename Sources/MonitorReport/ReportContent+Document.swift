import DriftStats
import MonitorEngine
import MonitorRules

extension ReportContent {
    /// How many segments and chunks the Markdown and text reports list (the JSON report has all).
    public static let listedSegments = 10

    /// The Markdown report: what a person pastes into a ticket.
    public var markdown: String { ReportBlock.markdown(blocks) }

    /// The same report aligned for a terminal; ANSI colours only with `colour` (stdout is a TTY).
    public func text(colour: Bool) -> String { ReportBlock.text(blocks, colour: colour) }

    /// The report as format-neutral blocks: title, window, verdict, the selected sections.
    public var blocks: [ReportBlock] {
        var blocks: [ReportBlock] = [.heading(title, level: 1)]
        if let snapshot, sections.contains(where: \.needsStatistics) {
            blocks.append(.paragraph(Self.context(snapshot)))
            blocks.append(.paragraph("**Verdict:** " + Self.verdict(snapshot)))
            if !snapshot.notices.isEmpty {
                let text = snapshot.notices.map(ReportText.value).joined(separator: "; ")
                blocks.append(.paragraph("**Check the set-up:** " + text + (text.hasSuffix("?") ? "" : ".")))
            }
            let overall = snapshot.overall
            if sections.contains(.features) {
                blocks += [.heading("Features", level: 2), .table(Self.featureTable(overall.features))]
                if let line = Self.multivariateSentence(overall.multivariate, problem: snapshot.multivariateProblem) {
                    blocks.append(.paragraph(line))
                }
            }
            if sections.contains(.infrastructure) {
                blocks += [.heading("Infrastructure", level: 2), .table(Self.infrastructureTable([("all", overall.infrastructure)]))]
            }
            if let task = overall.task {
                if sections.contains(.prediction) { blocks += Self.taskPredictionBlocks(task) }
                if sections.contains(.performance) { blocks += Self.taskPerformanceBlocks(task) }
            } else {
                if sections.contains(.prediction) { blocks += Self.predictionBlocks(overall.prediction) }
                if sections.contains(.performance) { blocks += Self.performanceBlocks(overall.performance) }
            }
            if sections.contains(.segments), !snapshot.segments.isEmpty {
                let worst = Self.worstSegments(snapshot)
                var title: ReportText = "Segments, worst first"
                if worst.count > Self.listedSegments { title += " (\(Self.listedSegments) of \(worst.count))" }
                blocks += [.heading(title, level: 2), .table(Self.segmentTable(Array(worst.prefix(Self.listedSegments)), snapshot))]
            }
            if let chunks, !chunks.isEmpty {
                blocks += [.heading("Chunks", level: 2), .table(Self.chunkTable(chunks))]
            }
            if sections.contains(.alerts) {
                blocks.append(.heading("Alerts", level: 2))
                if let gate { blocks.append(.paragraph(Self.gateSentence(gate))) }
                if snapshot.alerts.isEmpty {
                    blocks.append(.paragraph("No alert fired while the input was read (the rules judged at every bucket end, with their `for`, as a replay under `modeltop watch` fires them)."))
                } else {
                    blocks.append(.paragraph("Alerts as a replay under `modeltop watch` leaves them (the rules judged at every bucket end, with their `for`):"))
                    blocks.append(.table(Self.alertTable(snapshot.alerts)))
                }
            }
        }
        if prints(.input) { blocks.append(.prerendered(markdown: input.markdown, text: input.text)) }
        if let snapshot, sections.contains(where: \.needsStatistics) {
            blocks.append(.paragraph(Self.engineLine(snapshot.counters)))
        }
        return blocks
    }

    /// The gate's verdict as `modeltop check` gives it, with what failed.
    static func gateSentence(_ gate: GateReport) -> ReportText {
        var text: ReportText = "**Gate:** \(gate.verdict), as `modeltop check` judges the window (each rule once, its `for` aside)"
        let failures = gate.failures
        if !failures.isEmpty {
            text += ": " + failures.prefix(4).map { failure -> ReportText in
                "\(failure.rule) (\(failure.scope)) \(GateReport.number(failure.value ?? .nan)) \(failure.threshold.comparison) \(GateReport.number(failure.threshold.value))"
            }.joined(separator: "; ")
            if failures.count > 4 { text += "; and \(failures.count - 4) more" }
        }
        let missing = gate.rulesWithoutData
        if !missing.isEmpty { text += (failures.isEmpty ? ": " : "; ") + "no data for " + missing.map(ReportText.value).joined(separator: ", ") }
        return text + "."
    }

    /// The verdict: the first findings (what is wrong, where), or that nothing is.
    public static func verdict(_ snapshot: Snapshot, limit: Int = 4) -> ReportText {
        if snapshot.window.records == 0 { return "no prediction records in the window." }
        let findings = snapshot.findings()
        if findings.isEmpty { return "no drift, data-quality or performance problem found." }
        var text = findings.prefix(limit).map(\.sentence).joined(separator: "; ")
        if findings.count > limit { text += "; and \(findings.count - limit) more" }
        return text + "."
    }

    /// Segments ordered worst first: by worst feature band, then by worst drift band, then by
    /// precision drop against the baseline (largest first), then by records.
    public static func worstSegments(_ snapshot: Snapshot) -> [SliceSnapshot] {
        let baseline = snapshot.performanceBaseline.precision
        func drop(_ slice: SliceSnapshot) -> Double {
            guard let base = baseline, let precision = slice.performance.realized.precision else { return -.infinity }
            return base - precision
        }
        return snapshot.segments.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.worstBand.severityRank != b.worstBand.severityRank { return a.worstBand.severityRank < b.worstBand.severityRank }
            // Drift before data quality alone: a slice whose inputs moved outranks one that only
            // lacks values (the `most missing` column shows those).
            if a.worstDriftBand.severityRank != b.worstDriftBand.severityRank { return a.worstDriftBand.severityRank < b.worstDriftBand.severityRank }
            if drop(a) != drop(b) { return drop(a) > drop(b) }
            if a.records != b.records { return a.records > b.records }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    static func context(_ snapshot: Snapshot) -> ReportText {
        var parts: [ReportText] = []
        let window = snapshot.window
        if let from = window.fromSeconds.flatMap(UTCTime.rfc3339), let to = window.toSeconds.flatMap(UTCTime.rfc3339) {
            var length = window.lengthSeconds.map { "last \(NumberText.duration($0))" } ?? "all"
            if window.cursorSeconds != nil { length = (window.lengthSeconds.map { "\(NumberText.duration($0)) window" } ?? "all") + " at the time cursor" }
            if let span = window.lengthSeconds, let entry = window.historyEntrySeconds {
                length = "a \(NumberText.duration(entry)) history entry, coarser than the \(NumberText.duration(span)) window, at the time cursor"
            }
            parts.append("Window \(from) to \(to) (\(length)): \(NumberText.grouped(window.records)) predictions")
        } else {
            parts.append("Window: no data yet")
        }
        let reference = snapshot.reference
        if let path = reference.path {
            parts.append("reference \(code: path) (\(NumberText.grouped(reference.records)) record\(reference.records == 1 ? "" : "s"))")
        } else {
            parts.append("reference: the first \(NumberText.grouped(reference.records)) records of the stream")
        }
        return parts.joined(separator: "; ") + "."
    }

    static func bandCell(_ band: DriftBand) -> ReportTable.Cell {
        switch band {
        case .drift: ReportTable.Cell("✖ drift", tone: .bad)
        case .warning: ReportTable.Cell("▲ warning", tone: .warning)
        case .ok: ReportTable.Cell("✓ ok", tone: .good)
        case .notEnoughData: ReportTable.Cell("· not enough data", tone: .muted)
        }
    }

    static func featureTable(_ features: [FeatureSnapshot]) -> ReportTable {
        var table = ReportTable(
            headers: ["feature", "kind", "method", "value", "band", "missing", "out of range / unseen"],
            alignments: [.left, .left, .left, .right, .left, .right, .right])
        // The engine sorts features worst first; sorting again keeps the table right for any
        // snapshot (a hand-built one, a merged one).
        let ordered = features.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.band.severityRank != b.band.severityRank { return a.band.severityRank < b.band.severityRank }
            if Snapshot.badness(a) != Snapshot.badness(b) { return Snapshot.badness(a) > Snapshot.badness(b) }
            return lhs.offset < rhs.offset
        }.map(\.element)
        for feature in ordered {
            let outside = feature.kind == .numeric ? feature.outOfRangeRate : feature.unseenRate
            table.rows.append([
                ReportTable.Cell(feature.name), ReportTable.Cell(feature.kind.rawValue), ReportTable.Cell(feature.method),
                ReportTable.Cell(valueText(feature)), bandCell(feature.band),
                ReportTable.Cell(ReportNumber.percent(feature.missingRate)), ReportTable.Cell(ReportNumber.percent(outside)),
            ])
        }
        return table
    }

    /// The method's value; a test's with both p-values, the one that decides the band first
    /// (`0.041 (raw p 0.003)` with `drift.fdr` on, `0.003 (adj 0.041)` off).
    static func valueText(_ feature: FeatureSnapshot) -> String {
        let isTest = feature.method == "ks" || feature.method == "chi2"
        guard isTest, let raw = feature.testPValue, let adjusted = feature.testPValueAdjusted,
              let value = feature.value else { return ReportNumber.metric(feature.value) }
        return value == adjusted && value != raw
            ? "\(ReportNumber.metric(adjusted)) (raw p \(ReportNumber.metric(raw)))"
            : "\(ReportNumber.metric(raw)) (adj \(ReportNumber.metric(adjusted)))"
    }

    static func infrastructureTable(_ slices: [(String, InfrastructureSnapshot)]) -> ReportTable {
        var table = ReportTable(
            headers: ["slice", "requests", "per second", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"],
            alignments: [.left, .right, .right, .right, .right, .right, .right, .right])
        for (name, infrastructure) in slices {
            table.rows.append([
                ReportTable.Cell(name), ReportTable.Cell(NumberText.grouped(infrastructure.requests)),
                ReportTable.Cell(ReportNumber.fixed(infrastructure.throughputPerSecond, digits: 2)),
                ReportTable.Cell(ReportNumber.fixed(infrastructure.latencyP50Milliseconds, digits: 1)),
                ReportTable.Cell(ReportNumber.fixed(infrastructure.latencyP95Milliseconds, digits: 1)),
                ReportTable.Cell(ReportNumber.fixed(infrastructure.latencyP99Milliseconds, digits: 1)),
                ReportTable.Cell(ReportNumber.fixed(infrastructure.latencyMaxMilliseconds, digits: 1)),
                ReportTable.Cell(ReportNumber.percent(infrastructure.errorRate)),
            ])
        }
        return table
    }

    static func predictionBlocks(_ prediction: PredictionSnapshot) -> [ReportBlock] {
        var summary = ReportTable(
            headers: ["scored", "positive rate", "reference", "mean score", "psi", "js", "ks p", "band"],
            alignments: [.right, .right, .right, .right, .right, .right, .right, .left])
        summary.rows.append([
            ReportTable.Cell(NumberText.grouped(prediction.records)),
            ReportTable.Cell(ReportNumber.fixed(prediction.positiveRate, digits: 3)),
            ReportTable.Cell(ReportNumber.fixed(prediction.referencePositiveRate, digits: 3)),
            ReportTable.Cell(ReportNumber.fixed(prediction.meanScore, digits: 3)),
            ReportTable.Cell(ReportNumber.metric(prediction.psi)), ReportTable.Cell(ReportNumber.metric(prediction.jensenShannon)),
            ReportTable.Cell(ReportNumber.metric(prediction.ks?.pValue)), bandCell(prediction.band),
        ])
        var blocks: [ReportBlock] = [.heading("Prediction", level: 2), .table(summary)]
        if !prediction.versions.isEmpty {
            var versions = ReportTable(
                headers: ["version", "records", "positive rate", "mean score", "agreement", "mean |Δ score|", "precision", "roc auc"],
                alignments: [.left, .right, .right, .right, .right, .right, .right, .right])
            for version in prediction.versions {
                versions.rows.append([
                    ReportTable.Cell(version.version), ReportTable.Cell(NumberText.grouped(version.records)),
                    ReportTable.Cell(ReportNumber.fixed(version.positiveRate, digits: 3)),
                    ReportTable.Cell(ReportNumber.fixed(version.meanScore, digits: 3)),
                    ReportTable.Cell(ReportNumber.percent(version.agreement)),
                    ReportTable.Cell(ReportNumber.fixed(version.meanAbsoluteScoreDifference, digits: 3)),
                    ReportTable.Cell(ReportNumber.fixed(version.precision, digits: 3)),
                    ReportTable.Cell(ReportNumber.fixed(version.rocAUC, digits: 3)),
                ])
            }
            blocks.append(.table(versions))
        }
        if let comparison = prediction.comparison { blocks += comparisonBlocks(comparison) }
        return blocks
    }

    /// The challenger against the champion (docs/statistics.md, "Versions side by side").
    static func comparisonBlocks(_ comparison: VersionComparison) -> [ReportBlock] {
        var table = ReportTable(headers: ["challenger − champion", "difference", "95% interval", "test"],
                                alignments: [.left, .right, .right, .left])
        func signed(_ value: Double?) -> String {
            guard let value else { return "–" }
            return (value > 0 ? "+" : "") + ReportNumber.fixed(value, digits: 4)
        }
        table.rows.append([
            ReportTable.Cell("positive rate"), ReportTable.Cell(signed(comparison.positiveRateDifference)), ReportTable.Cell("–"),
            ReportTable.Cell(comparison.z.map { "z = \(ReportNumber.fixed($0, digits: 2)), p = \(ReportNumber.metric(comparison.pValue))" } ?? "–"),
        ])
        for metric in VersionComparison.Metric.allCases {
            let difference = comparison.difference(metric)
            let interval = difference.flatMap { value in
                value.lower.flatMap { lower in value.upper.map { "[\(signed(lower)), \(signed($0))]" } }
            }
            table.rows.append([ReportTable.Cell(metric.rawValue), ReportTable.Cell(signed(difference?.value)),
                               ReportTable.Cell(interval ?? "–"), ReportTable.Cell(difference == nil ? "–" : "bootstrap")])
        }
        table.rows.append([
            ReportTable.Cell("labelled scores (KS D)"), ReportTable.Cell(ReportNumber.metric(comparison.ks?.statistic)),
            ReportTable.Cell("–"), ReportTable.Cell(comparison.ks.map { "p = \(ReportNumber.metric($0.pValue))" } ?? "–"),
        ])
        return [.paragraph("Challenger \(comparison.challenger) against champion \(comparison.champion):"), .table(table)]
    }

    static func performanceBlocks(_ performance: PerformanceSnapshot) -> [ReportBlock] {
        let realized = performance.realized
        var table = ReportTable(headers: ["metric", "realized", "estimated", "reference"], alignments: [.left, .right, .right, .right])
        let rows: [(String, Double?, KeyPath<EstimatedPerformance, Double?>)] = [
            ("precision", realized.precision, \.precision), ("recall", realized.recall, \.recall),
            ("f1", realized.f1, \.f1), ("accuracy", realized.accuracy, \.accuracy), ("roc auc", realized.rocAUC, \.rocAUC),
        ]
        for (name, value, path) in rows {
            table.rows.append([
                ReportTable.Cell(name), ReportTable.Cell(ReportNumber.fixed(value, digits: 3)),
                ReportTable.Cell(ReportNumber.fixed(performance.estimated?[keyPath: path], digits: 3)),
                ReportTable.Cell(ReportNumber.fixed(performance.reference?[keyPath: path], digits: 3)),
            ])
        }
        var line = "Labelled \(NumberText.grouped(realized.labelled)) (coverage \(ReportNumber.percent(realized.coverage))): "
        line += "TP \(NumberText.grouped(realized.truePositives)), FP \(NumberText.grouped(realized.falsePositives)), "
        line += "FN \(NumberText.grouped(realized.falseNegatives)), TN \(NumberText.grouped(realized.trueNegatives)). "
        line += "Positive label rate \(ReportNumber.fixed(realized.positiveLabelRate, digits: 3)) "
        line += "(reference \(ReportNumber.fixed(realized.referencePositiveLabelRate, digits: 3)))."
        if let value = realized.businessValue { line += " Business value \(ReportNumber.fixed(value, digits: 2))." }
        return [.heading("Performance", level: 2), .table(table), .paragraph(ReportText(stringLiteral: line))]
    }

    /// The prediction section of a multiclass or regression model (tasks.md).
    static func taskPredictionBlocks(_ task: TaskSnapshot) -> [ReportBlock] {
        let output = task.prediction
        var blocks: [ReportBlock] = [.heading("Prediction", level: 2)]
        switch task.task {
        case .multiclass:
            var summary = ReportTable(headers: ["records", "psi", "js", "chi2 p", "band", "label psi"],
                                      alignments: [.right, .right, .right, .right, .left, .right])
            summary.rows.append([
                ReportTable.Cell(NumberText.grouped(output.records)), ReportTable.Cell(ReportNumber.metric(output.psi)),
                ReportTable.Cell(ReportNumber.metric(output.jensenShannon)), ReportTable.Cell(ReportNumber.metric(output.chiSquare?.pValue)),
                bandCell(output.driftBand), ReportTable.Cell(ReportNumber.metric(task.labelDrift?.psi)),
            ])
            var classes = ReportTable(headers: ["class", "share", "reference", "score psi", "score ks p"],
                                      alignments: [.left, .right, .right, .right, .right])
            for (index, share) in task.classShares.enumerated() {
                let score = index < task.classScores.count ? task.classScores[index] : nil
                classes.rows.append([
                    ReportTable.Cell(share.name), ReportTable.Cell(ReportNumber.percent(share.share)),
                    ReportTable.Cell(ReportNumber.percent(share.referenceShare)), ReportTable.Cell(ReportNumber.metric(score?.psi)),
                    ReportTable.Cell(ReportNumber.metric(score?.ks?.pValue)),
                ])
            }
            blocks += [.table(summary), .table(classes)]
        case .regression, .binary:
            var summary = ReportTable(headers: ["records", "mean prediction", "psi", "js", "ks p", "wasserstein", "band", "label psi"],
                                      alignments: [.right, .right, .right, .right, .right, .right, .left, .right])
            summary.rows.append([
                ReportTable.Cell(NumberText.grouped(output.records)), ReportTable.Cell(ReportNumber.metric(task.meanPrediction)),
                ReportTable.Cell(ReportNumber.metric(output.psi)), ReportTable.Cell(ReportNumber.metric(output.jensenShannon)),
                ReportTable.Cell(ReportNumber.metric(output.ks?.pValue)), ReportTable.Cell(ReportNumber.metric(output.wasserstein)),
                bandCell(output.driftBand), ReportTable.Cell(ReportNumber.metric(task.labelDrift?.psi)),
            ])
            blocks.append(.table(summary))
        }
        if task.versions.count > 1 {
            var versions = ReportTable(headers: task.task == .multiclass ? ["version", "labelled", "accuracy", "macro f1"] : ["version", "labelled", "mae", "rmse"],
                                       alignments: [.left, .right, .right, .right])
            for version in task.versions {
                let first = task.task == .multiclass ? version.accuracy : version.mae
                let second = task.task == .multiclass ? version.macroF1 : version.rmse
                versions.rows.append([ReportTable.Cell(version.version), ReportTable.Cell(NumberText.grouped(version.labelled)),
                                      ReportTable.Cell(ReportNumber.metric(first)), ReportTable.Cell(ReportNumber.metric(second))])
            }
            blocks.append(.table(versions))
        }
        return blocks
    }

    /// The performance section of a multiclass or regression model: realized beside the
    /// estimate and the reference's own, and the confusion matrix or the error detail.
    static func taskPerformanceBlocks(_ task: TaskSnapshot) -> [ReportBlock] {
        var table = ReportTable(headers: ["metric", "realized", "estimated", "reference"], alignments: [.left, .right, .right, .right])
        func row(_ name: String, _ value: Double?, _ path: KeyPath<TaskEstimate, Double?>?) {
            table.rows.append([
                ReportTable.Cell(name), ReportTable.Cell(ReportNumber.metric(value)),
                ReportTable.Cell(ReportNumber.metric(path.flatMap { task.estimated?[keyPath: $0] })),
                ReportTable.Cell(ReportNumber.metric(path.flatMap { task.reference?[keyPath: $0] })),
            ])
        }
        var blocks: [ReportBlock] = [.heading("Performance", level: 2)]
        switch task.task {
        case .multiclass:
            let realized = task.multiclass ?? MulticlassPerformance()
            row("accuracy", realized.accuracy, \.accuracy)
            row("macro precision", realized.macroPrecision, \.macroPrecision)
            row("macro recall", realized.macroRecall, \.macroRecall)
            row("macro f1", realized.macroF1, \.macroF1)
            row("weighted f1", realized.weightedF1, nil)
            row("roc auc", realized.rocAUC, \.rocAUC)
            blocks.append(.table(table))
            blocks.append(.paragraph(ReportText(stringLiteral:
                "Labelled \(NumberText.grouped(realized.labelled)) (coverage \(ReportNumber.percent(realized.coverage))); rows are the true class, columns the class predicted."
                    + (realized.businessValue.map { " Business value \(ReportNumber.fixed($0, digits: 2))." } ?? ""))))
            if !realized.confusion.isEmpty {
                var confusion = ReportTable(headers: ["true \\ predicted"] + task.classes,
                                            alignments: [.left] + task.classes.map { _ in .right })
                for (index, counts) in realized.confusion.enumerated() where index < task.classes.count {
                    confusion.rows.append([ReportTable.Cell(task.classes[index])] + counts.map { ReportTable.Cell(NumberText.grouped($0)) })
                }
                blocks.append(.table(confusion))
            }
            if !realized.classes.isEmpty {
                var classes = ReportTable(headers: ["class", "precision", "recall", "f1", "specificity", "support"],
                                          alignments: [.left, .right, .right, .right, .right, .right])
                for one in realized.classes {
                    classes.rows.append([
                        ReportTable.Cell(one.name), ReportTable.Cell(ReportNumber.fixed(one.precision, digits: 3)),
                        ReportTable.Cell(ReportNumber.fixed(one.recall, digits: 3)), ReportTable.Cell(ReportNumber.fixed(one.f1, digits: 3)),
                        ReportTable.Cell(ReportNumber.fixed(one.specificity, digits: 3)), ReportTable.Cell(NumberText.grouped(one.support)),
                    ])
                }
                blocks.append(.table(classes))
            }
        case .regression, .binary:
            let realized = task.regression ?? RegressionPerformance()
            row("mae", realized.mae, \.mae)
            row("rmse", realized.rmse, \.rmse)
            row("mse", realized.mse, nil)
            row("mape", realized.mape, nil)
            row("msle", realized.msle, nil)
            row("r2", realized.r2, nil)
            row("mean error (ŷ − y)", realized.meanError, nil)
            blocks.append(.table(table))
            blocks.append(.paragraph(ReportText(stringLiteral:
                "Labelled \(NumberText.grouped(realized.labelled)) (coverage \(ReportNumber.percent(realized.coverage))). MSLE is undefined when a prediction or label is negative."
                    + (realized.businessValue.map { " Business value \(ReportNumber.fixed($0, digits: 2))." } ?? ""))))
        }
        return blocks
    }

    static func segmentTable(_ segments: [SliceSnapshot], _ snapshot: Snapshot) -> ReportTable {
        var table = ReportTable(
            headers: ["segment", "records", "reference", "worst feature", "value", "band", "most missing", "precision", "vs baseline"],
            alignments: [.left, .right, .left, .left, .right, .left, .left, .right, .right])
        let baseline = snapshot.performanceBaseline.precision
        for segment in segments {
            let worst = segment.features.min { lhs, rhs in
                lhs.band.severityRank != rhs.band.severityRank
                    ? lhs.band.severityRank < rhs.band.severityRank : Snapshot.badness(lhs) > Snapshot.badness(rhs)
            }
            let missing = segment.features.filter { ($0.missingRate ?? 0) > 0 }.max { ($0.missingRate ?? 0) < ($1.missingRate ?? 0) }
            let precision = segment.performance.realized.precision
            var change = ReportNumber.undefined
            if let precision, let baseline {
                change = (precision >= baseline ? "+" : "") + ReportNumber.fixed(precision - baseline, digits: 3)
            }
            table.rows.append([
                ReportTable.Cell(segment.segment?.description ?? "all"), ReportTable.Cell(NumberText.grouped(segment.records)),
                ReportTable.Cell(segment.referenceScope.rawValue), ReportTable.Cell(worst?.name ?? ReportNumber.undefined),
                ReportTable.Cell(ReportNumber.metric(worst?.value)), bandCell(worst?.band ?? .notEnoughData),
                ReportTable.Cell(missing.map { "\($0.name) \(ReportNumber.percent($0.missingRate))" } ?? ReportNumber.undefined),
                ReportTable.Cell(ReportNumber.fixed(precision, digits: 3)), ReportTable.Cell(change),
            ])
        }
        return table
    }

    static func chunkTable(_ chunks: [ReportChunk]) -> ReportTable {
        // A multiclass or regression model's chunks show its own headline metrics.
        let task = chunks.first?.slice.task?.task
        let headline: [String] = switch task {
        case .multiclass: ["accuracy", "est. accuracy"]
        case .regression: ["mae", "est. mae"]
        default: ["positive rate", "precision"]
        }
        // The multivariate drift column when the reference has a PCA.
        let multivariate = chunks.contains { $0.slice.multivariate != nil }
        var table = ReportTable(
            headers: ["chunk", "first record", "records", "from", "to", "worst feature", "band"] + headline
                + (multivariate ? ["reconstruction error"] : []),
            alignments: [.right, .right, .right, .left, .left, .left, .left, .right, .right] + (multivariate ? [.right] : []))
        for chunk in chunks {
            let worst = chunk.slice.features.min { lhs, rhs in
                lhs.band.severityRank != rhs.band.severityRank
                    ? lhs.band.severityRank < rhs.band.severityRank : Snapshot.badness(lhs) > Snapshot.badness(rhs)
            }
            table.rows.append([
                ReportTable.Cell(String(chunk.index)), ReportTable.Cell(NumberText.grouped(chunk.firstRecord)),
                ReportTable.Cell(NumberText.grouped(chunk.records)),
                ReportTable.Cell(chunk.fromSeconds.flatMap(UTCTime.rfc3339) ?? ReportNumber.undefined),
                ReportTable.Cell(chunk.toSeconds.flatMap(UTCTime.rfc3339) ?? ReportNumber.undefined),
                ReportTable.Cell(worst.map { "\($0.name) \(ReportNumber.metric($0.value))" } ?? ReportNumber.undefined),
                bandCell(worst?.band ?? .notEnoughData),
            ] + Self.chunkHeadline(chunk.slice) + (multivariate ? [Self.multivariateCell(chunk.slice.multivariate)] : []))
        }
        return table
    }

    /// A chunk's mean reconstruction error, marked when outside the reference's band.
    static func multivariateCell(_ multivariate: MultivariateSnapshot?) -> ReportTable.Cell {
        let value = ReportNumber.fixed(multivariate?.error, digits: 3)
        return multivariate?.alert == true ? ReportTable.Cell(value + " ✖", tone: .bad) : ReportTable.Cell(value)
    }

    /// The sentence under the features table: the window's mean PCA reconstruction error against
    /// the reference's band (docs/statistics.md, "Multivariate drift"), or why there is none.
    static func multivariateSentence(_ multivariate: MultivariateSnapshot?, problem: String?) -> ReportText? {
        guard let multivariate else {
            return problem.map { "**Multivariate drift:** cannot be measured: \(ReportText.value($0))." }
        }
        var text: ReportText = "**Multivariate drift:** PCA reconstruction error "
            + "\(ReportNumber.fixed(multivariate.error, digits: 3)) (\(multivariate.components) component"
            + "\(multivariate.components == 1 ? "" : "s") of \(multivariate.features) feature\(multivariate.features == 1 ? "" : "s"))"
        if let lower = multivariate.lower, let upper = multivariate.upper {
            text += ", reference band [\(ReportNumber.fixed(lower, digits: 3)), \(ReportNumber.fixed(upper, digits: 3))] "
                + "from chunks of \(NumberText.grouped(multivariate.chunkRows)) rows"
        } else {
            text += ", no reference band (fewer than two reference chunks of \(NumberText.grouped(multivariate.chunkRows)) rows)"
        }
        switch multivariate.alert {
        case true?: text += ": **outside it, drift**."
        case false?: text += ": within it."
        case nil: text += "."
        }
        return text
    }

    /// The last two cells of a chunk's row: positive rate and precision, or the task's own.
    static func chunkHeadline(_ slice: SliceSnapshot) -> [ReportTable.Cell] {
        guard let task = slice.task else {
            return [ReportTable.Cell(ReportNumber.fixed(slice.prediction.positiveRate, digits: 3)),
                    ReportTable.Cell(ReportNumber.fixed(slice.performance.realized.precision, digits: 3))]
        }
        switch task.task {
        case .multiclass:
            return [ReportTable.Cell(ReportNumber.fixed(task.multiclass?.accuracy, digits: 3)),
                    ReportTable.Cell(ReportNumber.fixed(task.estimated?.accuracy, digits: 3))]
        case .regression, .binary:
            return [ReportTable.Cell(ReportNumber.metric(task.regression?.mae)), ReportTable.Cell(ReportNumber.metric(task.estimated?.mae))]
        }
    }

    static func alertTable(_ alerts: [AlertSnapshot]) -> ReportTable {
        var table = ReportTable(
            headers: ["state", "severity", "rule", "scope", "value", "threshold", "since", "marks"],
            alignments: [.left, .left, .left, .left, .right, .right, .left, .left])
        for alert in alerts {
            let tone: ReportTable.Cell.Tone = switch alert.state {
            case .firing: .bad
            case .pending: .warning
            case .resolved: .muted
            }
            let bound = (alert.comparison == "below" ? "< " : "> ") + ReportNumber.metric(alert.threshold)
            var marks: [String] = []
            if let ack = alert.acknowledged {
                marks.append("acknowledged by \(ack.by)" + (ack.note.map { ": \($0)" } ?? ""))
            }
            if let silence = alert.silenced {
                let until = UTCTime.rfc3339(silence.untilSeconds) ?? ReportNumber.undefined
                marks.append("silenced by \(silence.by) until \(until)" + (silence.note.map { ": \($0)" } ?? ""))
            }
            table.rows.append([
                ReportTable.Cell(alert.state.rawValue, tone: tone), ReportTable.Cell(alert.severity),
                ReportTable.Cell(alert.rule), ReportTable.Cell(alert.scope), ReportTable.Cell(ReportNumber.metric(alert.value)),
                ReportTable.Cell(bound), ReportTable.Cell(UTCTime.rfc3339(alert.sinceSeconds) ?? ReportNumber.undefined),
                ReportTable.Cell(marks.isEmpty ? ReportNumber.undefined : marks.joined(separator: "; ")),
            ])
        }
        return table
    }

    static func engineLine(_ counters: EngineCounters) -> ReportText {
        var parts: [ReportText] = [
            "late records \(NumberText.grouped(counters.lateRecords))",
            "dropped \(NumberText.grouped(counters.droppedRecords))",
            "without timestamp \(NumberText.grouped(counters.recordsWithoutTimestamp))",
            "labels matched \(NumberText.grouped(counters.matchedLabels))",
            "pending predictions \(NumberText.grouped(counters.pendingPredictions))",
            "held labels \(NumberText.grouped(counters.heldLabels))",
            "label horizon \(counters.labelHorizonText)",
        ]
        if counters.evictedPredictions > 0 { parts.append("evicted predictions \(NumberText.grouped(counters.evictedPredictions))") }
        if counters.unmatchedLabels > 0 { parts.append("unmatched labels \(NumberText.grouped(counters.unmatchedLabels))") }
        if counters.duplicateLabels > 0 { parts.append("duplicate labels \(NumberText.grouped(counters.duplicateLabels))") }
        if counters.duplicatePredictions > 0 { parts.append("duplicate predictions \(NumberText.grouped(counters.duplicatePredictions))") }
        if counters.unusableLabels > 0 { parts.append("unusable labels \(NumberText.grouped(counters.unusableLabels))") }
        if counters.recordsWithNewFeatures > 0 {
            parts.append("records with unmonitored features \(NumberText.grouped(counters.recordsWithNewFeatures)) (\(counters.newFeatures.map(ReportText.value).joined(separator: ", "))\(counters.unlistedNewFeatures > 0 ? " and \(NumberText.grouped(counters.unlistedNewFeatures)) more" : ""))")
        }
        return "Engine: " + parts.joined(separator: ", ") + "."
    }
}
