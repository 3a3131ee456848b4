import Foundation

/// Writes metric families in the Prometheus text format 0.0.4 or in OpenMetrics 1.0, the
/// formats a Prometheus server scrapes.
///
/// The two differ where this writer needs them to: a counter's family is named without its
/// `_total` suffix in OpenMetrics' `# TYPE` line (its samples keep it), and OpenMetrics ends
/// with `# EOF`. Label values are escaped as both require (`\\`, `\"`, `\n`); label and metric
/// names are the writer's callers' own, never a log's.
public struct ExpositionWriter: Sendable {
    public enum Format: Sendable, Equatable {
        /// `text/plain; version=0.0.4`.
        case prometheus
        /// `application/openmetrics-text; version=1.0.0`.
        case openMetrics

        /// The Content-Type of a response in this format.
        public var contentType: String {
            switch self {
            case .prometheus: "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }

        /// The format a scraper's `Accept` header asks for: OpenMetrics when it names it.
        public static func accepting(_ accept: String?) -> Format {
            guard let accept else { return .prometheus }
            return accept.contains("application/openmetrics-text") ? .openMetrics : .prometheus
        }
    }

    public enum Kind: String, Sendable {
        case counter, gauge, histogram
    }

    public let format: Format
    public private(set) var text = ""
    /// Samples written so far (the series of the exposition).
    public private(set) var samples = 0

    public init(format: Format) {
        self.format = format
        text.reserveCapacity(1 << 16)
    }

    /// Starts a family. `name` is the family's name; for a counter, without `_total`.
    public mutating func family(_ name: String, _ kind: Kind, help: String) {
        let typeName = kind == .counter && format == .prometheus ? name + "_total" : name
        text += "# HELP \(typeName) \(Self.escapedHelp(help))\n# TYPE \(typeName) \(kind.rawValue)\n"
    }

    /// One sample: `name` is the sample's full name (a counter's with `_total`, a histogram's
    /// `_bucket`, `_sum` or `_count`). Labels with an empty value are left out, as Prometheus
    /// stores them.
    public mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Double) {
        sample(name, Array(labels), value)
    }

    public mutating func sample(_ name: String, _ labels: [(String, String)], _ value: Double) {
        text += name
        var first = true
        for (label, labelValue) in labels where !labelValue.isEmpty {
            text += first ? "{" : ","
            first = false
            text += label
            text += "=\""
            Self.appendEscaped(labelValue, to: &text)
            text += "\""
        }
        if !first { text += "}" }
        text += " "
        text += Self.number(value)
        text += "\n"
        samples += 1
    }

    /// Ends the exposition (OpenMetrics' `# EOF`).
    public mutating func finish() {
        if format == .openMetrics { text += "# EOF\n" }
    }

    /// A sample value: whole numbers without a fraction, others in the shortest form that reads
    /// back exactly; `NaN`, `+Inf`, `-Inf`.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    static func appendEscaped(_ value: String, to text: inout String) {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) else {
            text += value
            return
        }
        for character in value.unicodeScalars {
            switch character {
            case "\\": text += "\\\\"
            case "\"": text += "\\\""
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(character)
            }
        }
    }

    static func escapedHelp(_ help: String) -> String {
        help.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
