import ArgumentParser
import Foundation
import MonitorEngine
import MonitorRules
import MonitorReport
import MonitorAlerts
#if canImport(Glibc)
import Glibc
#endif

/// `modeltop report`: the engine with no screen; prints a report of the whole input and exits.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read prediction logs and print a report of the whole input.",
        discussion: """
            Reads the files (paths, globs, or - for standard input), or those named by the \
            configuration, and prints the report on stdout. Progress and warnings go to stderr. \
            Malformed lines are counted by reason, never an error. The report covers all of the \
            input unless --window narrows it to the last part of the stream (event time); its \
            first line names the window. Its alerts section gives the verdict of `modeltop check` \
            on the same input and the alerts a replay under `watch` leaves.
            """
    )

    /// The report's output formats (cli.md).
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @Argument(help: "Prediction log files or globs; - reads standard input. Default: the configuration's predictions.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    @Option(help: ArgumentHelp(
        "Compute and print only these sections (comma-separated): \(ReportSection.allCases.map(\.rawValue).joined(separator: ",")).",
        valueName: "input,..."), transform: Report.parseSections)
    var sections: [ReportSection] = ReportSection.allCases

    @Option(name: .customLong("chunk-size"), help: ArgumentHelp("Add a breakdown by chunks of N prediction records, in input order.", valueName: "n"))
    var chunkSize: Int?

    @Flag(help: "Follow the files as the dashboard does; print once nothing new has arrived for --idle-exit.")
    var follow = false

    @Option(name: .customLong("idle-exit"), help: ArgumentHelp("With --follow: print and exit after this long without new data.", valueName: "duration"))
    var idleExit: String = "5s"

    @Option(help: ArgumentHelp(
        "Report a fleet's counts from Prometheus instead of reading logs: every agent of the model (--model) summed (docs/fleet.md).",
        valueName: "prometheus://host:port"))
    var source: String?

    @Option(help: ArgumentHelp(
        "Report the window ending at this event time (RFC 3339, or seconds since the epoch) instead of the newest: the dashboard's time cursor. Older windows are summed from the history the dashboard keeps, coarser as they age.",
        valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp(
        "Threads reading to the end: 2 reads, decodes and prepares records alongside the counting, 1 does everything on one thread; the report is the same.",
        visibility: .hidden))
    var threads: Int = 2

    /// `--at` as seconds since the epoch.
    var atSeconds: Double? {
        get throws {
            guard let at else { return nil }
            if let seconds = Timestamp.parse(at) { return seconds }
            throw ValidationError("--at: '\(at)' is not a time (RFC 3339, like 2026-11-02T09:30:00Z, or seconds since the epoch)")
        }
    }

    func validate() throws {
        _ = try atSeconds
        if !follow, idleExit != "5s" {
            throw ValidationError("--idle-exit is used with --follow")
        }
        if let chunkSize, chunkSize < 1 {
            throw ValidationError("--chunk-size must be a positive number of prediction records, got \(chunkSize)")
        }
        if threads != 1, threads != 2 {
            throw ValidationError("--threads must be 1 or 2, got \(threads)")
        }
    }

    func run() throws {
        if let source {
            guard paths.isEmpty, common.labels.isEmpty, at == nil, chunkSize == nil, !follow else {
                throw CommandFailure.usage("--source reads Prometheus: it takes no log, --labels, --at, --chunk-size or --follow")
            }
            let settings = try common.resolve(paths: [], window: .all, needsInput: false)
            let content = try FleetView.report(source: source, settings: settings, sections: Set(sections))
            print(render(content), terminator: "")
            return
        }
        let settings = try common.resolve(paths: paths, window: .all)
        let idleSeconds = try follow ? CommonOptions.seconds(idleExit, flag: "--idle-exit") : 0
        let reader = try settings.makeInputReader(follow: follow)
        for pattern in reader.unmatchedPatterns {
            // Reading once, a pattern that names nothing is an input that cannot be read; when
            // following, the file may still appear.
            guard follow else { throw CommandFailure.unreadable("no file matches '\(pattern)'") }
            FileStream.standardError.write("modeltop: warning: no file matches '\(pattern)' yet\n")
        }
        for notice in reader.unreadablePatternNotices {
            guard follow else { throw CommandFailure.unreadable(notice) }
            FileStream.standardError.write("modeltop: warning: \(notice)\n")
        }
        let selected = Set(sections)
        let content: ReportContent
        if selected.contains(where: \.needsStatistics) || chunkSize != nil {
            content = try runEngine(settings, reader: reader, idleSeconds: follow ? idleSeconds : nil, sections: selected)
        } else {
            content = readOnly(settings, reader: reader, idleSeconds: idleSeconds, sections: selected)
        }
        print(render(content), terminator: "")
    }

    /// `--sections input`: decodes and counts lines, and runs no statistics, so that checking a
    /// log's health costs only the reading.
    private func readOnly(_ settings: CommonOptions.Settings, reader: InputReader, idleSeconds: Double, sections: Set<ReportSection>) -> ReportContent {
        // Without a configured model name, the report names the model the records name.
        var model = settings.model
        let noteModel: (borrowing Record) -> Void = { record in
            if model == nil, record.kind == .prediction, let name = record.model { model = name }
        }
        if follow {
            reader.follow(idleExitSeconds: idleSeconds, noteModel)
        } else {
            reader.readToEnd(noteModel)
        }
        return ReportContent(
            version: Modeltop.configuration.version, model: model, input: reader.tally, snapshot: nil, sections: sections)
    }

    private func runEngine(
        _ settings: CommonOptions.Settings, reader: InputReader, idleSeconds: Double?, sections: Set<ReportSection>
    ) throws -> ReportContent {
        let at = try atSeconds
        // The alert rules judged at every bucket end, as a replay under `watch` judges them: in
        // memory (no store, no actions), so the report shows what would have fired (by `--at`).
        let monitor = sections.contains(.alerts)
            ? AlertMonitor(config: settings.config, store: nil, runner: nil)
            : nil
        let outcome: MonitorRun.Outcome
        do {
            outcome = try MonitorRun.run(
                config: settings.config, reader: reader, idleExitSeconds: idleSeconds, chunkSize: chunkSize,
                window: settings.config.window,
                // No sparklines in a report: over the whole input one bucket beyond the running
                // total will do (about 0.6 MB a bucket on the scenario, 60 by default); over a
                // span window the usual history, so that late records are told apart alike.
                // With --at, the dashboard's: the same ring and history give the same windows.
                historyBuckets: settings.config.window == .all && at == nil ? 1 : MonitorState.historyBuckets,
                keepsHistory: at != nil, threads: threads,
                wallClock: { Date().timeIntervalSince1970 },
                bucketHook: monitor.map { monitor in
                    { snapshot, end in
                        if let at, end > at { return }
                        var snapshot = snapshot
                        _ = monitor.evaluate(&snapshot, judging: .bucketEnd(end))
                    }
                })
        } catch {
            let flag = common.reference != nil ? "--reference: " : ""
            throw CommandFailure.unreadable(flag + "\(error)")
        }
        let chunks = chunkSize.map { _ in
            outcome.chunks.enumerated().map { index, chunk in
                ReportChunk(
                    index: index, firstRecord: chunk.firstRecord, records: chunk.records,
                    fromSeconds: chunk.snapshot.window.fromSeconds, toSeconds: chunk.snapshot.window.toSeconds,
                    slice: chunk.snapshot.overall)
            }
        }
        var snapshot = outcome.snapshot
        if let at {
            var state = outcome.state
            state.setCursor(seconds: at)
            snapshot = state.snapshot(nowSeconds: snapshot.builtAtSeconds, input: reader.tally)
            if let to = snapshot.window.toSeconds, to > (at / state.bucketSeconds).rounded(.up) * state.bucketSeconds,
               let wanted = UTCTime.rfc3339(at), let kept = snapshot.history.flatMap({ UTCTime.rfc3339($0.startSeconds) }) {
                snapshot.notices.append("--at \(wanted) is before the history kept (from \(kept)): this is its oldest window")
            }
        }
        var gate: GateReport?
        if let monitor {
            snapshot.alerts = monitor.alerts
            gate = Check.gate(rules: nil, snapshot: snapshot, reference: outcome.state.reference,
                              config: settings.config, allowsNoData: false)
        }
        return ReportContent(
            version: Modeltop.configuration.version, model: outcome.snapshot.model, input: reader.tally,
            snapshot: snapshot, chunks: chunks, sections: sections, gate: gate)
    }

    private func render(_ content: ReportContent) -> String {
        switch format {
        case .json: content.jsonValue.serialized()
        case .markdown: content.markdown
        case .text: content.text(colour: isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        }
    }

    static func parseSections(_ text: String) throws -> [ReportSection] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else {
            throw ValidationError("--sections needs at least one of \(ReportSection.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return try names.map { name in
            guard let section = ReportSection(rawValue: name) else {
                throw ValidationError("unknown section '\(name)' for --sections (available: \(ReportSection.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return section
        }
    }
}
