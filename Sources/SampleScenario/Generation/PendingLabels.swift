/// Labels drawn but not yet arrived, ordered by arrival time: a binary min-heap, so that the
/// generator can interleave them with predictions in one time order at O(log n) each.
struct PendingLabels: Sendable {
    /// A label waiting for its arrival time.
    struct Entry: Sendable {
        /// Arrival in milliseconds since the Unix epoch.
        var arrivalMilliseconds: Int64
        var recordIndex: Int
        var isFraud: Bool
        var amount: Double

        /// Arrival time first, then record order, so equal arrivals come out deterministically.
        func precedes(_ other: Entry) -> Bool {
            arrivalMilliseconds != other.arrivalMilliseconds
                ? arrivalMilliseconds < other.arrivalMilliseconds
                : recordIndex < other.recordIndex
        }
    }

    private var heap: [Entry] = []

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    var first: Entry? { heap.first }

    mutating func insert(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
                if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
