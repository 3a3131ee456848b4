import MonitorEngine
import MonitorRules

extension InputTally {
    /// The `input` section of the JSON report (cli.md): records (predictions plus labels),
    /// malformed lines by reason with the first examples, and one entry per source.
    public var jsonValue: JSONValue {
        let byReason = malformed.sorted { $0.key < $1.key }.map { ($0.key.rawValue, JSONValue.int($0.value)) }
        return .object([
            ("records", .int(records)),
            ("predictions", .int(predictions)),
            ("labels", .int(labels)),
            ("malformed", .object([
                ("total", .int(malformedTotal)),
                ("by_reason", .object(byReason)),
                ("examples", .array(examples.map { example in
                    .object([
                        ("path", .string(example.path)),
                        ("line", .int(example.lineNumber)),
                        ("reason", .string(example.reason.rawValue)),
                        ("detail", .string(example.detail)),
                        ("excerpt", .string(example.excerpt)),
                    ])
                })),
            ])),
            ("sources", .array(sources.map { source in
                .object([
                    ("path", .string(source.path)),
                    ("records", .int(source.records)),
                    ("bytes", .int(source.bytes)),
                    ("predictions", .int(source.predictions)),
                    ("labels", .int(source.labels)),
                    ("malformed", .int(source.malformedTotal)),
                    ("truncations", .int(source.truncations)),
                    ("rotations", .int(source.rotations)),
                    ("error", source.error.map(JSONValue.string) ?? .null),
                ])
            })),
        ])
    }

    /// The input section as plain text for a terminal; paths and details shown safely
    /// (`SafeText`: a file name or a line's text may carry escape sequences).
    public var text: String {
        var lines = ["Input"]
        lines.append("  records     \(NumberText.grouped(records))  (predictions \(NumberText.grouped(predictions)), labels \(NumberText.grouped(labels)))")
        lines.append("  malformed   \(NumberText.grouped(malformedTotal))\(malformedSummary)")
        for example in examples {
            lines.append("    \(SafeText.sanitized(example.path)):\(example.lineNumber)  \(example.reason.rawValue)  \(SafeText.sanitized(example.detail))")
        }
        lines.append("  sources")
        let paths = sources.map { SafeText.sanitized($0.path) }
        let width = paths.map(\.count).max() ?? 0
        for (source, path) in zip(sources, paths) {
            let pad = String(repeating: " ", count: width - path.count)
            var line = "    \(path)\(pad)  \(NumberText.grouped(source.records)) records  \(Self.byteSize(source.bytes))"
            if source.malformedTotal > 0 { line += "  \(NumberText.grouped(source.malformedTotal)) malformed" }
            if source.rotations > 0 { line += "  \(source.rotations) rotations" }
            if source.truncations > 0 { line += "  \(source.truncations) truncations" }
            if let error = source.error { line += "  error: \(SafeText.sanitized(error))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The input section as Markdown, for pasting into a ticket; paths and details escaped
    /// (`MarkdownText`).
    public var markdown: String {
        var lines = ["## Input", ""]
        lines.append("| records | predictions | labels | malformed |")
        lines.append("| ---: | ---: | ---: | ---: |")
        lines.append("| \(NumberText.grouped(records)) | \(NumberText.grouped(predictions)) | \(NumberText.grouped(labels)) | \(NumberText.grouped(malformedTotal))\(malformedSummary) |")
        if !examples.isEmpty {
            lines += ["", "| where | reason | detail |", "| --- | --- | --- |"]
            for example in examples {
                lines.append("| \(MarkdownText.code("\(example.path):\(example.lineNumber)", inTable: true)) | \(example.reason.rawValue) | \(MarkdownText.escaped(example.detail)) |")
            }
        }
        lines += ["", "| source | records | bytes |", "| --- | ---: | ---: |"]
        for source in sources {
            lines.append("| \(MarkdownText.code(source.path, inTable: true)) | \(NumberText.grouped(source.records)) | \(NumberText.grouped(source.bytes)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var malformedSummary: String {
        let parts = malformed.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }
        return parts.isEmpty ? "" : "  (" + parts.joined(separator: ", ") + ")"
    }

    /// A byte count for people: "512 B", "3.4 KiB", "51.2 MiB".
    static func byteSize(_ bytes: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        if unit == 0 { return "\(bytes) B" }
        let tenths = (value * 10).rounded() / 10
        return "\(tenths) \(units[unit])"
    }
}
