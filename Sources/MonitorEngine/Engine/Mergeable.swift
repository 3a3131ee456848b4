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
    /// Adds the counts of bucket `key` (a window's sum, a running total): counts that keep
    /// blocks per bucket (a versions comparison's) file them under the key. Default: `merge`.
    mutating func merge(_ other: Self, bucket key: Int64)
    /// Counts into a running total what belongs to bucket `key`, no longer held. Default:
    /// `body(&self)`.
    mutating func record(bucket key: Int64, _ body: (inout Self) -> Void)
    /// Makes these counts equal to `empty` (counts of the same configuration) again, reusing
    /// their storage where they can: a closed bucket counts the next one in the arrays it
    /// already has (`DriftStats.Recyclable`). Default: `self = empty`.
    mutating func reset(to empty: Self)
}

extension Mergeable {
    public mutating func merge(_ other: Self, bucket key: Int64) { merge(other) }
    public mutating func record(bucket key: Int64, _ body: (inout Self) -> Void) { body(&self) }
    public mutating func reset(to empty: Self) { self = empty }

    /// These counts plus `other`'s.
    public func merged(with other: Self) -> Self {
        var sum = self
        sum.merge(other)
        return sum
    }
}
