import ArgumentParser
import Foundation
import MonitorEngine

/// Flags shared by the commands that read logs (cli.md "Common flags").
struct CommonOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Configuration file (default: ./modeltop.yaml when present).", valueName: "file"))
    var config: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Label files or globs, joined to predictions by id.", valueName: "paths"))
    var labels: [String] = []

    /// What a command reads, after the configuration file and the flags are combined.
    struct Settings {
        var config: MonitorConfig
        var predictions: [String]
        var labels: [String]
        var model: String? { config.model }

        func makeInputReader(follow: Bool) throws -> InputReader {
            do {
                return try InputReader(
                    predictions: predictions, labels: labels, format: config.format,
                    mapping: config.fields, maxLineBytes: config.maxLine.bytes, follow: follow)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
        }
    }

    /// Loads the configuration (the named file, else `./modeltop.yaml` when present) and lets
    /// the flags override it. Errors name the file, line and key (exit 2).
    func resolve(paths: [String]) throws -> Settings {
        var loaded = MonitorConfig()
        let path = config ?? (FileManager.default.fileExists(atPath: "modeltop.yaml") ? "modeltop.yaml" : nil)
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure.usage("configuration file '\(path)' not found")
            }
            do {
                loaded = try MonitorConfig.load(path: path)
            } catch {
                throw CommandFailure.usage("\(error)")
            }
        }
        let predictions = paths.isEmpty ? loaded.predictions : paths
        let labels = labels.isEmpty ? (paths.isEmpty ? loaded.labels : []) : labels
        guard !predictions.isEmpty || !labels.isEmpty else {
            throw CommandFailure.usage("no input: name prediction logs (paths, globs or -) or a configuration with 'predictions'")
        }
        return Settings(config: loaded, predictions: predictions, labels: labels)
    }

    /// Parses a duration flag (`30s`, `15m`, `1h`, `7d`) into seconds.
    static func seconds(_ text: String, flag: String) throws -> Double {
        guard let span = TimeSpan(parsing: text), span.seconds > 0 else {
            throw CommandFailure.usage("\(flag): '\(text)' is not a positive duration (like 30s, 15m, 1h, 7d)")
        }
        return Double(span.seconds)
    }
}
