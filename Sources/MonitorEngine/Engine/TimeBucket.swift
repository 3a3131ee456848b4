/// One bucket of event time and its counts, as shown by a sparkline.
public struct TimeBucket<Counts: Mergeable>: Sendable {
    /// `floor(timestamp / bucketSeconds)` of the records it holds.
    public var key: Int64
    /// Event time at which the bucket starts, in seconds since the Unix epoch.
    public var startSeconds: Double
    /// False for a gap: no record landed in this bucket.
    public var hasRecords: Bool
    public var counts: Counts

    /// A bucket; `startSeconds` follows from the key and the bucket width.
    public init(key: Int64, bucketSeconds: Double, hasRecords: Bool, counts: Counts) {
        self.key = key
        self.startSeconds = Double(key) * bucketSeconds
        self.hasRecords = hasRecords
        self.counts = counts
    }
}
