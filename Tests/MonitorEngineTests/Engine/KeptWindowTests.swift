import DriftStats
import MonitorEngine
import Testing

/// A report adds the newest bucket to its running total when the record that opens the next
/// bucket comes, just before it is counted (`EventTimeBuckets.retireNewest()`, when
/// `opensNewerBucket(at:)` says it will): the totals and windows are those of merging the bucket
/// when it leaves, the same values added in the same order.
@Suite struct KeptWindowTests {
    /// Counts that remember the order of everything added: two sums of them are equal only if
    /// the same values were added in the same order.
    struct Sequence: Mergeable, Equatable {
        var values: [Int] = []
        mutating func merge(_ other: Sequence) { values += other.values }
    }

    static func reportBuckets() -> EventTimeBuckets<Sequence> {
        // A ring of one bucket over a window of all, confirming jumps as the engine does.
        EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 1, jumpBuckets: 60, empty: Sequence())
    }

    @Test func retiringEarlyAddsWhatOpeningTheNextBucketWould() {
        var random = SplitMix64(seed: 23)
        var retiredEarly = 0
        for round in 0..<40 {
            var early = Self.reportBuckets()
            var plain = Self.reportBuckets()
            var time = 0.0
            for value in 0..<400 {
                let at: Double
                switch random.index(below: 12) {
                case 0: at = time - 60 * Double(1 + random.index(below: 5))      // late: into the total
                case 1: at = time + 60 * Double(60 + random.index(below: 30))    // far ahead: held, or a jump
                case 2, 3: at = time + 60                                       // the next bucket
                default: at = time + Double(random.index(below: 30))
                }
                let opens = early.opensNewerBucket(at: at)
                #expect(opens == plain.opensNewerBucket(at: at))
                let newestBefore = plain.newestBucketKey
                if opens {
                    let retired = early.retireNewest()
                    #expect(retired)
                    retiredEarly += 1
                    #expect(early.window == plain.window, "round \(round), value \(value)")
                }
                let outcome = early.withBucket(at: at) { $0.values.append(value) }
                let plainOutcome = plain.withBucket(at: at) { $0.values.append(value) }
                #expect(outcome == plainOutcome)
                // Exactly the records that moved the newest bucket forward.
                if newestBefore != nil { #expect(opens == (plain.newestBucketKey != newestBefore)) }
                // It said so: the record moved the newest bucket forward.
                if opens { #expect(early.windowEndSeconds.map { $0 > at } == true) }
                if at > time, early.windowEndSeconds.map({ at < $0 }) == true { time = at }
                if random.index(below: 50) == 0 {
                    early.settleHeldRecord()
                    plain.settleHeldRecord()
                }
                #expect(early.window == plain.window, "round \(round), value \(value)")
            }
        }
        #expect(retiredEarly > 1_000)
    }

    @Test func aSpanWindowOfOneBucketKeepsItsBucketForTheRules() throws {
        // The engine's buckets always run "all"; its own window decides, and a span window is
        // summed from the ring, where the bucket just ended must still be when it is judged.
        var config = try MonitorConfig.load(
            path: PreparedRecordTests.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        config.window = .span(.seconds(60))
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var state = MonitorState(config: config, reference: reference, historyBuckets: 1)
        func record(_ seconds: Double) -> Record {
            var record = Record()
            record.timestampSeconds = seconds
            record.features = [Feature(name: "amount", value: .number(10))]
            record.score = 0.2
            return record
        }
        state.ingest(record(1_800_000_000), arrivalSeconds: 0)
        state.ingest(record(1_800_000_001), arrivalSeconds: 0)
        let next = record(1_800_000_060)
        #expect(state.bucketEnd(closedBy: next, arrivalSeconds: 0) != nil)
        let judged = state.bucketEndSnapshot(closedBy: next, arrivalSeconds: 0, nowSeconds: 0, segments: false)
        #expect(judged.overall.records == 2)
        state.ingest(next, arrivalSeconds: 0)
        #expect(state.snapshot(nowSeconds: 0).overall.records == 1)
    }

    @Test func aRecordHeldFarAheadDoesNotOpenTheNextBucket() {
        var buckets = Self.reportBuckets()
        buckets.withBucket(at: 0) { $0.values.append(1) }
        #expect(buckets.opensNewerBucket(at: 60))
        #expect(!buckets.opensNewerBucket(at: 30))
        #expect(!buckets.opensNewerBucket(at: .nan))
        // Two hours ahead: held until a second record near it confirms the jump.
        #expect(!buckets.opensNewerBucket(at: 60 * 120))
        buckets.withBucket(at: 60 * 120) { $0.values.append(2) }
        #expect(buckets.opensNewerBucket(at: 60 * 121))
        // A span window keeps its ring: nothing is retired early.
        var span = EventTimeBuckets(bucketSeconds: 60, windowSeconds: 600, historyBuckets: 1, jumpBuckets: 60, empty: Sequence())
        span.withBucket(at: 0) { $0.values.append(1) }
        let retired = span.retireNewest()
        #expect(!retired)
        #expect(span.window.values == [1])
    }
}
