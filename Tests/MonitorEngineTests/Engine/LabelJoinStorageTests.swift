@testable import MonitorEngine
import DriftStats
import Testing

/// The join's compact storage: ids known by hash, slots growing to the bound, versions in a
/// pool that is reused.
struct LabelJoinStorageTests {
    /// A hash that puts every id at the same few table positions but keeps them distinct.
    private static let crowded = IDHash { bytes in
        var fnv: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { fnv = (fnv ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return fnv << 3  // only 8 distinct home positions in any table
    }

    @Test func theStandardHashTellsNearbyIdsApartAndSpreadsThem() {
        let hash = IDHash.standard
        let ids = (0..<10_000).map { "tx-\(String(repeating: "0", count: 7 - String($0).count))\($0)" }
        let hashes = ids.map { hash($0) }
        #expect(Set(hashes).count == ids.count)
        // The low bits pick the table position: they must be spread.
        let homes = Set(hashes.map { $0 & 0xFFFF })
        #expect(homes.count > 8_500)
        #expect(hash("a") != hash("a\u{0}"))
        #expect(hash("") != 0)
        #expect(hash("tx-0001497") == hash(String("xtx-0001497".dropFirst())))
    }

    @Test func crowdedHashesJoinExactlyLikeTheStandardOne() {
        var standard = LabelJoin<Int, Int>(maxPending: 30, maxEarlyLabels: 20)
        var crowded = LabelJoin<Int, Int>(maxPending: 30, maxEarlyLabels: 20, idHash: Self.crowded)
        var random = SplitMix64(seed: 5)
        var creditsA: [[Int]] = []
        var creditsB: [[Int]] = []
        for step in 0..<4_000 {
            let id = "id\(Int.random(in: 0..<80, using: &random))"
            if Bool.random(using: &random) {
                let version = Int.random(in: 0..<4, using: &random) == 0 ? "v4" : "v3"
                let a = standard.recordPrediction(id: id, version: version, timestampSeconds: Double(step), step, onLabel: { creditsA.append([$0, $1]) })
                let b = crowded.recordPrediction(id: id, version: version, timestampSeconds: Double(step), step, onLabel: { creditsB.append([$0, $1]) })
                #expect(a == b)
            } else {
                let a = standard.recordLabel(id: id, step) { creditsA.append([$0, $1]) }
                let b = crowded.recordLabel(id: id, step) { creditsB.append([$0, $1]) }
                #expect(a == b)
            }
        }
        #expect(creditsA == creditsB)
        #expect(standard.counts == crowded.counts)
        #expect(standard.pendingPredictions == crowded.pendingPredictions)
        #expect(standard.counts.evictedPredictions > 0)
    }

    @Test func twoIdsWithOneHashAreTakenForOne() {
        var join = LabelJoin<Int, Int>(idHash: IDHash { _ in 42 })
        var credits: [[Int]] = []
        #expect(join.recordPrediction(id: "a", version: nil, timestampSeconds: 0, 1, onLabel: { credits.append([$0, $1]) }) == .pending)
        // The documented effect of a collision: "b" reads as a duplicate of "a".
        #expect(join.recordPrediction(id: "b", version: nil, timestampSeconds: 1, 2, onLabel: { credits.append([$0, $1]) }) == .duplicate)
        #expect(join.recordLabel(id: "b", 9) { credits.append([$0, $1]) } == .matched)
        #expect(credits == [[1, 9]])
        #expect(join.heldPredictions == 1)
    }

    @Test func predictionSlotsGrowByDoublingToTheBoundAndStayThere() {
        var join = LabelJoin<Int, Int>(maxPending: 1_000)
        var capacities: [Int] = []
        for index in 0..<5_000 {
            join.recordPrediction(id: "p\(index)", version: nil, timestampSeconds: Double(index), index, onLabel: { _, _ in })
            if capacities.last != join.predictionCapacity { capacities.append(join.predictionCapacity) }
        }
        #expect(capacities == [64, 128, 256, 512, 1_000])
        #expect(join.predictionTableCapacity == 2_048)
        #expect(join.heldPredictions == 1_000)
        #expect(join.pendingPredictions == 1_000)
        #expect(join.counts.evictedPredictions == 4_000)
    }

    @Test func eachVersionOfAnIdIsOnePredictionHeldAndEvicted() {
        var join = LabelJoin<Int, Int>(maxPending: 100)
        var pairs: [[Int]] = []
        for index in 0..<10_000 {
            join.recordPrediction(id: "r\(index)", version: "v3", timestampSeconds: Double(index), index, onLabel: { _, _ in })
            join.recordPrediction(id: "r\(index)", version: "v4", timestampSeconds: Double(index), -index, onLabel: { _, _ in },
                                  onOtherVersion: { pairs.append([$0, $1]) })
            if index % 2 == 0 {
                join.recordPrediction(id: "r\(index)", version: "v5", timestampSeconds: Double(index), 100_000 + index, onLabel: { _, _ in })
            }
        }
        #expect(pairs.count == 10_000)
        #expect(pairs.last == [9_999, -9_999])
        #expect(join.heldPredictions == 100)
        #expect(join.pendingPredictions == 100)
        #expect(join.counts.evictedPredictions == 25_000 - 100)
        var credits: [[Int]] = []
        #expect(join.recordLabel(id: "r9998", 1) { credits.append([$0, $1]) } == .matched)
        #expect(credits == [[9_998, 1], [-9_998, 1], [109_998, 1]])
        // A version arriving after the label is credited with the outcome the join keeps.
        #expect(join.recordPrediction(id: "r9998", version: "v6", timestampSeconds: 10_000, 7, onLabel: { credits.append([$0, $1]) }) == .matched)
        #expect(credits.last == [7, 1])
        #expect(join.recordLabel(id: "r9998", 0) { credits.append([$0, $1]) } == .duplicate)
    }

    @Test func aTTLWalksTheOldestEntries() {
        var join = LabelJoin<Int, Int>(horizon: .fixed(10))
        for index in 0..<1_000 {
            join.recordPrediction(id: "t\(index)", version: "a", timestampSeconds: Double(index), index, onLabel: { _, _ in })
            join.recordPrediction(id: "t\(index)", version: "b", timestampSeconds: Double(index), index, onLabel: { _, _ in })
            join.advanceClock(to: Double(index))
        }
        // Held: times 989...999 (a time exactly 10 old is kept), two versions each.
        #expect(join.heldPredictions == 22)
        #expect(join.pendingPredictions == 22)
        #expect(join.counts.expiredPredictions == 2 * 989)
    }

    @Test func theEnginesPredictionSlotIsThirtyTwoBytes() {
        // With its tag byte and a table position at most 0.7 full, about 41 bytes a prediction.
        #expect(LabelJoin<JoinedPrediction, JoinedLabel>.slotBytes == 32)
    }

    @Test func pastTheVersionBoundLaterVersionsShareTheLastIndex() {
        var join = LabelJoin<Int, Int>()
        let bound = LabelJoin<Int, Int>.maximumVersions
        for version in 0..<(bound + 2) {
            #expect(join.recordPrediction(id: "x", version: "v\(version)", timestampSeconds: 0, version, onLabel: { _, _ in })
                == (version <= bound - 1 ? .pending : .duplicate))
        }
        var credits: [[Int]] = []
        #expect(join.recordLabel(id: "x", 1) { credits.append([$0, $1]) } == .matched)
        #expect(credits.map { $0[0] } == Array(0..<bound))
    }
}

extension Int: JoinableLabel {
    /// In these tests a label is any number; positive means positive.
    public var isPositive: Bool { self > 0 }

    public init(matchedOutcome isPositive: Bool) { self = isPositive ? 1 : 0 }
}
