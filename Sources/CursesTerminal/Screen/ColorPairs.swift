/// Assigns curses colour pairs to (foreground, background) colour numbers on first use and
/// remembers them, so a frame of thousands of cells uses a handful of `init_extended_pair`
/// calls. Pair 0 is the terminal's default pair and never reassigned.
struct ColorPairs {
    struct Key: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// The most pairs the terminal allows (curses' `COLOR_PAIRS`).
    let capacity: Int
    private var assigned: [Key: Int32] = [:]
    private var nextPair: Int32 = 1

    init(capacity: Int) { self.capacity = capacity }

    /// The pair for `key`, calling `define(pair, key)` the first time it is needed; pair 0
    /// (default colours) when the terminal has run out of pairs, so text stays readable.
    mutating func pair(for key: Key, define: (Int32, Key) -> Bool) -> Int32 {
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let pair = assigned[key] { return pair }
        guard Int(nextPair) < capacity, define(nextPair, key) else { return 0 }
        assigned[key] = nextPair
        nextPair += 1
        return nextPair - 1
    }

    var count: Int { assigned.count }
}
