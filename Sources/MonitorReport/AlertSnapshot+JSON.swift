import MonitorEngine
import MonitorRules

extension AlertSnapshot {
    /// One entry of the report's `alerts` (cli.md): the keys `modeltop alerts list --format
    /// json` also writes; `acknowledged` and `silenced` are `null` or an object.
    public var jsonValue: JSONValue {
        .object([
            ("id", .string(id)),
            ("rule", .string(rule)),
            ("scope", .string(scope)),
            ("severity", .string(severity)),
            ("state", .string(state.rawValue)),
            ("value", .number(value)),
            ("threshold", .number(threshold)),
            ("comparison", .string(comparison)),
            ("since", JSONValue.time(sinceSeconds)),
            ("resolved", resolvedSeconds.map(JSONValue.time) ?? .null),
            ("occurrence", .int(occurrence)),
            ("acknowledged", acknowledged.map { ack in
                .object([("by", .string(ack.by)), ("at", JSONValue.time(ack.atSeconds)),
                         ("note", ack.note.map(JSONValue.string) ?? .null)])
            } ?? .null),
            ("silenced", silenced.map { silence in
                .object([("by", .string(silence.by)), ("until", JSONValue.time(silence.untilSeconds)),
                         ("note", silence.note.map(JSONValue.string) ?? .null)])
            } ?? .null),
        ])
    }
}
