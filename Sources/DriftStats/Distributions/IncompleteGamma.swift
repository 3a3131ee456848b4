import Foundation

/// The regularised incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), to about 1e-14
/// relative (Numerical Recipes, 3rd ed., §6.2: the series below x = a + 1, Lentz's continued
/// fraction above, each summed to double precision).
public enum IncompleteGamma {
    /// Q(a, x) = Γ(a, x) / Γ(a), for a > 0; 1 for x ≤ 0.
    public static func regularizedUpper(a: Double, x: Double) -> Double {
        precondition(a > 0, "IncompleteGamma: a must be positive")
        if x.isNaN { return .nan }
        if x <= 0 { return 1 }
        if x == .infinity { return 0 }
        return x < a + 1 ? 1 - lowerSeries(a: a, x: x) : upperContinuedFraction(a: a, x: x)
    }

    /// P(a, x) = γ(a, x) / Γ(a), for a > 0; 0 for x ≤ 0.
    public static func regularizedLower(a: Double, x: Double) -> Double {
        precondition(a > 0, "IncompleteGamma: a must be positive")
        if x.isNaN { return .nan }
        if x <= 0 { return 0 }
        if x == .infinity { return 1 }
        return x < a + 1 ? lowerSeries(a: a, x: x) : 1 - upperContinuedFraction(a: a, x: x)
    }

    private static let epsilon = Double.ulpOfOne
    private static let tiny = Double.leastNormalMagnitude / Double.ulpOfOne

    /// e^(−x) x^a / Γ(a), the factor in front of both expansions, in logs to avoid overflow.
    private static func prefactor(a: Double, x: Double) -> Double {
        exp(-x + a * log(x) - lgamma(a))
    }

    /// P(a, x) = prefactor · Σ_n x^n / (a (a+1) ... (a+n)), fast for x < a + 1.
    private static func lowerSeries(a: Double, x: Double) -> Double {
        var denominator = a
        var term = 1 / a
        var sum = term
        // Terms shrink at least geometrically once n > x − a; this bound is never reached in practice.
        for _ in 0..<100_000 {
            denominator += 1
            term *= x / denominator
            sum += term
            if abs(term) < abs(sum) * epsilon { break }
        }
        return sum * prefactor(a: a, x: x)
    }

    /// Q(a, x) by the continued fraction 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− ...))),
    /// evaluated with the modified Lentz method; fast for x ≥ a + 1.
    private static func upperContinuedFraction(a: Double, x: Double) -> Double {
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<100_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= epsilon { break }
        }
        return prefactor(a: a, x: x) * h
    }
}
