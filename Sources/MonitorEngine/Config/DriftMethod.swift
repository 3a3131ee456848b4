/// How drift of a feature is measured (docs/statistics.md, "Drift metrics").
///
/// A struct with static members (style.md #6). `psi`, `ks`, `js` and `wasserstein` apply to
/// numeric features; `psi`, `chi2` and `js` to categorical ones.
public struct DriftMethod: Sendable, Hashable, CustomStringConvertible {
    /// The name used in the configuration and in reports.
    public let name: String
    /// Whether the method is a statistical test judged by its p-value (drift when p < `alpha`),
    /// rather than a distance judged by the `warn` and `alert` bands.
    public let isTest: Bool

    private init(_ name: String, isTest: Bool) {
        self.name = name
        self.isTest = isTest
    }

    /// Population stability index on the coarse bins.
    public static let psi = DriftMethod("psi", isTest: false)
    /// Two-sample Kolmogorov-Smirnov on the fine grid.
    public static let ks = DriftMethod("ks", isTest: true)
    /// Jensen-Shannon distance (base 2) on the coarse bins.
    public static let js = DriftMethod("js", isTest: false)
    /// Wasserstein-1 distance normalised by the reference's standard deviation.
    public static let wasserstein = DriftMethod("wasserstein", isTest: false)
    /// Chi-square test of homogeneity on category counts.
    public static let chi2 = DriftMethod("chi2", isTest: true)

    /// Methods allowed for numeric features.
    public static let numeric: [DriftMethod] = [.psi, .ks, .js, .wasserstein]
    /// Methods allowed for categorical features.
    public static let categorical: [DriftMethod] = [.psi, .chi2, .js]

    /// The method called `name`, if there is one.
    public init?(name: String) {
        guard let method = (Self.numeric + [.chi2]).first(where: { $0.name == name }) else { return nil }
        self = method
    }

    public var description: String { name }
}
