/// A first-in first-out queue on a growable ring buffer: O(1) amortised append and removal at
/// the front, no per-element allocation once it has grown to its working size.
///
/// The engine's own small queue, so that MonitorEngine needs no collections package for one
/// use (``LabelJoin``'s insertion order).
struct InsertionRing<Element>: Sendable where Element: Sendable {
    private var storage: [Element?]
    private var head = 0
    private(set) var count = 0

    init(initialCapacity: Int = 16) {
        storage = Array(repeating: nil, count: max(1, initialCapacity))
    }

    var isEmpty: Bool { count == 0 }

    var first: Element? { count == 0 ? nil : storage[head] }

    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        var tail = head + count
        if tail >= storage.count { tail -= storage.count }
        storage[tail] = element
        count += 1
    }

    @discardableResult
    mutating func removeFirst() -> Element? {
        guard count > 0 else { return nil }
        let element = storage[head]
        storage[head] = nil
        head += 1
        if head == storage.count { head = 0 }
        count -= 1
        return element
    }

    /// Keeps only the elements for which `isKept` is true, in order; O(count).
    mutating func retain(where isKept: (Element) -> Bool) {
        var kept: [Element?] = []
        kept.reserveCapacity(max(16, storage.count))
        while let element = removeFirst() {
            if isKept(element) { kept.append(element) }
        }
        let newCount = kept.count
        kept.append(contentsOf: repeatElement(nil, count: max(16, storage.count) - newCount))
        storage = kept
        head = 0
        count = newCount
    }

    private mutating func grow() {
        var larger: [Element?] = []
        larger.reserveCapacity(storage.count * 2)
        for offset in 0..<count {
            var index = head + offset
            if index >= storage.count { index -= storage.count }
            larger.append(storage[index])
        }
        larger.append(contentsOf: repeatElement(nil, count: storage.count * 2 - count))
        storage = larger
        head = 0
    }
}
