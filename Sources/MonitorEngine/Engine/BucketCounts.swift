import DriftStats

/// One bucket of event time: the counts of every slice. Slices start as copies of one empty
/// template sharing its storage, so memory follows the slices that counted something (a ring
/// of one bucket, emptied in place, keeps the storage of the slices it has counted in).
public struct BucketCounts: Sendable, Mergeable {
    /// Index 0 is the whole stream; then each dimension's slots (see ``MonitorState``).
    public var slices: [SliceCounts]

    /// A bucket with every slice empty.
    public init(templates: [SliceCounts]) {
        slices = templates
    }

    /// The counts of a slice, `nil` when it counted nothing.
    public func slice(_ index: Int) -> SliceCounts? {
        index < slices.count && slices[index].isUsed ? slices[index] : nil
    }

    /// Adds another bucket's counts, slice by slice.
    public mutating func merge(_ other: BucketCounts) {
        if slices.isEmpty {
            slices = other.slices
            return
        }
        for index in other.slices.indices where index < slices.count && other.slices[index].isUsed {
            slices[index].merge(other.slices[index])
        }
    }

    /// Adds bucket `key`'s counts, each slice filing its versions' confusion counts under the key.
    public mutating func merge(_ other: BucketCounts, bucket key: Int64) {
        if slices.isEmpty {
            slices = other.slices
            for index in slices.indices where slices[index].isUsed { slices[index].fileUnblocked(under: key) }
            return
        }
        for index in other.slices.indices where index < slices.count && other.slices[index].isUsed {
            slices[index].merge(other.slices[index], bucket: key)
        }
    }

    /// Every slice emptied in the arrays it has, when `empty` is a bucket of as many slices that
    /// counted nothing (``MonitorState`` makes its template of new slices); `empty` itself
    /// otherwise.
    public mutating func reset(to empty: BucketCounts) {
        guard slices.count == empty.slices.count, empty.slices.allSatisfy(\.isClear) else {
            self = empty
            return
        }
        slices.clearEach()
    }

    /// Counts a late record of bucket `key` into a running total: what it adds to the versions'
    /// confusion counts is filed under the key. O(slices), a flag each: the slices the record
    /// left alone have nothing to file (reading whether each was used at all touched three of
    /// its cache lines, for every late label).
    public mutating func record(bucket key: Int64, _ body: (inout BucketCounts) -> Void) {
        body(&self)
        for index in slices.indices where slices[index].mayHaveUnfiledCounts { slices[index].fileUnblocked(under: key) }
    }
}
