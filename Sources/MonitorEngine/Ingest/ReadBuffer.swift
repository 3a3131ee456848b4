#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one buffer every read goes into: the held partial line of the source being read sits at
/// its front, new bytes are read right after it, and lines are delivered as slices of it.
///
/// One buffer for all sources because a ``LogFollower`` reads one source at a time; each source
/// keeps only its partial line between polls.
final class ReadBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 64)
    }

    deinit { base.deallocate() }

    /// Makes room for `count` bytes, keeping the first `keeping` bytes.
    func reserve(_ count: Int, keeping: Int) {
        guard count > capacity else { return }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 64)
        grown.copyMemory(from: base, byteCount: keeping)
        base.deallocate()
        base = grown
        capacity = count
    }
}
