/// Sorting finite doubles ascending by their bits, as `Array.sort()` sorts them: a reference's
/// values are sorted once per numeric feature when it loads (its quantile grid), 50,000 to
/// 100,000 of them a feature, and a comparison sort of that many was a fifth of the start's
/// main thread (its branches go either way at random).
///
/// A least-significant-digit radix sort, 11 bits a pass, on a key that orders the doubles as `<`
/// does: the sign bit flipped for positives, every bit flipped for negatives, and -0 given +0's
/// key. Each pass is stable, so values `<` cannot tell apart (+0 and -0, the only equal doubles
/// with different bits) keep the order they came in, as the standard library's sort, stable
/// too, keeps them: the array is the same, bit for bit (`RadixSortTests`). A pass whose digit
/// is the same for every value is skipped (the exponent's high bits, most of the time).
package enum RadixSort {
    /// Below this many values the standard library's sort is as fast.
    static let minimumCount = 512

    /// Sorts `values` ascending.
    ///
    /// - Precondition: no NaN (infinities sort as `<` orders them); checked where the radix
    ///   passes run.
    package static func sortFinite(_ values: inout [Double]) {
        let count = values.count
        guard count >= minimumCount else {
            values.sort()
            return
        }
        var scratch = [Double](repeating: 0, count: count)
        let digitBits = 11
        let buckets = 1 << digitBits
        let passes = (64 + digitBits - 1) / digitBits
        // Every pass's histogram in one read of the values.
        var histograms = [Int](repeating: 0, count: buckets * passes)
        values.withUnsafeBufferPointer { values in
            histograms.withUnsafeMutableBufferPointer { histograms in
                for value in values {
                    precondition(!value.isNaN, "RadixSort: NaN")
                    let key = Self.key(value)
                    for pass in 0..<passes {
                        histograms[pass &* buckets &+ Int(truncatingIfNeeded: (key &>> UInt64(pass &* digitBits)) & UInt64(buckets - 1))] &+= 1
                    }
                }
            }
        }
        var sourceIsValues = true
        histograms.withUnsafeMutableBufferPointer { histograms in
            for pass in 0..<passes {
                let histogram = UnsafeMutableBufferPointer(rebasing: histograms[pass * buckets..<(pass + 1) * buckets])
                // One digit for every value: the pass would not move any.
                if histogram.contains(count) { continue }
                var offset = 0
                for digit in 0..<buckets {
                    let size = histogram[digit]
                    histogram[digit] = offset
                    offset &+= size
                }
                let shift = UInt64(pass * digitBits)
                func scatter(_ from: UnsafeBufferPointer<Double>, _ to: UnsafeMutableBufferPointer<Double>) {
                    for value in from {
                        let digit = Int(truncatingIfNeeded: (Self.key(value) &>> shift) & UInt64(buckets - 1))
                        to[histogram[digit]] = value
                        histogram[digit] &+= 1
                    }
                }
                if sourceIsValues {
                    values.withUnsafeBufferPointer { from in scratch.withUnsafeMutableBufferPointer { scatter(from, $0) } }
                } else {
                    scratch.withUnsafeBufferPointer { from in values.withUnsafeMutableBufferPointer { scatter(from, $0) } }
                }
                sourceIsValues.toggle()
            }
        }
        if !sourceIsValues { swap(&values, &scratch) }
    }

    /// An unsigned key in the order of `<`: -0 and +0 alike.
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        let bits = value == 0 ? 0 : value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }
}
