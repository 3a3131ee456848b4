/// One-line explanations of the words the screens abbreviate (`PSI`, `JS`, `W1`, `KS D`, `ref
/// own`, `~`), shown in the feature detail and on help's second page, so that nobody needs the
/// statistics notes to read a column. docs/statistics.md has the exact definitions.
public enum Glossary {
    /// A word as the screens write it, and what it means.
    public struct Entry: Sendable, Hashable {
        public var term: String
        public var meaning: String
    }

    /// Every entry, in the order help lists them.
    public static let entries: [Entry] = [
        psi, js, w1, ksD, ksP, chiSquare, adjustedP, bands,
        Entry(term: "miss", meaning: "share of records without the feature (absent, null, NaN)"),
        Entry(term: "range/new", meaning: "outside the reference's range (numbers), or unseen (categories)"),
        refOwn, refGlobal, estimated, multivariate,
    ]

    public static let psi = Entry(term: "PSI", meaning: "population stability index: how far the binned shares moved")
    public static let js = Entry(term: "JS", meaning: "Jensen-Shannon distance of the bins: 0 the same, 1 disjoint")
    public static let w1 = Entry(term: "W1", meaning: "Wasserstein-1 (earth mover's) distance / the reference's std")
    public static let ksD = Entry(term: "KS D", meaning: "Kolmogorov-Smirnov: widest gap between the two cumulative shares")
    public static let ksP = Entry(term: "KS p", meaning: "the KS test's p-value: small means they differ (drift < 0.05)")
    public static let chiSquare = Entry(term: "χ² p", meaning: "chi-square test p-value on category counts (drift < 0.05)")
    public static let adjustedP = Entry(term: "adj p", meaning: "p adjusted for all the window's tests (Benjamini–Hochberg)")
    public static let bands = Entry(term: "bands", meaning: "PSI, JS, W1: ok < 0.1 ≤ warning < 0.2 ≤ drift (by default)")
    public static let refOwn = Entry(term: "ref own", meaning: "a segment compared with its own reference rows")
    public static let refGlobal = Entry(term: "ref global", meaning: "under 200 own reference rows: compared with the whole one")
    public static let estimated = Entry(term: "~", meaning: "estimated from calibrated scores while labels are missing")
    public static let multivariate = Entry(term: "PCA", meaning: "multivariate row: mean reconstruction error of all features")

    /// The entry for a drift method as the tables write it (`psi`, `js`, `wasserstein`, `ks`,
    /// `chi2`).
    public static func method(_ name: String) -> Entry? {
        switch name {
        case "psi": psi
        case "js": js
        case "wasserstein": w1
        case "ks": ksP
        case "chi2": chiSquare
        default: nil
        }
    }
}
