import CursesTerminal
import Foundation
import MonitorMetrics
#if canImport(Glibc)
import Glibc
#endif

/// Runs the dashboard on the terminal until `q`, Ctrl-C, SIGTERM or SIGHUP, and always gives
/// the terminal back before anything is printed (tui.md "Exit"). A termination signal ends the
/// process with the conventional status 128 + signal, after the caller's cleanup has run.
func runDashboard(settings: CommonOptions.Settings, screen options: ScreenOptions, fleetSource: String? = nil,
                  cleanup: () -> Void = {}) throws {
    // A fleet that cannot be read (Prometheus unreachable, references that differ) is an error
    // on a terminal still the user's.
    let fleet = try fleetSource.map { try FleetView(source: $0, settings: settings) }
    if let fleet { _ = try fleet.snapshot(settings: settings, now: Date().timeIntervalSince1970) }
    let log = try options.log.map { try DiagnosticLog(path: $0) } ?? DiagnosticLog()
    // Bound before the screen is taken: a bad address is an error on a terminal still the user's.
    let metrics = try MetricsEndpoint.start(options.metricsListen, config: settings.config)
    defer { metrics?.stop() }
    // Themes are files: read them while the terminal is still the user's.
    let themes = try DashboardEngineSession.loadThemes(first: options.theme ?? settings.config.theme, log: log)
    let screen: CursesScreen
    do {
        var screenOptions = CursesScreen.Options.fromEnvironment(ProcessInfo.processInfo.environment)
        screenOptions.mouse = !options.noMouse
        screen = try CursesScreen(options: screenOptions)
    } catch {
        throw CommandFailure(message: "\(error)", exitCode: error.isUnusableTerminal ? 2 : 1)
    }
    log.write("screen \(screen.width)x\(screen.height), \(screen.colorDepth), UTF-8 \(screen.isUTF8)")
    let session: DashboardEngineSession
    do {
        session = try DashboardEngineSession(settings: settings, themes: themes, screen: screen, log: log, fleet: fleet)
    } catch {
        // The error prints after the screen is given back.
        screen.restore()
        cleanup()
        throw error
    }
    if let metrics { session.attachMetrics(metrics) }
    session.setReadOnly(options.readonly)
    session.setKeys(settings.config.keys)
    session.start()
    let signal = DashboardLoop(terminal: screen, session: session, log: log).run()
    screen.restore()
    session.stop()
    cleanup()
    if let signal, signal != SIGINT {
        throw CommandFailure(message: "stopped by signal \(signal)", exitCode: 128 + signal)
    }
}
