/// The display histogram of scores: `bins` equal bins over [0, 1], scores outside clamped to
/// the outer bins.
enum ScoreDisplay {
    static func bin(of score: Double, bins: Int) -> Int {
        guard score > 0 else { return 0 }
        return min(Int(score * Double(bins)), bins - 1)
    }
}
