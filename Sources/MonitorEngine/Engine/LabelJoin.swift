/// Joins label records to prediction records by id (statistics.md, "Business outcomes layer").
///
/// A prediction is held with what the business layer will need when its label comes (the
/// `Prediction` payload: typically its bucket key, score, decision, version and segment slots);
/// the caller credits the prediction's bucket in the match callback. A label that arrives
/// before its prediction (files read side by side) is held and matched when it arrives.
///
/// Bounds: at most `maxPending` prediction ids and `maxEarlyLabels` labels, the oldest
/// (by insertion) evicted first, in O(1) amortised. No id string is kept: ids are known by
/// their 64-bit ``IDHash`` (see there for the chance and effect of a collision), in a
/// ``HashedQueue`` of fixed-size slots (hash, first version's payload, label, version index,
/// link to further versions), so memory per held id is a few dozen bytes and is bounded by
/// the bounds, not by the stream's length. Further versions of an id live in a pool of
/// slots linked from their id's slot. With a TTL, each slot also keeps its time.
///
/// Several versions, one id (champion and shadow): all versions of an id share one entry, and
/// a label credits every version present, each through its own callback, so each version's
/// performance is measured on the same labels. A version arriving after the label is credited
/// at once. For shadow agreement, when a second version of an id arrives, `onOtherVersion`
/// hands the caller the earlier version's payload and the new one: same decision, and
/// |score difference|, can be computed from them and credited where the caller chooses
/// (the earlier prediction's bucket is the natural place). This works while the earlier
/// version is held, which the bounds decide.
///
/// A matched entry stays in the store (it counts towards `maxPending`) so that a second label
/// for the id is recognised as a duplicate and a late version is still credited; it is
/// forgotten silently when evicted, since it has nothing left to wait for.
///
/// Label TTL (optional), in event time of the newest prediction: a pending prediction expires
/// when it is older than the newest prediction by more than the TTL; an early label expires
/// when the newest prediction has moved the TTL past where it was when the label arrived (or
/// past the first prediction, for labels that came before any). Expiry walks the oldest
/// insertions, so a prediction inserted out of time order expires when it reaches the front.
public struct LabelJoin<Prediction: Sendable, Label: Sendable>: Sendable {
    /// Most prediction ids held, matched or not.
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

    private let idHash: IDHash
    private var entries: HashedQueue<Entry>
    /// Early labels, with the newest prediction time when each arrived (NaN: none yet).
    private var earlyLabels: HashedQueue<EarlyLabel>
    /// Versions after the first of an id (a shadow model), linked from the id's entry.
    private var others: [OtherVersion?] = []
    private var freeOthers: [UInt32] = []
    /// Version names by index, so that a slot keeps two bytes, not a string.
    private var versionNames: [String?] = []
    private var versionIndices: [String: UInt16] = [:]
    private var lastVersion: (name: String?, index: UInt16)?
    private var firstPredictionSeconds: Double?

    /// Field order matters: it packs to 40 bytes with the engine's payloads (48 with the hash).
    private struct Entry: Sendable {
        var first: Prediction
        var label: Label?
        var version: UInt16
        /// Index + 1 in `others` of the second version; 0 when there is none.
        var others: UInt32
    }

    private struct EarlyLabel: Sendable {
        var label: Label
        /// The label's own time (+infinity without one).
        var timestampSeconds: Double
    }

    private struct OtherVersion: Sendable {
        var prediction: Prediction
        var version: UInt16
        /// Index + 1 in `others` of the next version; 0 ends the list.
        var next: UInt32
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

    /// Prediction ids held, matched or not.
    public var heldPredictionIDs: Int { entries.count }
    /// Labels held waiting for their prediction.
    public var heldLabels: Int { earlyLabels.count }
    /// Slots allocated for prediction ids (grows by doubling up to `maxPending`).
    var predictionCapacity: Int { entries.capacity }
    /// Positions of the prediction ids' hash table.
    var predictionTableCapacity: Int { entries.tableCapacity }
    /// Slots allocated for versions after the first.
    var otherVersionCapacity: Int { others.count }
    /// Bytes of one prediction id's slot, and of one further version's.
    static var slotBytes: (prediction: Int, otherVersion: Int) {
        (MemoryLayout<HashedQueue<Entry>.Slot?>.stride, MemoryLayout<OtherVersion?>.stride)
    }

    /// Holds a prediction until its label comes, or matches it with a label already held.
    ///
    /// - Parameters:
    ///   - version: the model version; `nil` is the default version. The same id with another
    ///     version is a second model scoring the same request, not a duplicate.
    ///   - timestampSeconds: event time of the prediction (for the TTL); a non-finite time
    ///     counts as the newest prediction time.
    ///   - onLabel: called with this prediction and its label when the label is already known.
    ///   - onOtherVersion: called once per version of the same id already held, with
    ///     (earlier, this) payloads, for shadow agreement.
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
        if let index = entries.index(of: hash) {
            let entry = entries[index]
            if entry.version == versionIndex { return duplicatePrediction() }
            var link = entry.others
            var last: UInt32 = 0
            while link != 0 {
                let other = others[Int(link) - 1].unsafelyUnwrapped
                if other.version == versionIndex { return duplicatePrediction() }
                last = link
                link = other.next
            }
            onOtherVersion(entry.first, prediction)
            link = entry.others
            while link != 0 {
                let other = others[Int(link) - 1].unsafelyUnwrapped
                onOtherVersion(other.prediction, prediction)
                link = other.next
            }
            let added = addOther(OtherVersion(prediction: prediction, version: versionIndex, next: 0))
            if last == 0 { entries[index].others = added } else { others[Int(last) - 1]!.next = added }
            if let label = entry.label {
                onLabel(prediction, label)
                counts.matchedPredictions += 1
                return .matched
            }
            pendingPredictions += 1
            return .pending
        }
        if let index = earlyLabels.index(of: hash) {
            let label = earlyLabels.remove(at: index).payload.label
            onLabel(prediction, label)
            counts.matchedPredictions += 1
            counts.matchedLabels += 1
            insertEntry(hash: hash, time: time, Entry(first: prediction, label: label, version: versionIndex, others: 0))
            return .matched
        }
        insertEntry(hash: hash, time: time, Entry(first: prediction, label: nil, version: versionIndex, others: 0))
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
        if let index = entries.index(of: hash) {
            let entry = entries[index]
            guard entry.label == nil else {
                counts.duplicateLabels += 1
                return .duplicate
            }
            entries[index].label = label
            onPrediction(entry.first, label)
            var versions = 1
            var link = entry.others
            while link != 0 {
                let other = others[Int(link) - 1].unsafelyUnwrapped
                onPrediction(other.prediction, label)
                versions += 1
                link = other.next
            }
            counts.matchedPredictions += versions
            counts.matchedLabels += 1
            pendingPredictions -= versions
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

    private mutating func duplicatePrediction() -> PredictionJoinOutcome {
        counts.duplicatePredictions += 1
        return .duplicate
    }

    /// Versions are few: the last one asked for is almost always the one asked for again.
    private mutating func index(ofVersion version: String?) -> UInt16 {
        if let last = lastVersion, last.name == version { return last.index }
        let index: UInt16
        if let version {
            if let known = versionIndices[version] {
                index = known
            } else {
                // Past 65,535 names, later versions share the last index: they are then taken
                // for one version (a stream with that many versions is not a shadow set-up).
                index = UInt16(min(versionNames.count, Int(UInt16.max)))
                if versionNames.count <= Int(UInt16.max) {
                    versionNames.append(version)
                    versionIndices[version] = index
                }
            }
        } else if let known = versionNames.firstIndex(where: { $0 == nil }) {
            index = UInt16(known)
        } else {
            index = UInt16(min(versionNames.count, Int(UInt16.max)))
            if versionNames.count <= Int(UInt16.max) { versionNames.append(nil) }
        }
        lastVersion = (version, index)
        return index
    }

    private mutating func addOther(_ other: OtherVersion) -> UInt32 {
        if let free = freeOthers.popLast() {
            others[Int(free) - 1] = other
            return free
        }
        others.append(other)
        return UInt32(others.count)
    }

    /// Frees the versions after the first of a forgotten entry; returns how many there were.
    private mutating func releaseOthers(from first: UInt32) -> Int {
        var released = 0
        var link = first
        while link != 0 {
            let next = others[Int(link) - 1].unsafelyUnwrapped.next
            others[Int(link) - 1] = nil
            freeOthers.append(link)
            released += 1
            link = next
        }
        return released
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
            let entry = entries.remove(at: oldest).payload
            let versions = 1 + releaseOthers(from: entry.others)
            if entry.label == nil {
                counts.expiredPredictions += versions
                pendingPredictions -= versions
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

    private mutating func insertEntry(hash: UInt64, time: Double, _ entry: Entry) {
        while entries.count >= maxPending, let oldest = entries.oldestIndex {
            let evicted = entries.remove(at: oldest).payload
            let versions = 1 + releaseOthers(from: evicted.others)
            if evicted.label == nil {
                counts.evictedPredictions += versions
                pendingPredictions -= versions
            }
        }
        entries.append(hash: hash, entry, time: time)
    }
}
