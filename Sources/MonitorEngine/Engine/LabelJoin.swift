/// Joins label records to prediction records by id (statistics.md, "Business outcomes layer").
///
/// A prediction is held with what the business layer will need when its label comes (the
/// `Prediction` payload: typically its bucket key, score, decision, version and segment slots);
/// the caller credits the prediction's bucket in the match callback. A label that arrives
/// before its prediction (files read side by side) is held and matched when it arrives.
///
/// Bounds: at most `maxPending` prediction ids and `maxEarlyLabels` labels, the oldest
/// (by insertion) evicted first, in O(1) amortised: a dictionary by id plus a ring of ids in
/// insertion order, whose entries for ids matched meanwhile are skipped lazily.
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

    private var entries: [String: Entry] = [:]
    private var entryOrder = InsertionRing<Ticket>()
    private var earlyLabels: [String: EarlyLabel] = [:]
    private var labelOrder = InsertionRing<Ticket>()
    private var nextSerial: UInt64 = 0
    private var firstPredictionSeconds: Double?

    private struct Ticket: Sendable {
        var id: String
        var serial: UInt64
    }

    private struct Scored: Sendable {
        var version: String?
        var prediction: Prediction
    }

    private struct Entry: Sendable {
        var serial: UInt64
        var timestampSeconds: Double
        var first: Scored
        /// Further versions of the same id (a shadow model): empty, and so unallocated, for
        /// most ids.
        var others: [Scored]
        var label: Label?

        var versionCount: Int { 1 + others.count }
    }

    private struct EarlyLabel: Sendable {
        var serial: UInt64
        var label: Label
        /// Newest prediction time when the label arrived; `nil` if none had arrived.
        var heldSinceSeconds: Double?
    }

    /// An empty join. Defaults follow statistics.md: 2,000,000 of each, no TTL.
    public init(maxPending: Int = 2_000_000, maxEarlyLabels: Int = 2_000_000, labelTTLSeconds: Double? = nil) {
        precondition(maxPending >= 1, "maxPending must be at least 1, got \(maxPending)")
        precondition(maxEarlyLabels >= 1, "maxEarlyLabels must be at least 1, got \(maxEarlyLabels)")
        if let labelTTLSeconds {
            precondition(labelTTLSeconds >= 0 && !labelTTLSeconds.isNaN, "labelTTLSeconds must not be negative, got \(labelTTLSeconds)")
        }
        self.maxPending = maxPending
        self.maxEarlyLabels = maxEarlyLabels
        self.labelTTLSeconds = labelTTLSeconds
    }

    /// Prediction ids held, matched or not.
    public var heldPredictionIDs: Int { entries.count }
    /// Labels held waiting for their prediction.
    public var heldLabels: Int { earlyLabels.count }

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
        if var entry = entries[id] {
            if entry.first.version == version || entry.others.contains(where: { $0.version == version }) {
                counts.duplicatePredictions += 1
                return .duplicate
            }
            onOtherVersion(entry.first.prediction, prediction)
            for other in entry.others { onOtherVersion(other.prediction, prediction) }
            // Rewritten in place: take the entry out so the append does not copy `others`.
            entries[id] = nil
            entry.others.append(Scored(version: version, prediction: prediction))
            let label = entry.label
            entries[id] = entry
            if let label {
                onLabel(prediction, label)
                counts.matchedPredictions += 1
                return .matched
            }
            pendingPredictions += 1
            return .pending
        }
        if let early = earlyLabels.removeValue(forKey: id) {
            onLabel(prediction, early.label)
            counts.matchedPredictions += 1
            counts.matchedLabels += 1
            compactLabelOrderIfSparse()
            insertEntry(id: id, time: time, Scored(version: version, prediction: prediction), label: early.label)
            return .matched
        }
        insertEntry(id: id, time: time, Scored(version: version, prediction: prediction), label: nil)
        pendingPredictions += 1
        return .pending
    }

    /// Credits a label to every version of its prediction, or holds it until the prediction
    /// comes. `onPrediction` is called once per version held, with that version's payload.
    @discardableResult
    public mutating func recordLabel(id: String, _ label: Label, onPrediction: (Prediction, Label) -> Void) -> LabelJoinOutcome {
        if let entry = entries[id] {
            guard entry.label == nil else {
                counts.duplicateLabels += 1
                return .duplicate
            }
            entries[id]!.label = label
            onPrediction(entry.first.prediction, label)
            for other in entry.others { onPrediction(other.prediction, label) }
            counts.matchedPredictions += entry.versionCount
            counts.matchedLabels += 1
            pendingPredictions -= entry.versionCount
            return .matched
        }
        if earlyLabels[id] != nil {
            counts.duplicateLabels += 1
            return .duplicate
        }
        while earlyLabels.count >= maxEarlyLabels {
            guard let ticket = labelOrder.removeFirst() else { break }
            if earlyLabels[ticket.id]?.serial == ticket.serial {
                earlyLabels[ticket.id] = nil
                counts.evictedLabels += 1
            }
        }
        let serial = takeSerial()
        earlyLabels[id] = EarlyLabel(serial: serial, label: label, heldSinceSeconds: newestPredictionSeconds)
        labelOrder.append(Ticket(id: id, serial: serial))
        return .held
    }

    // MARK: - Bookkeeping

    private mutating func takeSerial() -> UInt64 {
        nextSerial &+= 1
        return nextSerial
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
        while let ticket = entryOrder.first {
            guard let entry = entries[ticket.id], entry.serial == ticket.serial else {
                entryOrder.removeFirst()
                continue
            }
            guard entry.timestampSeconds < cutoff else { break }
            entryOrder.removeFirst()
            entries[ticket.id] = nil
            if entry.label == nil {
                counts.expiredPredictions += entry.versionCount
                pendingPredictions -= entry.versionCount
            }
        }
        while let ticket = labelOrder.first {
            guard let early = earlyLabels[ticket.id], early.serial == ticket.serial else {
                labelOrder.removeFirst()
                continue
            }
            let since = early.heldSinceSeconds ?? firstPredictionSeconds ?? now
            guard since < cutoff else { break }
            labelOrder.removeFirst()
            earlyLabels[ticket.id] = nil
            counts.expiredLabels += 1
        }
    }

    private mutating func insertEntry(id: String, time: Double, _ scored: Scored, label: Label?) {
        while entries.count >= maxPending {
            guard let ticket = entryOrder.removeFirst() else { break }
            guard let entry = entries[ticket.id], entry.serial == ticket.serial else { continue }
            entries[ticket.id] = nil
            if entry.label == nil {
                counts.evictedPredictions += entry.versionCount
                pendingPredictions -= entry.versionCount
            }
        }
        let serial = takeSerial()
        entries[id] = Entry(serial: serial, timestampSeconds: time, first: scored, others: [], label: label)
        entryOrder.append(Ticket(id: id, serial: serial))
    }

    /// Matched early labels leave their ticket in the ring; rebuilding it when most tickets
    /// are stale keeps the ring within twice the labels held, O(1) amortised.
    private mutating func compactLabelOrderIfSparse() {
        guard labelOrder.count > 2 * earlyLabels.count + 64 else { return }
        let live = earlyLabels
        labelOrder.retain { live[$0.id]?.serial == $0.serial }
    }
}
