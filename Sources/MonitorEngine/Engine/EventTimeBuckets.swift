/// Counts kept per bucket of event time, summed into the current window on demand
/// (docs/statistics.md, "Windows and segments").
///
/// A record's bucket is `floor(timestamp / bucketSeconds)` (in `Double` arithmetic). The
/// buckets live in a ring of `capacity` slots: the window's buckets plus the history the
/// sparklines show. The newest bucket is the one of the newest record seen (event time, never
/// the wall clock); records may arrive in any order.
///
/// - The current window is the last `windowBuckets` buckets, ending with the newest:
///   keys `newest - windowBuckets + 1 ... newest`. It is summed when asked for
///   (``window``), in O(buckets × counts); recording a record costs one `body` call.
/// - A record older than the window whose bucket is still held is late: it is added to its
///   bucket (sparklines show it) and counted as late; the window does not include it.
/// - A record whose bucket is no longer held is too old: counted and dropped.
/// - With no window (`windowSeconds: nil`, "all"), the window is everything since start: the
///   buckets that leave the ring are folded into one running total, and a record whose bucket
///   has left is added to that total. Memory stays `capacity + 1` counts.
/// - Advancing time by `g` buckets resets `min(g, capacity)` slots: O(counts) per bucket,
///   never O(records).
///
/// Records far in the future: a record whose bucket is `capacity` or more buckets after the
/// newest would empty every held bucket at once. One such record (a wrong clock, a typo in the
/// year) must not wipe the dashboard, but a real gap in the stream (a quiet weekend in a
/// replayed log) must not freeze it either. So the first such record (`jumpBuckets` or more
/// buckets ahead, when that is more than the capacity) is held aside, counted as
/// ``BucketOutcome/heldAhead``; when a second far-ahead record lands within that many buckets
/// of it, or less than a day after it when the held one is less than a day ahead, the jump is
/// confirmed: time advances to the later of the two, the held
/// record joins its bucket (or, already older than the ring, the running total, as a late
/// record would) and the jump is counted. A far-ahead record that does not agree with the held one
/// replaces it (the held records are counted in ``BucketOutcomeCounts/aheadDiscarded``). If
/// ordinary records catch up with the held one, it joins its bucket then. Jumps smaller than
/// `capacity` buckets are accepted at once: some history survives them.
public struct EventTimeBuckets<Counts: Mergeable>: Sendable {
    /// Width of a bucket in seconds of event time.
    public let bucketSeconds: Double
    /// How many buckets after the newest a record is far ahead (with the capacity, if more).
    public let jumpBuckets: Int
    /// How far ahead (in buckets) a held record may be and still be confirmed by a later one:
    /// a day, or the far-ahead distance if more.
    private var plausibleGapBuckets: Int64 {
        @inline(__always) get { max(Int64(max(capacity, jumpBuckets)), Int64((86_400 / bucketSeconds).rounded(.up))) }
    }
    /// Buckets in the current window; `nil` means the window is everything since start.
    public let windowBuckets: Int?
    /// Buckets held: the window and the sparkline history.
    public private(set) var capacity: Int
    /// The configured empty counts every bucket starts from.
    public let empty: Counts
    /// What became of every record so far.
    public private(set) var outcomes = BucketOutcomeCounts()

    private var slots: [Counts]
    private var occupied: [Bool]
    private var newestKey: Int64?
    private var oldestKey: Int64 = 0
    /// "All" mode: the buckets that left the ring, and the records too old for it.
    private var retired: Counts
    private var hasRetired = false
    private var ahead: HeldAhead?
    /// With a history, the oldest key the ring holds since it last grew: the keys the grown ring
    /// spans below it had already left it, into the history, and stay there.
    private var ringFloor = Int64.min
    /// The buckets that left the ring, coarser as they age; `nil` unless asked for.
    public private(set) var history: BucketHistory<Counts>?
    /// ``sinceStart()``'s sum of everything before bucket `sinceStartFrom`; `nil` when a record
    /// landed there since (a late one, one older than the ring) and it must be summed again.
    private var sinceStartBase: Counts?
    private var sinceStartFrom: Int64 = 0

    private struct HeldAhead: Sendable {
        var key: Int64
        var counts: Counts
        var records: Int
    }

    /// Buckets of `bucketSeconds` holding a window of `windowSeconds` (rounded up to whole
    /// buckets; `nil` for everything since start) and at least `historyBuckets` buckets for
    /// the sparklines. A record at least `jumpBuckets` (or the capacity, if more) after the
    /// newest is far ahead and waits for confirmation (see the type's documentation), so that
    /// a caller keeping little history (a report, which draws no sparklines) judges jumps as
    /// one that keeps the default history does.
    ///
    /// `historyTiers` keeps the buckets that leave the ring in a ``BucketHistory`` of these
    /// tiers (the time cursor's past); `nil` keeps none beyond the running total.
    public init(bucketSeconds: Double, windowSeconds: Double?, historyBuckets: Int = 60, jumpBuckets: Int = 0,
                historyTiers: [BucketHistory<Counts>.Tier]? = nil, empty: Counts) {
        precondition(bucketSeconds.isFinite && bucketSeconds > 0, "bucketSeconds must be a positive number of seconds, got \(bucketSeconds)")
        precondition(historyBuckets >= 0, "historyBuckets must not be negative, got \(historyBuckets)")
        var window: Int?
        if let windowSeconds {
            precondition(windowSeconds.isFinite && windowSeconds > 0, "windowSeconds must be a positive number of seconds, got \(windowSeconds)")
            let buckets = (windowSeconds / bucketSeconds).rounded(.up)
            precondition(buckets <= Double(1 << 24), "a window of \(windowSeconds)s is too many buckets of \(bucketSeconds)s")
            window = max(1, Int(buckets))
        }
        let capacity = max(window ?? 1, historyBuckets, 1)
        precondition(capacity <= 1 << 24, "\(capacity) buckets is too many to hold")
        self.bucketSeconds = bucketSeconds
        self.windowBuckets = window
        self.capacity = capacity
        self.jumpBuckets = max(jumpBuckets, 0)
        self.empty = empty
        self.slots = Array(repeating: empty, count: capacity)
        self.occupied = Array(repeating: false, count: capacity)
        self.retired = empty
        self.history = historyTiers.map { BucketHistory(tiers: $0, empty: empty) }
    }

    /// The bucket a timestamp falls in, or `nil` when it is NaN, infinite or out of range.
    ///
    /// This and the other small queries below that the counting calls on every record are
    /// inlined: called from a mutating method, a call copied the whole struct (and retained
    /// its arrays) to lend it to the query.
    @inline(__always)
    public func bucketKey(at timestampSeconds: Double) -> Int64? {
        let quotient = (timestampSeconds / bucketSeconds).rounded(.down)
        // 2^53: beyond it keys stop being exact and `Int64(_:)` would trap near 2^63.
        guard quotient.isFinite, abs(quotient) < 9_007_199_254_740_992 else { return nil }
        return Int64(quotient)
    }

    /// The key of the newest bucket, or `nil` before the first record.
    public var newestBucketKey: Int64? { newestKey }

    /// Where the current window starts, in seconds of event time (`nil` before the first
    /// record; the start of the oldest held bucket in "all" mode with no older total).
    public var windowStartSeconds: Double? {
        guard let newest = newestKey else { return nil }
        if let windowBuckets { return Double(newest - Int64(windowBuckets) + 1) * bucketSeconds }
        return Double(oldestKey) * bucketSeconds
    }

    /// Where the newest bucket ends (exclusive), in seconds of event time.
    public var windowEndSeconds: Double? {
        @inline(__always) get { newestKey.map { Double($0 + 1) * bucketSeconds } }
    }

    /// Adds one record, at `timestampSeconds` of event time, to the counts of its bucket:
    /// `body` is called on the counts the record belongs to (not at all when the record is
    /// dropped): once, or, for a record whose bucket left the ring while a history is kept,
    /// twice (the running total and its history entry). It must change only the counts it is
    /// given.
    ///
    /// Inlined, so that what `body` captures (a record's facts, for every slice) is read in
    /// place rather than copied into a closure context.
    @discardableResult @inline(__always)
    public mutating func withBucket(at timestampSeconds: Double, _ body: (inout Counts) -> Void) -> BucketOutcome {
        guard let key = bucketKey(at: timestampSeconds) else {
            outcomes.count(.invalidTime)
            return .invalidTime
        }
        guard let newest = newestKey else {
            newestKey = key
            oldestKey = key
            return place(key, body)
        }
        if key > newest {
            let farAhead = Int64(max(capacity, jumpBuckets))
            if key - newest >= farAhead {
                // Confirmed by a second far-ahead record near the held one, or less than a day
                // after one held less than a day ahead: a sparse log (a record every 90 minutes
                // in 1-minute buckets) moves on at every other record, where records a wrong
                // year ahead never confirm each other, nor a wrong year the record before it.
                guard let held = ahead, confirmsHeld(key: key, newest: newest, farAhead: farAhead) else {
                    if let held = ahead { outcomes.aheadDiscarded += held.records }
                    var counts = empty
                    body(&counts)
                    ahead = HeldAhead(key: key, counts: counts, records: 1)
                    outcomes.count(.heldAhead)
                    return .heldAhead
                }
                outcomes.jumps += 1
                // Releases the held record into its bucket on the way.
                advance(toKey: max(key, held.key))
            } else {
                advance(toKey: key)
            }
        }
        return place(key, body)
    }

    /// Whether a record far ahead at bucket `key` confirms the record held ahead (a jump).
    @inline(__always)
    private func confirmsHeld(key: Int64, newest: Int64, farAhead: Int64) -> Bool {
        guard let held = ahead else { return false }
        let plausible = plausibleGapBuckets
        return abs(held.key - key) < farAhead || (key > held.key && key - held.key < plausible && held.key - newest < plausible)
    }

    /// Moves the newest bucket forward to the one holding `timestampSeconds`, as if a record
    /// had arrived there with nothing to count (for a caller that knows event time has moved,
    /// such as the end of a chunk). Unlike a record, it needs no confirmation however far it
    /// goes: the caller vouches for the time. Earlier or invalid times change nothing.
    public mutating func advance(to timestampSeconds: Double) {
        guard let key = bucketKey(at: timestampSeconds) else { return }
        guard let newest = newestKey else {
            newestKey = key
            oldestKey = key
            return
        }
        if key > newest { advance(toKey: key) }
    }

    /// The counts of the current window: the last `windowBuckets` buckets, or everything
    /// since start. O(buckets × counts).
    public var window: Counts {
        var sum = empty
        guard let newest = newestKey else { return sum }
        if windowBuckets == nil, hasRetired { sum = retired }
        let span = min(windowBuckets ?? capacity, capacity)
        for back in 0..<span {
            let slot = slotIndex(newest - Int64(back))
            if occupied[slot] { sum.merge(slots[slot], bucket: newest - Int64(back)) }
        }
        return sum
    }

    /// Whether a record at `timestampSeconds` would open a newer bucket now: ``withBucket(at:_:)``
    /// would move the newest bucket forward, rather than count it in a bucket held or hold it
    /// far ahead.
    public func opensNewerBucket(at timestampSeconds: Double) -> Bool {
        guard let key = bucketKey(at: timestampSeconds), let newest = newestKey, key > newest else { return false }
        let farAhead = Int64(max(capacity, jumpBuckets))
        return key - newest < farAhead || confirmsHeld(key: key, newest: newest, farAhead: farAhead)
    }

    /// In "all" mode over a ring of one bucket (a report over the whole input), adds the newest
    /// bucket to the running total now instead of when the next bucket opens: for a caller that
    /// knows the next record opens it (``opensNewerBucket(at:)``), so that the window, summed
    /// just before (the alert rules are judged at every bucket's end), is the running total
    /// itself rather than a copy of it with the bucket merged in. The same merge in the same
    /// order as opening the next bucket would do. False, changing nothing, in any other mode.
    @discardableResult
    public mutating func retireNewest() -> Bool {
        guard windowBuckets == nil, capacity == 1, history == nil, let newest = newestKey else { return false }
        let slot = slotIndex(newest)
        guard occupied[slot] else { return true }
        retired.merge(slots[slot], bucket: newest)
        hasRetired = true
        if newest >= sinceStartFrom { sinceStartBase = nil }
        // Emptied where it is, for the next bucket to count into (`Mergeable.reset`): the ring's
        // one slot keeps the storage of the slices it counted, as the running total does.
        slots[slot].reset(to: empty)
        occupied[slot] = false
        return true
    }

    /// In "all" mode, ``window`` (the counts since start) at O(counts × buckets opened since the
    /// last call) instead of O(counts × capacity): the sum of every bucket before the last
    /// call's newest is kept, and only the buckets since are added to it, unless a record
    /// landed before them since (then it is summed again). For a metrics scrape every second.
    /// The counts are the window's; float sums may differ from it in their last bits (another
    /// order of adding).
    public mutating func sinceStart() -> Counts {
        guard windowBuckets == nil, let newest = newestKey else { return window }
        let ringStart = newest - Int64(capacity) + 1
        if sinceStartBase == nil || sinceStartFrom < ringStart || sinceStartFrom > newest {
            var base = hasRetired ? retired : empty
            for key in max(ringStart, oldestKey)..<newest {
                let slot = slotIndex(key)
                if occupied[slot] { base.merge(slots[slot], bucket: key) }
            }
            sinceStartBase = base
        } else if sinceStartFrom < newest, var base = sinceStartBase {
            sinceStartBase = nil
            for key in sinceStartFrom..<newest {
                let slot = slotIndex(key)
                if occupied[slot] { base.merge(slots[slot], bucket: key) }
            }
            sinceStartBase = base
        }
        sinceStartFrom = newest
        var total = sinceStartBase ?? empty
        let slot = slotIndex(newest)
        if occupied[slot] { total.merge(slots[slot], bucket: newest) }
        return total
    }

    /// A record or bucket reached the running total, or a bucket ``sinceStart()`` already summed.
    private mutating func pastChanged(at key: Int64) {
        if sinceStartBase != nil, key < sinceStartFrom { sinceStartBase = nil }
    }

    /// The counts of the last `count` buckets ending with the newest (at most `capacity`),
    /// whatever the window.
    public func total(ofLastBuckets count: Int) -> Counts {
        var sum = empty
        guard let newest = newestKey, count > 0 else { return sum }
        for back in 0..<min(count, capacity) {
            let slot = slotIndex(newest - Int64(back))
            if occupied[slot] { sum.merge(slots[slot], bucket: newest - Int64(back)) }
        }
        return sum
    }

    /// The held buckets from the oldest that ever held a record (or the oldest still held) to
    /// the newest, oldest first; gaps are empty buckets with `hasRecords == false`.
    public var buckets: [TimeBucket<Counts>] {
        guard let newest = newestKey else { return [] }
        let first = max(oldestKey, newest - Int64(capacity) + 1)
        var result: [TimeBucket<Counts>] = []
        result.reserveCapacity(Int(newest - first + 1))
        for key in first...newest {
            let slot = slotIndex(key)
            result.append(TimeBucket(key: key, bucketSeconds: bucketSeconds, hasRecords: occupied[slot], counts: slots[slot]))
        }
        return result
    }

    /// One value per held bucket, oldest first, gaps included (see ``buckets``): the series
    /// behind a sparkline, without copying every bucket's counts.
    public func series<Value>(_ transform: (Counts) throws -> Value) rethrows -> [Value] {
        guard let newest = newestKey else { return [] }
        let first = max(oldestKey, newest - Int64(capacity) + 1)
        var result: [Value] = []
        result.reserveCapacity(Int(newest - first + 1))
        for key in first...newest {
            result.append(try transform(slots[slotIndex(key)]))
        }
        return result
    }

    /// Holds at least `count` buckets from now on (a longer window chosen live), keeping every
    /// bucket held now. Shrinking is not done: held counts are never thrown away. O(capacity).
    public mutating func reserveCapacity(buckets count: Int) {
        guard count > capacity else { return }
        if history != nil, let newest = newestKey { ringFloor = max(ringFloor, newest - Int64(capacity) + 1) }
        precondition(count <= 1 << 24, "\(count) buckets is too many to hold")
        var newSlots = Array(repeating: empty, count: count)
        var newOccupied = Array(repeating: false, count: count)
        if let newest = newestKey {
            let first = newest - Int64(capacity) + 1
            for key in first...newest {
                let old = slotIndex(key)
                guard occupied[old] else { continue }
                let ring = Int64(count)
                let remainder = key % ring
                let slot = Int(remainder < 0 ? remainder + ring : remainder)
                newSlots[slot] = slots[old]
                newOccupied[slot] = true
            }
        }
        slots = newSlots
        occupied = newOccupied
        capacity = count
    }

    /// At the end of the input: a record still held far ahead (nothing came to confirm it) is
    /// added to the running total of a window of all, where no record is lost, without moving
    /// time to it; a span window lets it go, counted as discarded.
    public mutating func settleHeldRecord() {
        guard let held = ahead else { return }
        ahead = nil
        if windowBuckets == nil {
            retired.merge(held.counts, bucket: held.key)
            hasRetired = true
            sinceStartBase = nil
            history?.record(bucket: held.key) { $0.merge(held.counts) }
        } else {
            outcomes.aheadDiscarded += held.records
        }
    }

    // MARK: - The past, at the time cursor

    /// Every end (exclusive, in bucket keys) a window may have: each held ring bucket's and each
    /// history entry's, oldest first; the last is the live end, after the newest bucket.
    public var cursorEnds: [Int64] {
        guard let newest = newestKey else { return [] }
        let first = ringFirst(newest)
        var ends = Set((first...newest).map { $0 + 1 })
        for entry in history?.allEntries ?? [] where entry.end <= first { ends.insert(entry.end) }
        return ends.sorted()
    }

    /// The counts of the window of `span` buckets (`nil`: everything since start) ending at
    /// `end` (exclusive, a key of ``cursorEnds``), and where it starts: the ring buckets in
    /// `end - span ..< end` and the history entries wholly inside it. When no entry fits (the
    /// window is narrower than the history's entries there), the entry ending at `end` stands
    /// for it, and the start says so.
    public func total(endingAt end: Int64, span: Int?) -> (counts: Counts, startKey: Int64) {
        var sum = empty
        guard let newest = newestKey else { return (sum, end) }
        let from = span.map { end - Int64($0) } ?? .min
        let lower = max(from, ringFirst(newest))
        let ringKeys = lower..<max(lower, min(end, newest + 1))
        // Entries hold only buckets that left the ring: nothing is counted twice.
        let entries = history?.allEntries ?? []
        var inside = entries.filter { $0.start >= from && $0.end <= end }
        if inside.isEmpty, ringKeys.isEmpty, let standIn = entries.last(where: { $0.end == end }) { inside = [standIn] }
        var start = ringKeys.isEmpty ? end : ringKeys.lowerBound
        if span == nil, let history, let expiredStart = history.expiredStart {
            sum.merge(history.expired)
            start = min(start, expiredStart)
        }
        for entry in inside {
            sum.merge(entry.counts, bucket: entry.start)
            start = min(start, entry.start)
        }
        for key in ringKeys where occupied[slotIndex(key)] { sum.merge(slots[slotIndex(key)], bucket: key) }
        if span == nil { start = min(start, oldestKey) }
        return (sum, start)
    }

    /// The per-bucket series ending at `end`: up to `count` ring buckets when `end` is in the
    /// ring, else up to `count` entries of the history tier whose entry ends there (gaps as
    /// empty counts), and the width of one, in buckets.
    public func series(endingAt end: Int64, count: Int) -> (counts: [Counts], width: Int64) {
        guard let newest = newestKey, count > 0 else { return ([], 1) }
        let ringStart = ringFirst(newest)
        if end - 1 >= ringStart || history == nil {
            let first = max(ringStart, end - Int64(count))
            guard first < end else { return ([], 1) }
            return ((first..<min(end, newest + 1)).map { occupied[slotIndex($0)] ? slots[slotIndex($0)] : empty }, 1)
        }
        guard let history, let tier = history.entries.firstIndex(where: { $0.contains { $0.end == end } }) else { return ([], 1) }
        let factor = history.tiers[tier].factor
        let list = history.entries[tier].filter { $0.end <= end }
        let byKey = Dictionary(list.map { ($0.key, $0.counts) }, uniquingKeysWith: { first, _ in first })
        guard let last = list.last?.key, let oldest = list.first?.key else { return ([], factor) }
        var keys: [Int64] = []
        var key = last
        while key >= oldest, keys.count < count {
            keys.append(key)
            key -= factor
        }
        return (keys.reversed().map { byKey[$0] ?? empty }, factor)
    }

    // MARK: - Ring

    /// The oldest key the ring holds counts of (with a history: not below the keys already in it).
    @inline(__always)
    private func ringFirst(_ newest: Int64) -> Int64 {
        max(oldestKey, newest - Int64(capacity) + 1, history == nil ? .min : ringFloor)
    }

    @inline(__always)
    private func slotIndex(_ key: Int64) -> Int {
        let ring = Int64(capacity)
        let remainder = key % ring
        return Int(remainder < 0 ? remainder + ring : remainder)
    }


    /// Adds a record to bucket `key`, which is not after the newest.
    private mutating func place(_ key: Int64, _ body: (inout Counts) -> Void) -> BucketOutcome {
        let newest = newestKey ?? key
        let outcome: BucketOutcome
        if key > newest - Int64(capacity), history == nil || key >= ringFloor {
            let slot = slotIndex(key)
            if key < sinceStartFrom { pastChanged(at: key) }
            body(&slots[slot])
            occupied[slot] = true
            if key < oldestKey { oldestKey = key }
            if let windowBuckets, key <= newest - Int64(windowBuckets) {
                outcome = .late
            } else {
                outcome = .current
            }
        } else if windowBuckets == nil {
            retired.record(bucket: key) { body(&$0) }
            sinceStartBase = nil
            // Kept twice: in the running total and in its history entry (copying the counts
            // of an empty bucket for each late label would cost more than counting it again).
            history?.record(bucket: key, body)
            hasRetired = true
            outcome = .addedToTotal
        } else {
            outcome = .tooOld
        }
        outcomes.count(outcome)
        return outcome
    }

    /// Opens every bucket up to `key`, resetting the slots they reuse.
    private mutating func advance(toKey key: Int64) {
        guard let newest = newestKey, key > newest else { return }
        let opened = min(key - newest, Int64(capacity))
        var leaving: [(key: Int64, slot: Int)] = []
        let ring = Int64(capacity)
        for back in 0..<opened {
            let slot = slotIndex(key - back)
            guard occupied[slot] else { continue }
            // The key the slot holds: the one of the held span (newest - capacity, newest]
            // sharing its slot (after a gap longer than the ring, not `key - back - capacity`).
            let heldKey = newest - ((newest - (key - back)) % ring + ring) % ring
            if windowBuckets == nil {
                retired.merge(slots[slot], bucket: heldKey)
                hasRetired = true
                // Already in sinceStart()'s sum when before its first bucket; else it must be.
                if heldKey >= sinceStartFrom { sinceStartBase = nil }
            }
            if history != nil { leaving.append((heldKey, slot)) }
            else {
                // A ring of one is emptied where it is, for the next bucket to count into
                // (`Mergeable.reset`); in a longer ring each slot would keep the storage of every
                // slice it ever counted, so it takes the template (memory follows the slices used).
                if capacity == 1 { slots[slot].reset(to: empty) } else { slots[slot] = empty }
                occupied[slot] = false
            }
        }
        // Into the history oldest first, as time passed them.
        for (leftKey, slot) in leaving.sorted(by: { $0.key < $1.key }) {
            history?.add(bucket: leftKey, slots[slot])
            // The history keeps the bucket's storage: emptying it in place would copy it first.
            slots[slot] = empty
            occupied[slot] = false
        }
        newestKey = key
        if let held = ahead, held.key <= key {
            ahead = nil
            if held.key > key - Int64(capacity) {
                let slot = slotIndex(held.key)
                slots[slot].merge(held.counts)
                occupied[slot] = true
            } else if windowBuckets == nil {
                // Left behind by a jump further still: counted as a late record is.
                retired.merge(held.counts, bucket: held.key)
                hasRetired = true
                sinceStartBase = nil
                history?.record(bucket: held.key) { $0.merge(held.counts) }
            } else {
                outcomes.aheadDiscarded += held.records
            }
        }
    }
}
