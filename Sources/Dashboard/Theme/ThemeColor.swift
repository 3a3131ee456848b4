/// Reads a theme's colour values: `#RRGGBB`, an index 0-255, one of the 16 ANSI names
/// (`red`, `bright_red`, ...), or `default`.
public enum ThemeColor {
    /// The 16 ANSI names and their indexes (`bright_` and `light_` prefixes both accepted).
    public static let names: [String: UInt8] = {
        let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        var names: [String: UInt8] = [:]
        for (index, name) in base.enumerated() {
            names[name] = UInt8(index)
            names["bright_" + name] = UInt8(index + 8)
            names["light_" + name] = UInt8(index + 8)
        }
        names["gray"] = 8
        names["grey"] = 8
        return names
    }()

    /// The colour a value names, `nil` when it names none.
    public static func parse(_ text: String) -> Color? {
        let value = text.trimmingSpaces.lowercased()
        if value == "default" { return .terminalDefault }
        if value.hasPrefix("#") {
            let hex = value.dropFirst()
            guard hex.count == 6, let number = UInt32(hex, radix: 16) else { return nil }
            return .rgb(red: UInt8(number >> 16), green: UInt8((number >> 8) & 0xFF), blue: UInt8(number & 0xFF))
        }
        if let index = Int(value) {
            guard (0...255).contains(index) else { return nil }
            return .indexed(UInt8(index))
        }
        return names[value.replacingHyphens].map { .indexed($0) }
    }
}

extension String {
    fileprivate var replacingHyphens: String { String(map { $0 == "-" ? "_" : $0 }) }
}
