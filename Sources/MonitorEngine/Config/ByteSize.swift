/// A size in bytes as written in the configuration: `1MiB`, `512KiB`, `1GB`, `1.5MiB`, or plain
/// bytes (`4096`).
///
/// `KiB`, `MiB`, `GiB`, `TiB` are powers of 1024; `KB`, `MB`, `GB`, `TB` powers of 1000 (IEC
/// 80000-13). Units are matched without regard to case; a fractional amount is rounded down to
/// whole bytes.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The size in bytes, never negative.
    public var bytes: Int

    /// A size of `bytes` bytes.
    public init(bytes: Int) {
        precondition(bytes >= 0, "a ByteSize cannot be negative (got \(bytes))")
        self.bytes = bytes
    }

    /// `count` KiB (1024 bytes each).
    public static func kibibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count << 10) }
    /// `count` MiB (1024² bytes each).
    public static func mebibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count << 20) }
    /// `count` GiB (1024³ bytes each).
    public static func gibibytes(_ count: Int) -> ByteSize { ByteSize(bytes: count << 30) }

    /// Unit spellings (lower case) and their sizes in bytes.
    static let units: [(name: String, bytes: Double)] = [
        ("b", 1),
        ("kib", 1_024), ("mib", 1_048_576), ("gib", 1_073_741_824), ("tib", 1_099_511_627_776),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
    ]

    /// Parses a size; `nil` when the text is not a non-negative amount with a known unit, or is
    /// too large to count in an `Int`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces.lowercased()
        let unitStart = trimmed.firstIndex(where: { !($0.isASCII && ($0.isNumber || $0 == ".")) })
            ?? trimmed.endIndex
        let amountText = trimmed[..<unitStart]
        let unitText = String(trimmed[unitStart...]).trimmingSpaces
        guard !amountText.isEmpty, amountText.first != ".", amountText.last != ".",
              let amount = Double(amountText), amount.isFinite, amount >= 0 else { return nil }
        let multiplier: Double
        if unitText.isEmpty {
            multiplier = 1
        } else if let unit = Self.units.first(where: { $0.name == unitText }) {
            multiplier = unit.bytes
        } else {
            return nil
        }
        let total = (amount * multiplier).rounded(.down)
        guard total < 9.2e18 else { return nil }
        self.init(bytes: Int(total))
    }

    /// The largest binary (then decimal) unit that divides the size exactly: `1MiB`, `1GB`,
    /// `1000B`.
    public var description: String {
        if bytes == 0 { return "0B" }
        for (name, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10),
                             ("GB", 1_000_000_000), ("MB", 1_000_000), ("KB", 1_000)]
        where bytes % size == 0 {
            return "\(bytes / size)\(name)"
        }
        return "\(bytes)B"
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }
}
