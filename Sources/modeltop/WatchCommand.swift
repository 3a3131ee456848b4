import ArgumentParser
import Foundation
import MonitorEngine
import MonitorRules
import MonitorReport
import MonitorAlerts
import MonitorMetrics
#if canImport(Glibc)
import Glibc
#endif

/// `modeltop watch`: the live dashboard. Reads what the files already hold (progress shown),
/// then follows them. With `--headless`, no screen: the engine, the alert rules, the store and
/// the actions run as a service, printing alert transitions as JSON lines on stdout until
/// SIGINT or SIGTERM (cli.md).
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The live dashboard: read the logs, then follow them.",
        discussion: """
            Reads the files (paths, globs, or - for standard input), or those named by the \
            configuration, showing progress, then follows them as they grow. Press ? for the \
            keys and q to quit.

            With --headless there is no screen: alert transitions (pending, firing, resolved, \
            cleared) print as JSON lines on stdout, actions run when alerts fire, and \
            acknowledgements made with 'modeltop alerts' apply within a second. SIGINT or \
            SIGTERM stops it cleanly (exit 0).
            """
    )

    @Argument(help: "Prediction log files or globs; - reads standard input. Default: the configuration's predictions.")
    var paths: [String] = []

    @OptionGroup var common: CommonOptions

    @OptionGroup var screen: ScreenOptions

    @Flag(help: "No screen: print alert transitions as JSON lines (run it as a service).")
    var headless = false

    @Option(help: ArgumentHelp("The alert store (SQLite file) to use instead of the configuration's.", valueName: "file"))
    var state: String?

    @Option(help: ArgumentHelp(
        "Show a fleet's counts from Prometheus instead of reading logs: every agent of the model (--model) summed (docs/fleet.md).",
        valueName: "prometheus://host:port"))
    var source: String?

    func run() throws {
        if let source {
            guard paths.isEmpty, common.labels.isEmpty, !headless, screen.metricsListen == nil else {
                throw CommandFailure.usage("--source reads Prometheus: it takes no log, --labels, --headless or --metrics-listen")
            }
            var settings = try common.resolve(paths: [], needsInput: false)
            if let state { settings.config.state = state }
            try runDashboard(settings: settings, screen: screen, fleetSource: source)
            return
        }
        var settings = try common.resolve(paths: paths)
        if let state { settings.config.state = state }
        if headless {
            try runHeadless(settings)
        } else {
            settings.fitReplay(now: Date().timeIntervalSince1970)
            try runDashboard(settings: settings, screen: screen)
        }
    }

    /// The service: engine thread, alerting in its snapshot hook, the main thread waiting for a
    /// signal.
    private func runHeadless(_ settings: CommonOptions.Settings) throws {
        // First of all, before any thread of ours starts (threads inherit the mask): block the
        // stop signals so that the main thread alone takes them with sigwait, and a signal during
        // start-up waits instead of being lost. A background job of a non-interactive shell
        // starts with SIGINT ignored, which would discard it: take the default back first.
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let metrics = try MetricsEndpoint.start(screen.metricsListen, config: settings.config)
        defer { metrics?.stop() }
        let reader = try settings.makeInputReader(follow: true)
        for pattern in reader.unmatchedPatterns {
            FileStream.standardError.write("modeltop: warning: no file matches '\(pattern)' yet\n")
        }
        for notice in reader.unreadablePatternNotices {
            FileStream.standardError.write("modeltop: warning: \(notice)\n")
        }
        if let actionsOff = settings.actionsOff { FileStream.standardError.write("modeltop: warning: \(actionsOff)\n") }
        let monitor = AlertMonitor.opening(config: settings.config, statePath: state,
                                           runner: ActionRunner(inheritsEnvironment: settings.config.actionEnvironment == .inherit),
                                           inputs: settings.inputsDescription, options: settings.monitorOptions)
        let output = JSONLines()
        // An Alertmanager outage is said once when it starts and once when it ends.
        let outage = LockedValue<String?>(nil)
        let reportOutage: @Sendable () -> Void = {
            guard let delivery = monitor.delivery else { return }
            let now = delivery.outage
            let before = outage.withLock { last in
                defer { last = now }
                return last
            }
            guard before != now else { return }
            if let now {
                FileStream.standardError.write("modeltop: warning: Alertmanager \(delivery.settings.url) unreachable (\(now)): "
                                               + "what it is owed is kept in the alert store and retried\n")
            } else {
                FileStream.standardError.write("modeltop: Alertmanager \(delivery.settings.url) answers again\n")
            }
        }
        let engine: LiveEngine
        do {
            engine = try LiveEngine(
                config: settings.config, reader: reader,
                snapshotHook: { snapshot in
                    for transition in monitor.evaluate(&snapshot, judging: .wallClock) {
                        output.write(transition.jsonValue.compactSerialized())
                    }
                    output.warnOnce(about: snapshot.alertStoreError)
                    reportOutage()
                },
                bucketHook: { snapshot, end in
                    for transition in monitor.evaluate(&snapshot, judging: .bucketEnd(end)) {
                        output.write(transition.jsonValue.compactSerialized())
                    }
                },
                commandHandler: { command in monitor.handle(command) })
        } catch {
            throw CommandFailure.unreadable("\(error)")
        }
        if let error = monitor.storeError { output.warnOnce(about: error.description) }
        if let damage = monitor.storeDamage { FileStream.standardError.write("modeltop: warning: \(damage)\n") }
        if let metrics {
            metrics.attach(engine)
            FileStream.standardError.write("modeltop: metrics at http://\(metrics.boundAddress)/metrics\n")
        }
        engine.start()
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        engine.stop()
        monitor.stopActions()
        monitor.stopDelivery()
    }
}

/// Whole lines on stdout, one `write` each so that a reader never sees half a line, and
/// warnings on stderr without repeating the same one.
private final class JSONLines: Sendable {
    private let lastWarning = LockedValue<String?>(nil)

    func write(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    func warnOnce(about message: String?) {
        let previous = lastWarning.withLock { last in
            defer { last = message }
            return last
        }
        guard previous != message, let message else { return }
        FileStream.standardError.write("modeltop: warning: \(message)\n")
    }
}
