import Foundation

/// A mergeable quantile sketch of latencies with relative error ≤ 1% (docs/statistics.md,
/// "Infrastructure layer"): DDSketch (Masson, Rim & Lee, VLDB 2019) with α = 0.01.
///
/// A positive value x is counted in bucket i = ⌈log_γ x⌉, γ = (1 + α)/(1 − α), and bucket i stands
/// for 2γ^i/(γ + 1), which is within α of every value in (γ^(i−1), γ^i]. Buckets are a dense array
/// over the range of indexes seen (a few hundred buckets cover microseconds to hours), so a
/// record is a logarithm and an increment. The exact minimum and maximum are kept beside.
public struct LatencySketch: Sendable, Hashable {
    /// α, the relative accuracy of every quantile.
    public let relativeAccuracy: Double
    private let logGamma: Double
    /// Counts per bucket, bucket `firstIndex + k` at position k.
    private var buckets: [Int] = []
    private var firstIndex = 0
    /// Values at or below `smallestPositive` (0, negative, denormal): they stand for 0.
    public private(set) var zeroCount = 0
    /// Values counted.
    public private(set) var count = 0
    /// Smallest value counted; `+infinity` when empty.
    public private(set) var minimum = Double.infinity
    /// Largest value counted; `-infinity` when empty.
    public private(set) var maximum = -Double.infinity
    /// Sum of the values counted, those standing for 0 counted as 0 (a Prometheus histogram's
    /// `_sum`).
    public private(set) var sum = 0.0

    /// Values at or below this count as 0 (far below any latency in milliseconds).
    public static let smallestPositive = 1e-9
    /// Values above this share the top bucket (their quantiles lose the 1% guarantee, the
    /// maximum stays exact): it bounds the buckets of a sketch to a few thousand whatever a
    /// broken log writes (1e15 ms is 30,000 years).
    public static let largestTracked = 1e15

    /// An empty sketch with relative accuracy α (default 0.01).
    public init(relativeAccuracy: Double = 0.01) {
        precondition(relativeAccuracy > 0 && relativeAccuracy < 1,
                     "LatencySketch: relative accuracy must be in (0, 1), got \(relativeAccuracy)")
        self.relativeAccuracy = relativeAccuracy
        logGamma = log((1 + relativeAccuracy) / (1 - relativeAccuracy))
    }

    /// A sketch of values known only as cumulative counts at some of its bucket bounds (a
    /// Prometheus histogram of `le` = γ^index): the values between two bounds are counted in the
    /// upper bound's bucket, so a quantile is the bound at or above it (within the bounds'
    /// spacing, not α); the extremes are the lowest and highest bounds reached.
    public init(cumulative: [(index: Int, count: Int)], count: Int, sum: Double, relativeAccuracy: Double = 0.01) {
        self.init(relativeAccuracy: relativeAccuracy)
        var below = 0
        for (index, cumulativeCount) in cumulative.sorted(by: { $0.index < $1.index }) where cumulativeCount > below {
            add(index: index, count: cumulativeCount - below)
            below = cumulativeCount
        }
        if count > below, let last = cumulative.map(\.index).max() { add(index: last + 1, count: count - below) }
        self.count = Swift.max(count, below)
        self.sum = sum
        if let first = buckets.firstIndex(where: { $0 > 0 }) {
            minimum = representative(ofBucket: firstIndex + first)
            maximum = representative(ofBucket: firstIndex + buckets.lastIndex(where: { $0 > 0 })!)
        }
    }

    /// Counts one latency (any unit, milliseconds in modeltop). NaN and infinities are not
    /// counted; the result says whether the value was.
    @discardableResult
    public mutating func record(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        count += 1
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
        guard value > Self.smallestPositive else {
            zeroCount += 1
            return true
        }
        sum += Swift.min(value, Self.largestTracked)
        add(index: Int((log(Swift.min(value, Self.largestTracked)) / logGamma).rounded(.up)), count: 1)
        return true
    }

    private mutating func add(index: Int, count added: Int) {
        if buckets.isEmpty {
            firstIndex = index
            buckets = [added]
            return
        }
        if index < firstIndex {
            buckets.insert(contentsOf: repeatElement(0, count: firstIndex - index), at: 0)
            firstIndex = index
        } else if index >= firstIndex + buckets.count {
            buckets.append(contentsOf: repeatElement(0, count: index - firstIndex - buckets.count + 1))
        }
        buckets[index - firstIndex] += added
    }

    /// The value of bucket i: 2γ^i/(γ + 1), within α of every value the bucket holds.
    private func representative(ofBucket index: Int) -> Double {
        2 * exp(Double(index) * logGamma) / (1 + exp(logGamma))
    }

    /// The q-quantile, within α (relative) of the sample's order statistic of 0-based rank
    /// ⌊q·(count − 1)⌋ (NumPy's `method="lower"`), clamped to the exact minimum and maximum;
    /// q = 0 and q = 1 give the exact minimum and maximum; `nil` when empty.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0, !q.isNaN else { return nil }
        let clampedQ = Swift.min(Swift.max(q, 0), 1)
        if clampedQ == 1 { return maximum }
        if clampedQ == 0 { return minimum }
        let rank = (clampedQ * Double(count - 1)).rounded(.down)
        var seen = Double(zeroCount)
        if seen > rank { return Swift.max(minimum, Swift.min(0, maximum)) }
        for (offset, bucketCount) in buckets.enumerated() where bucketCount > 0 {
            seen += Double(bucketCount)
            if seen > rank {
                return Swift.min(Swift.max(representative(ofBucket: firstIndex + offset), minimum), maximum)
            }
        }
        return maximum
    }

    /// The bucket whose upper bound is nearest `value` (> 0): bucket i holds (γ^(i−1), γ^i].
    public func bucketIndex(nearest value: Double) -> Int {
        Int((log(value) / logGamma).rounded())
    }

    /// The upper bound γ^i of bucket i.
    public func upperBound(ofBucket index: Int) -> Double {
        exp(Double(index) * logGamma)
    }

    /// Values counted in bucket `index` or below, those standing for 0 included: the values at
    /// most γ^index, exactly as the sketch holds them (a cumulative histogram bucket).
    public func count(atOrBelowBucket index: Int) -> Int {
        var total = zeroCount
        let last = Swift.min(index - firstIndex, buckets.count - 1)
        if last >= 0 {
            for offset in 0...last { total += buckets[offset] }
        }
        return total
    }

    /// Buckets held, from the lowest to the highest index seen (the sketch's size is 8 bytes each).
    public var bucketCount: Int { buckets.count }

    /// Median latency; `nil` when empty.
    public var p50: Double? { quantile(0.5) }
    /// 95th percentile latency; `nil` when empty.
    public var p95: Double? { quantile(0.95) }
    /// 99th percentile latency; `nil` when empty.
    public var p99: Double? { quantile(0.99) }

    /// Two sketches are equal when they hold the same counts: the sum, a float total whose last
    /// bits depend on the order the values were added in, is not compared.
    public static func == (lhs: LatencySketch, rhs: LatencySketch) -> Bool {
        lhs.relativeAccuracy == rhs.relativeAccuracy && lhs.firstIndex == rhs.firstIndex && lhs.buckets == rhs.buckets
            && lhs.zeroCount == rhs.zeroCount && lhs.count == rhs.count && lhs.minimum == rhs.minimum && lhs.maximum == rhs.maximum
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(relativeAccuracy)
        hasher.combine(firstIndex)
        hasher.combine(buckets)
        hasher.combine(count)
    }

    /// Adds the values of another sketch of the same accuracy.
    public mutating func merge(_ other: LatencySketch) {
        precondition(relativeAccuracy == other.relativeAccuracy,
                     "LatencySketch: cannot merge accuracies \(relativeAccuracy) and \(other.relativeAccuracy)")
        for (offset, bucketCount) in other.buckets.enumerated() where bucketCount > 0 {
            add(index: other.firstIndex + offset, count: bucketCount)
        }
        zeroCount += other.zeroCount
        count += other.count
        sum += other.sum
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
    }

    /// The values of both sketches.
    public func merged(with other: LatencySketch) -> LatencySketch {
        var result = self
        result.merge(other)
        return result
    }

    /// The values of both sketches.
    public static func + (lhs: LatencySketch, rhs: LatencySketch) -> LatencySketch {
        lhs.merged(with: rhs)
    }
}

extension LatencySketch: Recyclable {
    /// Every value counted adds to `count` first (merges too).
    public var isClear: Bool { count == 0 }

    public mutating func clear() {
        guard !isClear else { return }
        // As a new sketch's (the first value counted replaces the array anyway).
        buckets = []
        firstIndex = 0
        zeroCount = 0
        count = 0
        minimum = .infinity
        maximum = -.infinity
        sum = 0
    }
}
