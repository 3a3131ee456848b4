import ArgumentParser
import MonitorEngine

@main
struct Modeltop: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modeltop",
        abstract: "A live terminal dashboard for machine-learning models in production.",
        version: "0.1.0",
        subcommands: [Generate.self]
    )
}
