/// What became of a record handed to ``EventTimeBuckets/withBucket(at:_:)``.
///
/// Event time only: the newest bucket is the one of the newest record seen, not of the wall
/// clock, so replaying a log gives the same outcomes as watching it live.
public enum BucketOutcome: Sendable, Hashable, CaseIterable {
    /// Added to its bucket, which is inside the current window.
    case current
    /// Older than the current window when it arrived (late data), but its bucket is still held:
    /// added there, so it shows in the sparklines but not in the window's numbers.
    case late
    /// "All" mode only: its bucket has left the sparkline history, so it was added to the
    /// running total since start and to no bucket.
    case addedToTotal
    /// Its bucket is no longer held: counted and dropped.
    case tooOld
    /// So far ahead of the newest bucket that accepting it would wipe every held bucket: held
    /// aside until a second far-ahead record confirms the jump (see ``EventTimeBuckets``).
    case heldAhead
    /// The timestamp is NaN, infinite or beyond any representable bucket: counted and dropped.
    case invalidTime
}

/// How many records met each ``BucketOutcome``, counted when they arrived.
public struct BucketOutcomeCounts: Sendable, Hashable {
    public var current = 0
    public var late = 0
    public var addedToTotal = 0
    public var tooOld = 0
    public var heldAhead = 0
    public var invalidTime = 0
    /// Records held ahead that were thrown away because a later far-ahead record did not agree
    /// with them (a stray timestamp, such as a wrong year).
    public var aheadDiscarded = 0
    /// Confirmed jumps of event time that emptied every held bucket at once.
    public var jumps = 0

    public init() {}

    /// Every record handed to the buckets.
    public var records: Int { current + late + addedToTotal + tooOld + heldAhead + invalidTime }

    /// The count of one outcome.
    public subscript(outcome: BucketOutcome) -> Int {
        switch outcome {
        case .current: current
        case .late: late
        case .addedToTotal: addedToTotal
        case .tooOld: tooOld
        case .heldAhead: heldAhead
        case .invalidTime: invalidTime
        }
    }

    mutating func count(_ outcome: BucketOutcome) {
        switch outcome {
        case .current: current += 1
        case .late: late += 1
        case .addedToTotal: addedToTotal += 1
        case .tooOld: tooOld += 1
        case .heldAhead: heldAhead += 1
        case .invalidTime: invalidTime += 1
        }
    }
}
