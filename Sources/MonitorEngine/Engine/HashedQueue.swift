/// Entries in insertion order, found by a 64-bit id hash: the compact storage of ``LabelJoin``.
///
/// Entries are fixed-size slots (hash and payload, no optional tag: a removed slot is marked by
/// hash 0, which no entry may have) in a ring, oldest at the front, with a byte of the
/// caller's flags beside each (`tag`) and, when asked for, its time; an
/// open-addressing table (linear probing, power-of-two size, load at most 0.7 of the ring's
/// capacity) maps a hash to its slot's index, 4 bytes a table position. Removing the oldest
/// entry is O(1); an entry removed elsewhere leaves a dead slot that the front skips, and the
/// ring is compacted when it fills with dead slots (O(1) amortised). The table deletes by
/// backward shift, so it holds no tombstones and lookups stay short however much is removed.
///
/// The ring grows by doubling up to `maxCapacity` and never shrinks: a stream that once held
/// the bound keeps its memory, so memory is a function of the bound, not of the stream's
/// length. The ring is stored in chunks of 65,536 slots, so that growing frees the old chunks
/// as it copies out of them: the peak is the new ring, not old plus new (which for 2,000,000
/// slots would be 50 MB more). A column of times (for a TTL) is kept only when asked for.
struct HashedQueue<Payload: Sendable>: Sendable {
    struct Slot: Sendable {
        var hash: UInt64
        var payload: Payload
    }

    /// Most slots, live or dead, the ring grows to.
    let maxCapacity: Int
    /// Live entries.
    private(set) var count = 0
    private let keepsTimes: Bool
    private var chunks: [[Slot]] = []
    private var tags: [UInt8] = []
    private var ringCapacity = 0
    private var times: [Double] = []
    /// Physical index of the oldest position; when `span > 0` its slot is live.
    private var head = 0
    /// Positions in use from `head`, live or dead.
    private var span = 0
    /// Ring index + 1 of the entry at each table position; 0 is empty.
    private var table: [UInt32] = []
    private var tableMask = 0

    /// The ring's first capacity; it doubles from there.
    static var initialCapacity: Int { 64 }

    init(maxCapacity: Int, keepsTimes: Bool) {
        precondition(maxCapacity >= 1 && maxCapacity < Int(UInt32.max), "capacity out of range: \(maxCapacity)")
        self.maxCapacity = maxCapacity
        self.keepsTimes = keepsTimes
    }

    /// Slots allocated in the ring.
    var capacity: Int { ringCapacity }

    private static var chunkShift: Int { 16 }
    private static var chunkLength: Int { 1 << chunkShift }
    private static var chunkMask: Int { chunkLength - 1 }

    @inline(__always)
    private func slot(at index: Int) -> Slot {
        chunks[index &>> Self.chunkShift][index & Self.chunkMask]
    }

    @inline(__always)
    private func isLive(_ index: Int) -> Bool { slot(at: index).hash != 0 }
    /// Positions in the table.
    var tableCapacity: Int { table.count }

    /// The index of the entry with `hash`, if held.
    @inline(__always)
    func index(of hash: UInt64) -> Int? {
        guard !table.isEmpty else { return nil }
        var position = Int(truncatingIfNeeded: hash) & tableMask
        while true {
            let stored = table[position]
            if stored == 0 { return nil }
            let index = Int(stored) - 1
            if slot(at: index).hash == hash { return index }
            position = (position + 1) & tableMask
        }
    }

    /// The payload of the live entry at `index`.
    subscript(index: Int) -> Payload {
        get { slot(at: index).payload }
        _modify { yield &chunks[index &>> Self.chunkShift][index & Self.chunkMask].payload }
    }

    /// The caller's byte of flags kept with the entry at `index` (0 when appended).
    subscript(tagAt index: Int) -> UInt8 {
        get { tags[index] }
        set { tags[index] = newValue }
    }

    /// The time stored with the entry at `index` (NaN when none was kept).
    func time(at index: Int) -> Double {
        keepsTimes ? times[index] : .nan
    }

    /// How many positions after the oldest the entry at `index` sits: sorts entries by when
    /// they were added.
    func age(of index: Int) -> Int {
        let position = index - head
        return position >= 0 ? position : position + ringCapacity
    }

    /// The index of the oldest live entry.
    var oldestIndex: Int? { span > 0 ? head : nil }

    /// Adds an entry as the newest. The caller makes room first (`count < maxCapacity`) and
    /// does not add a hash already held, nor hash 0.
    @discardableResult
    mutating func append(hash: UInt64, _ payload: Payload, time: Double = .nan, tag: UInt8 = 0) -> Int {
        precondition(count < maxCapacity, "append beyond \(maxCapacity) entries")
        precondition(hash != 0, "hash 0 marks a removed slot")
        if span == ringCapacity { makeRoom(filler: payload) }
        var index = head + span
        if index >= ringCapacity { index -= ringCapacity }
        chunks[index &>> Self.chunkShift][index & Self.chunkMask] = Slot(hash: hash, payload: payload)
        tags[index] = tag
        if keepsTimes { times[index] = time }
        span += 1
        count += 1
        insertInTable(hash: hash, index: index)
        return index
    }

    /// Removes the live entry at `index` and returns it.
    @discardableResult
    mutating func remove(at index: Int) -> Slot {
        let removed = slot(at: index)
        deleteFromTable(hash: removed.hash, index: index)
        chunks[index &>> Self.chunkShift][index & Self.chunkMask].hash = 0
        count -= 1
        if count == 0 {
            head = 0
            span = 0
        } else if index == head {
            // Keeps the front live, so that `oldestIndex` is O(1); each dead slot is skipped once.
            repeat {
                head += 1
                if head == ringCapacity { head = 0 }
                span -= 1
            } while !isLive(head)
        }
        return removed
    }

    // MARK: - Growth

    /// The ring is full of positions: grow it, or compact it when enough of it is dead.
    private mutating func makeRoom(filler: Payload) {
        let dead = span - count
        let capacity = ringCapacity
        if capacity < maxCapacity, dead * 4 <= capacity {
            relayout(capacity: Swift.min(Swift.max(capacity * 2, Self.initialCapacity), maxCapacity), filler: filler)
        } else {
            precondition(dead > 0, "ring full with \(count) live entries")
            relayout(capacity: capacity, filler: filler)
        }
    }

    /// Moves the live entries, in order, to the front of a ring of `capacity` and rebuilds the
    /// table for it. New slots are filled with `filler` under hash 0 (removed).
    private mutating func relayout(capacity: Int, filler: Payload) {
        var old = chunks
        chunks = []
        let empty = Slot(hash: 0, payload: filler)
        var newChunks: [[Slot]] = []
        var newTags = [UInt8](repeating: 0, count: capacity)
        var newTimes = keepsTimes ? [Double](repeating: .nan, count: capacity) : []
        var next = 0
        var index = head
        let headChunk = head &>> Self.chunkShift
        for _ in 0..<span {
            let slot = old[index &>> Self.chunkShift][index & Self.chunkMask]
            if slot.hash != 0 {
                if next & Self.chunkMask == 0 {
                    newChunks.append([Slot](repeating: empty, count: Swift.min(Self.chunkLength, capacity - next)))
                }
                newChunks[next &>> Self.chunkShift][next & Self.chunkMask] = slot
                newTags[next] = tags[index]
                if keepsTimes { newTimes[next] = times[index] }
                next += 1
            }
            let leaving = index &>> Self.chunkShift
            index += 1
            if index == ringCapacity { index = 0 }
            // A chunk read to its end is freed at once; the head's chunk may be read again
            // after the wrap.
            if index &>> Self.chunkShift != leaving, leaving != headChunk { old[leaving] = [] }
        }
        old = []
        while newChunks.count * Self.chunkLength < capacity {
            newChunks.append([Slot](repeating: empty, count: Swift.min(Self.chunkLength, capacity - newChunks.count * Self.chunkLength)))
        }
        chunks = newChunks
        ringCapacity = capacity
        tags = newTags
        times = newTimes
        head = 0
        span = next
        var tableSize = 16
        while tableSize * 7 < capacity * 10 { tableSize *= 2 }
        if table.count == tableSize {
            for position in table.indices { table[position] = 0 }
        } else {
            table = []
            table = [UInt32](repeating: 0, count: tableSize)
        }
        tableMask = tableSize - 1
        for index in 0..<next { insertInTable(hash: slot(at: index).hash, index: index) }
    }

    // MARK: - Table

    @inline(__always)
    private mutating func insertInTable(hash: UInt64, index: Int) {
        var position = Int(truncatingIfNeeded: hash) & tableMask
        while table[position] != 0 { position = (position + 1) & tableMask }
        table[position] = UInt32(index + 1)
    }

    /// Deletes by backward shift: later entries of the probe run move into the hole unless
    /// that would put them before their home position.
    private mutating func deleteFromTable(hash: UInt64, index: Int) {
        let stored = UInt32(index + 1)
        var hole = Int(truncatingIfNeeded: hash) & tableMask
        while table[hole] != stored { hole = (hole + 1) & tableMask }
        var probe = hole
        while true {
            probe = (probe + 1) & tableMask
            let moving = table[probe]
            if moving == 0 { break }
            let home = Int(truncatingIfNeeded: slot(at: Int(moving) - 1).hash) & tableMask
            // The entry stays if its home lies cyclically in (hole, probe].
            let stays = hole <= probe ? (hole < home && home <= probe) : (hole < home || home <= probe)
            if stays { continue }
            table[hole] = moving
            hole = probe
        }
        table[hole] = 0
    }
}
