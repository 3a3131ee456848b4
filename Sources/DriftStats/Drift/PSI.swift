import Foundation

/// Population Stability Index (docs/statistics.md, "Drift metrics"):
/// PSI = Σ_i (c_i − r_i) · ln(c_i / r_i) over the bins, with r_i and c_i the proportions of the
/// reference and of the current window in bin i, a zero proportion replaced by 1e-4 and no
/// renormalisation afterwards.
public enum PSI {
    /// The proportion used in place of an empty bin's 0.
    public static let emptyBinProportion = 1e-4

    /// PSI between two count vectors over the same bins; `nil` when either side is empty.
    public static func value(referenceCounts: [Int], currentCounts: [Int]) -> Double? {
        precondition(referenceCounts.count == currentCounts.count, "PSI: bins differ in number")
        let referenceTotal = referenceCounts.reduce(0, +)
        let currentTotal = currentCounts.reduce(0, +)
        guard referenceTotal > 0, currentTotal > 0 else { return nil }
        var psi = 0.0
        for (r, c) in zip(referenceCounts, currentCounts) {
            let referenceShare = r == 0 ? emptyBinProportion : Double(r) / Double(referenceTotal)
            let currentShare = c == 0 ? emptyBinProportion : Double(c) / Double(currentTotal)
            psi += (currentShare - referenceShare) * log(currentShare / referenceShare)
        }
        return psi
    }

    /// PSI of a numeric feature on the coarse bins of its reference.
    public static func numeric(reference: NumericCounts, current: NumericCounts) -> Double? {
        precondition(reference.grid == current.grid, "PSI: counts made on different grids")
        return value(referenceCounts: reference.coarseCounts, currentCounts: current.coarseCounts)
    }

    /// PSI of a categorical feature: one bin per reference slot plus the `unseen` bin.
    public static func categorical(reference: CategoricalCounts, current: CategoricalCounts) -> Double? {
        value(referenceCounts: reference.binsWithUnseen, currentCounts: current.binsWithUnseen)
    }
}
