/// Finds where each monitored feature sits among a record's features: per feature of the
/// reference, the position of its first value in the record, or -1 when the record lacks it.
///
/// A pure function of the names and the reference; the guesses (what the last record held at
/// each position) only make the common case, every feature where it was, one compare per
/// position. The engine and the reading thread's ``RecordPreparer`` each keep one.
struct FeatureLocator: Sendable {
    /// Per monitored feature, in the reference's order, its position in the last record located.
    private(set) var positions: [Int] = []
    /// Per position of the record's features, what the last record held there.
    private var guesses: [PositionGuess] = []

    /// What the last record held at one position: the monitored feature, and its name as the
    /// records spell it (a decoder hands every record the same name strings, and comparing a
    /// string with itself is one compare).
    private struct PositionGuess: Sendable {
        var index: Int
        var name: String

        /// The guessed feature, when `name` is the name that made the guess.
        @inline(__always)
        func index(for name: String, featureCount: Int) -> Int? {
            index >= 0 && index < featureCount && self.name == name ? index : nil
        }
    }

    /// Fills ``positions`` for `features` and returns how many of them the reference never had.
    mutating func locate(_ features: borrowing [Feature], in reference: ReferenceSet) -> Int {
        let featureCount = reference.features.count
        if positions.count != featureCount { positions = Array(repeating: -1, count: featureCount) }
        for index in positions.indices { positions[index] = -1 }
        if locateAsLastTime(features, featureCount: featureCount) { return 0 }
        for index in positions.indices { positions[index] = -1 }
        return locateByName(features, in: reference)
    }

    /// The common case: every feature sits where the last record's did. False, with
    /// `positions` partly filled, when any position differs.
    private mutating func locateAsLastTime(_ features: borrowing [Feature], featureCount: Int) -> Bool {
        guard features.count <= guesses.count else { return false }
        // Through buffers: a name read through an array's subscript is retained and released.
        return features.withUnsafeBufferPointer { values in
            guesses.withUnsafeBufferPointer { guesses in
                positions.withUnsafeMutableBufferPointer { slots in
                    for position in 0..<values.count {
                        guard let index = guesses[position].index(for: values[position].name, featureCount: featureCount) else {
                            return false
                        }
                        if slots[index] < 0 { slots[index] = position }
                    }
                    return true
                }
            }
        }
    }

    /// The full pass, for a record whose features moved: each name is looked up (and guessed
    /// for the next record) unless its position's guess holds.
    private mutating func locateByName(_ features: borrowing [Feature], in reference: ReferenceSet) -> Int {
        var newFeatures = 0
        for position in features.indices {
            let name = features[position].name
            let index: Int
            if position < guesses.count,
               let guessed = guesses[position].index(for: name, featureCount: reference.features.count) {
                index = guessed
            } else if let found = reference.featureIndex(named: name) {
                index = found
                while guesses.count <= position { guesses.append(PositionGuess(index: -1, name: "")) }
                guesses[position] = PositionGuess(index: found, name: name)
            } else {
                newFeatures += 1
                continue
            }
            if positions[index] < 0 { positions[index] = position }
        }
        return newFeatures
    }
}
