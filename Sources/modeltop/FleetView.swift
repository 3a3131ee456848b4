import Foundation
import MonitorAlerts
import MonitorEngine
import MonitorMetrics
import MonitorReport
import MonitorRules

/// `--source prometheus://HOST:PORT`: the fleet's counts from Prometheus made into the snapshot
/// a log's would be, by the same engine code (`MonitorState.loadFleet`), and what it cannot
/// show said in its notices (docs/fleet.md, "The fleet view").
struct FleetView: Sendable {
    /// `--source` as given.
    let sourceText: String
    let source: PrometheusSource
    /// The agents' reference, loaded once: every reading is compared with it.
    let reference: ReferenceSet
    let referenceSHA256: String?
    /// Hashed labels (metrics.categories: hashed) → the reference's names.
    let categories: [String: String]

    /// Opens `prometheus://HOST:PORT` and loads the agents' reference named by the settings.
    init(source text: String, settings: CommonOptions.Settings) throws {
        sourceText = text
        do { source = try PrometheusSource(text) } catch { throw CommandFailure.usage(error.description) }
        guard let path = settings.config.reference else {
            throw CommandFailure.usage("--source needs the agents' reference file (--reference, or reference: in the configuration): chi-square and KS read its counts")
        }
        do {
            reference = try ReferenceSet.load(path: path, config: settings.config)
        } catch {
            throw CommandFailure.unreadable("--reference: \(error)")
        }
        referenceSHA256 = FileManager.default.contents(atPath: path).map { SHA256.hex($0) }
        // Hashed categories are read back through the reference's.
        var categories: [String: String] = [:]
        if settings.config.metricsCategories == .hashed {
            let segmentValues = reference.segmentSlots.dimensions.flatMap { dimension in
                dimension.values.map { FleetTotals.segmentLabel(value: $0, isValueSlot: true) } + ["(other)", "(missing)"]
            }
            let bins = reference.features.flatMap { ($0.categorical?.categories ?? []).map(FleetTotals.binLabel(category:)) }
            for name in bins + segmentValues + ["(other)"] {
                categories[String(SHA256.hex(Array(name.utf8)).prefix(12))] = name
            }
        }
        self.categories = categories
    }

    /// The fleet's snapshot now: one reading of Prometheus over the settings' window.
    func snapshot(settings: CommonOptions.Settings, now: Double) throws -> Snapshot {
        let windowSeconds = settings.config.window.span.map { Double($0.seconds) }
        let reading: PrometheusSource.Reading
        do {
            let model = try source.model(named: settings.config.onlyModel ?? settings.config.model)
            reading = try source.read(model: model, windowSeconds: windowSeconds, referenceSHA256: referenceSHA256,
                                      bins: settings.config.drift.bins, categories: categories)
        } catch {
            throw CommandFailure.unreadable(error.description)
        }
        var config = settings.config
        config.model = reading.model
        var state = MonitorState(config: config, reference: reference)
        state.loadFleet(reading.totals, fromSeconds: windowSeconds.map { now - $0 } ?? reading.startSeconds ?? now, toSeconds: now)
        var snapshot = state.snapshot(nowSeconds: now, input: reading.input)
        // The fine cells are the whole stream's only.
        for index in snapshot.segments.indices {
            for feature in snapshot.segments[index].features.indices {
                snapshot.segments[index].features[feature].ks = nil
                snapshot.segments[index].features[feature].wasserstein = nil
                if ["ks", "wasserstein"].contains(snapshot.segments[index].features[feature].method) {
                    snapshot.segments[index].features[feature].value = nil
                }
            }
        }
        var notices = ["a fleet of \(reading.totals.agents) agent\(reading.totals.agents == 1 ? "" : "s") of '\(reading.model)' from Prometheus at \(source.baseURL)"
            + (reading.scrapeAgeSeconds.map { String(format: ", scraped %.0fs ago at most", max(0, $0)) } ?? "")
            + (windowSeconds == nil ? ", counted since each agent started" : ", the window's counts estimated by Prometheus' increase()"),
                       MonitorState.fleetNotHeld]
        if !reading.restartedAgents.isEmpty {
            notices.append("restarted within the window, so the logs they read again count in it: \(reading.restartedAgents.joined(separator: ", ")) (--window all counts each record once)")
        }
        if config.task != .binary {
            notices.append("a \(config.task.rawValue) model's realized and estimated performance is not held by Prometheus: the fleet view shows its inputs and predictions")
        }
        if reading.categoriesHashed {
            notices.append("category and segment values are hashed by the agents (metrics.categories: hashed): those the reference has are named again, the others stay hashes")
        }
        snapshot.notices = notices + snapshot.notices.filter { !$0.contains("labels read, none matched") }
        snapshot.fleet = FleetInfo(agents: reading.totals.agents, scrapeAgeSeconds: reading.scrapeAgeSeconds, source: source.baseURL)
        return snapshot
    }

    /// `report --source`: the report of the fleet's snapshot, its gate judged once on it.
    static func report(source: String, settings: CommonOptions.Settings, sections: Set<ReportSection>) throws -> ReportContent {
        let fleet = try FleetView(source: source, settings: settings)
        let snapshot = try fleet.snapshot(settings: settings, now: Date().timeIntervalSince1970)
        let reference = fleet.reference
        let gate = sections.contains(.alerts)
            ? Check.gate(rules: nil, snapshot: snapshot, reference: reference, config: settings.config, allowsNoData: false)
            : nil
        return ReportContent(
            version: Modeltop.configuration.version, model: snapshot.model, input: snapshot.input,
            snapshot: snapshot, chunks: nil, sections: sections, gate: gate)
    }
}

/// `watch --source prometheus://...`: the dashboard's engine over a fleet. A thread reads the
/// fleet's counts from Prometheus every `interval` seconds (and on a command), judges the alert
/// rules on them as a bucket's end is judged, and publishes the snapshot. A failed reading
/// keeps the last snapshot and says why in the header. There is no time cursor: Prometheus
/// keeps the fleet's history.
final class FleetEngine: DashboardEngine, @unchecked Sendable {
    private let fleet: FleetView
    private let monitor: AlertMonitor
    private let interval: Double
    private let lock = NSLock()
    private var settings: CommonOptions.Settings
    private var latest: Snapshot?
    private var wanted = false
    private var stopped = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    private let wake = DispatchSemaphore(value: 0)

    init(fleet: FleetView, settings: CommonOptions.Settings, monitor: AlertMonitor, interval: Double = 2) {
        self.fleet = fleet
        self.settings = settings
        self.monitor = monitor
        self.interval = interval
    }

    func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopped }) {
                lock.withLock { wanted = false }
                refresh()
                _ = wake.wait(timeout: .now() + interval)
            }
            finished.signal()
        }
        thread.name = "modeltop fleet"
        lock.withLock { self.thread = thread }
        thread.start()
    }

    func latestSnapshot() -> Snapshot? { lock.withLock { latest } }

    func send(_ command: EngineCommand) {
        switch command {
        case .setWindow(let seconds):
            lock.withLock {
                if let seconds, seconds.isFinite, seconds > 0 {
                    settings.config.window = .span(.seconds(Int(seconds.rounded(.up))))
                } else {
                    settings.config.window = .all
                }
            }
        case .acknowledge, .silence, .undo:
            monitor.handle(command)
        case .refresh, .reloadDrift, .moveCursor, .setCursor:
            return
        }
        // One reading however many keys: a wake already owed is not owed twice.
        let owed = lock.withLock { () -> Bool in
            defer { wanted = true }
            return wanted
        }
        if !owed { wake.signal() }
    }

    func stop() {
        let running = lock.withLock { () -> Bool in
            stopped = true
            return thread != nil
        }
        wake.signal()
        // A reading in flight (Prometheus slow to answer) is not waited for past a moment: the
        // process is ending.
        if running { _ = finished.wait(timeout: .now() + 2) }
    }

    private func refresh() {
        let now = Date().timeIntervalSince1970
        let current = lock.withLock { settings }
        do {
            var snapshot = try fleet.snapshot(settings: current, now: now)
            _ = monitor.evaluate(&snapshot, judging: .bucketEnd(now))
            _ = monitor.evaluate(&snapshot, judging: .wallClock)
            lock.withLock { latest = snapshot }
        } catch {
            let reason = (error as? CommandFailure)?.message ?? "\(error)"
            lock.withLock {
                guard var last = latest else { return }
                last.fleet?.error = reason
                last.builtAtSeconds = now
                if last.notices.first?.hasPrefix("Prometheus: ") == true { last.notices.removeFirst() }
                last.notices.insert("Prometheus: " + reason, at: 0)
                latest = last
            }
        }
    }
}
