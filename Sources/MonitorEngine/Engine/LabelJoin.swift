/// Joins label records to prediction records by id (docs/statistics.md, "Business outcomes layer").
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
/// The horizon (``LabelHorizon``) bounds how long, in event time, either side waits for the
/// other, on the stream's clock (``advanceClock(to:)``: the event time up to which every source
/// has been read). A prediction is let go once the clock is more than the horizon past its
/// time, an early label once it is more than the horizon past the label's own time (a label
/// without a time waits until evicted). By default the horizon is learned: four times the
/// longest wait of a match (how far the clock had gone past the prediction's time when its
/// label came, or past the label's time when its prediction came: label delays, files out of
/// order and sources read unevenly all show in it), once 1,000 matches
/// were timed, at least 15 minutes; before that only the counts bound the join. A label waits
/// for its prediction on a learned horizon of its own (``labelHorizonSeconds``): four times
/// the longest a label was seen to wait for its prediction, at least 20 seconds, at most the
/// horizon. Sources are read side by side in event time, so a prediction is read by the time
/// the clock passes its label's time: a label still waiting 20 seconds later, when no label ever
/// waited that long, belongs to a prediction already let go (or to none), and holding it for
/// the whole horizon would hold every label of a stream whose predictions outrun
/// `maxPending`. Expiry walks the oldest insertions, so an entry
/// inserted out of time order expires when it reaches the front. Nothing else lets a label
/// go: however the files are ordered, a label and its prediction that come within the bounds
/// are matched.
public struct LabelJoin<Prediction: Sendable, Label: JoinableLabel>: Sendable {
    /// Most predictions held (each version of an id is one), matched or not.
    public let maxPending: Int
    /// Most labels held while waiting for their prediction.
    public let maxEarlyLabels: Int
    /// How long either side waits for the other (``LabelHorizon``).
    public let horizon: LabelHorizon
    /// What the join did so far.
    public private(set) var counts = LabelJoinCounts()
    /// Predictions (counting each version) held without a label.
    public private(set) var pendingPredictions = 0
    /// Predictions added so far, and let go from the front since (evicted or expired, matched
    /// or not): entries leave in the order they came.
    public private(set) var predictionsAdded = 0
    public private(set) var predictionsLetGo = 0
    /// The stream's clock: the event time up to which every source has been read
    /// (``advanceClock(to:)``); -infinity before it is known.
    public private(set) var clockSeconds = -Double.infinity
    /// Matches timed (with the clock and the waiting side's time known), and the longest wait:
    /// how far the clock had gone past the prediction's time when its label came, or past the
    /// label's time when its prediction came.
    public private(set) var waitsSeen = 0
    public private(set) var longestWaitSeconds = 0.0
    /// Of those, the longest a label waited for its prediction (how far the clock had gone past
    /// the label's time when its prediction came): the learned ``labelHorizonSeconds``.
    public private(set) var longestLabelWaitSeconds = 0.0

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
    /// A held prediction's event time, read from its payload when the caller says how (no time
    /// column then), else from the column kept beside the slots.
    private let predictionTime: (@Sendable (Prediction) -> Double)?
    /// Where a label's versions were found (reused, to allocate nothing per label).
    private var foundScratch: [Int] = []

    /// The label of a held prediction, in its slot's tag.
    private enum Tag {
        static var pending: UInt8 { 0 }
        static var negative: UInt8 { 1 }
        static var positive: UInt8 { 2 }

        static func of(_ label: Label) -> UInt8 { label.matchTag }
    }

    private struct EarlyLabel: Sendable {
        var label: Label
        /// The label's own time (NaN without one).
        var timestampSeconds: Double
    }

    /// An empty join. Defaults follow docs/statistics.md: 2,000,000 of each, the learned horizon.
    /// `predictionTime` reads a prediction's event time from its payload (saving a column of
    /// times); `idHash` is for tests that force collisions.
    public init(
        maxPending: Int = 2_000_000, maxEarlyLabels: Int = 2_000_000, horizon: LabelHorizon = .learned,
        predictionTime: (@Sendable (Prediction) -> Double)? = nil, idHash: IDHash = .standard
    ) {
        precondition(maxPending >= 1, "maxPending must be at least 1, got \(maxPending)")
        precondition(maxEarlyLabels >= 1, "maxEarlyLabels must be at least 1, got \(maxEarlyLabels)")
        if case let .fixed(seconds) = horizon {
            precondition(seconds >= 0 && !seconds.isNaN, "horizon must not be negative, got \(seconds)")
        }
        self.maxPending = maxPending
        self.maxEarlyLabels = maxEarlyLabels
        self.horizon = horizon
        self.idHash = idHash
        self.predictionTime = predictionTime
        let timed = horizon != .unbounded
        entries = HashedQueue(maxCapacity: maxPending, keepsTimes: timed && predictionTime == nil)
        // A quarter more slots than labels, so that compacting out matched labels is amortised.
        earlyLabels = HashedQueue(maxCapacity: maxEarlyLabels + maxEarlyLabels / 4 + 1, keepsTimes: false)
    }

    /// Timed matches a learned horizon waits for before it bounds anything.
    public static var waitsToLearn: Int { 1_000 }
    /// A learned horizon is this many times the longest wait seen...
    public static var learnedHorizonFactor: Double { 4 }
    /// ...and at least this long (seconds): room for sources whose clocks disagree.
    public static var learnedHorizonMinimumSeconds: Double { 900 }
    /// A learned horizon for labels waiting for their prediction is at least this long
    /// (seconds), and at most the horizon.
    public static var learnedLabelHorizonMinimumSeconds: Double { 20 }

    /// The horizon in force now, in seconds; `nil` while nothing but the counts bounds the join
    /// (no horizon, or one still learning).
    public var horizonSeconds: Double? {
        switch horizon {
        case .unbounded: nil
        case let .fixed(seconds): seconds
        case .learned:
            waitsSeen >= Self.waitsToLearn
                ? max(Self.learnedHorizonMinimumSeconds, Self.learnedHorizonFactor * longestWaitSeconds) : nil
        }
    }

    /// How long, in seconds, a label waits for its prediction now: the horizon, or with a
    /// learned one, four times the longest a label waited for its prediction, at least
    /// ``learnedLabelHorizonMinimumSeconds``, at most the horizon. `nil` with no horizon.
    public var labelHorizonSeconds: Double? {
        guard let horizon = horizonSeconds else { return nil }
        guard self.horizon == .learned else { return horizon }
        return min(horizon, max(Self.learnedLabelHorizonMinimumSeconds, Self.learnedHorizonFactor * longestLabelWaitSeconds))
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
    ///   - timestampSeconds: event time of the prediction (for the horizon and the delays);
    ///     a non-finite one never expires.
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
        let time = timestampSeconds.isFinite ? timestampSeconds : .infinity
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
            if known == nil, tag != Tag.pending { known = Label(matchTag: tag) }
        }
        if let known {
            insert(key: key, time: time, prediction, tag: Tag.of(known))
            onLabel(prediction, known)
            counts.matchedPredictions += 1
            return .matched
        }
        if let index = earlyLabels.index(of: hash) {
            let early = earlyLabels.remove(at: index).payload
            let label = early.label
            noteWait(since: early.timestampSeconds, labelFirst: true)
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

    /// Credits a label to every version of its prediction, or holds it until the prediction
    /// comes (until the bounds let it go: counted as evicted or expired). `onPrediction` is
    /// called once per version held, with that version's payload; with `holdsUnmatched` false,
    /// a label without its prediction is not held (``LabelJoinOutcome/notHeld``). `timestampSeconds` is the
    /// label's own time (when it came, never earlier than its prediction's: docs/log-format.md),
    /// for the horizon; `nil` without one.
    @discardableResult
    public mutating func recordLabel(
        id: String, timestampSeconds: Double? = nil, _ label: Label, holdsUnmatched: Bool = true,
        onPrediction: (Prediction, Label) -> Void
    ) -> LabelJoinOutcome {
        let hash = idHash(id)
        let labelTime = timestampSeconds.flatMap { $0.isFinite ? $0 : nil } ?? .nan
        findVersions(of: hash, besides: nil)
        if let first = foundScratch.first {
            // Every version of an id is labelled at once, so the first tells for all.
            guard entries[tagAt: first] == Tag.pending else {
                counts.duplicateLabels += 1
                return .duplicate
            }
            noteWait(since: time(at: first), labelFirst: false)
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
        guard holdsUnmatched else { return .notHeld }
        while earlyLabels.count >= maxEarlyLabels, let oldest = earlyLabels.oldestIndex {
            earlyLabels.remove(at: oldest)
            counts.evictedLabels += 1
        }
        earlyLabels.append(hash: hash, EarlyLabel(label: label, timestampSeconds: labelTime))
        return .held
    }

    /// Moves the stream's clock to `seconds` (the event time up to which every source has been
    /// read; it never moves back) and lets go of what the horizon says can no longer be
    /// matched. O(1) when nothing expires.
    public mutating func advanceClock(to seconds: Double) {
        guard seconds > clockSeconds, !seconds.isNaN else { return }
        clockSeconds = seconds
        guard let horizon = horizonSeconds else { return }
        let cutoff = seconds - horizon
        while let oldest = entries.oldestIndex, time(at: oldest) < cutoff {
            if letGoOfOldestPrediction(at: oldest) { counts.expiredPredictions += 1 }
        }
        // A label without a time (NaN) is not below any cutoff: it waits until evicted.
        let labelCutoff = seconds - (labelHorizonSeconds ?? horizon)
        while let oldest = earlyLabels.oldestIndex, earlyLabels[oldest].timestampSeconds < labelCutoff {
            earlyLabels.remove(at: oldest)
            counts.expiredLabels += 1
        }
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

    /// The event time of the held prediction at `index`.
    @inline(__always)
    private func time(at index: Int) -> Double {
        if let predictionTime { return predictionTime(entries[index]) }
        return entries.time(at: index)
    }

    /// Learns from one match how long its first side waited (on the clock, since `seconds`),
    /// when both are known; `labelFirst` when that side was the label.
    @inline(__always)
    private mutating func noteWait(since seconds: Double, labelFirst: Bool) {
        guard seconds.isFinite, clockSeconds.isFinite else { return }
        waitsSeen += 1
        longestWaitSeconds = max(longestWaitSeconds, clockSeconds - seconds)
        if labelFirst { longestLabelWaitSeconds = max(longestLabelWaitSeconds, clockSeconds - seconds) }
    }

    private mutating func insert(key: UInt64, time: Double, _ prediction: Prediction, tag: UInt8) {
        while entries.count >= maxPending, let oldest = entries.oldestIndex {
            if letGoOfOldestPrediction(at: oldest) { counts.evictedPredictions += 1 }
        }
        entries.append(hash: key, prediction, time: time, tag: tag)
        predictionsAdded += 1
    }

    /// Removes the oldest held prediction; true when it was still waiting for its label (the
    /// caller counts why it went).
    private mutating func letGoOfOldestPrediction(at oldest: Int) -> Bool {
        let tag = entries[tagAt: oldest]
        entries.remove(at: oldest)
        predictionsLetGo += 1
        guard tag == Tag.pending else { return false }
        pendingPredictions -= 1
        return true
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
    /// The label as the join keeps it once matched, in a byte that is not 0 (0 is "pending"):
    /// by default 2 for positive, 1 for negative.
    var matchTag: UInt8 { get }
    /// The label the join remembers from ``matchTag``.
    init(matchTag: UInt8)
}

extension JoinableLabel {
    public var matchTag: UInt8 { isPositive ? 2 : 1 }
    public init(matchTag: UInt8) { self.init(matchedOutcome: matchTag == 2) }
}
