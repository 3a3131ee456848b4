import Foundation

/// The two-sample Kolmogorov-Smirnov test of a numeric feature on the fine grid of its reference
/// (docs/statistics.md, "Drift metrics").
///
/// D is the largest |F_R(e) − F_C(e)| over the fine edges, and just below the reference minimum
/// (where F_R is 0 and F_C is the exact share of current values below the reference's range).
/// Both CDFs are exact at the edges, so D never exceeds the sample statistic of `ks_2samp`, and
/// falls short of it by at most `errorBound`.
public struct KolmogorovSmirnov: Sendable, Hashable {
    /// D, the largest distance between the two empirical CDFs at the grid's edges.
    public var statistic: Double
    /// How much larger the sample statistic can be: the largest reference mass plus current mass
    /// lying strictly inside one inner fine cell (values on the upper edge excluded).
    public var errorBound: Double
    /// Two-sided asymptotic p-value with Stephens' correction.
    public var pValue: Double

    /// The test of the current counts against the reference counts (same grid); `nil` when
    /// either is empty.
    public init?(reference: NumericCounts, current: NumericCounts) {
        precondition(reference.grid == current.grid, "KolmogorovSmirnov: counts made on different grids")
        let edges = reference.grid.fineEdges.count
        guard reference.count > 0, current.count > 0, edges > 0 else { return nil }
        let m = Double(reference.count)
        let n = Double(current.count)
        // Just below the first edge (the reference minimum, where F_R is 0): the outer cell holds
        // no edge of its own, so its values strictly below the edge are checked here.
        var statistic = abs(Double(reference.cells[0].count - reference.cells[0].upperEdgeCount) / m
            - Double(current.cells[0].count - current.cells[0].upperEdgeCount) / n)
        var errorBound = 0.0
        var referenceBelow = 0
        var currentBelow = 0
        for cell in 0..<edges {
            if cell > 0 {
                let inside = Double(reference.cells[cell].count - reference.cells[cell].upperEdgeCount) / m
                    + Double(current.cells[cell].count - current.cells[cell].upperEdgeCount) / n
                errorBound = Swift.max(errorBound, inside)
            }
            referenceBelow += reference.cells[cell].count
            currentBelow += current.cells[cell].count
            statistic = Swift.max(statistic, abs(Double(referenceBelow) / m - Double(currentBelow) / n))
        }
        self.statistic = statistic
        self.errorBound = errorBound
        self.pValue = Self.asymptoticPValue(statistic: statistic, referenceCount: reference.count,
                                            currentCount: current.count)
    }

    /// A test result from its parts.
    public init(statistic: Double, errorBound: Double, pValue: Double) {
        self.statistic = statistic
        self.errorBound = errorBound
        self.pValue = pValue
    }

    /// The asymptotic two-sided p-value of D for samples of sizes m and n, with Stephens'
    /// correction: λ = (√en + 0.12 + 0.11/√en) · D, en = m·n/(m+n), p = Q_KS(λ), in [0, 1].
    public static func asymptoticPValue(statistic: Double, referenceCount: Int, currentCount: Int) -> Double {
        guard referenceCount > 0, currentCount > 0 else { return 1 }
        let m = Double(referenceCount)
        let n = Double(currentCount)
        let root = (m * n / (m + n)).squareRoot()
        return kolmogorovSurvival((root + 0.12 + 0.11 / root) * statistic)
    }

    /// The survival function of the Kolmogorov distribution,
    /// Q_KS(λ) = 2 Σ_{j≥1} (−1)^{j−1} exp(−2 j² λ²), clipped to [0, 1] (SciPy's
    /// `scipy.special.kolmogorov`).
    ///
    /// The alternating series converges slowly for small λ, so below λ = 1.18 the equivalent
    /// Jacobi-theta form 1 − (√(2π)/λ) Σ_{j≥1} exp(−(2j−1)² π² / (8λ²)) is summed instead; both
    /// are summed until the terms stop changing the sum.
    public static func kolmogorovSurvival(_ lambda: Double) -> Double {
        guard lambda.isFinite || lambda == .infinity else { return 1 }
        if lambda <= 0 { return 1 }
        if lambda == .infinity { return 0 }
        if lambda < 1.18 {
            let exponent = -Double.pi * Double.pi / (8 * lambda * lambda)
            var sum = 0.0
            var j = 1
            while j < 1000 {
                let odd = Double(2 * j - 1)
                let term = exp(odd * odd * exponent)
                sum += term
                if term <= sum * 1e-17 { break }
                j += 1
            }
            return Swift.min(1, Swift.max(0, 1 - (2 * Double.pi).squareRoot() / lambda * sum))
        }
        var sum = 0.0
        var sign = 1.0
        var j = 1
        while j < 1000 {
            let jj = Double(j)
            let term = sign * exp(-2 * jj * jj * lambda * lambda)
            sum += term
            if abs(term) <= abs(sum) * 1e-17 { break }
            sign = -sign
            j += 1
        }
        return Swift.min(1, Swift.max(0, 2 * sum))
    }
}
