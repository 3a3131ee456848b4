import MonitorEngine
@testable import Dashboard

/// The fixture snapshot as a multiclass card-tier router and as a price regression: the same
/// infrastructure and inputs, the task's own prediction and business layers (tasks.md).
enum TaskFixture {
    static let classes = ["prepaid_card", "highstreet_card", "upmarket_card"]

    static func multiclass() -> Snapshot {
        var prediction = FeatureSnapshot(name: "predicted class", kind: .categorical, records: 48_210, psi: 0.231, jensenShannon: 0.052,
                                         method: "psi", value: 0.231, band: .drift)
        prediction.histogram = HistogramSnapshot(labels: classes + ["(unseen)"], reference: [0.52, 0.33, 0.15, 0], current: [0.61, 0.35, 0.04, 0])
        var task = TaskSnapshot(task: .multiclass, classes: classes, prediction: prediction)
        task.classShares = [ClassShare(name: classes[0], share: 0.61, referenceShare: 0.52),
                            ClassShare(name: classes[1], share: 0.35, referenceShare: 0.33),
                            ClassShare(name: classes[2], share: 0.04, referenceShare: 0.15)]
        var labels = FeatureSnapshot(name: "label", kind: .categorical, records: 16_390, psi: 0.012, method: "psi", value: 0.012, band: .ok)
        labels.driftBand = .ok
        task.labelDrift = labels
        var realized = MulticlassPerformance()
        realized.labelled = 16_390
        realized.coverage = 0.34
        realized.accuracy = 0.712
        realized.macroPrecision = 0.655
        realized.macroRecall = 0.584
        realized.macroF1 = 0.598
        realized.weightedF1 = 0.701
        realized.rocAUC = 0.861
        realized.confusion = [[7_102, 1_310, 61], [1_402, 4_010, 120], [512, 1_310, 563]]
        realized.classes = [
            ClassPerformance(name: classes[0], precision: 0.787, recall: 0.838, f1: 0.812, specificity: 0.76, support: 8_473),
            ClassPerformance(name: classes[1], precision: 0.606, recall: 0.725, f1: 0.660, specificity: 0.75, support: 5_532),
            // Never right about upmarket_card once it is almost never predicted: precision holds, recall falls.
            ClassPerformance(name: classes[2], precision: 0.757, recall: 0.236, f1: 0.360, specificity: 0.99, support: 2_385),
        ]
        task.multiclass = realized
        task.estimated = TaskEstimate(accuracy: 0.741, macroPrecision: 0.70, macroRecall: 0.66, macroF1: 0.672, rocAUC: 0.874)
        task.reference = TaskEstimate(accuracy: 0.802, macroPrecision: 0.77, macroRecall: 0.75, macroF1: 0.760, rocAUC: 0.902)
        return with(task)
    }

    static func regression() -> Snapshot {
        let bins = ["≤ 1.2k", "(1.2k, 1.9k]", "(1.9k, 2.4k]", "(2.4k, 2.9k]", "(2.9k, 3.4k]", "(3.4k, 4k]", "(4k, 4.8k]", "> 4.8k"]
        var prediction = FeatureSnapshot(name: "prediction", kind: .numeric, records: 48_210, psi: 0.274, jensenShannon: 0.061,
                                         wasserstein: 0.31, method: "psi", value: 0.274, band: .drift)
        prediction.histogram = HistogramSnapshot(labels: bins, reference: [0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125],
                                                 current: [0.06, 0.08, 0.1, 0.12, 0.13, 0.15, 0.17, 0.19])
        var task = TaskSnapshot(task: .regression, classes: [], prediction: prediction)
        task.meanPrediction = 3_412.5
        var realized = RegressionPerformance()
        realized.labelled = 16_390
        realized.coverage = 0.34
        realized.mae = 412.7
        realized.mse = 301_220
        realized.rmse = 548.8
        realized.mape = 0.142
        realized.r2 = 0.811
        realized.meanError = 96.2
        task.regression = realized
        let residualBins = ["≤ -600", "(-600, -300]", "(-300, -100]", "(-100, 0]", "(0, 100]", "(100, 300]", "(300, 600]", "> 600"]
        task.residualHistogram = HistogramSnapshot(labels: residualBins, reference: [0.05, 0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.05],
                                                   current: [0.03, 0.06, 0.1, 0.14, 0.19, 0.19, 0.16, 0.13])
        task.estimated = TaskEstimate(mae: 301.4, rmse: 402.2)
        task.reference = TaskEstimate(mae: 251.9, rmse: 338.0)
        return with(task)
    }

    /// The fixture snapshot with `task` as the whole stream's own layers.
    static func with(_ task: TaskSnapshot) -> Snapshot {
        var snapshot = Fixture.snapshot()
        snapshot.overall.task = task
        return snapshot
    }

    static func model(_ snapshot: Snapshot, width: Int, height: Int) -> DashboardModel {
        var model = DashboardModel(width: width, height: height)
        model.handle(.snapshot(snapshot))
        model.handle(.tick(nowSeconds: Fixture.now))
        return model
    }
}
