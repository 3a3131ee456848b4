/// Counts that can be made empty again in the storage they already have.
///
/// A bucket of event time starts as a copy of an empty template that shares the template's
/// arrays; the first count written into an array copies it (a new allocation), and the bucket's
/// arrays are freed when it closes. Thousands of arrays per bucket, thousands of buckets in a
/// day's log: the allocations, copies and frees cost more than the counting of a sparse bucket.
/// `clear()` instead empties a closed bucket's counts where they are, so the next bucket counts
/// into the same storage.
///
/// After `clear()` the counts equal a new value of the same shape (the same grids, classes,
/// slots) in every stored property; counts that counted nothing are left alone (zeroing their
/// arrays would copy them away from the template they share). Whether there is anything to
/// clear is read from the counts' own totals (`isClear`) rather than by comparing with a
/// template's counts: handing a template's element to a function copied it, its arrays
/// retained, for every slice and feature of every bucket.
public protocol Recyclable {
    /// Whether the counts are those of a new value (nothing counted).
    var isClear: Bool { get }
    /// Makes the counts those of a new value of the same shape, in the storage they have.
    mutating func clear()
}

extension Array where Element: Recyclable {
    /// Clears every element that counted something, leaving the others (and the array's
    /// storage, when none did) untouched.
    @inlinable
    public mutating func clearEach() {
        for index in indices where !self[index].isClear { self[index].clear() }
    }
}

extension Optional where Wrapped: Recyclable {
    /// Clears the counts held, if any counted something.
    @inlinable
    public mutating func clear() {
        if case .some = self, !self!.isClear { self!.clear() }
    }
}

package enum Recycling {
    /// Zeroes an array in its own storage.
    @inline(__always)
    package static func zero(_ array: inout [Int]) {
        array.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    @inline(__always)
    package static func zero(_ array: inout [Double]) {
        array.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Whether every element is 0.
    @inline(__always)
    package static func isZero(_ array: [Int]) -> Bool {
        array.withUnsafeBufferPointer { $0.allSatisfy { $0 == 0 } }
    }
}
