import ArgumentParser
import Foundation
import MonitorEngine
import MonitorRules
import MonitorAlerts

/// `modeltop check`: the evaluation gate for CI (cli.md). Runs the engine over the whole input,
/// measures the alert rules (or a gate file's) on the final window, prints every rule × scope
/// with its value, threshold and result, and exits 1 if any fails.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the alert rules over the input; exit 1 if any rule fails.",
        discussion: """
            Reads the input to its end (window 'all' unless --window) and judges each rule once on \
            the result: a rule's 'for' does not apply. Rules come from --gate FILE (the same syntax, \
            under 'alerts:'), else the configuration, else the default rules. A scope without enough \
            data neither passes nor fails, but a rule with no scope to judge fails the gate (an \
            empty or broken log must not pass) unless --allow-no-data. The first line names the \
            window judged. `modeltop report` shows the same verdict. --gate challenger judges the \
            promotion rule instead: the challenger passes when the lower end of the 95% bootstrap \
            interval of its --metric minus the champion's is at least -MARGIN (versions side by \
            side in statistics.md; a gate file named 'challenger' is ./challenger). Exit codes: 0 pass, 1 a rule failed, 2 bad usage or a bad \
            configuration or gate file, 3 an input that cannot be read.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "Prediction log files or globs; - reads standard input. Default: the configuration's predictions.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @Option(help: ArgumentHelp("A file of rules under 'alerts:' to judge instead of the configuration's, or 'challenger': the challenger against the champion.", valueName: "file|challenger"))
    var gate: String?

    @Option(help: ArgumentHelp("With --gate challenger: the realized metric judged, precision, recall or accuracy.", valueName: "metric"))
    var metric: String?

    @Option(help: ArgumentHelp("With --gate challenger: how much worse than the champion the challenger may be (default 0.01).", valueName: "number"))
    var margin: Double?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Flag(name: .customLong("run-actions"), help: "Run the actions of the rules that fail (each waited for, 60 s at most).")
    var runActions = false

    @Flag(name: .customLong("allow-no-data"), help: "Pass a rule that has no data to judge (by default it fails: an empty or broken log must not pass).")
    var allowNoData = false

    func run() throws {
        // The whole input unless --window names the last stretch of event time to judge.
        let settings = try common.resolve(paths: paths, window: .all)
        let windowSeconds = settings.config.window.span.map { Double($0.seconds) }
        let challengerGate = try challengerSettings()
        let gateFile = try challengerGate != nil ? nil : gate.map { try Self.loadGate($0, segments: settings.config.segments) }
        let gateRules = gateFile?.rules
        let reader = try settings.makeInputReader(follow: false)
        if let pattern = reader.unmatchedPatterns.first {
            throw CommandFailure.unreadable("no file matches '\(pattern)'")
        }
        // A glob whose matches cannot be read reads nothing: that must not pass the gate.
        if let notice = reader.unreadablePatternNotices.first {
            throw CommandFailure.unreadable(notice)
        }
        let now = { Date().timeIntervalSince1970 }
        let outcome: MonitorRun.Outcome
        do {
            outcome = try MonitorRun.run(config: settings.config, reader: reader, wallClock: now)
        } catch {
            throw CommandFailure.unreadable("\(error)")
        }
        var snapshot = outcome.snapshot
        if let windowSeconds {
            var state = outcome.state
            state.setWindow(seconds: windowSeconds)
            snapshot = state.snapshot(nowSeconds: now(), input: reader.tally)
        }
        if let (metric, margin) = challengerGate {
            let verdict = ChallengerGate(metric: metric, margin: margin, snapshot: snapshot, allowsNoData: allowNoData)
            switch format {
            case .text: print(verdict.text, terminator: "")
            case .json: print(verdict.jsonValue.serialized(), terminator: "")
            }
            if !verdict.passed {
                throw CommandFailure(message: "gate failed: \(verdict.verdict.dropFirst("FAIL (".count).dropLast())", exitCode: 1)
            }
            return
        }
        let report = Self.gate(rules: gateRules, snapshot: snapshot, reference: outcome.state.reference,
                               config: settings.config, allowsNoData: allowNoData)
        let rules = report.rules
        switch format {
        case .text: print(report.text, terminator: "")
        case .json: print(report.jsonValue.serialized(), terminator: "")
        }
        if runActions {
            // A gate file is named; the configuration's rules run their actions only when it was
            // named or trusted.
            if gateFile == nil, let actionsOff = settings.actionsOff {
                FileStream.standardError.write("modeltop: \(actionsOff)\n")
            } else {
                Self.runActions(of: report, rules: rules, directory: gateFile?.directory ?? settings.config.directory,
                                inheritsEnvironment: settings.config.actionEnvironment == .inherit)
            }
        }
        if !report.passed {
            throw CommandFailure(message: "gate failed: \(report.verdict.dropFirst("FAIL (".count).dropLast())", exitCode: 1)
        }
    }

    /// `--gate challenger`'s metric and margin; `nil` for a gate of rules. The default metric is
    /// accuracy (defined whenever labels are) and the default margin 0.01.
    func challengerSettings() throws -> (VersionComparison.Metric, Double)? {
        guard gate == "challenger" else {
            if metric != nil || margin != nil { throw CommandFailure.usage("--metric and --margin go with --gate challenger") }
            return nil
        }
        let chosen = metric ?? VersionComparison.Metric.accuracy.rawValue
        guard let parsed = VersionComparison.Metric(rawValue: chosen) else {
            throw CommandFailure.usage("--metric must be precision, recall or accuracy, got '\(chosen)'")
        }
        let margin = self.margin ?? 0.01
        guard margin.isFinite, margin >= 0, margin < 1 else {
            throw CommandFailure.usage("--margin must be a number from 0 to below 1, got \(margin)")
        }
        if runActions { throw CommandFailure.usage("--run-actions runs the actions of alert rules; --gate challenger judges none") }
        return (parsed, margin)
    }

    /// The rules (`rules`, else the configuration's or the default ones) judged once on
    /// `snapshot`: what `check` prints and `report` shows in its alerts section.
    static func gate(rules: [AlertRule]?, snapshot: Snapshot, reference: ReferenceSet?, config: MonitorConfig,
                     allowsNoData: Bool) -> GateReport {
        let rules = rules ?? AlertRule.rules(of: config, referencePrecision: snapshot.overall.performance.reference?.precision,
                                     task: snapshot.overall.task)
        var evaluator = RuleEvaluator(settings: config.drift)
        if let reference {
            evaluator.referenceChunks = ReferenceChunks.computed(
                rules: rules, reference: reference, config: config, chunkRecords: snapshot.window.records)
        }
        return GateReport(rules: rules, snapshot: snapshot, evaluator: evaluator, allowsNoData: allowsNoData)
    }

    /// The rules of a gate file; its errors name the file, line and key (exit 2). The file is
    /// read with the configuration's segment dimensions (unless it lists its own), so that its
    /// scopes may name them.
    static func loadGate(_ path: String, segments: [String]) throws -> (rules: [AlertRule], directory: String) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.usage("gate file '\(path)' not found")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("gate file '\(path)' cannot be read")
        }
        var text = String(decoding: data, as: UTF8.self)
        let listsSegments = text.split(separator: "\n").contains { $0.hasPrefix("segments:") || $0.hasPrefix("segments :") }
        if !listsSegments, !segments.isEmpty {
            // Appended after the file's own lines, so the line numbers of its errors stay true.
            let names = segments.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            text += (text.hasSuffix("\n") || text.isEmpty ? "" : "\n") + "segments: [\(names.joined(separator: ", "))]\n"
        }
        let parsed: MonitorConfig
        do {
            parsed = try MonitorConfig.parse(yaml: text, path: path)
        } catch {
            throw CommandFailure.usage("\(error)")
        }
        guard !parsed.alerts.isEmpty else {
            throw CommandFailure.usage("\(path): no rules under 'alerts:'")
        }
        return (parsed.alerts, parsed.directory)
    }

    /// Runs each failing measurement's action once, one after the other; outcomes go to stderr.
    /// Relative programs are taken from `directory`, that of the file the rules came from.
    static func runActions(of report: GateReport, rules: [AlertRule], directory: String, inheritsEnvironment: Bool) {
        let runner = ActionRunner(inheritsEnvironment: inheritsEnvironment)
        for failure in report.failures {
            guard let rule = rules.first(where: { $0.name == failure.rule }), let action = rule.action else { continue }
            let alert = AlertSnapshot(
                id: failure.alertID, rule: rule.name, scope: failure.scope, severity: rule.severity.name, state: .firing,
                value: failure.value, threshold: failure.threshold.value, comparison: failure.threshold.comparison,
                sinceSeconds: Date().timeIntervalSince1970, feature: failure.feature, segment: failure.segment)
            let run = runner.run(arguments: ActionTemplate(action, relativeTo: directory).filled(ActionTemplate.values(of: alert)),
                                 environment: ActionTemplate.environment(of: alert), directory: directory)
            let outcome = run.timedOut ? "timed out" : "exit \(run.exitStatus ?? -1)"
            // The alert's id names a scope from the logs, and the action's output is whatever
            // it printed: both shown safely (docs/security.md "Terminal and report output").
            var message = "modeltop: action of \(SafeText.sanitized(failure.alertID)): \(outcome)\n"
            for line in run.outputTail { message += "  \(SafeText.sanitized(line))\n" }
            FileStream.standardError.write(message)
        }
    }
}
