/// Labelled predictions of a multiclass model in one bucket (tasks.md, "Business outcomes layer"):
/// the K × K confusion matrix, rows the true class, columns the predicted class, both as indexes
/// in class order (the `classes:` list, else the reference's classes sorted by name). O(1) per
/// record, mergeable by addition.
public struct MulticlassConfusionCounts: Sendable, Hashable {
    /// K, the number of classes.
    public let classCount: Int
    /// The matrix row by row: the cell of true class `a` and predicted class `p` is `a · K + p`.
    public private(set) var cells: [Int]

    /// Empty counts for `classCount` classes.
    public init(classCount: Int) {
        precondition(classCount >= 1, "MulticlassConfusionCounts: at least one class")
        self.classCount = classCount
        cells = Array(repeating: 0, count: classCount * classCount)
    }

    /// Counts from a square matrix, rows true, columns predicted.
    public init(matrix: [[Int]]) {
        self.init(classCount: matrix.count)
        precondition(matrix.allSatisfy { $0.count == classCount }, "MulticlassConfusionCounts: matrix not square")
        cells = matrix.flatMap { $0 }
    }

    /// Counts one labelled prediction: the class served and the true class, as indexes.
    public mutating func record(predictedClass: Int, actualClass: Int) {
        precondition((0..<classCount).contains(actualClass) && (0..<classCount).contains(predictedClass),
                     "MulticlassConfusionCounts: class out of range")
        cells[actualClass * classCount + predictedClass] += 1
    }

    /// Records of true class `actual` predicted as `predicted`.
    public func count(actual: Int, predicted: Int) -> Int { cells[actual * classCount + predicted] }

    /// The matrix, rows true, columns predicted (`sklearn.metrics.confusion_matrix` with
    /// `labels=` the classes in order).
    public var matrix: [[Int]] {
        (0..<classCount).map { Array(cells[$0 * classCount ..< ($0 + 1) * classCount]) }
    }

    /// Labelled predictions counted.
    public var total: Int { cells.reduce(0, +) }

    /// Accuracy, per-class and macro metrics of these counts.
    public var metrics: MulticlassMetrics {
        MulticlassMetrics(classCount: classCount, cells: cells.map(Double.init))
    }

    /// Adds the counts of another bucket with the same classes.
    public mutating func merge(_ other: MulticlassConfusionCounts) {
        precondition(classCount == other.classCount, "MulticlassConfusionCounts: cannot merge different classes")
        for i in cells.indices { cells[i] += other.cells[i] }
    }

    /// The counts of both buckets.
    public func merged(with other: MulticlassConfusionCounts) -> MulticlassConfusionCounts {
        var result = self
        result.merge(other)
        return result
    }

    /// The counts of both buckets.
    public static func + (lhs: MulticlassConfusionCounts, rhs: MulticlassConfusionCounts) -> MulticlassConfusionCounts {
        lhs.merged(with: rhs)
    }
}

extension MulticlassConfusionCounts: Recyclable {
    public var isClear: Bool { Recycling.isZero(cells) }

    public mutating func clear() {
        guard !isClear else { return }
        Recycling.zero(&cells)
    }
}
