/// Records per second as they arrive, over the last `spanSeconds` of wall time: the header's
/// throughput. Fed with the running count of prediction records each snapshot carries and the
/// snapshot's build time, so a steady stream reads steady (a per-minute bucket's partial count
/// would saw from a few records to the full rate every minute), and a stream that stops falls
/// to zero within the span.
public struct ArrivalRate: Sendable, Hashable {
    /// How much wall time the rate looks back over.
    public static let spanSeconds = 10.0
    /// The shortest look-back that gives a rate at all: less is noise.
    public static let minimumSeconds = 1.0

    struct Sample: Sendable, Hashable {
        var seconds: Double
        var count: Int
    }

    private(set) var samples: [Sample] = []

    /// No samples yet.
    public init() {}

    /// Adds the running `count` seen at wall time `seconds`. An older time is ignored; a smaller
    /// count (a new engine, a restarted stream) starts over.
    public mutating func record(count: Int, atSeconds seconds: Double) {
        guard seconds.isFinite else { return }
        if let last = samples.last {
            if count < last.count { samples.removeAll() }
            else if seconds < last.seconds { return }
            else if seconds == last.seconds {
                samples[samples.count - 1].count = count
                return
            }
        }
        samples.append(Sample(seconds: seconds, count: count))
        // Keep one sample at or before the start of the span, so the span is covered whole.
        let start = seconds - Self.spanSeconds
        while samples.count > 2, samples[1].seconds <= start { samples.removeFirst() }
    }

    /// Records per second over the span, `nil` before a second of samples.
    public var perSecond: Double? {
        guard let first = samples.first, let last = samples.last else { return nil }
        let elapsed = last.seconds - first.seconds
        guard elapsed >= Self.minimumSeconds else { return nil }
        return Double(last.count - first.count) / elapsed
    }
}
