/// The class score histograms of the labelled records of one bucket of a multiclass model, one
/// pair per class on the ROC grid (tasks.md, "Business outcomes layer"): for class c, the scores
/// P(c) of the records whose true class is c (positives) and of the others (negatives). From
/// them, each class's one-vs-rest binned ROC AUC as docs/statistics.md defines it for a binary
/// model, and their macro average. O(K) per record, mergeable.
public struct MulticlassScoreHistograms: Sendable, Hashable {
    /// Per class, in class order: its score for records of the class against the others.
    public private(set) var classes: [ClassScoreHistograms]

    /// Empty histograms for `classCount` classes.
    public init(classCount: Int) {
        precondition(classCount >= 1, "MulticlassScoreHistograms: at least one class")
        classes = Array(repeating: ClassScoreHistograms(), count: classCount)
    }

    /// K, the number of classes.
    public var classCount: Int { classes.count }

    /// Counts one labelled record: its score of every class, in class order, and its true class
    /// as an index. A NaN score is not counted in its class's histograms.
    public mutating func record(scores: [Double], actualClass: Int) {
        precondition(scores.count == classes.count, "MulticlassScoreHistograms: one score per class")
        precondition(classes.indices.contains(actualClass), "MulticlassScoreHistograms: class out of range")
        classes.withUnsafeMutableBufferPointer { classes in
            for c in classes.indices {
                classes[c].record(score: scores[c], actualPositive: c == actualClass)
            }
        }
    }

    /// Per class, the binned one-vs-rest ROC AUC (`roc_auc_score(y == c, P[:, c])`); `nil` for a
    /// class absent from the labels, or when every label is that class.
    public var classROCAUCs: [Double?] { classes.map(\.rocAUC) }

    /// The macro one-vs-rest ROC AUC, `roc_auc_score(y, P, multi_class="ovr", average="macro")`:
    /// the mean of the per-class values; `nil` when any class's is (scikit-learn's NaN: its
    /// average does not skip an undefined class, unlike the macro precision and recall).
    public var rocAUC: Double? {
        var sum = 0.0
        for auc in classROCAUCs {
            guard let auc else { return nil }
            sum += auc
        }
        return sum / Double(classes.count)
    }

    /// Adds the histograms of another bucket with the same classes.
    public mutating func merge(_ other: MulticlassScoreHistograms) {
        precondition(classes.count == other.classes.count, "MulticlassScoreHistograms: cannot merge different classes")
        for c in classes.indices { classes[c].merge(other.classes[c]) }
    }

    /// The histograms of both buckets.
    public func merged(with other: MulticlassScoreHistograms) -> MulticlassScoreHistograms {
        var result = self
        result.merge(other)
        return result
    }

    /// The histograms of both buckets.
    public static func + (lhs: MulticlassScoreHistograms, rhs: MulticlassScoreHistograms) -> MulticlassScoreHistograms {
        lhs.merged(with: rhs)
    }
}

extension MulticlassScoreHistograms: Recyclable {
    public var isClear: Bool { classes.allSatisfy(\.isClear) }

    public mutating func clear() {
        classes.clearEach()
    }
}
