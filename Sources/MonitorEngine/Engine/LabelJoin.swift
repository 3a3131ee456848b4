/// Joins label records to prediction records by id (statistics.md, "Business outcomes layer").
///
/// A prediction is held with what the business layer will need when its label comes (the
/// `Prediction` payload: typically its bucket key, score, decision, version and segment slots);
/// the caller credits the prediction's bucket in the match callback. A label that arrives
/// before its prediction (files read side by side) is held and matched when it arrives.
///
/// Bounds: at most `maxPending` predictions (each version of an id is one) and
/// `maxEarlyLabels` labels, the oldest (by insertion) evicted first, in O(1) amortised. No id
/// string is kept: a prediction is known by the 64-bit ``IDHash`` of its id mixed with its
/// version's index (see ``IDHash`` for the chance and effect of a collision), in a
/// ``HashedQueue`` of fixed-size slots: the hash and the payload (32 bytes with the engine's
/// ``JoinedPrediction``), a byte for the label once matched, and a 4-byte table position at
/// most 0.7 full. Memory is bounded by the bounds, not by the stream's length; with a TTL,
/// each slot also keeps its time.
///
/// Several versions, one id (champion and shadow): each version is held as its own
/// prediction, found by its id and version; a label looks up every version seen so far (at
/// most ``maximumVersions``; a handful in practice) and credits each one present through its
/// own callback, in the order they arrived, so each version's performance is measured on the
/// same labels. A version
/// arriving after the label is credited at once, with the label as the join remembers it
/// (``JoinableLabel/init(matchedOutcome:)``: the outcome, not the amount). For shadow
/// agreement, when a version of an id arrives, `onOtherVersion` hands the caller each other
/// version's payload still held (in the order they arrived) and the new one: same decision, and |score difference|, can
/// be computed from them and credited where the caller chooses (the earlier prediction's
/// bucket is the natural place).
///
/// A matched prediction stays in the store (it counts towards `maxPending`) so that a second
/// label for the id is recognised as a duplicate and a late version is still credited; it is
/// forgotten silently when evicted, since it has nothing left to wait for.
///
/// Label TTL (optional), in event time of the newest prediction: a pending prediction expires
/// when it is older than the newest prediction by more than the TTL; an early label expires
/// when the newest prediction has moved the TTL past where it was when the label arrived (or
/// past the first prediction, for labels that came before any). Expiry walks the oldest
/// insertions, so a prediction inserted out of time order expires when it reaches the front.
public struct LabelJoin<Prediction: Sendable, Label: JoinableLabel>: Sendable {
    /// Most predictions held (each version of an id is one), matched or not.
    public let maxPending: Int
    /// Most labels held while waiting for their prediction.
    public let maxEarlyLabels: Int
    /// How long, in seconds of prediction event time, a prediction waits for its label and a
    /// label for its prediction; `nil` waits until evicted.
    public let labelTTLSeconds: Double?
    /// What the join did so far.
    public private(set) var counts = LabelJoinCounts()
    /// Predictions (counting each version) held without a label.
    public private(set) var pendingPredictions = 0
    /// Event time of the newest prediction seen, `nil` before the first.
    public private(set) var newestPredictionSeconds: Double?

    /// Version names told apart; later names share the last index (and are then taken for one
    /// version: a stream with that many versions at once is not a shadow set-up).
    public static var maximumVersions: Int { 64 }

    private let idHash: IDHash
    /// Predictions by id and version; the tag is the label once matched (``Tag``).
    private var entries: HashedQueue<Prediction>
    /// Early labels by id, with the newest prediction time when each arrived (NaN: none yet).
    private var earlyLabels: HashedQueue<EarlyLabel>
    /// Version names by index, so that a prediction's key needs no string.
    private var versionNames: [String?] = []
    private var versionIndices: [String: UInt16] = [:]
    private var lastVersion: (name: String?, index: UInt16)?
    private var firstPredictionSeconds: Double?
    /// Where a label's versions were found (reused, to allocate nothing per label).
    private var foundScratch: [Int] = []

    /// The label of a held prediction, in its slot's tag.
    private enum Tag {
        static var pending: UInt8 { 0 }
        static var negative: UInt8 { 1 }
        static var positive: UInt8 { 2 }

        static func of(_ label: Label) -> UInt8 { label.isPositive ? positive : negative }
    }

    private struct EarlyLabel: Sendable {
        var label: Label
        /// The label's own time (+infinity without one).
        var timestampSeconds: Double
    }

    /// An empty join. Defaults follow statistics.md: 2,000,000 of each, no TTL. `idHash` is
    /// for tests that force collisions.
    public init(maxPending: Int = 2_000_000, maxEarlyLabels: Int = 2_000_000, labelTTLSeconds: Double? = nil, idHash: IDHash = .standard) {
        precondition(maxPending >= 1, "maxPending must be at least 1, got \(maxPending)")
        precondition(maxEarlyLabels >= 1, "maxEarlyLabels must be at least 1, got \(maxEarlyLabels)")
        if let labelTTLSeconds {
            precondition(labelTTLSeconds >= 0 && !labelTTLSeconds.isNaN, "labelTTLSeconds must not be negative, got \(labelTTLSeconds)")
        }
        self.maxPending = maxPending
        self.maxEarlyLabels = maxEarlyLabels
        self.labelTTLSeconds = labelTTLSeconds
        self.idHash = idHash
        entries = HashedQueue(maxCapacity: maxPending, keepsTimes: labelTTLSeconds != nil)
        // A quarter more slots than labels, so that compacting out matched labels is amortised.
        earlyLabels = HashedQueue(maxCapacity: maxEarlyLabels + maxEarlyLabels / 4 + 1, keepsTimes: labelTTLSeconds != nil)
    }

    /// Predictions held (each version of an id is one), matched or not.
    public var heldPredictions: Int { entries.count }
    /// Labels held waiting for their prediction.
    public var heldLabels: Int { earlyLabels.count }
    /// Slots allocated for predictions (grows by doubling up to `maxPending`).
    var predictionCapacity: Int { entries.capacity }
    /// Positions of the predictions' hash table.
    var predictionTableCapacity: Int { entries.tableCapacity }
    /// Bytes of one prediction's slot (besides its tag byte and table position).
    static var slotBytes: Int { MemoryLayout<HashedQueue<Prediction>.Slot>.stride }

    /// Holds a prediction until its label comes, or matches it with a label already known.
    ///
    /// - Parameters:
    ///   - version: the model version; `nil` is the default version. The same id with another
    ///     version is a second model scoring the same request, not a duplicate.
    ///   - timestampSeconds: event time of the prediction (for the TTL); a non-finite time
    ///     counts as the newest prediction time.
    ///   - onLabel: called with this prediction and its label when the label is already known.
    ///   - onOtherVersion: called once per other version of the id still held, with (that
    ///     version's, this) payloads, for shadow agreement.
    @discardableResult
    public mutating func recordPrediction(
        id: String,
        version: String?,
        timestampSeconds: Double,
        _ prediction: Prediction,
        onLabel: (Prediction, Label) -> Void,
        onOtherVersion: (_ earlier: Prediction, _ new: Prediction) -> Void = { _, _ in }
    ) -> PredictionJoinOutcome {
        let time = noteTime(timestampSeconds)
        let hash = idHash(id)
        let versionIndex = index(ofVersion: version)
        let key = Self.key(hash, version: versionIndex)
        if entries.index(of: key) != nil {
            counts.duplicatePredictions += 1
            return .duplicate
        }
        var known: Label?
        findVersions(of: hash, besides: versionIndex)
        for index in foundScratch {
            onOtherVersion(entries[index], prediction)
            let tag = entries[tagAt: index]
            if known == nil, tag != Tag.pending { known = Label(matchedOutcome: tag == Tag.positive) }
        }
        if let known {
            insert(key: key, time: time, prediction, tag: Tag.of(known))
            onLabel(prediction, known)
            counts.matchedPredictions += 1
            return .matched
        }
        if let index = earlyLabels.index(of: hash) {
            let label = earlyLabels.remove(at: index).payload.label
            insert(key: key, time: time, prediction, tag: Tag.of(label))
            onLabel(prediction, label)
            counts.matchedPredictions += 1
            counts.matchedLabels += 1
            return .matched
        }
        insert(key: key, time: time, prediction, tag: Tag.pending)
        pendingPredictions += 1
        return .pending
    }

    /// How far, in seconds, the sources may have been read past a label's time before a label
    /// without its prediction is no longer held: the skew allowed between sources read side by
    /// side (a slice of each at a time) and between the clocks that stamp them.
    public static var labelLatenessSeconds: Double { 300 }

    /// Credits a label to every version of its prediction, or holds it until the prediction
    /// comes. `onPrediction` is called once per version held, with that version's payload.
    ///
    /// A label's time (`timestampSeconds`: when it came, log-format.md) is never earlier than
    /// its prediction's. `readThroughSeconds` is the event time up to which every source has
    /// been read (the default, -infinity, says nothing). A label whose prediction is not held
    /// waits only while that prediction can still come: once the sources have been read more
    /// than ``labelLatenessSeconds`` past the label's time, its prediction was read and let go
    /// (evicted, expired) or never logged. Such a label is not held, or no longer held, and is
    /// counted as late: holding it would only fill the early-label store with labels that
    /// cannot match (a replay of a week of labels against the last `max_pending` predictions).
    @discardableResult
    public mutating func recordLabel(
        id: String, timestampSeconds: Double? = nil, readThroughSeconds: Double = -.infinity, _ label: Label,
        onPrediction: (Prediction, Label) -> Void
    ) -> LabelJoinOutcome {
        let hash = idHash(id)
        findVersions(of: hash, besides: nil)
        if let first = foundScratch.first {
            // Every version of an id is labelled at once, so the first tells for all.
            guard entries[tagAt: first] == Tag.pending else {
                counts.duplicateLabels += 1
                return .duplicate
            }
            for index in foundScratch {
                entries[tagAt: index] = Tag.of(label)
                onPrediction(entries[index], label)
            }
            counts.matchedPredictions += foundScratch.count
            counts.matchedLabels += 1
            pendingPredictions -= foundScratch.count
            return .matched
        }
        if earlyLabels.index(of: hash) != nil {
            counts.duplicateLabels += 1
            return .duplicate
        }
        let cutoff = readThroughSeconds - Self.labelLatenessSeconds
        // Held labels are in arrival order, which is about their time order; a label without
        // a time stays until it is evicted, and those behind it with it.
        while let oldest = earlyLabels.oldestIndex, earlyLabels[oldest].timestampSeconds < cutoff {
            earlyLabels.remove(at: oldest)
            counts.lateLabels += 1
        }
        let labelTime = timestampSeconds.flatMap { $0.isFinite ? $0 : nil } ?? .infinity
        if labelTime < cutoff {
            counts.lateLabels += 1
            return .late
        }
        while earlyLabels.count >= maxEarlyLabels, let oldest = earlyLabels.oldestIndex {
            earlyLabels.remove(at: oldest)
            counts.evictedLabels += 1
        }
        earlyLabels.append(hash: hash, EarlyLabel(label: label, timestampSeconds: labelTime), time: newestPredictionSeconds ?? .nan)
        return .held
    }

    // MARK: - Bookkeeping

    /// The key of an id's version: the id's hash for the first version named, a mix of it
    /// with the version for the others (never 0, which the store keeps for "no entry").
    @inline(__always)
    static func key(_ hash: UInt64, version: UInt16) -> UInt64 {
        guard version > 0 else { return hash }
        var mixed = hash ^ (UInt64(version) &* 0x9E37_79B9_7F4A_7C15)
        mixed ^= mixed >> 33
        mixed &*= 0xFF51_AFD7_ED55_8CCD
        mixed ^= mixed >> 33
        return mixed == 0 ? 1 : mixed
    }

    /// Fills `foundScratch` with the indices of the id's versions held (but `besides`), in the
    /// order they arrived: the first is the version that served the request.
    private mutating func findVersions(of hash: UInt64, besides skipped: UInt16?) {
        foundScratch.removeAll(keepingCapacity: true)
        for version in 0..<UInt16(versionNames.count) where version != skipped {
            if let index = entries.index(of: Self.key(hash, version: version)) { foundScratch.append(index) }
        }
        if foundScratch.count > 1 {
            let entries = entries
            foundScratch.sort { entries.age(of: $0) < entries.age(of: $1) }
        }
    }

    /// Versions are few: the last one asked for is almost always the one asked for again.
    private mutating func index(ofVersion version: String?) -> UInt16 {
        if let last = lastVersion, last.name == version { return last.index }
        let index: UInt16
        let full = versionNames.count >= Self.maximumVersions
        if let version {
            if let known = versionIndices[version] {
                index = known
            } else if full {
                index = UInt16(Self.maximumVersions - 1)
            } else {
                index = UInt16(versionNames.count)
                versionNames.append(version)
                versionIndices[version] = index
            }
        } else if let known = versionNames.firstIndex(where: { $0 == nil }) {
            index = UInt16(known)
        } else if full {
            index = UInt16(Self.maximumVersions - 1)
        } else {
            index = UInt16(versionNames.count)
            versionNames.append(nil)
        }
        lastVersion = (version, index)
        return index
    }

    /// Moves the newest prediction time forward, expires what the TTL says, and returns the
    /// time to store with the prediction.
    private mutating func noteTime(_ timestampSeconds: Double) -> Double {
        guard timestampSeconds.isFinite else { return newestPredictionSeconds ?? 0 }
        if firstPredictionSeconds == nil { firstPredictionSeconds = timestampSeconds }
        if let newest = newestPredictionSeconds, newest >= timestampSeconds { return timestampSeconds }
        newestPredictionSeconds = timestampSeconds
        if labelTTLSeconds != nil { expire(now: timestampSeconds) }
        return timestampSeconds
    }

    private mutating func expire(now: Double) {
        guard let ttl = labelTTLSeconds else { return }
        let cutoff = now - ttl
        while let oldest = entries.oldestIndex, entries.time(at: oldest) < cutoff {
            let tag = entries[tagAt: oldest]
            entries.remove(at: oldest)
            if tag == Tag.pending {
                counts.expiredPredictions += 1
                pendingPredictions -= 1
            }
        }
        while let oldest = earlyLabels.oldestIndex {
            let heldSince = earlyLabels.time(at: oldest)
            let since = heldSince.isNaN ? (firstPredictionSeconds ?? now) : heldSince
            guard since < cutoff else { break }
            earlyLabels.remove(at: oldest)
            counts.expiredLabels += 1
        }
    }

    private mutating func insert(key: UInt64, time: Double, _ prediction: Prediction, tag: UInt8) {
        while entries.count >= maxPending, let oldest = entries.oldestIndex {
            let evictedTag = entries[tagAt: oldest]
            entries.remove(at: oldest)
            if evictedTag == Tag.pending {
                counts.evictedPredictions += 1
                pendingPredictions -= 1
            }
        }
        entries.append(hash: key, prediction, time: time, tag: tag)
    }
}

/// A label as ``LabelJoin`` needs it: its outcome, and how to remember it once matched.
public protocol JoinableLabel: Sendable {
    /// Whether the label is the positive class.
    var isPositive: Bool { get }
    /// The label as the join keeps it after matching, to credit a version of the id that
    /// arrives later: the outcome alone (a later version of an id is a shadow, which does not
    /// count business value).
    init(matchedOutcome isPositive: Bool)
}
