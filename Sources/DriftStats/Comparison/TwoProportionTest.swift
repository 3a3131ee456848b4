import Foundation

/// The pooled two-proportion z-test of a difference of rates, second − first
/// (docs/statistics.md, "Versions side by side").
///
/// p̂ = (x₁ + x₂)/(n₁ + n₂), z = (x₂/n₂ − x₁/n₁) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)); the two-sided
/// p-value is 2·(1 − Φ(|z|)) = erfc(|z|/√2). z has the sign of the difference.
public struct TwoProportionTest: Sendable, Hashable {
    /// x₂/n₂ − x₁/n₁.
    public var difference: Double
    /// `nil` when the pooled rate is 0 or 1 (no variance: both rates are equal).
    public var z: Double?
    /// `nil` with `z`.
    public var pValue: Double?

    /// `nil` unless both groups have at least one trial and 0 ≤ x ≤ n.
    public init?(firstSuccesses: Int, firstTrials: Int, secondSuccesses: Int, secondTrials: Int) {
        guard firstTrials > 0, secondTrials > 0,
              (0...firstTrials).contains(firstSuccesses), (0...secondTrials).contains(secondSuccesses) else { return nil }
        let n1 = Double(firstTrials), n2 = Double(secondTrials)
        let p1 = Double(firstSuccesses) / n1, p2 = Double(secondSuccesses) / n2
        difference = p2 - p1
        let pooled = Double(firstSuccesses + secondSuccesses) / (n1 + n2)
        let variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
        guard variance > 0 else {
            z = nil
            pValue = nil
            return
        }
        let z = difference / variance.squareRoot()
        self.z = z
        pValue = min(1, max(0, erfc(abs(z) / 2.0.squareRoot())))
    }
}
