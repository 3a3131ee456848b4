/// The buckets that left ``EventTimeBuckets``' ring, kept at coarser widths as they age, so the
/// time cursor can show a window of the past (README.md, "History you can scrub").
///
/// Tiers, each a multiple of the one before: a bucket leaving the ring is added to the first
/// tier's entry holding it (an entry covers `factor` buckets), the oldest entry of a full tier
/// is added to the next tier's, and the oldest of the last tier is let go (into ``expired``,
/// what a window of "all" still needs). Every entry is a sum of buckets, as mergeable as they
/// are. Memory: at most the sum of the tiers' counts, plus one, whatever the stream's length.
public struct BucketHistory<Counts: Mergeable>: Sendable {
    /// One tier: entries of `factor` ring buckets, at most `count` of them.
    public struct Tier: Sendable, Hashable {
        public var factor: Int64
        public var count: Int
        public init(factor: Int64, count: Int) {
            self.factor = factor
            self.count = count
        }
    }

    /// A sum of buckets that left the ring: those of its tier's span starting at `key` that
    /// reached it, `start ..< end` (ring bucket keys). Only what reached it: the newest entry
    /// of a tier may still be filling from the tier before, whose entries hold the rest of its
    /// span, so the entries of all tiers cover disjoint times.
    public struct Entry: Sendable {
        public let key: Int64
        public var start: Int64
        public var end: Int64
        public var counts: Counts
    }

    /// Ten-bucket entries for 6, sixty-bucket for 12, 720-bucket for 13: with one-minute
    /// buckets, ten minutes for an hour, hourly for 12 hours and half-days for six and a half
    /// days beyond the ring's hour, a week in all. 31 entries: on the sample scenario an entry
    /// holds 0.8 MB (every segment's counts), so a week of history stays well within the
    /// engine's 150 MB.
    public static var standardTiers: [Tier] {
        [Tier(factor: 10, count: 6), Tier(factor: 60, count: 12), Tier(factor: 720, count: 13)]
    }

    public let tiers: [Tier]
    /// Per tier, its entries, oldest first.
    public private(set) var entries: [[Entry]]
    /// What left the last tier.
    public private(set) var expired: Counts
    /// Whether anything left the last tier: the span of what did (ring bucket keys).
    public private(set) var expiredStart: Int64?
    public private(set) var expiredEnd: Int64?
    private let empty: Counts

    public init(tiers: [Tier] = BucketHistory.standardTiers, empty: Counts) {
        precondition(!tiers.isEmpty && tiers.allSatisfy { $0.factor >= 1 && $0.count >= 1 }, "history tiers need a factor and a count")
        precondition(zip(tiers, tiers.dropFirst()).allSatisfy { $1.factor % $0.factor == 0 }, "each tier's factor must be a multiple of the one before")
        self.tiers = tiers
        self.entries = Array(repeating: [], count: tiers.count)
        self.expired = empty
        self.empty = empty
    }

    /// Every entry of every tier, oldest first (the tiers do not overlap: an older tier holds
    /// only what is before the newer one's entries).
    public var allEntries: [Entry] { entries.reversed().flatMap { $0 } }

    /// Where the history starts (ring bucket key): its oldest entry's start.
    public var startKey: Int64? { entries.last(where: { !$0.isEmpty })?.first?.start }

    /// Adds bucket `key`'s counts, which left the ring.
    public mutating func add(bucket key: Int64, _ counts: Counts) {
        add(counts, start: key, end: key + 1, tier: 0)
    }

    /// Counts a record (a late one, a label) of bucket `key`, which left the ring: `body` is
    /// applied to the entry holding it, or to a new entry where its time falls among them.
    public mutating func record(bucket key: Int64, _ body: (inout Counts) -> Void) {
        // The finest tier whose time it is: one holding an entry of its span, or whose
        // entries are older (a gap in the stream, filled late). Coarser tiers hold older times.
        for tier in tiers.indices {
            let span = Self.span(of: key, factor: tiers[tier].factor)
            if let index = entries[tier].firstIndex(where: { $0.key == span.start }) {
                entries[tier][index].counts.record(bucket: key, body)
                entries[tier][index].start = min(entries[tier][index].start, key)
                entries[tier][index].end = max(entries[tier][index].end, key + 1)
                return
            }
            if let first = entries[tier].first, span.start > first.key {
                var counts = empty
                body(&counts)
                add(counts, start: key, end: key + 1, tier: tier)
                return
            }
        }
        if let expiredEnd, key < expiredEnd {
            expired.record(bucket: key, body)
            expiredStart = min(expiredStart ?? .max, key)
            return
        }
        // Older than every entry (a source read after a newer one), or no entry yet: an entry
        // of the last tier of its own, before the others.
        var counts = empty
        body(&counts)
        add(counts, start: key, end: key + 1, tier: tiers.count - 1)
    }

    /// Adds the counts of keys `key ..< end` to `tier`.
    private mutating func add(_ counts: Counts, start key: Int64, end: Int64, tier: Int) {
        guard tier < tiers.count else {
            expired.merge(counts, bucket: key)
            expiredStart = min(expiredStart ?? .max, key)
            expiredEnd = max(expiredEnd ?? .min, end)
            return
        }
        let span = Self.span(of: key, factor: tiers[tier].factor)
        var list = entries[tier]
        if let index = list.lastIndex(where: { $0.key <= span.start }), list[index].key == span.start {
            list[index].counts.merge(counts, bucket: key)
            list[index].start = min(list[index].start, key)
            list[index].end = max(list[index].end, end)
        } else {
            var entry = Entry(key: span.start, start: key, end: end, counts: empty)
            entry.counts.merge(counts, bucket: key)
            let at = list.firstIndex(where: { $0.key > span.start }) ?? list.endIndex
            list.insert(entry, at: at)
        }
        var overflow: [Entry] = []
        while list.count > tiers[tier].count { overflow.append(list.removeFirst()) }
        entries[tier] = list
        for old in overflow { add(old.counts, start: old.start, end: old.end, tier: tier + 1) }
    }

    /// The span of `factor` buckets holding `key`: keys `start ..< end`, `start` a multiple of
    /// `factor` (floor division, for keys before 1970 too).
    static func span(of key: Int64, factor: Int64) -> (start: Int64, end: Int64) {
        let quotient = key >= 0 ? key / factor : -((-key + factor - 1) / factor)
        return (quotient * factor, quotient * factor + factor)
    }
}
