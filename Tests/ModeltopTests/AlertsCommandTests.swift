import Foundation
import MonitorEngine
import Testing
import MonitorAlerts

/// `modeltop alerts ...` on a real store, through the real binary.
struct AlertsCommandTests {
    static func seed(_ path: String) throws {
        let store = try AlertStore(path: path)
        for (id, scope, occurrence, state) in [("feature drift/feature:amount", "feature:amount", 2, AlertSnapshot.State.firing),
                                               ("latency spike/global", "global", 1, .resolved)] {
            var alert = AlertSnapshot(id: id, rule: String(id.split(separator: "/")[0]), scope: scope, severity: "high",
                                      state: state, value: 0.31, threshold: 0.2, comparison: "above",
                                      sinceSeconds: 1_793_000_000, occurrence: occurrence)
            if state == .resolved { alert.resolvedSeconds = 1_793_000_600 }
            try store.record(StoredOccurrence(alert: alert, firstValue: 0.25, firedAtSeconds: 1_793_000_060,
                                              lastEventSeconds: 1_793_000_600, holdSeconds: 60))
        }
    }

    /// Runs the binary with an environment of our own (the user name is part of the output).
    static func run(_ arguments: [String], environment: [String: String] = ["USER": "ana"],
                    in directory: URL? = nil) throws -> ModeltopProcess.Result {
        let process = Process()
        process.executableURL = ModeltopProcess.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return .init(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                     stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func listOfAMissingStoreIsEmptyAndCreatesNothing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("none.sqlite").path
        let text = try Self.run(["alerts", "list", "--state", path])
        #expect(text.status == 0)
        #expect(text.stdout == "no alerts\n")
        let json = try Self.run(["alerts", "list", "--state", path, "--format", "json"])
        #expect(json.stdout == "[]\n")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func ackSilenceUnsilenceShowInTheJSONList() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("state.sqlite").path
        try Self.seed(path)
        let id = "feature drift/feature:amount"

        let before = try JSONReport(try Self.run(["alerts", "list", "--state", path, "--format", "json"]).stdout)
        #expect(before["0", "id"] as? String == id)
        #expect(before["0", "state"] as? String == "firing")
        #expect(before["0", "since"] as? String == "2026-10-26T07:33:20Z")
        #expect(before["0", "occurrence"] as? Int == 2)
        #expect(before["0", "acknowledged"] is NSNull)
        #expect(before["0", "silenced"] is NSNull)
        #expect(before["1", "id"] as? String == "latency spike/global")
        #expect(before["1", "resolved"] as? String == "2026-10-26T07:43:20Z")
        let keys = Set(((before["0"] as? [String: Any]) ?? [:]).keys)
        #expect(keys.isSuperset(of: ["id", "rule", "scope", "severity", "state", "value", "threshold", "since", "acknowledged", "silenced"]))

        let ack = try Self.run(["alerts", "ack", id, "--note", "retraining", "--state", path])
        #expect(ack.status == 0)
        #expect(ack.stdout == "acknowledged \(id) (occurrence 2) as ana\n")
        let start = Date().timeIntervalSince1970
        let silence = try Self.run(["alerts", "silence", id, "--for", "2h", "--note", "deploy", "--state", path], environment: ["USER": "bo"])
        #expect(silence.status == 0)
        #expect(silence.stdout.hasPrefix("silenced \(id) until "))

        let after = try JSONReport(try Self.run(["alerts", "list", "--state", path, "--format", "json"]).stdout)
        #expect(after["0", "acknowledged", "by"] as? String == "ana")
        #expect(after["0", "acknowledged", "note"] as? String == "retraining")
        #expect((after["0", "acknowledged", "at"] as? String)?.hasSuffix("Z") == true)
        #expect(after["0", "silenced", "by"] as? String == "bo")
        #expect(after["0", "silenced", "note"] as? String == "deploy")
        let store = try AlertStore(path: path)
        let until = try #require(try store.latestOccurrences(wallSeconds: start).first { $0.alert.id == id }?.alert.silenced?.untilSeconds)
        #expect(abs(until - (start + 7_200)) < 30)

        let text = try Self.run(["alerts", "list", "--state", path])
        #expect(text.stdout.contains("acknowledged by ana at "))
        #expect(text.stdout.contains(": retraining; silenced by bo until "))
        #expect(text.stdout.hasPrefix("STATE     SEVERITY  ALERT"))

        let unsilence = try Self.run(["alerts", "unsilence", id, "--state", path])
        #expect(unsilence.stdout == "unsilenced \(id)\n")
        let again = try JSONReport(try Self.run(["alerts", "list", "--state", path, "--format", "json"]).stdout)
        #expect(again["0", "silenced"] is NSNull)
        #expect(again["0", "acknowledged", "by"] as? String == "ana")
    }

    @Test func unknownIdsBadDurationsAndBrokenStoresAreErrors() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("state.sqlite").path
        try Self.seed(path)
        let unknown = try Self.run(["alerts", "ack", "nope/global", "--state", path])
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "modeltop: no alert 'nope/global' in \(path) ('modeltop alerts list' shows the ids)\n")
        let duration = try Self.run(["alerts", "silence", "latency spike/global", "--for", "soon", "--state", path])
        #expect(duration.status == 2)
        #expect(duration.stderr.contains("--for: 'soon' is not a duration (like 30s, 15m, 1h, 1h30m, 7d)"))
        // A bare number names no unit: refused, as the dashboard's silence prompt refuses it.
        let bare = try Self.run(["alerts", "silence", "latency spike/global", "--for", "90", "--state", path])
        #expect(bare.status == 2)
        #expect(bare.stderr == "modeltop: --for: '90' has no unit: write 90m for minutes (or 90s, 90h, 90d)\n")
        let broken = try directory.write("broken.sqlite", Data(repeating: 0x41, count: 4_096))
        let corrupted = try Self.run(["alerts", "list", "--state", broken])
        #expect(corrupted.status == 3)
        #expect(corrupted.stderr == "modeltop: alert store \(broken): cannot open: file is not a database\n")
        let unwritable = try Self.run(["alerts", "ack", "x/global", "--state", "/dev/null/modeltop/state.sqlite"])
        #expect(unwritable.status == 3)
        #expect(unwritable.stderr.hasPrefix("modeltop: alert store /dev/null/modeltop/state.sqlite: cannot create the directory /dev/null/modeltop"))
    }

    @Test func theStoreIsFoundThroughTheConfigurationAndXDGStateHome() throws {
        let directory = try TemporaryDirectory()
        try directory.write("conf/modeltop.yaml", "model: fraud/detector\nstate: alerts/here.sqlite\n")
        let configured = directory.url.appendingPathComponent("conf/alerts/here.sqlite").path
        try Self.seed(configured)
        let byConfig = try Self.run(["alerts", "list", "--config", directory.url.appendingPathComponent("conf/modeltop.yaml").path])
        #expect(byConfig.stdout.contains("feature drift/feature:amount"))

        try directory.write("conf2/modeltop.yaml", "model: fraud/detector\n")
        let xdg = directory.url.appendingPathComponent("xdg").path
        try Self.seed(xdg + "/modeltop/fraud_detector.sqlite")
        let byXDG = try Self.run(["alerts", "list"], environment: ["XDG_STATE_HOME": xdg],
                                 in: directory.url.appendingPathComponent("conf2"))
        #expect(byXDG.status == 0)
        #expect(byXDG.stdout.contains("latency spike/global"))

        try directory.write("bad/modeltop.yaml", "model: x\nalerts:\n  - name: a\n    metric: nope\n")
        let bad = try Self.run(["alerts", "list"], in: directory.url.appendingPathComponent("bad"))
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("modeltop.yaml:4"))
    }

    @Test func withStateABrokenConfigurationInTheDirectoryIsNotInTheWay() throws {
        let directory = try TemporaryDirectory()
        try directory.write("bad/modeltop.yaml", "model: x\nalerts:\n  - name: a\n    metric: nope\n")
        let here = directory.url.appendingPathComponent("bad")
        let path = directory.url.appendingPathComponent("state.sqlite").path
        try Self.seed(path)
        let list = try Self.run(["alerts", "list", "--state", path], in: here)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stderr.isEmpty, "\(list.stderr)")
        #expect(list.stdout.contains("feature drift/feature:amount"))
        let ack = try Self.run(["alerts", "ack", "feature drift/feature:amount", "--state", path], in: here)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stderr.isEmpty, "\(ack.stderr)")
        // Silencing reads the configuration for Alertmanager: a broken one is a warning, and the
        // silence is recorded here.
        let silence = try Self.run(["alerts", "silence", "feature drift/feature:amount", "--for", "1h", "--state", path], in: here)
        #expect(silence.status == 0, "\(silence.stderr)")
        #expect(silence.stderr.hasPrefix("modeltop: warning: "), "\(silence.stderr)")
        #expect(silence.stderr.contains("modeltop.yaml:4"), "\(silence.stderr)")
        let unsilence = try Self.run(["alerts", "unsilence", "feature drift/feature:amount", "--state", path], in: here)
        #expect(unsilence.status == 0, "\(unsilence.stderr)")
        #expect(unsilence.stdout == "unsilenced feature drift/feature:amount\n")
    }

    @Test func anAcknowledgementSurvivesKillDashNineRightAfterIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("state.sqlite").path
        try Self.seed(path)
        let process = Process()
        process.executableURL = ModeltopProcess.executable
        process.arguments = ["alerts", "ack", "feature drift/feature:amount", "--note", "before the crash", "--state", path, "--linger"]
        process.environment = ProcessInfo.processInfo.environment.merging(["USER": "ana"]) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for the line that says the acknowledgement was written, then kill without warning.
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(String(decoding: seen, as: UTF8.self) == "acknowledged feature drift/feature:amount (occurrence 2) as ana\n")
        // A new process opens the store and finds it.
        let list = try JSONReport(try Self.run(["alerts", "list", "--state", path, "--format", "json"]).stdout)
        #expect(list["0", "acknowledged", "note"] as? String == "before the crash")
        #expect(list["0", "acknowledged", "by"] as? String == "ana")
    }
}

/// `modeltop watch --headless`: the service form, through the real binary.
struct WatchHeadlessTests {
    @Test func aReplayPrintsEveryEpisodeAtItsEventTime() throws {
        let directory = try TemporaryDirectory()
        let data = try EndToEndTests.copyOfSampleData()
        let state = directory.url.appendingPathComponent("state.sqlite").path
        let process = Process()
        process.executableURL = ModeltopProcess.executable
        process.currentDirectoryURL = data.url
        process.arguments = ["watch", "--headless", "--config", "modeltop.yaml", "--state", state]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The four hours are read at once; every transition comes out as the buckets pass, the
        // last bucket's once the replay has caught up (a bucket of wall time later at most).
        // The debug build catches up in about 25 s on an idle machine; the deadline leaves room for
        // a loaded one (the loop ends as soon as the last alert fires).
        var seen = Data()
        let deadline = Date().addingTimeInterval(180)
        func firedLast() -> Bool {
            String(decoding: seen, as: UTF8.self).split(separator: "\n").contains {
                $0.hasPrefix(#"{"event":"firing""#) && $0.contains(#""rule":"missing feature values""#)
            }
        }
        while Date() < deadline, !firedLast() {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let lines = try String(decoding: seen, as: UTF8.self).split(separator: "\n").map { try JSONReport(String($0)) }
        let events = lines.map { "\($0["event"] as? String ?? "?") \($0["rule"] as? String ?? "?") \($0["at"] as? String ?? "?")" }
        // The ten-minute latency spike from 08:40 fires within minutes of it (rule `for: 2m`),
        // not at the log's end; the drift in Brazil from 09:20 fires before 10:00.
        #expect(events.contains { $0.hasPrefix("firing latency spike 2026-11-02T08:4") }, "\(events)")
        #expect(events.contains { $0.hasPrefix("firing amount drift in Brazil 2026-11-02T09:") || $0.hasPrefix("firing amount drift in Brazil 2026-11-02T10:") }, "\(events)")
        #expect(events.contains { $0.hasPrefix("firing missing feature values 2026-11-02T1") }, "\(events)")
    }

    @Test func transitionsPrintAsJSONLinesActionsRunAndSIGTERMEndsCleanly() throws {
        let directory = try TemporaryDirectory()
        let sample = CheckCommandTests.sampleData
        let record = try directory.write("record.sh", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/action.txt\"\necho triggered\n")
        chmod(record, 0o755)
        let bytes = try Data(contentsOf: sample.appendingPathComponent("predictions.jsonl"))
        let newlines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        let log = try directory.write("predictions.jsonl", bytes.prefix(through: newlines[999]))
        let config = try directory.write("modeltop.yaml", """
            model: fraud-detector
            reference: \(sample.appendingPathComponent("reference.csv").path)
            window: 1h
            alerts:
              - name: slow
                metric: latency_p99
                scope: global
                above: 10
                severity: critical
                action: ["\(record)", "{rule}", "{scope}", "{severity}"]
            """)
        let state = directory.url.appendingPathComponent("state.sqlite").path
        let process = Process()
        process.executableURL = ModeltopProcess.executable
        process.arguments = ["watch", "--headless", log, "--config", config, "--state", state]
        process.environment = ProcessInfo.processInfo.environment.merging(["USER": "ana"]) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        let line = try JSONReport(String(decoding: seen.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self))
        #expect(line["event"] as? String == "firing")
        #expect(line["id"] as? String == "slow/global")
        #expect(line["severity"] as? String == "critical")
        #expect((line["value"] as? Double).map { $0 > 10 } == true)

        // Acknowledged from another process while it runs.
        let ack = try AlertsCommandTests.run(["alerts", "ack", "slow/global", "--state", state])
        #expect(ack.status == 0)
        // The action starts once the file's existing content is read (the next snapshot); the
        // store says when it has finished.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let runs = try? AlertStore(path: state).latestOccurrences(wallSeconds: 0).first?.alert.action
            if runs?.exitStatus != nil { break }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
        let action = try String(contentsOf: directory.url.appendingPathComponent("action.txt"), encoding: .utf8)
        #expect(action == "slow\nglobal\ncritical\n")
        let list = try JSONReport(try AlertsCommandTests.run(["alerts", "list", "--state", state, "--format", "json"]).stdout)
        #expect(list["0", "state"] as? String == "firing")
        #expect(list["0", "acknowledged", "by"] as? String == "ana")
        #expect(list["0", "action", "exit_status"] as? Int == 0)
        #expect(list["0", "action", "output_tail"] as? [String] == ["triggered"])
    }
}
