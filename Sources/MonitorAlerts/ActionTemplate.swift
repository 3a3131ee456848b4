import MonitorEngine
import MonitorRules

/// A rule's `action` argv with its placeholders filled in (docs/log-format.md: `{rule}`, `{scope}`,
/// `{value}`, `{threshold}`, `{severity}`).
///
/// Substitution is plain text replacement inside each argument, in one pass: a value that
/// itself contains `{scope}` or shell syntax (`$(touch x); --rm`) stays inert text, because no
/// shell ever parses the result and replaced text is never scanned again.
public struct ActionTemplate: Sendable, Hashable {
    /// The program and its arguments, as the configuration writes them.
    public var arguments: [String]

    /// A template of `arguments`, as the configuration's `action` writes them. A program given
    /// as a relative path (`./retrain.sh`) is taken relative to `directory`, the configuration
    /// file's own (docs/log-format.md: paths in the file are relative to it); a bare name is looked
    /// up in `PATH` when it runs.
    public init(_ arguments: [String], relativeTo directory: String = ".") {
        var arguments = arguments
        if let program = arguments.first, program.contains("/"), !program.hasPrefix("/"), directory != "." {
            var relative = Substring(program)
            while relative.hasPrefix("./") { relative = relative.dropFirst(2) }
            arguments[0] = (directory.hasSuffix("/") ? directory : directory + "/") + relative
        }
        self.arguments = arguments
    }

    /// The argv with every known `{name}` replaced by `values[name]`; unknown braces stay as written.
    public func filled(_ values: [String: String]) -> [String] {
        arguments.map { Self.fill($0, values) }
    }

    /// Bytes a filled-in value may take: a segment value comes from the log, and a 200 KB one
    /// made the argument list too long for the kernel.
    public static let maximumValueBytes = 4_096

    /// The values of an alert occurrence, by placeholder name, made safe to pass on
    /// (`sanitized`): the scope carries a segment value read from the log.
    public static func values(of alert: AlertSnapshot) -> [String: String] {
        [
            "rule": sanitized(alert.rule),
            "scope": sanitized(alert.scope),
            "value": alert.value.map(Self.number) ?? "",
            "threshold": Self.number(alert.threshold),
            "severity": sanitized(alert.severity),
        ]
    }

    /// `text` without control characters (C0, DEL, C1: a NUL would cut the argument short at
    /// exec, a newline or ESC would pass into the action's logs and terminal), cut to
    /// `maximumValueBytes` of UTF-8 on a character boundary.
    public static func sanitized(_ text: String) -> String {
        var out = ""
        var bytes = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) { continue }
            let length = String(scalar).utf8.count
            if bytes + length > maximumValueBytes { break }
            bytes += length
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// The same values as environment variables (`MODELTOP_RULE`...), plus the alert's id and
    /// occurrence number.
    public static func environment(of alert: AlertSnapshot) -> [String: String] {
        var environment: [String: String] = [:]
        for (name, value) in values(of: alert) { environment["MODELTOP_\(name.uppercased())"] = value }
        environment["MODELTOP_ALERT_ID"] = sanitized(alert.id)
        environment["MODELTOP_OCCURRENCE"] = String(alert.occurrence)
        return environment
    }

    /// The shortest text that reads back as the same number (`0.31`, `120`).
    static func number(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func fill(_ argument: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(argument)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
               let value = values[String(rest[afterOpen..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }
}
