/// The chi-square distribution, for the p-value of `ChiSquare`.
public enum ChiSquareDistribution {
    /// P(X ≥ x) for X ~ χ²(k): the regularised upper incomplete gamma function Q(k/2, x/2).
    public static func survival(_ x: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom > 0, "ChiSquareDistribution: degrees of freedom must be positive")
        if x.isNaN { return .nan }
        return IncompleteGamma.regularizedUpper(a: Double(degreesOfFreedom) / 2, x: x / 2)
    }
}
