import MonitorEngine
import MonitorRules

/// What one `modeltop report` prints: the engine's snapshot at the end of the input, the chunk
/// breakdown when asked for, and the sections to print. The JSON, Markdown and text renderings
/// are extensions of this value (`ReportContent+JSON.swift`, `+Markdown`, `+Text`).
public struct ReportContent: Sendable {
    /// The version written as `modeltop_version`.
    public var version: String
    /// The model's name; `nil` when neither the configuration nor the records name it.
    public var model: String?
    /// Ingest health, always known (reading is what every report does).
    public var input: InputTally
    /// The engine's snapshot; `nil` when only `input` was asked for, so the statistics never ran.
    public var snapshot: Snapshot?
    /// Per-chunk layers with `--chunk-size`; `nil` without it.
    public var chunks: [ReportChunk]?
    /// The sections to print.
    public var sections: Set<ReportSection>
    /// The alert rules judged once over the window, as `modeltop check` judges them.
    public var gate: GateReport?

    public init(
        version: String, model: String?, input: InputTally, snapshot: Snapshot?,
        chunks: [ReportChunk]? = nil, sections: Set<ReportSection> = Set(ReportSection.allCases), gate: GateReport? = nil
    ) {
        self.gate = gate
        self.version = version
        self.model = model
        self.input = input
        self.snapshot = snapshot
        self.chunks = chunks
        self.sections = sections
    }

    /// True when `section` is selected and there is something to print it from.
    public func prints(_ section: ReportSection) -> Bool {
        guard sections.contains(section) else { return false }
        return section == .input || snapshot != nil
    }

    /// The title's subject: the model's name, or "modeltop report" when it has none.
    var title: ReportText {
        let name: ReportText = model.map { "\($0): modeltop report" } ?? "modeltop report"
        guard let window = snapshot?.window, sections.contains(where: \.needsStatistics) else { return name }
        let length = window.lengthSeconds.map { NumberText.duration($0) }
        // At the time cursor (`--at`) the window is not the last one: it ends then.
        if let at = window.cursorSeconds.flatMap(UTCTime.rfc3339) {
            return name + " over " + (length.map { "the \($0) window" } ?? "all of the input") + " up to \(at)"
        }
        return name + " over " + (length.map { "the last \($0)" } ?? "all of the input")
    }

    /// `from` to `to` of the window in RFC 3339, or nil before any data.
    var windowText: String? {
        guard let window = snapshot?.window,
              let from = window.fromSeconds.flatMap(UTCTime.rfc3339),
              let to = window.toSeconds.flatMap(UTCTime.rfc3339) else { return nil }
        return "\(from) to \(to)"
    }
}
