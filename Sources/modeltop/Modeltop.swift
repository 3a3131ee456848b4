import ArgumentParser
import MonitorEngine
#if canImport(Glibc)
import Glibc
#endif

@main
struct Modeltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modeltop",
        abstract: "A live terminal dashboard for machine-learning models in production.",
        version: "0.1.0",
        subcommands: [Watch.self, Demo.self, Report.self, Check.self, Alerts.self, Generate.self, Trust.self, DemoWriterCommand.self],
        defaultSubcommand: Demo.self
    )

    /// Runs the command, mapping failures to the exit codes of cli.md: 2 for bad usage or
    /// configuration, 3 for an input that cannot be read; help and version exit 0.
    static func main() {
        if let failure = mistypedSubcommand(Array(CommandLine.arguments.dropFirst())) {
            FileStream.standardError.write(failure)
            Glibc.exit(2)
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as CommandFailure {
            FileStream.standardError.write("modeltop: \(error.message)\n")
            Glibc.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            FileStream.standardError.write(fullMessage(for: error) + "\n")
            if let exitCode = error as? ExitCode { Glibc.exit(exitCode.rawValue) }
            // Parse and validation errors: bad usage (cli.md exit code 2).
            Glibc.exit(2)
        }
    }
}

extension Modeltop {
    /// The message for a subcommand typed with a typo (`modeltop reprot`, `modeltop alerts lst`),
    /// suggesting the one meant, as argument-parser does for a mistyped flag; `nil` when the
    /// words are not such a typo (argument-parser then has its say).
    static func mistypedSubcommand(_ arguments: [String]) -> String? {
        var command: ParsableCommand.Type = Modeltop.self
        var path = ["modeltop"]
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands.filter { $0.configuration.shouldDisplay }
            guard !subcommands.isEmpty else { return nil }
            let names = subcommands.map { $0.configuration.commandName ?? String(describing: $0).lowercased() }
            if let index = names.firstIndex(of: word) {
                command = subcommands[index]
                path.append(word)
                continue
            }
            guard let near = Suggestion.nearest(to: word, among: names) else { return nil }
            let usage = path.joined(separator: " ")
            return "Error: Unknown command '\(word)'. Did you mean '\(near)'?\n"
                + "Usage: \(usage) <subcommand>\n  See '\(usage) --help' for more information.\n"
        }
        return nil
    }
}

/// An error that ends a command with a message on stderr and a documented exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32

    /// Bad usage or bad configuration (exit 2).
    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    /// An input that cannot be read at all (exit 3).
    static func unreadable(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 3) }
}

/// Unbuffered writes to a standard stream, for messages and progress that must not mix with the
/// report on stdout. Messages quote paths, values and errors from the logs: they are shown
/// safely, their line breaks kept (`SafeText`).
enum FileStream {
    case standardError

    func write(_ text: String) {
        var text = SafeText.sanitized(text, keepingNewlines: true)
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
