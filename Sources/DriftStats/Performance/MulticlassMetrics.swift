/// Multiclass metrics from a K × K confusion matrix (rows true, columns predicted), realized
/// (counts) or estimated (expected counts), with scikit-learn's definitions (tasks.md, "Business
/// outcomes layer").
///
/// Undefined values are `nil`, exactly where scikit-learn with `labels=` every class and
/// `zero_division=np.nan` gives NaN (where its default warns and substitutes 0):
/// - per class c, one-vs-rest (`classMetrics`): precision is `nil` when c is never predicted,
///   recall when c is absent from the labels, F1 (2·TP / (2·TP + FP + FN)) only when both, so a
///   class present but never predicted has F1 0; specificity is `nil` when every label is c.
/// - macro precision, recall and F1 are the unweighted means over the classes whose value is
///   defined, a class with `nil` is left out (not counted as 0), and `nil` when no class has one:
///   scikit-learn's `average="macro"` with `zero_division=np.nan`.
/// - weighted F1 weighs each class's F1 by its support; a class whose F1 is `nil` has support 0
///   and does not count; `nil` when nothing is labelled.
/// - accuracy is `nil` when nothing is labelled.
public struct MulticlassMetrics: Sendable, Hashable {
    /// K, the number of classes.
    public let classCount: Int
    /// The matrix row by row (true class `a`, predicted class `p` at `a · K + p`): counts, or
    /// expected counts.
    public let cells: [Double]
    /// Records labelled: the sum of the matrix.
    public let labelled: Double

    /// Metrics of a matrix given row by row.
    public init(classCount: Int, cells: [Double]) {
        precondition(classCount >= 1 && cells.count == classCount * classCount, "MulticlassMetrics: not a K × K matrix")
        self.classCount = classCount
        self.cells = cells
        labelled = cells.reduce(0, +)
    }

    /// The share of records whose predicted class is the true class (`accuracy_score`).
    public var accuracy: Double? {
        guard labelled > 0 else { return nil }
        return (0..<classCount).reduce(0.0) { $0 + cells[$1 * classCount + $1] } / labelled
    }

    /// Class `c` against the rest: TP the diagonal cell, FP the rest of its column, FN the rest
    /// of its row, TN everything else. Its precision, recall, F1 and specificity are the per-class
    /// values of `precision_recall_fscore_support(average=None)`.
    public func classMetrics(_ c: Int) -> ConfusionMetrics {
        precondition((0..<classCount).contains(c), "MulticlassMetrics: class out of range")
        var predicted = 0.0
        var actual = 0.0
        for other in 0..<classCount {
            predicted += cells[other * classCount + c]
            actual += cells[c * classCount + other]
        }
        let truePositives = cells[c * classCount + c]
        let falsePositives = predicted - truePositives
        let falseNegatives = actual - truePositives
        return ConfusionMetrics(truePositives: truePositives, falsePositives: falsePositives,
                                falseNegatives: falseNegatives,
                                trueNegatives: labelled - truePositives - falsePositives - falseNegatives)
    }

    /// The support of class `c`: records whose true class is c.
    public func support(_ c: Int) -> Double {
        (0..<classCount).reduce(0.0) { $0 + cells[c * classCount + $1] }
    }

    /// Mean precision over the classes that were predicted.
    public var macroPrecision: Double? { macro(\.precision) }
    /// Mean recall over the classes present in the labels.
    public var macroRecall: Double? { macro(\.recall) }
    /// Mean F1 over the classes either predicted or present in the labels.
    public var macroF1: Double? { macro(\.f1) }

    /// Σ_c support_c · F1_c / Σ_c support_c, over the classes with an F1.
    public var weightedF1: Double? {
        var weighted = 0.0
        var weights = 0.0
        for c in 0..<classCount {
            guard let f1 = classMetrics(c).f1 else { continue }
            let support = support(c)
            weighted += support * f1
            weights += support
        }
        return weights > 0 ? weighted / weights : nil
    }

    private func macro(_ metric: KeyPath<ConfusionMetrics, Double?>) -> Double? {
        let defined = (0..<classCount).compactMap { classMetrics($0)[keyPath: metric] }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }
}
