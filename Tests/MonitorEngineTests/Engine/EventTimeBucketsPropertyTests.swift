import DriftStats
import MonitorEngine
import Testing

/// EventTimeBuckets against a brute-force recomputation that keeps every accepted record in a
/// list and applies the rules of the type's documentation literally.
struct EventTimeBucketsPropertyTests {
    /// The documented rules, on a list of records instead of a ring of counts.
    private struct BruteForce {
        let width: Double
        let window: Int?
        let capacity: Int
        var newest: Int64?
        var oldest: Int64 = 0
        var accepted: [(key: Int64, id: Int)] = []
        var held: (key: Int64, ids: [Int])?
        var outcomes = BucketOutcomeCounts()

        func key(_ time: Double) -> Int64? {
            let quotient = (time / width).rounded(.down)
            guard quotient.isFinite, abs(quotient) < 9_007_199_254_740_992 else { return nil }
            return Int64(quotient)
        }

        mutating func add(_ id: Int, at time: Double) -> BucketOutcome {
            guard let key = key(time) else { return count(.invalidTime) }
            if newest == nil {
                newest = key
                oldest = key
            } else if key > newest! {
                if key - newest! >= Int64(capacity) {
                    // Confirmed by a far-ahead record near the held one, or less than a day after
                    // one held less than a day ahead.
                    let day = max(Int64(capacity), Int64((86_400 / width).rounded(.up)))
                    if let held, abs(held.key - key) < Int64(capacity)
                        || (key > held.key && key - held.key < day && held.key - newest! < day) {
                        outcomes.jumps += 1
                        newest = max(key, held.key)
                    } else {
                        if let held { outcomes.aheadDiscarded += held.ids.count }
                        held = (key, [id])
                        return count(.heldAhead)
                    }
                } else {
                    newest = key
                }
                if let held, held.key <= newest! {
                    // Left behind by a longer jump: into the total of "all", else let go.
                    if held.key > newest! - Int64(capacity) || window == nil {
                        accepted += held.ids.map { (held.key, $0) }
                    } else {
                        outcomes.aheadDiscarded += held.ids.count
                    }
                    self.held = nil
                }
            }
            let newest = newest!
            if key > newest - Int64(capacity) {
                accepted.append((key, id))
                oldest = min(oldest, key)
                if let window, key <= newest - Int64(window) { return count(.late) }
                return count(.current)
            }
            if window == nil {
                accepted.append((key, id))
                return count(.addedToTotal)
            }
            return count(.tooOld)
        }

        mutating func count(_ outcome: BucketOutcome) -> BucketOutcome {
            switch outcome {
            case .current: outcomes.current += 1
            case .late: outcomes.late += 1
            case .addedToTotal: outcomes.addedToTotal += 1
            case .tooOld: outcomes.tooOld += 1
            case .heldAhead: outcomes.heldAhead += 1
            case .invalidTime: outcomes.invalidTime += 1
            }
            return outcome
        }

        var windowTally: Tally {
            guard let newest else { return Tally() }
            let first = window.map { newest - Int64($0) + 1 } ?? Int64.min
            return Tally.of(accepted.filter { $0.key >= first && $0.key <= newest }.map(\.id))
        }

        var series: [Tally] {
            guard let newest else { return [] }
            return (max(oldest, newest - Int64(capacity) + 1)...newest).map { key in
                Tally.of(accepted.filter { $0.key == key }.map(\.id))
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var windowSeconds: Double?
        var historyBuckets: Int
        var testDescription: String { "seed \(seed), window \(windowSeconds.map { "\($0)s" } ?? "all"), history \(historyBuckets)" }
    }

    @Test(arguments: [
        Case(seed: 1, windowSeconds: 300, historyBuckets: 10),
        Case(seed: 2, windowSeconds: 60, historyBuckets: 1),
        Case(seed: 3, windowSeconds: 600, historyBuckets: 4),
        Case(seed: 4, windowSeconds: nil, historyBuckets: 6),
        Case(seed: 5, windowSeconds: nil, historyBuckets: 1),
        Case(seed: 6, windowSeconds: 125, historyBuckets: 30),
    ])
    func matchesBruteForce(_ testCase: Case) {
        var random = SplitMix64(seed: testCase.seed)
        var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: testCase.windowSeconds, historyBuckets: testCase.historyBuckets, empty: Tally())
        var model = BruteForce(width: 60, window: buckets.windowBuckets, capacity: buckets.capacity)
        var clock = -3_000.0
        for id in 0..<4_000 {
            let time: Double
            switch Int.random(in: 0..<100, using: &random) {
            case 0: time = .nan
            case 1: time = clock + Double.random(in: 1e5..<1e8, using: &random)  // stray or jump
            case 2 ... 3: clock += Double.random(in: 0..<5_000, using: &random); time = clock  // a gap
            case 4 ... 20: time = clock - Double.random(in: 0..<2_000, using: &random)  // late
            default: clock += Double.random(in: 0..<15, using: &random); time = clock
            }
            let outcome = buckets.withBucket(at: time) { $0.add(id) }
            let expected = model.add(id, at: time)
            #expect(outcome == expected, "record \(id) at \(time)")
            if outcome != expected { return }
            if id % 97 == 0 {
                #expect(buckets.window == model.windowTally, "window after record \(id)")
                #expect(buckets.series { $0 } == model.series, "series after record \(id)")
                #expect(buckets.newestBucketKey == model.newest)
            }
        }
        #expect(buckets.window == model.windowTally)
        #expect(buckets.series { $0 } == model.series)
        #expect(buckets.outcomes == model.outcomes)
        // The stream exercised every path the case allows.
        #expect(buckets.outcomes.current > 0)
        #expect(buckets.outcomes.heldAhead > 0)
        #expect(buckets.outcomes.invalidTime > 0)
        #expect(buckets.outcomes.late + buckets.outcomes.addedToTotal + buckets.outcomes.tooOld > 0)
    }
}

/// ``EventTimeBuckets/sinceStart()``, which keeps the sum of what it summed before, against
/// ``EventTimeBuckets/window`` (the counts since start of "all", summed afresh), asked at random
/// moments of a stream with late records, records older than the ring, gaps, strays and jumps,
/// a history kept or not, the ring grown, and the held record settled at the end.
struct SinceStartTests {
    @Test(arguments: [(UInt64(11), false), (12, true), (13, false), (14, true)])
    func sinceStartIsAlwaysTheWindowOfAll(seed: UInt64, keepsHistory: Bool) {
        var random = SplitMix64(seed: seed)
        var buckets = EventTimeBuckets(bucketSeconds: 60, windowSeconds: nil, historyBuckets: 8, jumpBuckets: 8,
                                       historyTiers: keepsHistory ? [.init(factor: 4, count: 3)] : nil, empty: Tally())
        var clock = 0.0
        var asked = 0
        for id in 0..<6_000 {
            let time: Double
            switch Int.random(in: 0..<100, using: &random) {
            case 0: time = clock + Double.random(in: 1e5..<1e7, using: &random)  // stray or jump
            case 1 ... 2: clock += Double.random(in: 0..<2_000, using: &random); time = clock  // a gap
            case 3 ... 25: time = clock - Double.random(in: 0..<1_500, using: &random)  // late, some older than the ring
            default: clock += Double.random(in: 0..<20, using: &random); time = clock
            }
            buckets.withBucket(at: time) { $0.add(id) }
            if id == 3_000 { buckets.reserveCapacity(buckets: 20) }
            if Int.random(in: 0..<10, using: &random) == 0 {
                asked += 1
                #expect(buckets.sinceStart() == buckets.window, "after record \(id)")
            }
        }
        buckets.settleHeldRecord()
        #expect(buckets.sinceStart() == buckets.window)
        #expect(asked > 400)
        #expect(buckets.outcomes.addedToTotal > 0 && buckets.outcomes.jumps > 0, "\(buckets.outcomes)")
    }
}
