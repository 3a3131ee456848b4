import MonitorEngine
import MonitorRules

extension ReportContent {
    /// The JSON report of cli.md: stable snake_case keys, numbers as JSON numbers, `null` when
    /// undefined, times as RFC 3339 UTC text. Sections not selected are left out; `chunks`
    /// appears only with `--chunk-size`.
    public var jsonValue: JSONValue {
        var top: [(String, JSONValue)] = [
            ("modeltop_version", .string(version)),
            ("model", model.map(JSONValue.string) ?? .null),
            ("task", .string((snapshot?.task ?? .binary).rawValue)),
        ]
        if prints(.input) { top.append(("input", input.jsonValue)) }
        guard let snapshot, sections.contains(where: \.needsStatistics) else { return .object(top) }

        top.append(("window", snapshot.window.jsonValue))
        // The sentence the Markdown and text reports open with.
        top.append(("verdict", .string(Self.verdict(snapshot).raw)))
        top.append(("notices", .array(snapshot.notices.map(JSONValue.string))))
        top.append(("reference", .object([
            ("path", snapshot.reference.path.map(JSONValue.string) ?? .null),
            ("records", .int(snapshot.reference.records)),
        ])))
        top += snapshot.overall.layerMembers(sections)
        if sections.contains(.features), let problem = snapshot.multivariateProblem {
            // Why `multivariate` is null (docs/statistics.md, "Multivariate drift").
            top.append(("multivariate_unavailable", .string(problem)))
        }
        if sections.contains(.segments) {
            top.append(("segments", .array(snapshot.segments.map { segment in
                var members: [(String, JSONValue)] = [
                    ("dimension", segment.segment.map { .string($0.dimension) } ?? .null),
                    ("value", segment.segment.map { .string($0.value) } ?? .null),
                    ("records", .int(segment.records)),
                    ("share", .number(segment.share)),
                    ("reference", .string(segment.referenceScope.rawValue)),
                ]
                // A segment always carries every layer the report selects, and all four when
                // only `segments` was asked for.
                members += segment.layerMembers(layerSections)
                return .object(members)
            })))
            // How far apart each dimension's segments are (statistics.md, "Fairness gap").
            top.append(("fairness", .array(snapshot.fairness.map(\.jsonValue))))
        }
        if let chunks {
            top.append(("chunks", .array(chunks.map { chunk in
                var members: [(String, JSONValue)] = [
                    ("index", .int(chunk.index)),
                    ("first_record", .int(chunk.firstRecord)),
                    ("records", .int(chunk.records)),
                    ("from", chunk.fromSeconds.map(JSONValue.time) ?? .null),
                    ("to", chunk.toSeconds.map(JSONValue.time) ?? .null),
                ]
                members += chunk.slice.layerMembers(layerSections)
                return .object(members)
            })))
        }
        if sections.contains(.alerts) {
            if let gate { top.append(("gate", gate.jsonValue)) }
            top.append(("alerts", .array(snapshot.alerts.map(\.jsonValue))))
        }
        top.append(("engine", snapshot.counters.jsonValue))
        return .object(top)
    }

    /// The layers printed inside segments and chunks: the selected ones, or all four when none
    /// of them is selected (`--sections segments` wants the segments' layers).
    var layerSections: Set<ReportSection> {
        let layers: Set<ReportSection> = [.infrastructure, .features, .prediction, .performance]
        let selected = sections.intersection(layers)
        return selected.isEmpty ? layers : selected
    }
}

extension FairnessGap {
    /// One entry of `fairness`: `{"dimension", "metric", "gap", "max": {"segment", "value"}, "min": {...}}`.
    public var jsonValue: JSONValue {
        .object([
            ("dimension", .string(dimension)),
            ("metric", .string(rate.rawValue)),
            ("gap", .number(gap)),
            ("max", .object([("segment", .string(max.segment.description)), ("value", .number(max.value))])),
            ("min", .object([("segment", .string(min.segment.description)), ("value", .number(min.value))])),
        ])
    }
}
