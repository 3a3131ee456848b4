import DriftStats
import MonitorEngine
import Testing

/// A report's running total takes the window summed at a bucket's end when that bucket retires
/// (`EventTimeBuckets.windowKeepingSum()`): whatever happens between the two, the total is the
/// one merging the bucket would have made, in the same order.
@Suite struct KeptWindowTests {
    /// Counts that remember the order of everything added: two sums of them are equal only if
    /// the same values were added in the same order.
    struct Sequence: Mergeable, Equatable {
        var values: [Int] = []
        mutating func merge(_ other: Sequence) { values += other.values }
    }

    @Test func theKeptSumIsTheTotalMergingWouldMake() {
        var random = SplitMix64(seed: 23)
        for round in 0..<40 {
            // A ring of one bucket over a window of all: a report's.
            var kept = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 1, jumpBuckets: 60, empty: Sequence())
            var merged = kept
            var time = 0.0
            for value in 0..<400 {
                // At a bucket's end the window is summed, as the alert rules are judged.
                let step = random.index(below: 10)
                if step == 0 {
                    #expect(kept.windowKeepingSum() == merged.window)
                }
                let at: Double
                switch random.index(below: 12) {
                case 0: at = time - 60 * Double(1 + random.index(below: 5))      // late: into the total
                case 1: at = time + 60 * Double(60 + random.index(below: 30))    // far ahead: held
                case 2: at = time + 60                                          // the next bucket
                default: at = time + Double(random.index(below: 30))
                }
                if at > time, at < time + 3_600 { time = at }
                kept.withBucket(at: at) { $0.values.append(value) }
                merged.withBucket(at: at) { $0.values.append(value) }
                if random.index(below: 50) == 0 {
                    kept.settleHeldRecord()
                    merged.settleHeldRecord()
                }
                if random.index(below: 80) == 0 {
                    let jump = time + 60 * Double(1 + random.index(below: 3))
                    kept.advance(to: jump)
                    merged.advance(to: jump)
                    time = jump
                }
            }
            kept.settleHeldRecord()
            merged.settleHeldRecord()
            #expect(kept.window == merged.window, "round \(round)")
            #expect(kept.window.values.count == merged.window.values.count)
        }
    }

    @Test func aRecordLandingInTheBucketAfterItsSumIsCountedInTheTotal() {
        var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 1, jumpBuckets: 60, empty: Sequence())
        buckets.withBucket(at: 0) { $0.values.append(1) }
        _ = buckets.windowKeepingSum()
        // The next record does not open the next bucket (it is far ahead and held), and another
        // lands in the summed bucket: the kept sum no longer holds.
        buckets.withBucket(at: 60 * 120) { $0.values.append(2) }
        buckets.withBucket(at: 30) { $0.values.append(3) }
        buckets.withBucket(at: 60) { $0.values.append(4) }
        #expect(buckets.window.values.sorted() == [1, 3, 4])
        buckets.settleHeldRecord()
        #expect(buckets.window.values.sorted() == [1, 2, 3, 4])
    }
}
