/// Labels drawn but not yet arrived, ordered by arrival time: a binary min-heap, so that the
/// generator can interleave them with predictions in one time order at O(log n) each. `Truth`
/// is what the label line says: fraud and amount for the card-fraud story, a class or a number
/// for the multiclass and regression stories.
struct PendingLabels<Truth: Sendable>: Sendable {
    /// A label waiting for its arrival time.
    struct Entry: Sendable {
        /// Arrival in milliseconds since the Unix epoch.
        var arrivalMilliseconds: Int64
        var recordIndex: Int
        var truth: Truth

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
        heap.withUnsafeMutableBufferPointer { heap in
            // Sift up with a hole: parents move down until the entry's place is found.
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard entry.precedes(heap[parent]) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = entry
        }
    }

    mutating func removeFirst() -> Entry? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        let last = heap.removeLast()
        guard !heap.isEmpty else { return top }
        heap.withUnsafeMutableBufferPointer { heap in
            // Sift down with a hole: the smaller child moves up until `last` fits.
            let count = heap.count
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < count else { break }
                let right = left + 1
                let child = right < count && heap[right].precedes(heap[left]) ? right : left
                guard heap[child].precedes(last) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = last
        }
        return top
    }
}
