#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Names stored as UTF-8 bytes in one contiguous arena, compared with `memcmp` against the raw
/// key bytes of a line: matching a key never builds a `String`.
struct NameBytes: Sendable {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    /// Whether a name is written in JSON as its own bytes: no quote, backslash or control
    /// character that would need an escape.
    private var isPlain: [Bool] = []

    var count: Int { starts.count }
    var totalBytes: Int { arena.count }

    /// Stores a name; returns its index.
    @discardableResult
    mutating func append(_ name: UnsafeRawBufferPointer) -> Int {
        starts.append(arena.count)
        lengths.append(name.count)
        arena.append(contentsOf: name)
        isPlain.append(!name.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 })
        return starts.count - 1
    }

    /// Whether the name at `index` has exactly the bytes of `key`.
    @inline(__always)
    func equals(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let length = lengths[index]
        guard length == key.count else { return false }
        if length == 0 { return true }
        let start = starts[index]
        return arena.withUnsafeBytes { stored in
            memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0
        }
    }

    /// Whether `line` holds, from `start`, the name at `index` followed by a closing quote: the
    /// whole JSON string of that name, with no escape. Returns the position after the quote.
    @inline(__always)
    func matchesQuoted(_ index: Int, in line: UnsafeRawBufferPointer, at start: Int) -> Int? {
        let length = lengths[index]
        let end = start + length
        guard isPlain[index], end < line.count, line[end] == UInt8(ascii: "\"") else { return nil }
        if length > 0 {
            let same = arena.withUnsafeBytes { stored in
                memcmp(stored.baseAddress! + starts[index], line.baseAddress! + start, length) == 0
            }
            guard same else { return nil }
        }
        return end + 1
    }

    /// The stored bytes of the name at `index`, for rehashing.
    func withBytes<Result>(of index: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        arena.withUnsafeBytes { stored in
            body(UnsafeRawBufferPointer(rebasing: stored[starts[index]..<(starts[index] + lengths[index])]))
        }
    }

    /// FNV-1a, 64 bits: short keys, no setup, good enough spread for a table of field names.
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
