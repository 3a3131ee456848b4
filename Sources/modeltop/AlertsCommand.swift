import ArgumentParser
import Foundation
import MonitorEngine
import MonitorRules
import MonitorReport
import MonitorAlerts
#if canImport(Glibc)
import Glibc
#endif

/// `modeltop alerts list|ack|silence|unsilence`: scriptable access to the alert store that the
/// dashboard and `watch --headless` use (cli.md). Changes are on disk when the command returns;
/// a running modeltop shows them within a second.
struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, acknowledge and silence alerts in the alert store.",
        discussion: """
            The store is the configuration's 'state' file, else \
            $XDG_STATE_HOME/modeltop/<model>.sqlite (~/.local/state when XDG_STATE_HOME is unset); \
            --state names another (then only silence and unsilence read the configuration, for \
            'alertmanager:'). Alert ids are 'rule/scope', as 'list' shows them.
            """,
        subcommands: [List.self, Ack.self, SilenceAlert.self, Unsilence.self]
    )

    /// Where the store is: `--state`, else the configuration's.
    struct StoreOptions: ParsableArguments {
        @Option(help: ArgumentHelp("Configuration file (default: ./modeltop.yaml when present).", valueName: "file"))
        var config: String?

        @Option(help: ArgumentHelp("The alert store (SQLite file) to use instead of the configuration's.", valueName: "file"))
        var state: String?

        /// The store's path; a bad configuration is exit 2. With `--state` the configuration is
        /// not read at all: listing or acknowledging in a directory whose modeltop.yaml is
        /// broken still works.
        func path(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
            if let state { return state }
            return try pathAndConfig(environment: environment).path
        }

        /// The store's path and the configuration (its `alertmanager:` among the rest); a bad
        /// configuration is exit 2, except with `--state`: then the store is known without it,
        /// so the problem is a warning and the configuration is left out (the silence is
        /// recorded here, not sent to Alertmanager).
        func pathAndConfig(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (path: String, config: MonitorConfig) {
            var loaded = MonitorConfig()
            do {
                loaded = try loadConfig(environment: environment)
            } catch let failure as CommandFailure {
                guard let state else { throw failure }
                FileStream.standardError.write("modeltop: warning: \(failure.message); the configuration is not used\n")
                return (state, MonitorConfig())
            }
            if let state { return (state, loaded) }
            guard let path = loaded.statePath(environment: environment) else {
                throw CommandFailure.usage("no alert store: set 'state' in the configuration, XDG_STATE_HOME or HOME, or pass --state")
            }
            return (path, loaded)
        }

        /// `--config`, else ./modeltop.yaml when present, else the defaults.
        private func loadConfig(environment: [String: String]) throws -> MonitorConfig {
            let file = config ?? (FileManager.default.fileExists(atPath: "modeltop.yaml") ? "modeltop.yaml" : nil)
            guard let file else { return MonitorConfig() }
            guard FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure.usage("configuration file '\(file)' not found")
            }
            do {
                return try MonitorConfig.load(path: file, environment: environment)
            } catch {
                throw CommandFailure.usage("\(error)")
            }
        }

        /// Opens the store; one that cannot be opened is exit 3 (it cannot be read).
        func open() throws -> AlertStore {
            let path = try path()
            do {
                return try AlertStore(path: path)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
        }

        /// Opens the store and says which configuration named it.
        func openWithConfig() throws -> (store: AlertStore, config: MonitorConfig) {
            let (path, config) = try pathAndConfig()
            do {
                return (try AlertStore(path: path), config)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
        }
    }

    /// `alerts list`: the latest occurrence of every alert.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the latest occurrence of every alert.")

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @OptionGroup var store: StoreOptions

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            let path = try store.path()
            // Listing never creates a store: no file is no alerts.
            let alerts: [AlertSnapshot]
            if FileManager.default.fileExists(atPath: path) {
                do {
                    let opened = try AlertStore(path: path)
                    alerts = try opened.latestOccurrences(wallSeconds: Date().timeIntervalSince1970)
                        .map(\.alert).sorted(by: AlertTracker.displayOrder)
                    if let damage = opened.damage { FileStream.standardError.write("modeltop: warning: \(damage)\n") }
                } catch {
                    throw CommandFailure.unreadable("\(error)")
                }
            } else {
                alerts = []
            }
            switch format {
            case .json:
                print(JSONValue.array(alerts.map(\.listJSONValue)).serialized(), terminator: "")
            case .text:
                print(Self.text(alerts), terminator: "")
            }
        }

        static func text(_ alerts: [AlertSnapshot]) -> String {
            guard !alerts.isEmpty else { return "no alerts\n" }
            let rows = alerts.map { alert -> [String] in
                var marks: [String] = []
                if let ack = alert.acknowledged {
                    marks.append("acknowledged by \(ack.by) at \(UTCTime.text(ack.atSeconds))" + (ack.note.map { ": \($0)" } ?? ""))
                }
                if let silence = alert.silenced {
                    marks.append("silenced by \(silence.by) until \(UTCTime.text(silence.untilSeconds))" + (silence.note.map { ": \($0)" } ?? ""))
                }
                if let run = alert.action {
                    let outcome = run.timedOut ? "timed out" : run.exitStatus.map { "exit \($0)" } ?? "running"
                    marks.append("action \(outcome)")
                }
                // Ids name scopes from the logs, marks quote notes: shown safely (SafeText).
                return [alert.state.rawValue, alert.severity, alert.id,
                        alert.value.map { GateReport.number($0) } ?? "-",
                        "\(alert.comparison) \(GateReport.number(alert.threshold))",
                        UTCTime.text(alert.sinceSeconds), marks.joined(separator: "; ")].map { SafeText.sanitized($0) }
            }
            let header = ["STATE", "SEVERITY", "ALERT", "VALUE", "THRESHOLD", "SINCE", "MARKS"]
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            return ([header] + rows).map { row in
                row.indices.map { column in
                    column == row.count - 1 ? row[column] : GateReport.padded(row[column], widths[column])
                }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n") + "\n"
        }
    }

    /// `alerts ack ID`: acknowledges the alert's current occurrence.
    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Acknowledge an alert's current occurrence.",
            discussion: "The acknowledgement is recorded as $USER (else the account name) and does not carry over to a later occurrence.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The alert id, 'rule/scope'.")
        var id: String

        @Option(help: "A note saying why or what is being done.")
        var note: String?

        /// Keeps the process alive after the acknowledgement is written, so that tests can kill it
        /// with SIGKILL and check that nothing was left in a buffer.
        @Flag(help: .private)
        var linger = false

        func run() throws {
            let opened = try store.open()
            let acknowledgement = Acknowledgement(by: AlertUser.current(), atSeconds: Date().timeIntervalSince1970, note: note)
            let occurrence: Int?
            do {
                occurrence = try opened.acknowledge(id: id, acknowledgement)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
            guard let occurrence else {
                throw CommandFailure.usage("no alert '\(id)' in \(opened.path) ('modeltop alerts list' shows the ids)")
            }
            print("acknowledged \(id) (occurrence \(occurrence)) as \(acknowledgement.by)")
            if linger {
                fflush(nil)
                while true { sleep(60) }
            }
        }
    }

    /// `alerts silence ID --for 1h`: silences an alert until a wall time.
    struct SilenceAlert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "silence",
            abstract: "Silence an alert for a while (its actions do not run meanwhile).")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The alert id, 'rule/scope'.")
        var id: String

        @Option(name: .customLong("for"), help: ArgumentHelp("How long: 30m, 1h, 7d.", valueName: "duration"))
        var duration: String = "1h"

        @Option(help: "A note saying why.")
        var note: String?

        func run() throws {
            let seconds = try CommonOptions.seconds(duration, flag: "--for")
            let (opened, config) = try store.openWithConfig()
            let now = Date().timeIntervalSince1970
            let silence = Silence(by: AlertUser.current(), untilSeconds: now + seconds, note: note)
            // With Alertmanager configured, the silence is owed there in the same transaction,
            // then posted here and now: no running modeltop is needed.
            let body = config.alertmanager.map { _ in
                { (rule: String, scope: String) in
                    AlertmanagerPayload.body(AlertmanagerPayload.silence(
                        rule: rule, scope: scope, model: config.alertmanagerModel, by: silence.by, note: silence.note,
                        startsAt: now, endsAt: silence.untilSeconds))
                }
            }
            let known: Bool
            do {
                known = try opened.silence(id: id, silence, alertmanager: body)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
            guard known else {
                throw CommandFailure.usage("no alert '\(id)' in \(opened.path) ('modeltop alerts list' shows the ids)")
            }
            print("silenced \(id) until \(UTCTime.text(silence.untilSeconds)) as \(silence.by)")
            if let settings = config.alertmanager {
                Alerts.deliver(settings: settings, store: opened, id: id, what: "silence") { created in
                    "silenced in Alertmanager \(settings.url)" + (created.map { " as \($0)" } ?? "")
                }
            }
        }
    }

    /// `alerts unsilence ID`: ends a silence early.
    struct Unsilence: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End an alert's silence.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The alert id, 'rule/scope'.")
        var id: String

        func run() throws {
            let (opened, config) = try store.openWithConfig()
            let removed: Bool
            do {
                removed = try opened.unsilence(id: id)
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
            print(removed ? "unsilenced \(id)" : "\(id) was not silenced")
            if let settings = config.alertmanager {
                Alerts.deliver(settings: settings, store: opened, id: id, what: "expiry of the silence") { _ in
                    "expired its silence in Alertmanager \(settings.url)"
                }
            }
        }
    }

    /// Posts what the store owes Alertmanager for the silence of `id` (a silence made, one
    /// ended), prints `done` on success. When Alertmanager cannot be reached the notice stays
    /// owed (a running modeltop delivers it, or the next command) and a warning says so; the
    /// command still succeeds, since the silence here is recorded.
    static func deliver(settings: AlertmanagerSettings, store: AlertStore, id: String, what: String,
                        done: (String?) -> String) {
        let owed = (try? store.owed(alertId: id, kinds: [.expire, .silence])) ?? []
        guard !owed.isEmpty else { return }
        switch AlertmanagerDelivery.deliverNow(settings: settings, store: store, alertId: id, kinds: [.expire, .silence]) {
        case .success(let created):
            print(done(created))
        case .failure(let failure):
            let next = failure.owed
                ? "the \(what) is kept in \(store.path) and delivered by a running modeltop (watch or the dashboard) once Alertmanager answers"
                : "the \(what) is not sent"
            FileStream.standardError.write("modeltop: warning: Alertmanager \(settings.url): \(failure.reason); \(next)\n")
        }
    }
}
