/// The class scores of the multiclass predictions the label join holds, kept until their
/// label comes (one-vs-rest ROC AUC needs every class's score of a labelled record).
///
/// The join lets predictions go in the order they came, so a prediction's scores are found by
/// its ordinal (the n-th added) modulo the capacity, and the capacity only needs to cover the
/// predictions held: it doubles when they would not fit, up to the join's bound. Scores are
/// kept as `Float`: their ROC bins are 1/1000 wide (statistics.md), far coarser than a float's
/// precision near a bin edge can matter for (a score within 6e-8 of an edge).
struct ClassScoreRing: Sendable {
    let classes: Int
    private(set) var capacity = 0
    private var storage: [Float] = []

    init(classes: Int) {
        self.classes = max(classes, 1)
    }

    /// Stores the scores of the prediction added as the `ordinal`-th, while those after
    /// `oldestHeld` (the join's ``LabelJoin/predictionsLetGo``) are still held.
    mutating func store(_ scores: [Double], ordinal: Int, letGo oldestHeld: Int) {
        let held = ordinal - oldestHeld
        if held > capacity { grow(toHold: held, ordinal: ordinal, letGo: oldestHeld) }
        let base = (ordinal % capacity) * classes
        storage.withUnsafeMutableBufferPointer { slots in
            for c in 0..<classes { slots[base + c] = c < scores.count ? Float(scores[c]) : .nan }
        }
    }

    /// The scores of the `ordinal`-th prediction into `scores` (one per class).
    func scores(ordinal: Int, into scores: inout [Double]) {
        guard capacity > 0 else {
            for c in scores.indices { scores[c] = .nan }
            return
        }
        let base = (ordinal % capacity) * classes
        for c in 0..<min(classes, scores.count) { scores[c] = Double(storage[base + c]) }
    }

    /// Re-places the held entries (ordinals after `oldestHeld`, before `ordinal`) in a ring
    /// at least twice as large.
    private mutating func grow(toHold held: Int, ordinal: Int, letGo oldestHeld: Int) {
        var newCapacity = max(capacity * 2, 1024)
        while newCapacity < held { newCapacity *= 2 }
        var newStorage = [Float](repeating: .nan, count: newCapacity * classes)
        if capacity > 0 {
            for kept in max(oldestHeld + 1, ordinal - capacity)..<ordinal {
                let from = (kept % capacity) * classes
                let to = (kept % newCapacity) * classes
                for c in 0..<classes { newStorage[to + c] = storage[from + c] }
            }
        }
        storage = newStorage
        capacity = newCapacity
    }
}
