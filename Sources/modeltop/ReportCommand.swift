import ArgumentParser
import Foundation
import MonitorEngine
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
            Malformed lines are counted by reason, never an error.
            """
    )

    /// The report's output formats (cli.md).
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    /// The report's sections; only `input` is computed so far.
    enum Section: String, ExpressibleByArgument, CaseIterable {
        case input
    }

    @Argument(help: "Prediction log files or globs; - reads standard input. Default: the configuration's predictions.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @Option(help: "Output format: text, json or markdown.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Compute and print only these sections (comma-separated).", valueName: "input,..."),
            transform: Report.parseSections)
    var sections: [Section] = Section.allCases

    @Flag(help: "Follow the files as the dashboard does; print once nothing new has arrived for --idle-exit.")
    var follow = false

    @Option(name: .customLong("idle-exit"), help: ArgumentHelp("With --follow: print and exit after this long without new data.", valueName: "duration"))
    var idleExit: String = "5s"

    func validate() throws {
        if !follow, idleExit != "5s" {
            throw ValidationError("--idle-exit is used with --follow")
        }
    }

    func run() throws {
        let settings = try common.resolve(paths: paths)
        let idleSeconds = try follow ? CommonOptions.seconds(idleExit, flag: "--idle-exit") : 0
        let reader = try settings.makeInputReader(follow: follow)
        for pattern in reader.unmatchedPatterns {
            // Reading once, a pattern that names nothing is an input that cannot be read; when
            // following, the file may still appear.
            guard follow else { throw CommandFailure.unreadable("no file matches '\(pattern)'") }
            FileStream.standardError.write("modeltop: warning: no file matches '\(pattern)' yet\n")
        }
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
        print(render(reader.tally, model: model), terminator: "")
    }

    private func render(_ tally: InputTally, model: String?) -> String {
        switch format {
        case .json:
            var top: [(String, JSONValue)] = [("modeltop_version", .string(Modeltop.configuration.version))]
            top.append(("model", model.map(JSONValue.string) ?? .null))
            if sections.contains(.input) { top.append(("input", tally.jsonValue)) }
            return JSONValue.object(top).serialized()
        case .markdown:
            var text = "# modeltop report\(model.map { ": \($0)" } ?? "")\n\n"
            if sections.contains(.input) { text += tally.markdown }
            return text
        case .text:
            var text = "modeltop report\(model.map { ": \($0)" } ?? "")\n\n"
            if sections.contains(.input) { text += tally.text }
            return text
        }
    }

    static func parseSections(_ text: String) throws -> [Section] {
        try text.split(separator: ",").map { name in
            let name = name.trimmingCharacters(in: .whitespaces)
            guard let section = Section(rawValue: name) else {
                throw ValidationError("unknown section '\(name)' for --sections (available: \(Section.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return section
        }
    }
}
