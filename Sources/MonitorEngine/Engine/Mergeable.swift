/// Counts that can be added together: the counts of two buckets, two segments or two files.
///
/// Every statistic of docs/statistics.md is a function of counts like these, which is what lets the
/// engine keep event-time buckets and sum them into a window at snapshot time instead of
/// keeping raw values. `merge` must be associative and commutative, and merging the empty value
/// of the same configuration must change nothing.
///
/// There is deliberately no `static var zero`: many counters (histograms on the reference's
/// grid, per-category counts) need their configuration to exist, so containers such as
/// ``EventTimeBuckets`` are given one configured empty value and copy it.
public protocol Mergeable: Sendable {
    /// Adds `other`'s counts into these.
    mutating func merge(_ other: Self)
}

extension Mergeable {
    /// These counts plus `other`'s.
    public func merged(with other: Self) -> Self {
        var sum = self
        sum.merge(other)
        return sum
    }
}
