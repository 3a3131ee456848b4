extension AlertSnapshot {
    /// The alert as `modeltop alerts list --format json` and `watch --headless` write it: the
    /// keys of the report's `alerts` entries (cli.md), then `action`, `null` or its last run.
    public var listJSONValue: JSONValue {
        guard case .object(var fields) = jsonValue else { return jsonValue }
        fields.append(("action", action.map { run in
            .object([("started", .string(UTCTime.text(run.startedAtSeconds))),
                     ("exit_status", run.exitStatus.map { .int(Int($0)) } ?? .null),
                     ("timed_out", .bool(run.timedOut)),
                     ("output_tail", .array(run.outputTail.map(JSONValue.string)))])
        } ?? .null))
        return .object(fields)
    }
}

extension AlertTransition {
    /// One line of `watch --headless`: the event, its event time, then the alert's keys.
    public var jsonValue: JSONValue {
        guard case .object(let fields) = alert.listJSONValue else { return .null }
        return .object([("event", .string(kind.rawValue)), ("at", .string(UTCTime.text(atSeconds)))] + fields)
    }
}

extension JSONValue {
    /// The document on one line with no spaces, for JSON Lines output.
    public func compactSerialized() -> String {
        var out = ""
        writeCompact(into: &out)
        return out
    }

    private func writeCompact(into out: inout String) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .int(let value): out.append(String(value))
        case .number(let value): out.append(Self.format(value))
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let items):
            out.append("[")
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(",") }
                item.writeCompact(into: &out)
            }
            out.append("]")
        case .object(let fields):
            out.append("{")
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(",") }
                Self.writeString(field.0, into: &out)
                out.append(":")
                field.1.writeCompact(into: &out)
            }
            out.append("}")
        }
    }
}
