/// How a monitored feature's values are read, resolved once from its ``FeatureReference`` into
/// plain values: its kind and its expected range as two bounds.
///
/// The per-record path reads every value of every record; a reference is a class holding arrays
/// and optionals, and consulting it per value costs reference counting that outweighs the
/// reading itself. This copy holds nothing reference-counted.
public struct FeatureReading: Sendable, Hashable {
    /// Whether the feature is numeric (else categorical).
    public let isNumeric: Bool
    /// The smallest value not out of range; `-infinity` when the range has no lower bound.
    public let lowerBound: Double
    /// The largest value not out of range; `+infinity` when the range has no upper bound.
    public let upperBound: Double

    /// The reading of a feature's reference.
    public init(reference: FeatureReference) {
        isNumeric = reference.numeric != nil
        lowerBound = reference.expectedRange?.lower ?? -.infinity
        upperBound = reference.expectedRange?.upper ?? .infinity
    }

    /// Whether a finite number lies outside the expected range, as ``ValueRange/contains(_:)``
    /// decides it (a missing bound is an infinite one, which no finite number passes).
    @inlinable
    public func isOutOfRange(_ number: Double) -> Bool { number < lowerBound || number > upperBound }
}
