import DriftStats
import MonitorEngine
import Testing

/// The history behind the time cursor, against a list of every record: a window at any end the
/// cursor may stand at holds exactly the records of its span, none twice, however the ring and
/// the tiers have moved them.
struct BucketHistoryTests {
    private static let tiers = [BucketHistory<Tally>.Tier(factor: 2, count: 3), BucketHistory<Tally>.Tier(factor: 6, count: 2)]

    private func buckets(capacity: Int = 5) -> EventTimeBuckets<Tally> {
        EventTimeBuckets(bucketSeconds: 1, windowSeconds: nil, historyBuckets: capacity, jumpBuckets: 1_000,
                         historyTiers: Self.tiers, empty: Tally())
    }

    @Test func everyWindowAtEveryEndHoldsExactlyItsSpan() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<40 {
            var ring = buckets()
            var records: [(key: Int64, id: Int)] = []
            var time = 100.0
            // Sometimes a longer window is chosen on the way (`w`): the ring grows.
            let grows = Int.random(in: 0..<160, using: &random)
            for id in 0..<Int.random(in: 1...120, using: &random) {
                if id == grows { ring.reserveCapacity(buckets: 9) }
                // Mostly forward, sometimes late (a label for an old prediction), sometimes a gap.
                switch Int.random(in: 0..<10, using: &random) {
                case 0: time += Double(Int.random(in: 2...9, using: &random))
                case 1: break
                default: time += Double.random(in: 0...0.9, using: &random)
                }
                let late = Int.random(in: 0..<6, using: &random) == 0
                let at = late ? max(90, time - Double(Int.random(in: 1...30, using: &random))) : time
                ring.withBucket(at: at) { $0.add(id) }
                records.append((Int64(at.rounded(.down)), id))
            }
            let ends = ring.cursorEnds
            #expect(ends == ends.sorted() && Set(ends).count == ends.count)
            #expect(ends.last == ring.newestBucketKey.map { $0 + 1 })
            for end in ends {
                for span in [1, 2, 4, 7, 13, nil] as [Int?] {
                    let (counts, start) = ring.total(endingAt: end, span: span)
                    #expect(counts.records == counts.ids.count, "a record counted twice at \(end) span \(String(describing: span))")
                    #expect(start <= end)
                    let kept = Set(records.filter { $0.key >= start && $0.key < end }.map(\.id))
                    // Every counted record is in the span the window says it covers.
                    #expect(counts.ids.isSubset(of: kept), "end \(end) span \(String(describing: span)) start \(start)")
                    if span == nil || start >= end - Int64(span!) {
                        // A window narrower than the history there covers a whole entry instead:
                        // otherwise everything of its span is in it (all of it for "all").
                        let expected = Set(records.filter { $0.key >= start && $0.key < end }.map(\.id))
                        #expect(expected.isSubset(of: counts.ids), "end \(end) span \(String(describing: span)) missing \(expected.subtracting(counts.ids))")
                    }
                }
            }
        }
    }

    @Test func anEntryStandsInForAWindowNarrowerThanIt() {
        var ring = buckets(capacity: 2)
        for key in 0..<20 { ring.withBucket(at: Double(key) + 0.5) { $0.add(key) } }
        // Ring holds 18, 19; the first tier 12..<18 in pairs; the second 0..<12 in sixes.
        #expect(ring.history?.entries[0].map(\.start) == [12, 14, 16])
        #expect(ring.history?.entries[1].map(\.start) == [0, 6])
        let (counts, start) = ring.total(endingAt: 12, span: 1)
        #expect(start == 6 && counts.ids == Set(6..<12))
        #expect(ring.cursorEnds == [6, 12, 14, 16, 18, 19, 20])
        let (series, width) = ring.series(endingAt: 16, count: 10)
        #expect(width == 2 && series.map(\.ids) == [Set([12, 13]), Set([14, 15])])
    }

    @Test func whatLeavesTheLastTierStillCountsInAWindowOfAll() {
        var ring = buckets(capacity: 2)
        for key in 0..<40 { ring.withBucket(at: Double(key)) { $0.add(key) } }
        #expect(ring.history?.expiredEnd != nil)
        let (all, start) = ring.total(endingAt: 30, span: nil)
        #expect(all.ids == Set(0..<30) && start == 0)
    }

    @Test func monitorStateCursorStepsAndReturnsLive() throws {
        var state = MonitorState(config: MonitorConfig(), reference: nil, keepsHistory: true)
        state.moveCursor(.bucketBack)
        #expect(state.cursorEnd == nil, "no data: nowhere to go")
        state.setCursor(seconds: 1_000)
        #expect(state.cursorEnd == nil)
    }
}
