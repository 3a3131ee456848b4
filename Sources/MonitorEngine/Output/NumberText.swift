/// Numbers and lengths of time for people, alike in every output.
public enum NumberText {
    /// 1234567 as "1,234,567": `value` with a comma between each group of three digits.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A length of time in the configuration's units, days the largest: `1h`, `15m`, `90s`,
    /// `1h30m`, `0s`.
    public static func duration(_ seconds: Double) -> String {
        var rest = Int(seconds.rounded())
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text.isEmpty ? "0s" : text
    }
}
