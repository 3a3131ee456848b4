import ArgumentParser
import Foundation
import MonitorEngine

/// `modeltop watch`: the live dashboard. Reads what the files already hold (progress shown),
/// then follows them.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The live dashboard: read the logs, then follow them.",
        discussion: """
            Reads the files (paths, globs, or - for standard input), or those named by the \
            configuration, showing progress, then follows them as they grow. Press ? for the \
            keys and q to quit.
            """
    )

    @Argument(help: "Prediction log files or globs; - reads standard input. Default: the configuration's predictions.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @OptionGroup var screen: ScreenOptions

    func run() throws {
        let settings = try common.resolve(paths: paths)
        try runDashboard(settings: settings, screen: screen)
    }
}
