import DriftStats

extension SliceSnapshotBuilder {
    /// The prediction and business layers of a multiclass or regression model (docs/tasks.md),
    /// every output compared with the whole reference's.
    func task(_ task: TaskReference, counts: SliceCounts?, series: [SliceCounts?], segment: SegmentKey?) -> TaskSnapshot {
        let current = counts?.task
        let rows = reference.rowCount
        func baseline(_ definition: FeatureReference) -> Baseline {
            Baseline(definition: definition, numeric: definition.numeric?.counts, categorical: definition.categorical?.counts, rows: rows)
        }
        func output(_ index: Int) -> FeatureSnapshot {
            feature(
                baseline(task.outputs[index]), current: current.map { $0.outputs[index] },
                records: counts?.records ?? 0, series: series.map { $0?.task?.outputs[index] })
        }
        var snapshot = TaskSnapshot(task: task.task, classes: task.classes, prediction: output(0))
        snapshot.reference = task.performance
        if let label = task.label, !forRules {
            snapshot.labelDrift = feature(
                baseline(label), current: current?.labels, records: counts?.labelled ?? 0,
                series: series.map { $0?.task?.labels })
        }
        switch task.task {
        case .multiclass:
            if !forRules { snapshot.classScores = (1..<task.outputs.count).map(output) }
            let decided = current?.outputs[0].categorical
            let referenceCounts = task.outputs[0].categorical?.counts
            snapshot.classShares = task.classes.indices.map { c in
                let slot = task.predictedSlots[c]
                return ClassShare(
                    name: task.classes[c],
                    share: decided.flatMap { $0.count > 0 ? Double($0.slotCounts[slot]) / Double($0.count) : nil },
                    referenceShare: referenceCounts.flatMap { $0.count > 0 ? Double($0.slotCounts[slot]) / Double($0.count) : nil })
            }
            if let current {
                snapshot.multiclass = multiclass(current, task: task)
                if config.business.map({ !$0.matrix.isEmpty }) == true { snapshot.multiclass?.businessValue = counts?.businessValue }
            }
            if let estimate = current?.estimate, estimate.count > 0 {
                snapshot.estimated = TaskEstimate(
                    accuracy: estimate.accuracy, macroPrecision: estimate.macroPrecision, macroRecall: estimate.macroRecall,
                    macroF1: estimate.macroF1, rocAUC: forRules ? nil : estimate.rocAUC)
            }
        case .regression, .binary:
            if let numeric = current?.outputs[0].numeric, numeric.count > 0 { snapshot.meanPrediction = numeric.mean }
            if let estimate = current?.lossEstimate, estimate.count > 0 {
                snapshot.estimated = TaskEstimate(mae: estimate.mae, rmse: estimate.rmse)
            }
            if let current {
                snapshot.regression = regression(current, predicted: current.outputs[0].present)
                if config.business?.perUnitError != nil { snapshot.regression?.businessValue = counts?.businessValue }
                if !forRules, let residuals = current.residuals?.numeric, let definition = task.residual, let grid = definition.numeric {
                    snapshot.residualHistogram = HistogramSnapshot(
                        labels: Self.binLabels(grid.grid.coarseEdges), reference: grid.counts.coarseProportions ?? [],
                        current: residuals.coarseProportions ?? Array(repeating: 0, count: residuals.coarseCounts.count))
                }
            }
        }
        if !forRules { snapshot.versions = versions(counts, task: task) }
        return snapshot
    }

    func multiclass(_ counts: TaskCounts, task: TaskReference) -> MulticlassPerformance {
        var result = MulticlassPerformance()
        let labelled = counts.confusion.total
        result.labelled = labelled
        let predicted = counts.outputs[0].present
        result.coverage = predicted > 0 ? Double(labelled) / Double(predicted) : nil
        let metrics = counts.confusion.metrics
        result.accuracy = metrics.accuracy
        result.macroPrecision = metrics.macroPrecision
        result.macroRecall = metrics.macroRecall
        result.macroF1 = metrics.macroF1
        result.weightedF1 = metrics.weightedF1
        if !forRules { result.rocAUC = counts.rocHistograms.rocAUC }
        result.classes = task.classes.indices.map { c in
            let one = metrics.classMetrics(c)
            return ClassPerformance(
                name: task.classes[c], precision: one.precision, recall: one.recall, f1: one.f1,
                specificity: one.specificity, support: Int(metrics.support(c)))
        }
        result.confusion = counts.confusion.matrix
        return result
    }

    func regression(_ counts: TaskCounts, predicted: Int) -> RegressionPerformance {
        var result = RegressionPerformance()
        let sums = counts.regression
        result.labelled = sums.count
        result.coverage = predicted > 0 ? Double(sums.count) / Double(predicted) : nil
        result.mae = sums.meanAbsoluteError
        result.mse = sums.meanSquaredError
        result.rmse = sums.rootMeanSquaredError
        result.mape = sums.meanAbsolutePercentageError
        result.msle = sums.meanSquaredLogError
        result.rmsle = sums.rootMeanSquaredLogError
        result.r2 = sums.r2
        result.meanError = sums.meanError
        return result
    }

    /// Each version with labels: accuracy and macro F1, or MAE and RMSE; most labelled first.
    func versions(_ counts: SliceCounts?, task: TaskReference) -> [TaskVersion] {
        guard let counts else { return [] }
        var result: [TaskVersion] = []
        for (index, version) in counts.versions.enumerated() {
            let name = index < versionNames.count ? (versionNames[index] ?? "(none)") : "(other)"
            if let confusion = version.classConfusion, confusion.total > 0 {
                var entry = TaskVersion(version: name, labelled: confusion.total)
                entry.accuracy = confusion.metrics.accuracy
                entry.macroF1 = confusion.metrics.macroF1
                result.append(entry)
            } else if let sums = version.regression, sums.count > 0 {
                var entry = TaskVersion(version: name, labelled: sums.count)
                entry.mae = sums.meanAbsoluteError
                entry.rmse = sums.rootMeanSquaredError
                result.append(entry)
            }
        }
        result.sort { $0.labelled != $1.labelled ? $0.labelled > $1.labelled : $0.version < $1.version }
        return result
    }
}
