import ArgumentParser
import Foundation
import MonitorEngine
import MonitorAlerts

/// Flags shared by the commands that read logs (cli.md "Common flags").
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (default: $MODELTOP_CONFIG, else ./modeltop.yaml when present; the actions of ./modeltop.yaml run only once it is trusted: modeltop trust).", valueName: "file"))
    var config: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Label files or globs, joined to predictions by id.", valueName: "paths"))
    var labels: [String] = []

    @Option(help: ArgumentHelp("Reference file (CSV or JSON Lines) the stream is compared with.", valueName: "file"))
    var reference: String?

    @Option(help: ArgumentHelp("Window of event time: a duration (15m, 1h, 7d) or all.", valueName: "duration|all"))
    var window: String?

    @Option(help: ArgumentHelp("Width of one time bucket (1m, 5m).", valueName: "duration"))
    var bucket: String?

    @Option(help: ArgumentHelp("Segment dimensions, comma-separated (country,device); an empty value turns segments off.", valueName: "dim,..."))
    var segments: String?

    @Option(help: ArgumentHelp("Decision threshold on the score, between 0 and 1.", valueName: "x"))
    var threshold: String?

    @Option(help: ArgumentHelp("What the model predicts: binary (a score), multiclass (class scores or a class) or regression (a number); see docs/tasks.md.", valueName: "task"))
    var task: String?

    @Option(help: ArgumentHelp("Keep only the prediction records of this model (a log holding several); the others are counted and skipped.", valueName: "name"))
    var model: String?

    /// What a command reads, after the configuration file and the flags are combined.
    struct Settings {
        var config: MonitorConfig
        var predictions: [String]
        var labels: [String]
        /// Why the configuration's actions must not run (a `./modeltop.yaml` that was found, not
        /// named, and is not trusted), with the command that turns them on; `nil` when they may.
        var actionsOff: String?
        var model: String? { config.model }

        /// A log replayed long after it was written (its newest record at least four windows
        /// older than the wall clock: a backfill, last month's log) opens on the whole log, in
        /// buckets that fit its span into the sparklines, and the header says `(replay)`; unless
        /// `--window`, `--bucket` or the configuration chose them.
        mutating func fitReplay(now: Double) {
            guard config.givenKeys.isDisjoint(with: ["window", "bucket"]), let length = config.window.span,
                  let span = EventSpan.of(predictions, format: config.format, mapping: config.readMapping),
                  span.isReplay(windowSeconds: Double(length.seconds), now: now) else { return }
            config.window = .all
            config.bucket = span.replayBucket(atLeast: config.bucket)
            config.isReplay = true
        }

        /// The alert monitor's options: actions off, and said on screen, when they must not run.
        var monitorOptions: AlertMonitor.Options {
            var options = AlertMonitor.Options()
            if let actionsOff {
                options.runsActions = false
                options.actionsOffNotice = actionsOff
            }
            return options
        }

        /// The prediction sources as absolute paths (or `-`), for the alert store to tell
        /// streams of one model name apart.
        var inputsDescription: String {
            let directory = FileManager.default.currentDirectoryPath
            return predictions.map { path in
                path == "-" || path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: directory + "/")).standardizedFileURL.path
            }.joined(separator: ", ")
        }

        func makeInputReader(follow: Bool) throws -> InputReader {
            do {
                return try InputReader(
                    predictions: predictions, labels: labels, format: config.format,
                    mapping: config.readMapping, maxLineBytes: config.maxLine.bytes, follow: follow)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
        }
    }

    /// Loads the configuration (the named file, else `$MODELTOP_CONFIG`, else `./modeltop.yaml`
    /// when present) and lets the flags override it. Errors name the file, line and key (exit 2).
    /// A `./modeltop.yaml` that was found rather than named runs its actions only when
    /// `modeltop trust` recorded its content (`Settings.actionsOff` says why not).
    ///
    /// `window` replaces the configuration's window before the flags apply: `report` looks at
    /// all of its input unless `--window` says otherwise.
    func resolve(paths: [String], window defaultWindow: WindowLength? = nil, needsInput: Bool = true,
                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        var loaded = MonitorConfig()
        var actionsOff: String?
        let named = config ?? environment["MODELTOP_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        let path = named ?? (FileManager.default.fileExists(atPath: "modeltop.yaml") ? "modeltop.yaml" : nil)
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure.usage("configuration file '\(path)' not found")
            }
            do {
                let bytes = try MonitorConfig.readBytes(path: path)
                loaded = try MonitorConfig.parse(data: bytes, path: path, environment: environment)
                if named == nil, loaded.alerts.contains(where: { $0.action != nil }) {
                    actionsOff = Self.untrustedReason(path: path, bytes: bytes, environment: environment)
                }
            } catch {
                throw CommandFailure.usage("\(error)")
            }
        }
        let predictions = paths.isEmpty ? loaded.predictions : paths
        let labels = labels.isEmpty ? (paths.isEmpty ? loaded.labels : []) : labels
        guard !predictions.isEmpty || !labels.isEmpty || !needsInput else {
            throw CommandFailure.usage("no input: name prediction logs (paths, globs or -) or a configuration with 'predictions'")
        }
        if let defaultWindow { loaded.window = defaultWindow }
        try applyFlags(to: &loaded)
        return Settings(config: loaded, predictions: predictions, labels: labels, actionsOff: actionsOff)
    }

    /// Why the actions of `path`, found in the working directory, must not run; `nil` when
    /// `modeltop trust` recorded these bytes.
    static func untrustedReason(path: String, bytes: Data, environment: [String: String]) -> String? {
        let status = ConfigTrust(environment: environment)?.status(path: path, bytes: bytes) ?? .unknown
        switch status {
        case .trusted:
            return nil
        case .changed:
            return "actions are off: \(path) changed since it was trusted; "
                + "read it, then run 'modeltop trust \(path)' (or name it with --config)"
        case .unknown:
            return "actions are off: \(path) was found in the working directory, not named, and is not trusted; "
                + "read it, then run 'modeltop trust \(path)' (or name it with --config)"
        }
    }

    /// The flags that override configuration keys, with the key each one sets.
    static let flagKeys: [(flag: String, key: String)] = [
        ("--reference", "reference"), ("--window", "window"), ("--bucket", "bucket"),
        ("--segments", "segments"), ("--threshold", "threshold"), ("--task", "task"),
    ]

    /// Sets the configuration keys that flags override, then checks the result again
    /// (`MonitorConfig.validate()`); an error names the flag when a flag set the key at fault.
    func applyFlags(to config: inout MonitorConfig) throws {
        var given: Set<String> = []
        if let model {
            guard !model.isEmpty else { throw CommandFailure.usage("--model: the model name is empty") }
            config.model = model
            config.onlyModel = model
        }
        if let reference {
            config.reference = reference
            given.insert("reference")
        }
        if let window {
            guard let length = WindowLength(parsing: window) else {
                throw CommandFailure.usage("--window: '\(window)' is neither a positive duration (like 15m, 1h, 7d) nor 'all'")
            }
            config.window = length
            given.insert("window")
            config.givenKeys.insert("window")
        }
        if let bucket {
            guard let span = TimeSpan(parsing: bucket), span.seconds > 0 else {
                throw CommandFailure.usage("--bucket: '\(bucket)' is not a positive duration (like 30s, 1m, 5m)")
            }
            config.bucket = span
            given.insert("bucket")
            config.givenKeys.insert("bucket")
        }
        if let segments {
            let names = segments.isEmpty ? [] : segments.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.contains(where: \.isEmpty) else {
                throw CommandFailure.usage("--segments: '\(segments)' has an empty dimension name")
            }
            guard Set(names).count == names.count else {
                throw CommandFailure.usage("--segments: '\(segments)' names a dimension twice")
            }
            config.segments = names
            given.insert("segments")
        }
        if let threshold {
            guard let value = Double(threshold), value.isFinite else {
                throw CommandFailure.usage("--threshold: '\(threshold)' is not a number between 0 and 1")
            }
            config.threshold = value
            given.insert("threshold")
        }
        if let task {
            guard let value = ModelTask(rawValue: task) else {
                throw CommandFailure.usage("--task: '\(task)' is not binary, multiclass or regression")
            }
            config.task = value
            given.insert("task")
        }
        do {
            try config.validate()
        } catch {
            throw CommandFailure.usage(Self.namingFlag(error, given: given))
        }
    }

    /// The validation error's text, led by the flag that set the key at fault (a window that
    /// is not a whole number of buckets is the fault of whichever of the two was given; a
    /// rule's segment scope, of `--segments`).
    static func namingFlag(_ error: ConfigError, given: Set<String>) -> String {
        guard let key = error.key else { return "\(error)" }
        var suspects = [key]
        if key == "window" { suspects.append("bucket") }
        if key.hasPrefix("alerts[") { suspects += ["segments", "task"] }
        // Keys that only fit some tasks are the fault of --task when it was given.
        if key == "classes" || key.hasPrefix("fields.class_scores") || key.hasPrefix("business") { suspects.append("task") }
        guard let flag = flagKeys.first(where: { suspects.contains($0.key) && given.contains($0.key) })?.flag else {
            return "\(error)"
        }
        return "\(flag): \(error.message)"
    }

    /// Parses a duration flag (`30s`, `15m`, `1h`, `7d`) into seconds.
    static func seconds(_ text: String, flag: String) throws -> Double {
        // The same rule, and the same words, as the dashboard's silence prompt.
        guard let span = TimeSpan(parsing: text), span.seconds > 0 else {
            throw CommandFailure.usage("\(flag): " + (TimeSpan.problem(inPositiveDuration: text) ?? "'\(text)' is not a positive duration"))
        }
        return Double(span.seconds)
    }
}
