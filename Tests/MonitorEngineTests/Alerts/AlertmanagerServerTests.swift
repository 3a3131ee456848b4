import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import MonitorEngine
@testable import MonitorRules
@testable import MonitorAlerts

/// Delivery against the real Alertmanager (Debian's `prometheus-alertmanager`, which CI
/// installs): an alert arrives with modeltop's labels, silences go both ways, and a resolve owed
/// while Alertmanager is down arrives after both restart. Outside CI, without the binary, the
/// suite is skipped; in CI (`CI=true`) a missing binary fails it.
@Suite(.serialized, .enabled(if: AlertmanagerServer.isInstalled || AlertmanagerServer.isCI, Comment(rawValue: AlertmanagerServer.skipMessage)))
struct AlertmanagerServerTests {
    /// A monitor of the `errors` rule for model `fraud`, delivering to `url` (silences read
    /// every half second).
    struct Setup {
        let settings: AlertmanagerSettings
        let config: MonitorConfig
        let store: AlertStore
        let delivery: AlertmanagerDelivery
        let monitor: AlertMonitor

        init(url: String, storePath: String) throws {
            var settings = AlertmanagerSettings(url: url)
            settings.labels = ["team": "ml-platform"]
            settings.timeoutSeconds = 2
            var config = AlertMonitorTests.config()
            config.model = "fraud"
            config.alertmanager = settings
            self.settings = settings
            self.config = config
            store = try AlertStore(path: storePath)
            delivery = AlertmanagerDelivery(settings: settings, model: "fraud", store: store, silencePollSeconds: 0.5)
            monitor = AlertMonitor(config: config, store: store, user: "ana", delivery: delivery)
            delivery.start()
        }

        @discardableResult
        func evaluate(errorRate: Double, at offset: Double) -> Snapshot {
            var snapshot = AlertMonitorTests.snapshot(errorRate: errorRate, at: offset)
            monitor.evaluate(&snapshot)
            return snapshot
        }
    }

    static func ours(_ alerts: [[String: Any]]) -> [String: Any]? {
        alerts.first { ($0["labels"] as? [String: String])?["alertname"] == "errors" }
    }

    @Test func aFiringAlertReachesAlertmanagerWithOurLabels() throws {
        let directory = try AlertTestDirectory()
        let server = try AlertmanagerServer(directory: directory.path)
        defer { server.stop() }
        let setup = try Setup(url: server.url, storePath: directory.file("s.sqlite"))
        defer { setup.delivery.stop() }
        let before = Date().timeIntervalSince1970
        setup.evaluate(errorRate: 0.2, at: 0)
        #expect(AlertmanagerServer.waitUntil { Self.ours(server.alerts()) != nil }, "the alert never reached Alertmanager")
        let alert = try #require(Self.ours(server.alerts()))
        #expect(alert["labels"] as? [String: String] == [
            "alertname": "errors", "scope": "global", "model": "fraud", "severity": "high", "team": "ml-platform",
        ])
        let annotations = try #require(alert["annotations"] as? [String: String])
        #expect(annotations["value"] == "0.2")
        #expect(annotations["threshold"] == "0.05")
        #expect(annotations["event_time"] == UTCTime.text(SnapshotFixture.start))
        #expect(annotations["summary"]?.contains("errors on global of fraud") == true)
        // startsAt is the wall clock here, not the event time months ago.
        let startsAt = try #require((alert["startsAt"] as? String).flatMap(RFC3339.seconds))
        #expect(abs(startsAt - before) < 60)
        #expect((alert["status"] as? [String: Any])?["state"] as? String == "active")
        // Delivered: nothing owed, and the screen says sent.
        #expect(AlertmanagerServer.waitUntil { (try? setup.store.owed().isEmpty) == true })
        #expect(AlertmanagerServer.waitUntil(5) {
            setup.evaluate(errorRate: 0.2, at: 30).alerts.first?.delivery?.hasPrefix("sent") == true
        })
    }

    @Test func aSilenceMadeInAlertmanagerShowsAsSilencedWithWhoAndWhy() throws {
        let directory = try AlertTestDirectory()
        let server = try AlertmanagerServer(directory: directory.path)
        defer { server.stop() }
        let setup = try Setup(url: server.url, storePath: directory.file("s.sqlite"))
        defer { setup.delivery.stop() }
        setup.evaluate(errorRate: 0.2, at: 0)
        #expect(AlertmanagerServer.waitUntil { Self.ours(server.alerts()) != nil })
        let now = Date().timeIntervalSince1970
        let silence = """
            {"matchers":[{"name":"alertname","value":"err.*","isRegex":true,"isEqual":true},
                         {"name":"model","value":"fraud","isRegex":false,"isEqual":true}],
             "startsAt":"\(UTCTime.text(now - 1))","endsAt":"\(UTCTime.text(now + 3_600))",
             "createdBy":"bo","comment":"planned maintenance"}
            """
        // A pattern RE2 takes in linear time and a backtracking matcher could not: not read here,
        // and no obstacle to reading the others.
        let nested = """
            {"matchers":[{"name":"scope","value":"(g+)+x","isRegex":true,"isEqual":true}],
             "startsAt":"\(UTCTime.text(now - 1))","endsAt":"\(UTCTime.text(now + 7_200))",
             "createdBy":"cy","comment":"nested"}
            """
        #expect(server.request("POST", "/api/v2/silences", json: nested)?.0 == 200)
        let created = server.request("POST", "/api/v2/silences", json: silence)
        #expect(created?.0 == 200)
        var shown: Silence?
        _ = AlertmanagerServer.waitUntil(10) {
            shown = setup.evaluate(errorRate: 0.2, at: 30).alerts.first?.silenced
            return shown != nil
        }
        let seen = try #require(shown, "the Alertmanager silence never showed")
        #expect(seen.by == "bo")
        #expect(seen.note == "planned maintenance")
        #expect(seen.inAlertmanager)
        #expect(abs(seen.untilSeconds - (now + 3_600)) < 1)
        // Only in Alertmanager: the store has no silence of its own.
        #expect(try setup.store.latestOccurrences(wallSeconds: now).first?.alert.silenced == nil)
    }

    @Test func theSilenceCommandsCreateAndExpireTheAlertmanagerSilence() throws {
        let directory = try AlertTestDirectory()
        let server = try AlertmanagerServer(directory: directory.path)
        defer { server.stop() }
        let storePath = directory.file("s.sqlite")
        try AlertStore(path: storePath).record(AlertStoreTests.occurrence())
        let config = directory.file("modeltop.yaml")
        try "model: fraud\nalertmanager:\n  url: \(server.url)\n".write(toFile: config, atomically: true, encoding: .utf8)

        let silenced = try Self.modeltop(["alerts", "silence", "errors/global", "--for", "2h", "--note", "deploy",
                                          "--config", config, "--state", storePath])
        #expect(silenced.status == 0, "\(silenced.stderr)")
        #expect(silenced.stdout.contains("silenced in Alertmanager \(server.url) as "), "\(silenced.stdout)")
        let silences = server.silences()
        #expect(silences.count == 1)
        let made = try #require(silences.first)
        #expect(made["createdBy"] as? String == "ana")
        #expect(made["comment"] as? String == "deploy")
        #expect((made["status"] as? [String: Any])?["state"] as? String == "active")
        let matchers = (made["matchers"] as? [[String: Any]] ?? []).map { "\($0["name"] ?? "")=\($0["value"] ?? "")" }.sorted()
        #expect(matchers == ["alertname=errors", "model=fraud", "scope=global"])
        let id = try #require(made["id"] as? String)
        #expect(try AlertStore(path: storePath).alertmanagerSilenceId(of: "errors/global") == id)

        let unsilenced = try Self.modeltop(["alerts", "unsilence", "errors/global", "--config", config, "--state", storePath])
        #expect(unsilenced.status == 0, "\(unsilenced.stderr)")
        #expect(unsilenced.stdout.contains("expired its silence in Alertmanager"), "\(unsilenced.stdout)")
        let after = server.silences().first { $0["id"] as? String == id }
        #expect((after?["status"] as? [String: Any])?["state"] as? String == "expired")
        #expect(try AlertStore(path: storePath).owed().isEmpty)

        // Alertmanager down: the silence is recorded here and owed, and the command says so.
        server.stop()
        let offline = try Self.modeltop(["alerts", "silence", "errors/global", "--for", "1h",
                                         "--config", config, "--state", storePath])
        #expect(offline.status == 0)
        #expect(offline.stderr.contains("connection refused"), "\(offline.stderr)")
        #expect(try AlertStore(path: storePath).owed().map(\.notice.kind) == [.silence])
    }

    @Test func aResolveOwedWhileAlertmanagerIsDownArrivesAfterBothRestart() throws {
        let directory = try AlertTestDirectory()
        let server = try AlertmanagerServer(directory: directory.path)
        defer { server.stop() }
        let storePath = directory.file("s.sqlite")
        do {
            let setup = try Setup(url: server.url, storePath: storePath)
            defer { setup.delivery.stop() }
            setup.evaluate(errorRate: 0.2, at: 0)
            #expect(AlertmanagerServer.waitUntil { Self.ours(server.alerts()) != nil })
            #expect(AlertmanagerServer.waitUntil { (try? setup.store.owed().isEmpty) == true })

            // Alertmanager goes away mid-alert; the alert resolves meanwhile.
            server.stop()
            setup.evaluate(errorRate: 0, at: 60)
            setup.evaluate(errorRate: 0, at: 120)
            #expect(try setup.store.owed().map(\.notice.kind) == [.resolved])
            var snapshot = Snapshot?.none
            #expect(AlertmanagerServer.waitUntil(10) {
                snapshot = setup.evaluate(errorRate: 0, at: 130)
                return snapshot?.alertDeliveryProblem?.contains("unreachable") == true
            })
            // Refused, or reset when a kept-alive connection was cut: either way named.
            #expect(snapshot?.alertDeliveryProblem?.contains("Alertmanager unreachable for ") == true, "\(snapshot?.alertDeliveryProblem ?? "")")
            #expect(snapshot?.alerts.first?.delivery?.hasPrefix("owed 1 (retrying in ") == true, "\(snapshot?.alerts.first?.delivery ?? "")")
            // modeltop stops here without delivering (as after kill -9: the outbox is on disk).
        }
        #expect(try AlertStore(path: storePath).owed().map(\.notice.kind) == [.resolved])

        // Both come back: Alertmanager on its storage, modeltop on its store.
        try server.start()
        let resolved = "alertmanager_alerts_received_total{status=\"resolved\",version=\"v2\"}"
        #expect(server.metric(resolved) == 0)
        let restarted = try Setup(url: server.url, storePath: storePath)
        defer { restarted.delivery.stop() }
        #expect(AlertmanagerServer.waitUntil { (try? restarted.store.owed().isEmpty) == true }, "the resolve was never delivered")
        #expect(server.metric(resolved) == 1)
    }

    @Test func killedWhileAlertmanagerIsDownNothingIsLostAfterBothRestart() throws {
        let directory = try AlertTestDirectory()
        let port = try AlertmanagerServer.freePort()
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample-data")
        // A thousand records and a latency rule they break at once: it fires as soon as read.
        let bytes = try Data(contentsOf: sample.appendingPathComponent("predictions.jsonl"))
        let newlines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        let log = directory.file("predictions.jsonl")
        try bytes.prefix(through: newlines[999]).write(to: URL(fileURLWithPath: log))
        let config = directory.file("modeltop.yaml")
        try """
            model: fraud-detector
            reference: \(sample.appendingPathComponent("reference.csv").path)
            window: 1h
            alerts:
              - name: slow
                metric: latency_p99
                scope: global
                above: 10
                severity: critical
            alertmanager:
              url: http://127.0.0.1:\(port)
              timeout: 2s

            """.write(toFile: config, atomically: true, encoding: .utf8)
        let state = directory.file("state.sqlite")
        let arguments = ["watch", "--headless", log, "--config", config, "--state", state]

        // Alertmanager is not there: the firing alert is owed in the store.
        let firstErrors = directory.file("first.stderr")
        let first = try Self.start(arguments, stderr: firstErrors)
        defer { Self.end(first, signal: SIGKILL) }
        #expect(AlertmanagerServer.waitUntil(60) {
            ((try? AlertStore(path: state).owed()) ?? []).contains { $0.notice.kind == .firing }
        }, "the firing alert was never owed; running: \(first.isRunning); stderr: \((try? String(contentsOfFile: firstErrors, encoding: .utf8)) ?? "")")
        // kill -9: nothing flushed, nothing said goodbye.
        Self.end(first, signal: SIGKILL)
        let owed = try #require(try AlertStore(path: state).owed().first { $0.notice.kind == .firing })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(owed.notice.body.utf8)) as? [[String: Any]])
        let startsAt = try #require(body.first?["startsAt"] as? String)

        // Both come back: the alert arrives with the startsAt of the first run, and nothing is owed.
        let server = try AlertmanagerServer(directory: directory.path, port: port)
        defer { server.stop() }
        let second = try Self.start(arguments)
        defer { Self.end(second, signal: SIGTERM) }
        var arrived: [String: Any]?
        #expect(AlertmanagerServer.waitUntil(60) {
            arrived = server.alerts().first { ($0["labels"] as? [String: String])?["alertname"] == "slow" }
            return arrived != nil
        }, "the alert never reached Alertmanager")
        #expect(arrived?["startsAt"] as? String == startsAt)
        #expect((arrived?["labels"] as? [String: String])?["model"] == "fraud-detector")
        #expect(AlertmanagerServer.waitUntil(20) { (try? AlertStore(path: state).owed().isEmpty) == true })
        // The arrival alone does not show the owed row was delivered: the re-post of the restored
        // alert carries the same startsAt. The row is gone, and only a 2xx answer or a refusal
        // (a 4xx, counted as invalid by Alertmanager) deletes an owed firing row whose occurrence
        // still fires: Alertmanager took it.
        #expect(server.metric("alertmanager_alerts_invalid_total{") == 0)
        #expect(server.metric("alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}") >= 1)
    }

    /// Starts `modeltop arguments...` in the background (output discarded).
    static func start(_ arguments: [String], stderr: String? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let stderr {
            _ = FileManager.default.createFile(atPath: stderr, contents: nil)
            process.standardError = FileHandle(forWritingAtPath: stderr)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Ends a process started by ``start(_:)`` with `signal` and waits for it (again: no-op).
    static func end(_ process: Process, signal: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
    }

    /// The built `modeltop`: the one `MODELTOP_TEST_BINARY` names, else the one beside the test
    /// bundle.
    static var executable: URL {
        if let named = ProcessInfo.processInfo.environment["MODELTOP_TEST_BINARY"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("modeltop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/debug/modeltop")
    }

    /// Runs the built `modeltop` as user `ana`.
    static func modeltop(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["USER": "ana"]) { _, new in new }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
