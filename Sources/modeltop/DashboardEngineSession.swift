import CursesTerminal
import Dashboard
import Foundation
import MonitorEngine
import MonitorAlerts
import MonitorMetrics

/// What the dashboard needs of the engine: `LiveEngine` on its thread, a fake in tests.
protocol DashboardEngine: AnyObject {
    func start()
    /// The snapshot published last, if any.
    func latestSnapshot() -> Snapshot?
    func send(_ command: EngineCommand)
    func stop()
}

extension LiveEngine: DashboardEngine {}

/// The dashboard proper: the engine on its thread (`LiveEngine`), the screen model on the
/// UI's (`DashboardModel`, changed only through `update`), and the views drawing it.
final class DashboardEngineSession: DashboardSession {
    private var model: DashboardModel
    private let engine: DashboardEngine
    private let glyphs: Glyphs
    private let monochrome: Bool
    private let log: DiagnosticLog
    private var version = 0
    private var shownBuiltAt: Double?
    private var shownDigest: ContentDigest?
    private var shownSecond = 0
    private let utcOffsetSeconds: Int
    /// The configuration file, looked at again while the screen runs; `nil` without one.
    private var reload: ConfigReload?
    private var monitor: AlertMonitor?
    private var themeName: String?

    /// What a snapshot shows that can change while the engine republishes: a snapshot that
    /// differs from the last drawn one only in its build time is drawn once a second (the
    /// clock and "seconds since the last record"), not four times.
    private struct ContentDigest: Equatable {
        var records: Int
        var bytes: Int
        var malformed: Int
        var windowRecords: Int
        var windowTo: Double?
        var catchUp: CatchUpProgress?
        var alerts: [String]
        var referenceRecords: Int

        init(_ snapshot: Snapshot) {
            records = snapshot.input.records
            bytes = snapshot.input.bytes
            malformed = snapshot.input.malformedTotal
            windowRecords = snapshot.window.records
            windowTo = snapshot.window.toSeconds
            catchUp = snapshot.catchUp
            alerts = snapshot.alerts.map { "\($0.id) \($0.state) \($0.occurrence) \($0.acknowledged != nil) \($0.silenced != nil)" }
            referenceRecords = snapshot.reference.records
        }
    }

    /// Prepares the engine (not yet started) with `themes`, loaded before the screen was taken
    /// (`loadThemes`).
    convenience init(settings: CommonOptions.Settings, themes loadedThemes: [Theme], screen: CursesScreen, log: DiagnosticLog,
                     fleet: FleetView? = nil) throws {
        // Alerts: rules judged as each bucket of event time ends (the wall-clock ones on every
        // snapshot), acknowledgements and silences kept in the store; a store that cannot be used is shown on screen, and the dashboard runs on.
        let monitor = AlertMonitor.opening(config: settings.config, statePath: nil,
                                           runner: ActionRunner(inheritsEnvironment: settings.config.actionEnvironment == .inherit),
                                           inputs: fleet?.sourceText ?? settings.inputsDescription, options: settings.monitorOptions)
        let engine: DashboardEngine
        if let fleet {
            engine = FleetEngine(fleet: fleet, settings: settings, monitor: monitor)
        } else {
            let reader = try settings.makeInputReader(follow: true)
            do {
                engine = try LiveEngine(
                    config: settings.config, reader: reader,
                    snapshotHook: { snapshot in _ = monitor.evaluate(&snapshot, judging: .wallClock) },
                    bucketHook: { snapshot, end in _ = monitor.evaluate(&snapshot, judging: .bucketEnd(end)) },
                    commandHandler: { command in monitor.handle(command) })
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
        }
        // Fitted to the terminal's colours: at 8 or 16, borders stay visible and states apart.
        let themes = loadedThemes.map { ThemeAdaptation.adapted($0, depth: screen.colorDepth) }
        let window = settings.config.window.span.map { WindowChoice(seconds: Double($0.seconds)) } ?? .all
        self.init(
            engine: engine, themes: themes, window: window, width: screen.width, height: screen.height,
            glyphs: screen.isUTF8 ? .unicode : .ascii, monochrome: screen.colorDepth == .none,
            utcOffsetSeconds: TimeZone.current.secondsFromGMT(), log: log, now: Date())
        self.monitor = monitor
        themeName = settings.config.theme
        depth = screen.colorDepth
        if let path = settings.config.file { reload = ConfigReload(path: path) }
    }

    /// A session over `engine` (not yet started), its model at `now` on a terminal of
    /// `width`×`height`.
    init(
        engine: DashboardEngine, themes: [Theme], window: WindowChoice, width: Int, height: Int,
        glyphs: Glyphs, monochrome: Bool, utcOffsetSeconds: Int, log: DiagnosticLog, now: Date
    ) {
        self.engine = engine
        model = DashboardModel(themes: themes, window: window, width: width, height: height)
        self.glyphs = glyphs
        self.monochrome = monochrome
        self.log = log
        self.utcOffsetSeconds = utcOffsetSeconds
        model.utcOffsetSeconds = utcOffsetSeconds
        _ = update(&model, .tick(nowSeconds: now.timeIntervalSince1970))
    }

    func start() { engine.start() }

    /// Serves the engine's counts on the metrics endpoint (`--metrics-listen`).
    func attachMetrics(_ server: MetricsServer) {
        // A fleet view serves no metrics of its own (the agents do).
        if let live = engine as? LiveEngine { server.attach(live) }
    }

    /// A screen shared with others (`--readonly`): the keys that act on alerts do nothing.
    func setReadOnly(_ readOnly: Bool) { model.isReadOnly = readOnly }

    /// Actions given other keys in the configuration (`keys:`).
    func setKeys(_ keys: KeyBindings) { model.keys = keys }

    /// Stops the engine, then delivery to Alertmanager (what is still owed stays in the store
    /// for the next run).
    func stop() {
        engine.stop()
        monitor?.stopDelivery()
    }

    private var depth: ColorDepth?

    /// Takes what an edit of the configuration file can change live, or says why not.
    private func reloadConfiguration(now: Double) {
        guard let outcome = reload?.check(nowSeconds: now) else { return }
        let notice: String
        switch outcome {
        case .refused(let reason):
            notice = "kept the running configuration: \(reason)"
            log.write("configuration not reloaded: \(reason)")
        case .reloaded(let config, let restart, let windowChanged):
            monitor?.reload(config)
            engine.send(.reloadDrift(config.drift))
            var taken = "rules, thresholds"
            if config.keys != model.keys {
                model.keys = config.keys
                taken += ", keys"
            }
            if windowChanged {
                engine.send(.setWindow(seconds: config.window.span.map { Double($0.seconds) }))
                model.window = config.window.span.map { WindowChoice(seconds: Double($0.seconds)) } ?? .all
                taken += ", window"
            }
            if config.theme != themeName, let themes = try? Self.loadThemes(first: config.theme, log: log) {
                model.themes = themes.map { theme in depth.map { ThemeAdaptation.adapted(theme, depth: $0) } ?? theme }
                model.themeIndex = 0
                themeName = config.theme
                taken += ", theme"
            }
            let file = ((reload?.path ?? "") as NSString).lastPathComponent
            notice = "reloaded \(file): \(taken)" + (restart.isEmpty ? "" : "; restart to take \(restart.joined(separator: ", "))")
            log.write(notice)
        }
        _ = update(&model, .notice(notice))
        version += 1
    }

    func refresh(now date: Date) -> Int {
        let now = date.timeIntervalSince1970
        reloadConfiguration(now: now)
        if let snapshot = engine.latestSnapshot(), snapshot.builtAtSeconds != shownBuiltAt {
            shownBuiltAt = snapshot.builtAtSeconds
            let digest = ContentDigest(snapshot)
            if digest != shownDigest || Int(now) != shownSecond {
                shownDigest = digest
                perform(update(&model, .snapshot(snapshot)))
                version += 1
            }
        }
        if Int(now) != shownSecond {
            shownSecond = Int(now)
            perform(update(&model, .tick(nowSeconds: now)))
            version += 1
        }
        return version
    }

    func handle(_ key: Key) -> Bool {
        perform(update(&model, .key(key)))
    }

    func click(_ target: ClickTarget) -> Bool {
        perform(update(&model, .click(target)))
    }

    /// Tells the model the terminal's size (before the first frame and after a resize).
    func resize(width: Int, height: Int) {
        _ = update(&model, .resize(width: width, height: height))
    }

    func render(into buffer: inout Buffer) {
        DashboardView(model: model, glyphs: glyphs, monochrome: monochrome, utcOffsetSeconds: utcOffsetSeconds)
            .render(in: buffer.area, into: &buffer)
    }

    /// Carries out what `update` asked for; false when it asked to quit.
    @discardableResult
    private func perform(_ effects: [Effect]) -> Bool {
        var keepRunning = true
        for effect in effects {
            switch effect {
            case .engine(let command):
                log.write("engine command \(command)")
                engine.send(command)
            case .quit:
                keepRunning = false
            case .setTheme(let theme):
                // Colours are mapped per cell and pairs made on demand: nothing to set up.
                log.write("theme \(theme.name)")
            case .export(let request):
                let notice: String
                do {
                    let path = try ScreenExport.write(request)
                    notice = "exported to \((path as NSString).lastPathComponent)"
                    log.write("exported \(request.screen) to \(path)")
                } catch {
                    notice = "export failed: \(error)"
                    log.write("export failed: \(error)")
                }
                _ = update(&model, .notice(notice))
            }
        }
        return keepRunning
    }

    /// The shipped themes (the configured one first), from `themes/` beside the executable,
    /// `$XDG_CONFIG_HOME/modeltop/themes/` or a path; a broken theme file is logged, not fatal.
    /// Called before the screen is taken, so that a theme that cannot be used is said on a
    /// normal terminal. The working directory is not searched: a theme there is used only when
    /// named by path (docs/security.md, "Themes").
    static func loadThemes(first: String, log: DiagnosticLog) throws -> [Theme] {
        let executableDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        var directories = [executableDirectory + "/themes", executableDirectory + "/../share/modeltop/themes"]
        // Built from a checkout: the repository's themes/ folder, found from the source path.
        directories.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path + "/themes")
        let loader = ThemeLoader(directories: directories, environment: ProcessInfo.processInfo.environment)
        let exists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }
        let read: (String) throws -> String = { try ThemeLoader.readFile($0) }
        let isShipped = ThemeLoader.shippedNames.contains(first)
        if !isShipped {
            // A theme named by path or a custom name must exist: a typo is a usage error.
            do {
                guard let theme = try loader.load(first, fileExists: exists, read: read) else {
                    throw CommandFailure.usage("theme '\(first)' not found (shipped: \(ThemeLoader.shippedNames.joined(separator: ", ")), or a path)")
                }
                let shipped = loader.loadShipped(fileExists: exists, read: read)
                return [theme] + shipped.themes
            } catch let error as ThemeError {
                throw CommandFailure.usage("\(error)")
            }
        }
        let (themes, errors) = loader.loadShipped(first: first, fileExists: exists, read: read)
        for error in errors { log.write("theme: \(error)") }
        return themes
    }
}
