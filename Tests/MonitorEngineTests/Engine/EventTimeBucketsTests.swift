import DriftStats
import MonitorEngine
import Testing

struct EventTimeBucketsTests {
    /// One-minute buckets, a three-minute window, five buckets of history.
    private func minuteBuckets(history: Int = 5) -> EventTimeBuckets<Tally> {
        EventTimeBuckets(bucketSeconds: 60, windowSeconds: 180, historyBuckets: history, empty: Tally())
    }

    @Test func sizesFollowTheWindowAndHistory() {
        let buckets = minuteBuckets()
        #expect(buckets.windowBuckets == 3)
        #expect(buckets.capacity == 5)
        // A window longer than the history sets the capacity; a partial bucket rounds up.
        let wide = EventTimeBuckets(bucketSeconds: 60, windowSeconds: 600.5, historyBuckets: 4, empty: Tally())
        #expect(wide.windowBuckets == 11)
        #expect(wide.capacity == 11)
    }

    @Test func bucketKeyIsTheFloorOfTimeOverWidth() {
        let buckets = minuteBuckets()
        #expect(buckets.bucketKey(at: 0) == 0)
        #expect(buckets.bucketKey(at: 59.999) == 0)
        #expect(buckets.bucketKey(at: 60) == 1)
        #expect(buckets.bucketKey(at: -0.5) == -1)
        #expect(buckets.bucketKey(at: -60) == -1)
        #expect(buckets.bucketKey(at: -60.1) == -2)
        #expect(buckets.bucketKey(at: .nan) == nil)
        #expect(buckets.bucketKey(at: .infinity) == nil)
        #expect(buckets.bucketKey(at: 1e300) == nil)
    }

    @Test func windowRollsExactlyAtBucketBoundaries() {
        var buckets = minuteBuckets()
        for (id, time) in [0.0, 59, 60, 130, 185].enumerated() {
            #expect(buckets.withBucket(at: time) { $0.add(id) } == .current)
        }
        // Newest bucket is 3 (180..<240): the window is buckets 1, 2, 3.
        #expect(buckets.window == Tally.of([2, 3, 4]))
        #expect(buckets.windowStartSeconds == 60)
        #expect(buckets.windowEndSeconds == 240)
        // Still bucket 3: nothing leaves.
        buckets.advance(to: 239.999)
        #expect(buckets.window == Tally.of([2, 3, 4]))
        // Bucket 4 opens: bucket 1 (record 2) leaves, the rest stays.
        buckets.advance(to: 240)
        #expect(buckets.window == Tally.of([3, 4]))
        #expect(buckets.withBucket(at: 299) { $0.add(5) } == .current)
        #expect(buckets.window == Tally.of([3, 4, 5]))
        // Two buckets later only the newest record is left.
        buckets.advance(to: 420)
        #expect(buckets.window == Tally.of([]))
        buckets.advance(to: 300)  // earlier: changes nothing
        #expect(buckets.newestBucketKey == 7)
        #expect(buckets.total(ofLastBuckets: 5) == Tally.of([4, 5]))
        #expect(buckets.total(ofLastBuckets: 4) == Tally.of([5]))
    }

    @Test func lateRecordsLandInTheirHeldBucketAndTooOldOnesAreDropped() {
        var buckets = minuteBuckets(history: 6)
        #expect(buckets.withBucket(at: 600) { $0.add(0) } == .current)  // bucket 10
        // Window: buckets 8, 9, 10. Held: 5 ... 10.
        #expect(buckets.withBucket(at: 6 * 60 + 1) { $0.add(1) } == .late)
        #expect(buckets.withBucket(at: 7 * 60 + 59) { $0.add(2) } == .late)
        #expect(buckets.withBucket(at: 8 * 60) { $0.add(3) } == .current)
        #expect(buckets.withBucket(at: 5 * 60) { $0.add(4) } == .late)
        #expect(buckets.withBucket(at: 5 * 60 - 1) { $0.add(5) } == .tooOld)
        #expect(buckets.withBucket(at: -1e6) { $0.add(6) } == .tooOld)

        #expect(buckets.window == Tally.of([0, 3]))
        let series = buckets.buckets
        #expect(series.map(\.key) == [5, 6, 7, 8, 9, 10])
        #expect(series.map(\.counts) == [Tally.of([4]), Tally.of([1]), Tally.of([2]), Tally.of([3]), Tally(), Tally.of([0])])
        #expect(series.map(\.hasRecords) == [true, true, true, true, false, true])
        #expect(series.first?.startSeconds == 300)
        #expect(buckets.series(\.records) == [1, 1, 1, 1, 0, 1])

        var expected = BucketOutcomeCounts()
        expected.current = 2
        expected.late = 3
        expected.tooOld = 2
        #expect(buckets.outcomes == expected)
        #expect(buckets.outcomes.records == 7)
    }

    @Test func seriesStartsAtTheFirstRecordUntilTheHistoryFills() {
        var buckets = minuteBuckets()
        buckets.withBucket(at: 120) { $0.add(0) }
        #expect(buckets.buckets.map(\.key) == [2])
        buckets.withBucket(at: 250) { $0.add(1) }
        #expect(buckets.series(\.records) == [1, 0, 1])
        buckets.withBucket(at: 480) { $0.add(2) }
        #expect(buckets.buckets.map(\.key) == [4, 5, 6, 7, 8])
        #expect(buckets.series(\.records) == [1, 0, 0, 0, 1])
    }

    @Test func invalidTimesAreCountedAndDropped() {
        var buckets = minuteBuckets()
        var calls = 0
        for time in [Double.nan, .infinity, -.infinity, 1e300] {
            #expect(buckets.withBucket(at: time) { _ in calls += 1 } == .invalidTime)
        }
        #expect(calls == 0)
        #expect(buckets.outcomes.invalidTime == 4)
        #expect(buckets.newestBucketKey == nil)
        #expect(buckets.window == Tally())
        #expect(buckets.buckets.isEmpty)
    }

    @Test func negativeTimesUseTheirOwnBuckets() {
        var buckets = minuteBuckets()
        buckets.withBucket(at: -130) { $0.add(0) }  // bucket -3
        buckets.withBucket(at: -1) { $0.add(1) }  // bucket -1
        buckets.withBucket(at: 0) { $0.add(2) }  // bucket 0
        #expect(buckets.window == Tally.of([1, 2]))
        #expect(buckets.buckets.map(\.key) == [-3, -2, -1, 0])
        #expect(buckets.series(\.records) == [1, 0, 1, 1])
    }

    @Test func allModeKeepsEverythingSinceStartInBoundedMemory() {
        var buckets = EventTimeBuckets(bucketSeconds: 10, windowSeconds: nil, historyBuckets: 3, empty: Tally())
        #expect(buckets.windowBuckets == nil)
        #expect(buckets.capacity == 3)
        for (id, time) in [0.0, 15, 25, 35, 45, 65].enumerated() {
            #expect(buckets.withBucket(at: time) { $0.add(id) } == .current)
        }
        #expect(buckets.window == Tally.of(0...5))
        #expect(buckets.buckets.map(\.key) == [4, 5, 6])
        // Bucket 3 has left the history: the record goes to the total only.
        #expect(buckets.withBucket(at: 31) { $0.add(6) } == .addedToTotal)
        #expect(buckets.withBucket(at: 59) { $0.add(7) } == .current)
        #expect(buckets.window == Tally.of(0...7))
        #expect(buckets.series(\.records) == [1, 1, 1])
        #expect(buckets.outcomes.addedToTotal == 1)
        #expect(buckets.outcomes.tooOld == 0)
        // A far advance folds every held bucket into the total: nothing is lost.
        buckets.advance(to: 1e6)
        #expect(buckets.window == Tally.of(0...7))
        #expect(buckets.series(\.records) == [0, 0, 0])
        #expect(buckets.outcomes.jumps == 0)
    }

    @Test func oneStrayFutureRecordDoesNotWipeTheHistory() {
        var buckets = minuteBuckets()
        buckets.withBucket(at: 0) { $0.add(0) }
        buckets.withBucket(at: 60) { $0.add(1) }
        // A wrong year: held aside, nothing else moves.
        let stray = 365 * 86_400.0
        #expect(buckets.withBucket(at: stray) { $0.add(2) } == .heldAhead)
        #expect(buckets.newestBucketKey == 1)
        #expect(buckets.window == Tally.of([0, 1]))
        #expect(buckets.withBucket(at: 90) { $0.add(3) } == .current)
        // Another stray, far from the first: replaces it, the first is discarded and counted.
        #expect(buckets.withBucket(at: 2 * stray) { $0.add(4) } == .heldAhead)
        #expect(buckets.outcomes.aheadDiscarded == 1)
        #expect(buckets.outcomes.heldAhead == 2)
        #expect(buckets.outcomes.jumps == 0)
        #expect(buckets.window == Tally.of([0, 1, 3]))
    }

    /// A sparse log: a record every 87 minutes in 1-minute buckets, as a report over all of it
    /// keeps them (one bucket, far ahead from 60): every record is far ahead of the one before,
    /// and each is counted (the last one waits for a record that would confirm it).
    @Test func aSparseLogLosesNothing() {
        var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 1, jumpBuckets: 60, empty: Tally())
        for id in 0..<100 { buckets.withBucket(at: Double(id) * 87 * 60) { $0.add(id) } }
        #expect(buckets.window == Tally.of(0..<99))
        #expect(buckets.outcomes.aheadDiscarded == 0)
        #expect(buckets.outcomes.heldAhead == 50)
    }

    /// A record held a little ahead (a gap in the log) is not taken as confirmed by one a wrong
    /// year ahead: the wrong one replaces it, as one stray replaces another.
    @Test func aWrongYearDoesNotConfirmAGap() {
        var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 60, jumpBuckets: 60, empty: Tally())
        buckets.withBucket(at: 0) { $0.add(0) }
        #expect(buckets.withBucket(at: 90 * 60) { $0.add(1) } == .heldAhead)
        #expect(buckets.withBucket(at: 365 * 86_400) { $0.add(2) } == .heldAhead)
        #expect(buckets.outcomes.jumps == 0)
        #expect(buckets.newestBucketKey == 0)
    }

    @Test func aSecondFarRecordConfirmsAJump() {
        var buckets = minuteBuckets()
        buckets.withBucket(at: 0) { $0.add(0) }
        let later = 86_400.0  // bucket 1440, a day later: a quiet night in the log
        #expect(buckets.withBucket(at: later + 61) { $0.add(1) } == .heldAhead)  // bucket 1441
        #expect(buckets.withBucket(at: later) { $0.add(2) } == .current)  // bucket 1440: confirms
        #expect(buckets.outcomes.jumps == 1)
        #expect(buckets.newestBucketKey == 1441)
        #expect(buckets.window == Tally.of([1, 2]))
        #expect(buckets.series(\.records) == [0, 0, 0, 1, 1])
    }

    @Test func aHeldRecordJoinsItsBucketWhenTimeCatchesUp() {
        var buckets = minuteBuckets()
        buckets.withBucket(at: 0) { $0.add(0) }
        #expect(buckets.withBucket(at: 330) { $0.add(1) } == .heldAhead)  // bucket 5: 5 ahead
        #expect(buckets.withBucket(at: 200) { $0.add(2) } == .current)  // bucket 3: an ordinary step
        #expect(buckets.newestBucketKey == 3)
        #expect(buckets.window == Tally.of([2]))
        buckets.advance(to: 300)  // bucket 5: the held record is released
        #expect(buckets.window == Tally.of([1, 2]))
        #expect(buckets.outcomes.jumps == 0)
        #expect(buckets.outcomes.aheadDiscarded == 0)
    }

    /// "A window that rolled gives the same numbers as a fresh run over just the records it
    /// holds", on a shuffled stream.
    @Test(arguments: [1 as UInt64, 2, 3, 42])
    func rolledWindowEqualsAFreshRunOverItsRecords(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var stream: [(id: Int, time: Double)] = []
        var clock = 1_000.0
        for id in 0..<2_000 {
            clock += Double.random(in: 0..<1, using: &random)
            stream.append((id, clock - Double.random(in: 0..<400, using: &random)))
        }
        var rolled = minuteBuckets(history: 8)
        for record in stream { rolled.withBucket(at: record.time) { $0.add(record.id) } }

        let newest = rolled.newestBucketKey!
        let inWindow = stream.filter { rolled.bucketKey(at: $0.time)! > newest - 3 }
        #expect(inWindow.count > 20)
        var fresh = minuteBuckets(history: 8)
        for record in inWindow { fresh.withBucket(at: record.time) { $0.add(record.id) } }
        #expect(rolled.window == fresh.window)
        #expect(rolled.window == Tally.of(inWindow.map(\.id)))
    }

    @Test func countsOfTwoHalvesMergeToTheCountsOfTheWhole() {
        var random = SplitMix64(seed: 7)
        let times = (0..<1_000).map { _ in Double.random(in: 0..<3_600, using: &random) }
        func run(_ ids: Range<Int>) -> EventTimeBuckets<Tally> {
            var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 10, empty: Tally())
            for id in ids { buckets.withBucket(at: times[id]) { $0.add(id) } }
            return buckets
        }
        let whole = run(0..<1_000)
        let first = run(0..<500)
        let second = run(500..<1_000)
        #expect(first.window.merged(with: second.window) == whole.window)
        #expect(whole.window == Tally.of(0..<1_000))
    }
}
