import Foundation

/// The outcome of `modeltop check`: every rule × scope with its value, threshold and result
/// (cli.md: "exits 1 if any rule fails, printing which and by how much").
///
/// A gate judges the input once, on its final window: a rule's `for` does not apply. A scope
/// without a value or without enough data neither passes nor fails: it is `no_data`.
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

    /// Measures `rules` on the snapshot of the whole input.
    public init(rules: [AlertRule], snapshot: Snapshot, evaluator: RuleEvaluator) {
        self.rules = rules
        self.measurements = evaluator.measure(rules, in: snapshot)
    }

    /// A report of given measurements.
    public init(rules: [AlertRule], measurements: [RuleMeasurement]) {
        self.rules = rules
        self.measurements = measurements
    }

    /// The result of one measurement.
    public static func result(of measurement: RuleMeasurement) -> Result {
        guard measurement.hasEnoughData, let value = measurement.value, value.isFinite else { return .noData }
        return measurement.isBreached ? .fail : .pass
    }

    /// The measurements that fail.
    public var failures: [RuleMeasurement] { measurements.filter { Self.result(of: $0) == .fail } }

    /// Whether no measurement fails.
    public var passed: Bool { failures.isEmpty }

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
            ("checks", .int(measurements.count)),
            ("failed", .int(failures.count)),
            ("no_data", .int(measurements.filter { Self.result(of: $0) == .noData }.count)),
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
    public var text: String {
        let failed = failures.count
        var out = passed
            ? "modeltop check: PASS (\(measurements.count) checks, none failed)\n"
            : "modeltop check: FAIL (\(failed) of \(measurements.count) checks failed)\n"
        guard !measurements.isEmpty else { return out + "\nno rule covers any scope of this input\n" }
        out += "\n"
        let order: [Result: Int] = [.fail: 0, .pass: 1, .noData: 2]
        let sorted = measurements.enumerated().sorted { lhs, rhs in
            let left = order[Self.result(of: lhs.element)]!, right = order[Self.result(of: rhs.element)]!
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
        let ruleWidth = min(40, sorted.map(\.rule.count).max() ?? 0)
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
