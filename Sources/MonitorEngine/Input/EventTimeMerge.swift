/// Records of several sources put back in event-time order: the reader reads a source a slice
/// at a time, so a slice of labels can run minutes ahead of the predictions read so far. Held
/// here until every open source has been read past them (the read-through time), records come
/// out in the order they happened, as they would have from files read line by line as they
/// grew: a log replayed and the same log watched live give the same windows at every bucket
/// end.
///
/// A record is moved in and out by swapping, so nothing is allocated per record once the slots
/// exist. At most `capacity` records are held (the oldest goes out first beyond that), so memory
/// stays bounded when one source stops early and holds the clock back.
struct EventTimeMerge {
    /// Most records held.
    let capacity: Int
    private var slots: [Record] = []
    /// Free slots by the kind of record they hold (predictions, labels): the reader gets back a
    /// spare of the kind it just decoded, whose feature names are already in place for the next
    /// line of the same source.
    private var freePredictionSlots: [Int] = []
    private var freeLabelSlots: [Int] = []
    /// A binary min-heap of held entries, by time, then predictions before labels, then the
    /// order they were read.
    private var heap: [Entry] = []
    private var sequence = 0

    private struct Entry {
        var time: Double
        var isLabel: Bool
        var sequence: Int
        var slot: Int

        func precedes(_ other: Entry) -> Bool {
            if time != other.time { return time < other.time }
            if isLabel != other.isLabel { return !isLabel }
            return sequence < other.sequence
        }
    }

    init(capacity: Int = 65_536) {
        precondition(capacity >= 1, "capacity must be at least 1")
        self.capacity = capacity
    }

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }

    /// Whether a record at `time` would come out before every record held (then it need not be
    /// held at all once the sources are read past it).
    func precedesEverythingHeld(time: Double, isLabel: Bool) -> Bool {
        guard let first = heap.first else { return true }
        return Entry(time: time, isLabel: isLabel, sequence: sequence + 1, slot: 0).precedes(first)
    }

    /// Takes `record` (with its event time), leaving a spare record in its place.
    mutating func hold(_ record: inout Record, time: Double) {
        let slot: Int
        if let free = record.kind == .label ? freeLabelSlots.popLast() : freePredictionSlots.popLast() {
            slot = free
        } else if let free = freePredictionSlots.popLast() ?? freeLabelSlots.popLast() {
            slot = free
        } else {
            slot = slots.count
            slots.append(Record())
        }
        swap(&record, &slots[slot])
        sequence += 1
        heap.append(Entry(time: time, isLabel: slots[slot].kind == .label, sequence: sequence, slot: slot))
        siftUp(heap.count - 1)
    }

    /// Hands out, oldest first, every record at or before `seconds`, and the oldest ones beyond
    /// the capacity.
    mutating func release(through seconds: Double, _ body: (inout Record) -> Void) {
        while let first = heap.first, first.time <= seconds || heap.count > capacity {
            popFirst(body)
        }
    }

    /// Hands out every record held, oldest first.
    mutating func releaseAll(_ body: (inout Record) -> Void) {
        while !heap.isEmpty { popFirst(body) }
    }

    private mutating func popFirst(_ body: (inout Record) -> Void) {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty { refill(rootWith: last) }
        body(&slots[first.slot])
        if slots[first.slot].kind == .label { freeLabelSlots.append(first.slot) } else { freePredictionSlots.append(first.slot) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Fills the root, just taken, with `entry` (the heap's last, just removed), as Floyd's
    /// heapsort does: the hole goes down to a leaf along the earlier child, one comparison a
    /// level whose outcome picks a child rather than steers a branch, and `entry`, which came
    /// in late and so is rarely early, rises from there (a level or two). The classic sift-down
    /// compares twice a level and stops at a branch it cannot predict; the heap holds thousands
    /// of records when one source runs ahead, and each record passes through it.
    private mutating func refill(rootWith entry: Entry) {
        heap.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var hole = 0
            while true {
                let left = 2 &* hole &+ 1
                let right = left &+ 1
                if right < count {
                    let child = heap[right].precedes(heap[left]) ? right : left
                    heap[hole] = heap[child]
                    hole = child
                } else {
                    if left < count {
                        heap[hole] = heap[left]
                        hole = left
                    }
                    break
                }
            }
            while hole > 0 {
                let parent = (hole &- 1) / 2
                guard entry.precedes(heap[parent]) else { break }
                heap[hole] = heap[parent]
                hole = parent
            }
            heap[hole] = entry
        }
    }
}
