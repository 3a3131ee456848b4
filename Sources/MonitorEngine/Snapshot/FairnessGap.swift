/// How far apart the segments of one dimension are on one rate (statistics.md, "Fairness gap",
/// the seed's `max_bias_gap`): max − min over the dimension's segments, with the two segments
/// that span it.
///
/// A segment takes part with at least the window's minimum records (`drift.min_records`), and
/// for a rate of labels (recall, FPR, precision) at least ``minimumLabels`` labels; a segment
/// whose rate has a zero denominator is left out, and so are `(other)` and `(missing)`, which
/// pool values rather than name a group. Versions are pooled (a slice's counts hold every
/// version that served). A binary model's rates: a multiclass or regression model has none.
public struct FairnessGap: Sendable, Hashable {
    /// The rates compared.
    public typealias Rate = FairnessRate

    /// One end of a gap: the segment and its rate.
    public struct End: Sendable, Hashable {
        public var segment: SegmentKey
        public var value: Double
    }

    public var dimension: String
    public var rate: Rate
    public var gap: Double
    public var max: End
    public var min: End

    /// Labels a segment needs before its rates of labels count.
    public static let minimumLabels = 50

    /// The rate of one slice, `nil` when it does not take part.
    public static func value(of rate: Rate, in slice: SliceSnapshot, minimumRecords: Int) -> Double? {
        guard slice.records >= minimumRecords else { return nil }
        let realized = slice.performance.realized
        if rate.needsLabels, realized.labelled < minimumLabels { return nil }
        func ratio(_ part: Int, _ whole: Int) -> Double? { whole > 0 ? Double(part) / Double(whole) : nil }
        switch rate {
        case .positiveRate: return slice.prediction.positiveRate
        case .recall: return ratio(realized.truePositives, realized.truePositives + realized.falseNegatives)
        case .fpr: return ratio(realized.falsePositives, realized.falsePositives + realized.trueNegatives)
        case .precision: return ratio(realized.truePositives, realized.truePositives + realized.falsePositives)
        }
    }

    /// The gap of `rate` over `dimension`'s segments; `nil` with fewer than two taking part.
    public static func gap(_ rate: Rate, dimension: String, segments: [SliceSnapshot], minimumRecords: Int) -> FairnessGap? {
        var ends: [End] = []
        for slice in segments {
            guard let key = slice.segment, key.dimension == dimension, key.value != "(other)", key.value != "(missing)",
                  let value = value(of: rate, in: slice, minimumRecords: minimumRecords) else { continue }
            ends.append(End(segment: key, value: value))
        }
        // Ties: the high end is the segment named first, the low end the one named last, so two
        // equal segments are both named and the ends do not move between equal windows.
        guard ends.count >= 2,
              let high = ends.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.segment > $1.segment }),
              let low = ends.min(by: { $0.value != $1.value ? $0.value < $1.value : $0.segment > $1.segment }) else { return nil }
        return FairnessGap(dimension: dimension, rate: rate, gap: high.value - low.value, max: high, min: low)
    }
}

extension Snapshot {
    /// Every dimension's gap on every rate that has two segments to compare, dimensions in
    /// configured order and rates as ``FairnessGap/Rate`` lists them; empty for a multiclass or
    /// regression model.
    public var fairness: [FairnessGap] {
        guard overall.task == nil else { return [] }
        var gaps: [FairnessGap] = []
        for dimension in dimensions {
            for rate in FairnessGap.Rate.allCases {
                if let gap = FairnessGap.gap(rate, dimension: dimension, segments: segments, minimumRecords: window.minimumRecords) {
                    gaps.append(gap)
                }
            }
        }
        return gaps
    }
}
