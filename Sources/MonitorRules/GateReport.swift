import Foundation
import MonitorEngine

/// The outcome of `modeltop check`: every rule × scope with its value, threshold and result
/// (cli.md: "exits 1 if any rule fails, printing which and by how much").
///
/// A gate judges the input once, on its final window: a rule's `for` does not apply. A scope
/// without a value or without enough data neither passes nor fails: it is `no_data`. A rule
/// none of whose scopes could be judged (an empty input, a broken log, no labels for a
/// precision rule) fails the gate, unless `allowsNoData`: a gate whose logging broke must not
/// pass.
public struct GateReport: Sendable {
    /// The result of one rule in one scope.
    public enum Result: String, Sendable, Hashable {
        case pass
        case fail
        case noData = "no_data"
    }

    /// The rules judged, in order.
    public var rules: [AlertRule]
    /// Every rule × scope measured, in rule order.
    public var measurements: [RuleMeasurement]
    /// The window judged.
    public var window: WindowInfo?
    /// Whether a rule without data lets the gate pass.
    public var allowsNoData: Bool

    /// Measures `rules` on the snapshot of the whole input (or of the window asked for).
    public init(rules: [AlertRule], snapshot: Snapshot, evaluator: RuleEvaluator, allowsNoData: Bool = false) {
        self.rules = rules
        self.measurements = evaluator.measure(rules, in: snapshot)
        self.window = snapshot.window
        self.allowsNoData = allowsNoData
    }

    /// A report of given measurements.
    public init(rules: [AlertRule], measurements: [RuleMeasurement], window: WindowInfo? = nil, allowsNoData: Bool = false) {
        self.rules = rules
        self.measurements = measurements
        self.window = window
        self.allowsNoData = allowsNoData
    }

    /// The rules, in order, none of whose scopes could be judged (no scope at all, or none
    /// with enough data).
    public var rulesWithoutData: [String] {
        var judged: Set<String> = []
        for measurement in measurements where Self.result(of: measurement) != .noData { judged.insert(measurement.rule) }
        var seen: Set<String> = []
        return rules.map(\.name).filter { !judged.contains($0) && seen.insert($0).inserted }
    }

    /// The result of one measurement.
    public static func result(of measurement: RuleMeasurement) -> Result {
        guard measurement.hasEnoughData, let value = measurement.value, value.isFinite else { return .noData }
        return measurement.isBreached ? .fail : .pass
    }

    /// The measurements that fail.
    public var failures: [RuleMeasurement] { measurements.filter { Self.result(of: $0) == .fail } }

    /// Whether no measurement fails, and every rule was judged somewhere (unless a rule
    /// without data is allowed).
    public var passed: Bool { failures.isEmpty && (allowsNoData || rulesWithoutData.isEmpty) }

    /// The verdict in a few words: `PASS (19 checks, none failed)`, `FAIL (2 of 19 checks
    /// failed)`, `FAIL (no data for 3 of 8 rules)`.
    public var verdict: String {
        let failed = failures.count
        let missing = rulesWithoutData.count
        var reasons: [String] = []
        if failed > 0 { reasons.append("\(failed) of \(measurements.count) checks failed") }
        if missing > 0 {
            reasons.append("no data for \(missing) of \(rules.count) rule\(rules.count == 1 ? "" : "s")"
                + (allowsNoData ? ", allowed" : ""))
        }
        if passed {
            return reasons.isEmpty ? "PASS (\(measurements.count) checks, none failed)" : "PASS (\(reasons.joined(separator: "; ")))"
        }
        return "FAIL (\(reasons.joined(separator: "; ")))"
    }

    /// The window in words, for the first line: `over all of the input (from to to, N
    /// predictions)`.
    public var windowText: String {
        guard let window else { return "" }
        return " over " + window.text
    }

    /// How far past its threshold a value is (positive when failing).
    public static func margin(of measurement: RuleMeasurement) -> Double? {
        guard let value = measurement.value, value.isFinite else { return nil }
        switch measurement.threshold {
        case .above(let limit): return value - limit
        case .below(let limit): return limit - value
        }
    }

    /// The JSON output: `passed`, counts, and one entry per rule × scope.
    public var jsonValue: JSONValue {
        let metrics = Dictionary(rules.map { ($0.name, $0.metric.name) }, uniquingKeysWith: { first, _ in first })
        let severities = Dictionary(rules.map { ($0.name, $0.severity.name) }, uniquingKeysWith: { first, _ in first })
        return .object([
            ("passed", .bool(passed)),
            ("verdict", .string(verdict)),
            ("window", window.map(\.jsonValue) ?? .null),
            ("checks", .int(measurements.count)),
            ("failed", .int(failures.count)),
            ("no_data", .int(measurements.filter { Self.result(of: $0) == .noData }.count)),
            ("rules_without_data", .array(rulesWithoutData.map(JSONValue.string))),
            ("allow_no_data", .bool(allowsNoData)),
            ("results", .array(measurements.map { measurement in
                .object([
                    ("rule", .string(measurement.rule)),
                    ("metric", metrics[measurement.rule].map(JSONValue.string) ?? .null),
                    ("scope", .string(measurement.scope)),
                    ("severity", severities[measurement.rule].map(JSONValue.string) ?? .null),
                    ("result", .string(Self.result(of: measurement).rawValue)),
                    ("value", .number(measurement.value)),
                    ("threshold", .number(measurement.threshold.value)),
                    ("comparison", .string(measurement.threshold.comparison)),
                    ("threshold_source", measurement.thresholdSource.map { .string($0.rawValue) } ?? .string("rule")),
                    ("margin", .number(Self.margin(of: measurement))),
                ])
            })),
        ])
    }

    /// The text output: a verdict line, then one aligned line per rule × scope, failures first.
    /// Rules and scopes are shown safely (`SafeText`: a scope names a segment value or a
    /// feature from the logs).
    public var text: String {
        var out = "modeltop check: \(verdict)\(windowText)\n"
        let missing = rulesWithoutData
        let unmeasured = missing.filter { name in !measurements.contains { $0.rule == name } }.map { SafeText.sanitized($0) }
        guard !measurements.isEmpty || !unmeasured.isEmpty else { return out + "\nno rule to judge\n" }
        out += "\n"
        let order: [Result: Int] = [.fail: 0, .pass: 1, .noData: 2]
        let sorted = measurements.enumerated().sorted { lhs, rhs in
            let left = order[Self.result(of: lhs.element)]!, right = order[Self.result(of: rhs.element)]!
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map { entry in
            var shown = entry.element
            shown.rule = SafeText.sanitized(shown.rule)
            shown.scope = SafeText.sanitized(shown.scope)
            return shown
        }
        let ruleWidth = min(40, (sorted.map(\.rule.count) + unmeasured.map(\.count)).max() ?? 0)
        let scopeWidth = min(60, sorted.map(\.scope.count).max() ?? 0)
        for measurement in sorted {
            let result = Self.result(of: measurement)
            let label = switch result {
            case .fail: "FAIL   "
            case .pass: "pass   "
            case .noData: "no data"
            }
            var line = "\(label)  \(Self.padded(measurement.rule, ruleWidth))  \(Self.padded(measurement.scope, scopeWidth))  "
            let limit = "\(measurement.threshold.comparison) \(Self.number(measurement.threshold.value))"
            switch result {
            case .fail:
                line += "\(Self.number(measurement.value ?? .nan)) is \(limit)"
                if let margin = Self.margin(of: measurement) { line += " by \(Self.number(margin))" }
            case .pass:
                line += "\(Self.number(measurement.value ?? .nan)) (fails \(limit))"
            case .noData:
                line += measurement.value == nil ? "no value (fails \(limit))"
                    : "\(Self.number(measurement.value!)) on too few records (fails \(limit))"
            }
            switch measurement.thresholdSource {
            case .adaptive?: line += " [adaptive threshold]"
            case .adaptiveUnavailable?: line += " [adaptive threshold unavailable: fixed one used]"
            case .pValue?: line += " [p-value]"
            case nil: break
            }
            out += line + "\n"
        }
        for name in unmeasured {
            out += "no data  \(Self.padded(name, ruleWidth))  no scope of this rule is in the input\n"
        }
        if !missing.isEmpty, !allowsNoData {
            out += "\nA rule without data fails the gate (an empty or broken log must not pass): "
                + "--allow-no-data lets it pass.\n"
        }
        return out
    }

    /// A number for people: whole numbers as such, else up to four decimals (one from 100 up),
    /// trailing zeros dropped; `undefined` for NaN and infinities.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "undefined" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        let decimals = magnitude >= 100 ? 1 : magnitude >= 1 ? 3 : 4
        var text = String(format: "%.\(decimals)f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// `text` followed by spaces up to `width` characters.
    public static func padded(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
