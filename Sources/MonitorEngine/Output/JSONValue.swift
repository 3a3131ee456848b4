/// A JSON document with ordered keys, for every JSON output (the report, `check`, `alerts
/// --json`; cli.md: stable keys, numbers as JSON numbers, `null` where a value is undefined).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A finite number; NaN and infinities serialise as `null` (undefined).
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in the order they are written.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A time as RFC 3339 UTC text (``UTCTime``); `null` for a time no year 0000-9999 holds.
    public static func time(_ seconds: Double) -> JSONValue {
        UTCTime.rfc3339(seconds).map(JSONValue.string) ?? .null
    }

    /// An optional number: `null` when absent.
    public static func number(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return .number(value)
    }

    /// The document as text, indented by two spaces per level, with a final newline.
    public func serialized() -> String {
        var out = ""
        write(into: &out, indent: 0)
        out.append("\n")
        return out
    }

    /// Writes the value; `indent` is the current level's indentation, `nil` for one compact line.
    private func write(into out: inout String, indent: Int?) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .number(let value): out.append(Self.format(value))
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let items):
            guard let indent, !items.isEmpty, !items.allSatisfy(\.isScalar) else {
                out.append("[")
                for (index, item) in items.enumerated() {
                    if index > 0 { out.append(indent == nil ? "," : ", ") }
                    item.write(into: &out, indent: indent)
                }
                out.append("]")
                return
            }
            out.append("[\n")
            for (index, item) in items.enumerated() {
                out.append(String(repeating: " ", count: indent + 2))
                item.write(into: &out, indent: indent + 2)
                out.append(index + 1 < items.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "]")
        case .object(let members):
            if members.isEmpty { out.append("{}"); return }
            out.append(indent == nil ? "{" : "{\n")
            for (index, (key, value)) in members.enumerated() {
                if let indent { out.append(String(repeating: " ", count: indent + 2)) }
                Self.writeString(key, into: &out)
                out.append(indent == nil ? ":" : ": ")
                value.write(into: &out, indent: indent.map { $0 + 2 })
                if indent != nil {
                    out.append(index + 1 < members.count ? ",\n" : "\n")
                } else if index + 1 < members.count {
                    out.append(",")
                }
            }
            if let indent { out.append(String(repeating: " ", count: indent)) }
            out.append("}")
        }
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// Shortest text that reads back as the same Double; integral values without a fraction.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func writeString(_ value: String, into out: inout String) {
        out.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where SafeText.isUnsafe(scalar):
                // Control and invisible formatting characters as `\uXXXX`: the value stays
                // exact, and JSON printed to a terminal carries no escape sequence
                // (docs/security.md "Terminal and report output").
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}

extension JSONValue {
    /// The document on one line with no spaces, for JSON Lines output.
    public func compactSerialized() -> String {
        var out = ""
        write(into: &out, indent: nil)
        return out
    }
}
