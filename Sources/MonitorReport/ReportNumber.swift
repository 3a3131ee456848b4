import MonitorEngine
import MonitorRules

/// Numbers as the Markdown and text reports print them: fixed decimals, grouped thousands and
/// percentages, with an em dash where a value is undefined. (The JSON report writes numbers in
/// full; these are for people.)
public enum ReportNumber {
    /// The mark printed for an undefined value.
    public static let undefined = "—"

    /// `value` with exactly `digits` decimals (half away from zero), or the undefined mark.
    public static func fixed(_ value: Double?, digits: Int) -> String {
        guard let value, value.isFinite else { return undefined }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        // Beyond 2^53 decimals are noise (and Int64 would overflow): Swift's shortest form.
        guard scaled < 9e15 else { return "\(value.rounded())" }
        let units = Int64(scaled)
        let whole = units / Int64(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(units % Int64(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// A share in [0, 1] as a percentage with one decimal: `0.0432` is `4.3%`.
    public static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return undefined }
        return fixed(share * 100, digits: 1) + "%"
    }

    /// A metric value with three significant decimals for small values: `0.031`, `1.331`, `12.4`,
    /// `1,234`.
    public static func metric(_ value: Double?) -> String {
        guard let value, value.isFinite else { return undefined }
        let magnitude = abs(value)
        if magnitude >= 1000 { return NumberText.grouped(Int(value.rounded())) }
        if magnitude >= 100 { return fixed(value, digits: 1) }
        if magnitude >= 0.001 || magnitude == 0 { return fixed(value, digits: 3) }
        // p-values of strong drift: keep them visible rather than printing 0.000.
        return "<0.001"
    }
}
