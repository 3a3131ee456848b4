@testable import MonitorEngine
import DriftStats
import Testing

struct LabelJoinTests {
    /// What the business layer keeps of a prediction until its label comes.
    struct Held: Sendable, Equatable {
        var bucket: Int64
        var score: Double
        var version: String
    }

    /// A label as the business layer reads it: outcome and amount at stake.
    struct Outcome: JoinableLabel, Equatable {
        var positive: Bool
        var value: Double?

        init(positive: Bool, value: Double?) {
            self.positive = positive
            self.value = value
        }

        init(matchedOutcome isPositive: Bool) { self.init(positive: isPositive, value: nil) }

        var isPositive: Bool { positive }
    }

    struct Credit: Equatable {
        var prediction: Held
        var label: Outcome
    }

    typealias Join = LabelJoin<Held, Outcome>

    private static let fraud = Outcome(positive: true, value: 532.10)
    private static let fine = Outcome(positive: false, value: nil)

    private func predict(_ join: inout Join, _ id: String, version: String = "v1", at time: Double, bucket: Int64 = 0, score: Double = 0.5, into credits: inout [Credit]) -> PredictionJoinOutcome {
        join.recordPrediction(id: id, version: version, timestampSeconds: time, Held(bucket: bucket, score: score, version: version)) {
            credits.append(Credit(prediction: $0, label: $1))
        }
    }

    private func label(_ join: inout Join, _ id: String, _ outcome: Outcome, into credits: inout [Credit]) -> LabelJoinOutcome {
        join.recordLabel(id: id, outcome) { credits.append(Credit(prediction: $0, label: $1)) }
    }

    @Test func aLabelAfterItsPredictionCreditsThePredictionsBucket() {
        var join = Join()
        var credits: [Credit] = []
        #expect(predict(&join, "tx-1", at: 100, bucket: 1, score: 0.91, into: &credits) == .pending)
        #expect(join.pendingPredictions == 1)
        #expect(label(&join, "tx-1", Self.fraud, into: &credits) == .matched)
        #expect(credits == [Credit(prediction: Held(bucket: 1, score: 0.91, version: "v1"), label: Self.fraud)])
        #expect(join.pendingPredictions == 0)
        #expect(join.counts.matchedLabels == 1)
        #expect(join.counts.matchedPredictions == 1)
    }

    @Test func aLabelBeforeItsPredictionIsHeldAndCreditedWhenItArrives() {
        var join = Join()
        var credits: [Credit] = []
        #expect(label(&join, "tx-2", Self.fine, into: &credits) == .held)
        #expect(credits.isEmpty)
        #expect(join.heldLabels == 1)
        #expect(predict(&join, "tx-2", at: 7_200, bucket: 120, score: 0.2, into: &credits) == .matched)
        #expect(credits == [Credit(prediction: Held(bucket: 120, score: 0.2, version: "v1"), label: Self.fine)])
        #expect(join.heldLabels == 0)
        #expect(join.pendingPredictions == 0)
        #expect(join.counts.matchedLabels == 1)
        // The id is remembered as labelled: a second label is a duplicate, not an early label.
        #expect(label(&join, "tx-2", Self.fraud, into: &credits) == .duplicate)
        #expect(join.counts.duplicateLabels == 1)
        #expect(join.heldLabels == 0)
    }

    @Test func predictionsAreEvictedOldestFirst() {
        var join = Join(maxPending: 3)
        var credits: [Credit] = []
        for (index, id) in ["a", "b", "c", "d", "e"].enumerated() {
            _ = predict(&join, id, at: Double(index), into: &credits)
        }
        #expect(join.counts.evictedPredictions == 2)
        #expect(join.pendingPredictions == 3)
        #expect(join.heldPredictions == 3)
        // "a" and "b" are gone: their labels wait as early labels; "c" is still there.
        #expect(label(&join, "a", Self.fraud, into: &credits) == .held)
        #expect(label(&join, "b", Self.fraud, into: &credits) == .held)
        #expect(label(&join, "c", Self.fraud, into: &credits) == .matched)
        #expect(credits.map(\.prediction.version) == ["v1"])
        #expect(join.heldLabels == 2)
    }

    @Test func matchedEntriesAreForgottenWithoutCountingAsEvicted() {
        var join = Join(maxPending: 2)
        var credits: [Credit] = []
        _ = predict(&join, "a", at: 0, into: &credits)
        _ = label(&join, "a", Self.fine, into: &credits)
        _ = predict(&join, "b", at: 1, into: &credits)
        _ = predict(&join, "c", at: 2, into: &credits)  // pushes out the labelled "a"
        #expect(join.counts.evictedPredictions == 0)
        _ = predict(&join, "d", at: 3, into: &credits)  // pushes out the pending "b"
        #expect(join.counts.evictedPredictions == 1)
        #expect(join.pendingPredictions == 2)
    }

    @Test func earlyLabelsAreEvictedOldestFirstSkippingMatchedOnes() {
        var join = Join(maxEarlyLabels: 2)
        var credits: [Credit] = []
        _ = label(&join, "p", Self.fraud, into: &credits)
        _ = label(&join, "q", Self.fine, into: &credits)
        #expect(predict(&join, "p", at: 0, into: &credits) == .matched)  // "p" leaves the labels
        _ = label(&join, "r", Self.fraud, into: &credits)  // room: no eviction
        #expect(join.counts.evictedLabels == 0)
        _ = label(&join, "s", Self.fraud, into: &credits)  // "q" is the oldest held
        #expect(join.counts.evictedLabels == 1)
        #expect(join.counts.unmatchedLabels == 1)
        #expect(join.heldLabels == 2)
        #expect(predict(&join, "q", at: 1, into: &credits) == .pending)
        #expect(predict(&join, "r", at: 2, into: &credits) == .matched)
        #expect(predict(&join, "s", at: 3, into: &credits) == .matched)
        #expect(credits.count == 3)
    }

    @Test func evictionStaysInOrderAfterManyMatchedLabels() {
        var join = Join(maxEarlyLabels: 10)
        var credits: [Credit] = []
        for index in 0..<1_000 {
            _ = label(&join, "m\(index)", Self.fine, into: &credits)
            _ = predict(&join, "m\(index)", at: Double(index), into: &credits)
        }
        #expect(credits.count == 1_000)
        #expect(join.heldLabels == 0)
        for index in 0..<12 { _ = label(&join, "late\(index)", Self.fine, into: &credits) }
        #expect(join.counts.evictedLabels == 2)
        #expect(predict(&join, "late0", at: 2_000, into: &credits) == .pending)
        #expect(predict(&join, "late1", at: 2_001, into: &credits) == .pending)
        #expect(predict(&join, "late2", at: 2_002, into: &credits) == .matched)
    }

    @Test func pendingPredictionsExpireOnceTheClockPassesTheHorizon() {
        var join = Join(horizon: .fixed(100))
        var credits: [Credit] = []
        _ = predict(&join, "a", at: 0, into: &credits)
        _ = predict(&join, "b", at: 50, into: &credits)
        _ = predict(&join, "c", at: 100, into: &credits)
        // Predictions alone do not move the clock: the sources are read through it.
        #expect(join.counts.expiredPredictions == 0)
        join.advanceClock(to: 100)  // "a" is exactly 100 old: kept
        #expect(join.counts.expiredPredictions == 0)
        join.advanceClock(to: 120)
        #expect(join.counts.expiredPredictions == 1)
        #expect(join.pendingPredictions == 2)
        #expect(label(&join, "a", Self.fraud, into: &credits) == .held)
        #expect(label(&join, "b", Self.fraud, into: &credits) == .matched)
        // The clock never moves back.
        join.advanceClock(to: 10)
        #expect(join.clockSeconds == 120)
        #expect(join.counts.expiredPredictions == 1)
    }

    @Test func earlyLabelsExpireOnceTheClockPassesTheHorizonPastTheirTime() {
        var join = Join(horizon: .fixed(100))
        var credits: [Credit] = []
        #expect(label(&join, "x", Self.fraud, at: 1_000, into: &credits) == .held)
        #expect(label(&join, "untimed", Self.fraud, at: nil, into: &credits) == .held)
        #expect(label(&join, "y", Self.fraud, at: 1_100, into: &credits) == .held)
        join.advanceClock(to: 1_100)
        #expect(join.counts.expiredLabels == 0)
        // A prediction up to the horizon before its label still matches.
        #expect(predict(&join, "x", at: 950, into: &credits) == .matched)
        join.advanceClock(to: 1_201)
        // "y" is past the horizon; a label without a time waits until evicted, and those
        // behind it with it.
        #expect(join.counts.expiredLabels == 0)
        #expect(join.heldLabels == 2)
        #expect(predict(&join, "untimed", at: 1_150, into: &credits) == .matched)
        join.advanceClock(to: 1_202)
        #expect(join.counts.expiredLabels == 1)
        #expect(join.counts.unmatchedLabels == 1)
        #expect(join.heldLabels == 0)
    }

    @Test func theLearnedHorizonIsFourTimesTheLongestWaitOnceEnoughWereSeen() {
        var join = Join()
        var credits: [Credit] = []
        #expect(join.horizonSeconds == nil)
        for index in 0..<Join.waitsToLearn {
            let time = Double(index)
            _ = predict(&join, "p\(index)", at: time, into: &credits)
            // Labels read 10 s after their prediction, one 300 s after.
            join.advanceClock(to: time + (index == 500 ? 300 : 10))
            _ = label(&join, "p\(index)", Self.fine, at: nil, into: &credits)
            #expect(join.horizonSeconds == nil || index == Join.waitsToLearn - 1)
        }
        #expect(join.waitsSeen == Join.waitsToLearn)
        #expect(join.longestWaitSeconds == 300)
        #expect(join.horizonSeconds == 1_200)
        // A label read first waits for its prediction, since the label's time; at least 15 minutes.
        var short = Join()
        for index in 0..<Join.waitsToLearn {
            short.advanceClock(to: Double(index) + 1)
            _ = label(&short, "q\(index)", Self.fine, at: Double(index), into: &credits)
            _ = predict(&short, "q\(index)", at: Double(index), into: &credits)
        }
        #expect(short.waitsSeen == Join.waitsToLearn)
        #expect(short.longestWaitSeconds == 1)
        #expect(short.horizonSeconds == Join.learnedHorizonMinimumSeconds)
        // Without a clock nothing is timed; with no horizon, nothing expires.
        var untimed = Join()
        _ = predict(&untimed, "r", at: 0, into: &credits)
        _ = label(&untimed, "r", Self.fine, at: 5, into: &credits)
        #expect(untimed.waitsSeen == 0)
        var unbounded = Join(horizon: .unbounded)
        _ = predict(&unbounded, "r", at: 0, into: &credits)
        unbounded.advanceClock(to: 1e9)
        #expect(unbounded.horizonSeconds == nil)
        #expect(unbounded.pendingPredictions == 1)
    }

    @Test func aLabelWaitsForItsPredictionAsLongAsLabelsWereSeenToWait() {
        var join = Join()
        var credits: [Credit] = []
        // Labels read 10 s after their prediction, and one read 100 s before its prediction.
        for index in 0..<(Join.waitsToLearn - 1) {
            _ = predict(&join, "p\(index)", at: Double(index), into: &credits)
            join.advanceClock(to: Double(index) + 10)
            _ = label(&join, "p\(index)", Self.fine, at: nil, into: &credits)
        }
        #expect(join.labelHorizonSeconds == nil)
        _ = label(&join, "first", Self.fine, at: 1_000, into: &credits)
        join.advanceClock(to: 1_100)
        #expect(predict(&join, "first", at: 1_000, into: &credits) == .matched)
        #expect(join.longestWaitSeconds == 100)
        #expect(join.longestLabelWaitSeconds == 100)
        // Predictions wait the horizon (at least 15 minutes); labels four times their longest wait.
        #expect(join.horizonSeconds == Join.learnedHorizonMinimumSeconds)
        #expect(join.labelHorizonSeconds == 400)
        #expect(label(&join, "never", Self.fraud, at: 1_200, into: &credits) == .held)
        #expect(label(&join, "soon", Self.fraud, at: 1_300, into: &credits) == .held)
        join.advanceClock(to: 1_600)
        #expect(join.counts.expiredLabels == 0)
        join.advanceClock(to: 1_650)
        #expect(join.counts.expiredLabels == 1)
        #expect(join.counts.unmatchedLabels == 1)
        // Within its wait, a label still finds its prediction.
        #expect(predict(&join, "soon", at: 1_290, into: &credits) == .matched)
        #expect(join.heldLabels == 0)
        // Where no label ever waited, at least a minute; a configured horizon is both sides'.
        var promptLabels = Join()
        for index in 0..<Join.waitsToLearn {
            _ = predict(&promptLabels, "q\(index)", at: Double(index), into: &credits)
            promptLabels.advanceClock(to: Double(index) + 10)
            _ = label(&promptLabels, "q\(index)", Self.fine, at: nil, into: &credits)
        }
        #expect(promptLabels.labelHorizonSeconds == Join.learnedLabelHorizonMinimumSeconds)
        #expect(Join(horizon: .fixed(7_200)).labelHorizonSeconds == 7_200)
        #expect(Join(horizon: .unbounded).labelHorizonSeconds == nil)
    }

    @Test func duplicatesAreCountedAndTheFirstOneCounts() {
        var join = Join()
        var credits: [Credit] = []
        _ = predict(&join, "a", at: 0, score: 0.1, into: &credits)
        #expect(predict(&join, "a", at: 1, score: 0.9, into: &credits) == .duplicate)
        #expect(join.counts.duplicatePredictions == 1)
        #expect(join.pendingPredictions == 1)
        _ = label(&join, "b", Self.fraud, into: &credits)
        #expect(label(&join, "b", Self.fine, into: &credits) == .duplicate)
        #expect(label(&join, "a", Self.fraud, into: &credits) == .matched)
        #expect(label(&join, "a", Self.fine, into: &credits) == .duplicate)
        _ = predict(&join, "b", at: 2, into: &credits)
        #expect(join.counts.duplicateLabels == 2)
        #expect(credits == [
            Credit(prediction: Held(bucket: 0, score: 0.1, version: "v1"), label: Self.fraud),
            Credit(prediction: Held(bucket: 0, score: 0.5, version: "v1"), label: Self.fraud),
        ])
    }

    @Test func aLabelCreditsEveryVersionAndVersionsMeetForShadowAgreement() {
        var join = Join()
        var credits: [Credit] = []
        var pairs: [(Held, Held)] = []
        func score(_ id: String, _ version: String, _ score: Double) -> PredictionJoinOutcome {
            join.recordPrediction(id: id, version: version, timestampSeconds: 0, Held(bucket: 3, score: score, version: version),
                                  onLabel: { credits.append(Credit(prediction: $0, label: $1)) },
                                  onOtherVersion: { pairs.append(($0, $1)) })
        }
        #expect(score("tx", "champion", 0.8) == .pending)
        #expect(score("tx", "shadow", 0.3) == .pending)
        #expect(join.pendingPredictions == 2)
        #expect(pairs.map { [$0.0.version, $0.1.version] } == [["champion", "shadow"]])
        #expect(pairs.map { abs($0.0.score - $0.1.score) } == [0.5])
        #expect(label(&join, "tx", Self.fraud, into: &credits) == .matched)
        #expect(credits.map(\.prediction.version) == ["champion", "shadow"])
        #expect(join.counts.matchedPredictions == 2)
        #expect(join.counts.matchedLabels == 1)
        #expect(join.pendingPredictions == 0)
        // A third version after the label is credited at once, and meets both others.
        #expect(score("tx", "challenger", 0.6) == .matched)
        #expect(credits.map(\.prediction.version) == ["champion", "shadow", "challenger"])
        #expect(pairs.count == 3)
        #expect(score("tx", "shadow", 0.3) == .duplicate)
    }

    @Test func versionlessPredictionsShareTheDefaultVersion() {
        var join = LabelJoin<Int, Int>()
        #expect(join.recordPrediction(id: "a", version: nil, timestampSeconds: .nan, 1, onLabel: { _, _ in }) == .pending)
        #expect(join.recordPrediction(id: "a", version: nil, timestampSeconds: 0, 2, onLabel: { _, _ in }) == .duplicate)
    }

    /// The join against a model that keeps everything in arrays and applies the documented
    /// rules literally, on a seeded random stream with a small bound so eviction happens.
    @Test(arguments: [11 as UInt64, 12, 13])
    func matchesAListModel(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var join = LabelJoin<Int, Int>(maxPending: 40, maxEarlyLabels: 25)
        // Model: predictions (each version one) in insertion order, with the label once known.
        var entries: [(id: String, version: String, payload: Int, label: Int?)] = []
        var early: [(id: String, label: Int)] = []
        var credits: [[Int]] = []
        var expectedCredits: [[Int]] = []
        var counts = LabelJoinCounts()
        func insert(_ entry: (id: String, version: String, payload: Int, label: Int?)) {
            if entries.count >= 40 {
                let evicted = entries.removeFirst()
                if evicted.label == nil { counts.evictedPredictions += 1 }
            }
            entries.append(entry)
        }
        /// An id's versions in the order they arrived (the list's order).
        func versions(of id: String) -> [Int] { entries.indices.filter { entries[$0].id == id } }
        for step in 0..<5_000 {
            let id = "id\(Int.random(in: 0..<120, using: &random))"
            if Bool.random(using: &random) {
                let version = Int.random(in: 0..<10, using: &random) == 0 ? "shadow" : "champion"
                _ = join.recordPrediction(id: id, version: version, timestampSeconds: Double(step), step, onLabel: { credits.append([$0, $1]) })
                if entries.contains(where: { $0.id == id && $0.version == version }) {
                    counts.duplicatePredictions += 1
                    continue
                }
                // A version after the label: credited with the outcome the join remembers.
                if let known = versions(of: id).lazy.compactMap({ entries[$0].label }).first {
                    let remembered = Int(matchedOutcome: known.isPositive)
                    expectedCredits.append([step, remembered])
                    counts.matchedPredictions += 1
                    insert((id, version, step, remembered))
                    continue
                }
                var label: Int?
                if let index = early.firstIndex(where: { $0.id == id }) {
                    label = early[index].label
                    expectedCredits.append([step, early[index].label])
                    counts.matchedPredictions += 1
                    counts.matchedLabels += 1
                    early.remove(at: index)
                }
                insert((id, version, step, label))
            } else {
                _ = join.recordLabel(id: id, step, onPrediction: { credits.append([$0, $1]) })
                let found = versions(of: id)
                if let first = found.first {
                    if entries[first].label != nil {
                        counts.duplicateLabels += 1
                    } else {
                        counts.matchedLabels += 1
                        counts.matchedPredictions += found.count
                        for index in found {
                            entries[index].label = step
                            expectedCredits.append([entries[index].payload, step])
                        }
                    }
                } else if early.contains(where: { $0.id == id }) {
                    counts.duplicateLabels += 1
                } else {
                    if early.count >= 25 {
                        early.removeFirst()
                        counts.evictedLabels += 1
                    }
                    early.append((id, step))
                }
            }
        }
        #expect(join.counts == counts)
        #expect(join.heldLabels == early.count)
        #expect(join.heldPredictions == entries.count)
        #expect(join.pendingPredictions == entries.filter { $0.label == nil }.count)
        #expect(credits == expectedCredits)
        #expect(counts.evictedPredictions > 0)
        #expect(counts.evictedLabels > 0)
        #expect(counts.duplicateLabels > 0)
        #expect(counts.duplicatePredictions > 0)
    }

    // MARK: - Labels are let go only by a bound

    private func label(_ join: inout Join, _ id: String, _ outcome: Outcome, at time: Double?, into credits: inout [Credit]) -> LabelJoinOutcome {
        join.recordLabel(id: id, timestampSeconds: time, outcome) { credits.append(Credit(prediction: $0, label: $1)) }
    }

    @Test func aLabelWaitsForItsPredictionHoweverFarTheSourcesHaveBeenRead() {
        var join = Join()
        var credits: [Credit] = []
        for index in 0..<10_000 { _ = predict(&join, "p\(index)", at: Double(index), into: &credits) }
        join.advanceClock(to: 10_000)
        // A label whose prediction comes much later (a file out of order) is still matched:
        // with the horizon still learning, only the counts bound the join.
        #expect(label(&join, "straggler", Self.fraud, at: 50, into: &credits) == .held)
        join.advanceClock(to: 1e6)
        #expect(predict(&join, "straggler", at: 40, bucket: 16, into: &credits) == .matched)
        #expect(credits.map(\.prediction.bucket) == [16])
        #expect(join.counts.unmatchedLabels == 0)
    }

    @Test func aLabelWhosePredictionWasEvictedWaitsAndIsCountedWhenEvicted() {
        var join = Join(maxPending: 2, maxEarlyLabels: 1)
        var credits: [Credit] = []
        for (index, id) in ["p1", "p2", "p3", "p4"].enumerated() {
            _ = predict(&join, id, at: Double(index) * 1_000, into: &credits)
        }
        #expect(join.counts.evictedPredictions == 2)
        #expect(label(&join, "p1", Self.fraud, at: 100, into: &credits) == .held)
        #expect(label(&join, "p4", Self.fraud, at: 3_000, into: &credits) == .matched)
        #expect(label(&join, "p2", Self.fraud, at: 1_100, into: &credits) == .held)
        #expect(join.heldLabels == 1)
        #expect(join.counts.evictedLabels == 1)
        #expect(join.counts.unmatchedLabels == 1)
    }

    @Test func aLabelNotToBeHeldIsNeitherHeldNorCounted() {
        var join = Join()
        var credits: [Credit] = []
        #expect(join.recordLabel(id: "x", Self.fraud, holdsUnmatched: false) { credits.append(Credit(prediction: $0, label: $1)) } == .notHeld)
        #expect(join.heldLabels == 0)
        #expect(join.counts == LabelJoinCounts())
    }
}
