/// The display histogram of scores: `bins` equal bins over [0, 1], scores outside clamped to
/// the outer bins.
enum ScoreDisplay {
    static func bin(of score: Double, bins: Int) -> Int {
        guard score > 0 else { return 0 }
        // Clamped before converting: a score of 1e300 is a number no `Int` holds.
        guard score < 1 else { return bins - 1 }
        return min(Int(score * Double(bins)), bins - 1)
    }
}
