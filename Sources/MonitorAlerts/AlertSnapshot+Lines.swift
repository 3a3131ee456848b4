import MonitorEngine
import MonitorRules
import MonitorReport

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
