import Foundation
import MonitorEngine

/// What modeltop sends Alertmanager and reads back from it (API v2; docs/alertmanager.md):
/// alerts, silences, and the matching of Alertmanager's silences against an alert's labels.
public enum AlertmanagerPayload {
    /// The labels of an alert: `alertname` (the rule), `scope`, `model`, `severity`, then the
    /// configured ones (which may not use these four names).
    public static func labels(of alert: AlertSnapshot, model: String, extra: [String: String]) -> [String: String] {
        var labels = extra
        labels["alertname"] = alert.rule
        labels["scope"] = alert.scope
        labels["model"] = model
        labels["severity"] = alert.severity
        return labels
    }

    /// One alert of `POST /api/v2/alerts`: labels, annotations (`value`, `threshold`,
    /// `summary`, `event_time`, and `acknowledged` when someone did), `startsAt` the wall time
    /// it started firing here, `endsAt` when it resolved (wall time).
    public static func alert(_ alert: AlertSnapshot, model: String, extra: [String: String],
                             startsAt: Double, endsAt: Double? = nil) -> JSONValue {
        let labels = labels(of: alert, model: model, extra: extra)
        var annotations: [(String, JSONValue)] = [
            ("value", .string(alert.value.map(ActionTemplate.number) ?? "")),
            ("threshold", .string(ActionTemplate.number(alert.threshold))),
            ("summary", .string(summary(alert, model: model))),
            ("event_time", .string(UTCTime.text(alert.firedAtSeconds ?? alert.sinceSeconds))),
        ]
        if let resolved = alert.resolvedSeconds, endsAt != nil {
            annotations.append(("resolved_event_time", .string(UTCTime.text(resolved))))
        }
        if let ack = alert.acknowledged {
            annotations.append(("acknowledged", .string("by \(ack.by) at \(UTCTime.text(ack.atSeconds))" + (ack.note.map { ": \($0)" } ?? ""))))
        }
        var fields: [(String, JSONValue)] = [
            ("labels", .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("annotations", .object(annotations)),
            ("startsAt", .string(UTCTime.text(startsAt))),
        ]
        if let endsAt { fields.append(("endsAt", .string(UTCTime.text(endsAt)))) }
        return .object(fields)
    }

    /// `feature drift on feature:amount of fraud-model: 0.31 above 0.2`.
    public static func summary(_ alert: AlertSnapshot, model: String) -> String {
        let value = alert.value.map(ActionTemplate.number) ?? "no value"
        return "\(alert.rule) on \(alert.scope) of \(model): \(value) \(alert.comparison) \(ActionTemplate.number(alert.threshold))"
    }

    /// The body of `POST /api/v2/silences`: matchers on `alertname`, `scope` and `model`,
    /// created by `by` with `note` as the comment (Alertmanager requires one), from `startsAt`
    /// to the silence's end.
    public static func silence(rule: String, scope: String, model: String, by: String, note: String?,
                               startsAt: Double, endsAt: Double) -> JSONValue {
        func equal(_ name: String, _ value: String) -> JSONValue {
            .object([("name", .string(name)), ("value", .string(value)), ("isRegex", .bool(false)), ("isEqual", .bool(true))])
        }
        let comment = note.flatMap { $0.isEmpty ? nil : $0 } ?? "silenced in modeltop"
        return .object([
            ("matchers", .array([equal("alertname", rule), equal("scope", scope), equal("model", model)])),
            ("startsAt", .string(UTCTime.text(startsAt))),
            ("endsAt", .string(UTCTime.text(endsAt))),
            ("createdBy", .string(by.isEmpty ? "modeltop" : by)),
            ("comment", .string(comment)),
        ])
    }

    /// The text of a JSON value on one line (a request body).
    public static func body(_ value: JSONValue) -> String {
        value.compactSerialized()
    }

    /// The id Alertmanager answers to a created silence (`{"silenceID": "..."}`).
    public static func silenceId(from data: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["silenceID"] as? String
    }

    /// The active silences of `GET /api/v2/silences`; anything else (expired, pending,
    /// unreadable) is left out.
    public static func activeSilences(from data: Data) -> [AlertmanagerSilence] {
        guard let items = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return [] }
        return items.compactMap { item -> AlertmanagerSilence? in
            guard let id = item["id"] as? String,
                  let status = item["status"] as? [String: Any], status["state"] as? String == "active",
                  let matchers = item["matchers"] as? [[String: Any]],
                  let endsText = item["endsAt"] as? String, let ends = RFC3339.seconds(endsText) else { return nil }
            var parsed: [AlertmanagerSilence.Matcher] = []
            for matcher in matchers {
                guard let name = matcher["name"] as? String, let value = matcher["value"] as? String else { return nil }
                let isRegex = matcher["isRegex"] as? Bool ?? false
                let isEqual = matcher["isEqual"] as? Bool ?? true
                guard let built = AlertmanagerSilence.Matcher(name: name, value: value, isRegex: isRegex, isEqual: isEqual) else { return nil }
                parsed.append(built)
            }
            return AlertmanagerSilence(id: id, matchers: parsed, createdBy: item["createdBy"] as? String ?? "",
                                       comment: item["comment"] as? String ?? "", endsAtSeconds: ends)
        }
    }
}

/// A silence Alertmanager holds, as polled: which labels it matches, who made it and why.
public struct AlertmanagerSilence: Sendable {
    public struct Matcher: Sendable {
        public var name: String
        public var value: String
        public var isEqual: Bool
        /// The regular expression, anchored at both ends as Alertmanager anchors it.
        /// A compiled Regex is immutable once built.
        nonisolated(unsafe) let pattern: Regex<AnyRegexOutput>?

        public init?(name: String, value: String, isRegex: Bool, isEqual: Bool) {
            self.name = name
            self.value = value
            self.isEqual = isEqual
            if isRegex {
                // Swift's Regex backtracks: a pattern harmless in Alertmanager's RE2, such as
                // `(a+)+b`, could take exponential time here. Such a silence is not read.
                guard !Self.nestsQuantifiers(value), let pattern = try? Regex("^(?:" + value + ")$") else { return nil }
                self.pattern = pattern
            } else {
                pattern = nil
            }
        }

        /// Whether `pattern` repeats a group that itself holds a repetition or an alternation
        /// (`(a+)+`, `(a*b?)*`, `(x{2,})+`, `(\w|[a-z])*`): what makes a backtracking match take
        /// exponential time. Conservative: a pattern that merely looks so is refused too.
        static func nestsQuantifiers(_ pattern: String) -> Bool {
            var enclosing: [Bool] = []
            var quantified = false
            var closedQuantified = false
            var escaped = false, inClass = false
            var previous: Character = " "
            for character in pattern {
                defer { previous = character }
                let justClosed = closedQuantified
                closedQuantified = false
                if escaped { escaped = false; continue }
                if inClass { if character == "]" { inClass = false }; continue }
                switch character {
                case "\\": escaped = true
                case "[": inClass = true
                case "(": enclosing.append(quantified); quantified = false
                // Alternatives that overlap backtrack like a repetition once the group repeats.
                case "|": quantified = true
                case ")":
                    closedQuantified = quantified
                    quantified = (enclosing.popLast() ?? false) || quantified
                case "*", "+", "{", "?":
                    if character == "?", previous == "(" { continue }
                    // An optional group (`(a+)?`) is matched at most once: harmless.
                    if justClosed, character != "?" { return true }
                    quantified = true
                default: break
                }
            }
            return false
        }

        /// Whether the label's value (`""` when the alert has no such label) satisfies it.
        public func matches(_ labels: [String: String]) -> Bool {
            let actual = labels[name] ?? ""
            let same = pattern.map { (try? $0.wholeMatch(in: actual)) != nil } ?? (actual == value)
            return same == isEqual
        }
    }

    public var id: String
    public var matchers: [Matcher]
    public var createdBy: String
    public var comment: String
    public var endsAtSeconds: Double

    /// Whether every matcher holds for `labels` (a silence without matchers matches nothing).
    public func matches(_ labels: [String: String]) -> Bool {
        !matchers.isEmpty && matchers.allSatisfy { $0.matches(labels) }
    }
}

/// RFC 3339 times as Alertmanager writes them (`2026-12-06T20:10:46.123456789Z`, or with an
/// offset), read to seconds since the epoch.
enum RFC3339 {
    static func seconds(_ text: String) -> Double? {
        let characters = Array(text.utf8)
        guard characters.count >= 20 else { return nil }
        func number(_ start: Int, _ length: Int) -> Int? {
            var value = 0
            for index in start..<(start + length) {
                let c = characters[index]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var index = 19
        var fraction = 0.0
        if index < characters.count, characters[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < characters.count, characters[index] >= 48, characters[index] <= 57 {
                fraction += Double(characters[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < characters.count else { return nil }
        var offset = 0
        if characters[index] == UInt8(ascii: "Z") || characters[index] == UInt8(ascii: "z") {
            index += 1
        } else {
            guard characters.count >= index + 6, let hours = number(index + 1, 2), let minutes = number(index + 4, 2) else { return nil }
            let sign = characters[index] == UInt8(ascii: "-") ? -1 : 1
            offset = sign * (hours * 3600 + minutes * 60)
            index += 6
        }
        guard index == characters.count else { return nil }
        // Days since 1970-01-01 of the civil date (Howard Hinnant's days_from_civil).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
    }
}
