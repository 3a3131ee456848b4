import Foundation
import Synchronization
import Testing
@testable import MonitorEngine
@testable import MonitorAlerts

struct AlertStoreTests {
    static func occurrence(_ id: String = "errors/global", number: Int = 1, state: AlertSnapshot.State = .firing,
                           value: Double = 0.1, since: Double = 1_000) -> StoredOccurrence {
        StoredOccurrence(
            alert: AlertSnapshot(id: id, rule: "errors", scope: "global", severity: "high", state: state, value: value,
                                 threshold: 0.05, comparison: "above", sinceSeconds: since, occurrence: number,
                                 segment: SegmentKey(dimension: "country", value: "BR")),
            firstValue: 0.07, firedAtSeconds: since + 120, lastEventSeconds: since + 300, holdSeconds: 120)
    }

    @Test func occurrencesMarksAndActionsRoundTrip() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("state/model.sqlite"))
        try store.record(Self.occurrence(number: 1, state: .resolved, since: 500))
        try store.record(Self.occurrence(number: 2, value: 0.2))
        #expect(try store.acknowledge(id: "errors/global", Acknowledgement(by: "ana", atSeconds: 2_000, note: "looking")) == 2)
        #expect(try store.acknowledge(id: "unknown/global", Acknowledgement(by: "ana", atSeconds: 2_000, note: nil)) == nil)
        #expect(try store.silence(id: "errors/global", Silence(by: "bo", untilSeconds: 9_000, note: nil)))
        try store.recordAction(id: "errors/global", occurrence: 2,
                               ActionRun(startedAtSeconds: 2_100, exitStatus: 3, timedOut: false, outputTail: ["a", "b"]))

        let latest = try store.latestOccurrences(wallSeconds: 3_000)
        #expect(latest.count == 1)
        let alert = try #require(latest.first?.alert)
        #expect(alert.occurrence == 2)
        #expect(alert.value == 0.2)
        #expect(alert.segment == SegmentKey(dimension: "country", value: "BR"))
        #expect(alert.acknowledged == Acknowledgement(by: "ana", atSeconds: 2_000, note: "looking"))
        #expect(alert.silenced == Silence(by: "bo", untilSeconds: 9_000, note: nil))
        #expect(alert.action == ActionRun(startedAtSeconds: 2_100, exitStatus: 3, timedOut: false, outputTail: ["a", "b"]))
        #expect(latest.first?.firstValue == 0.07)
        #expect(latest.first?.holdSeconds == 120)
        // An expired silence is not listed.
        #expect(try store.latestOccurrences(wallSeconds: 9_000).first?.alert.silenced == nil)
        // History keeps every occurrence, oldest first, with first and last values.
        let history = try store.history(id: "errors/global")
        #expect(history.map(\.alert.occurrence) == [1, 2])
        #expect(history.map(\.alert.state) == [.resolved, .firing])

        #expect(try store.undo(id: "errors/global"))
        let undone = try #require(try store.latestOccurrences(wallSeconds: 3_000).first?.alert)
        #expect(undone.acknowledged == nil && undone.silenced == nil)
        #expect(try !store.undo(id: "errors/global"))
    }

    @Test func updatingAnOccurrenceKeepsItsFirstValue() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("s.sqlite"))
        try store.record(Self.occurrence(value: 0.1))
        var later = Self.occurrence(state: .resolved, value: 0.01)
        later.firstValue = 0.5
        later.alert.resolvedSeconds = 1_900
        try store.record(later)
        let stored = try #require(try store.history(id: "errors/global").first)
        #expect(stored.firstValue == 0.07)
        #expect(stored.alert.value == 0.01)
        #expect(stored.alert.state == .resolved)
        #expect(stored.alert.resolvedSeconds == 1_900)
    }

    @Test func aSecondConnectionSeesTheOthersAcknowledgement() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("shared.sqlite")
        let watcher = try AlertStore(path: path)
        let cli = try AlertStore(path: path)
        try watcher.record(Self.occurrence())
        #expect(try watcher.hasChanged())   // first call
        #expect(try !watcher.hasChanged())  // its own writes do not count
        try cli.acknowledge(id: "errors/global", Acknowledgement(by: "ana", atSeconds: 1, note: nil))
        #expect(try watcher.hasChanged())
        #expect(try watcher.marks(wallSeconds: 0).acknowledgements[OccurrenceKey(id: "errors/global", occurrence: 1)]?.by == "ana")
        #expect(try !watcher.hasChanged())
    }

    /// Two processes opening a new store at once (`watch` starting while `alerts ack` runs, or
    /// a test polling the store a monitor is about to create) both set up its tables: neither
    /// may fail, or the monitor runs in memory and owes Alertmanager nothing. Connections on
    /// four threads open 100 new stores; before the fix about one store in four failed with
    /// "table ... already exists" or "duplicate column name".
    @Test func connectionsOpeningANewStoreAtOnceAllOpenIt() throws {
        let directory = try AlertTestDirectory()
        let failures = Mutex<[String]>([])
        for round in 0..<100 {
            let path = directory.file("race/\(round).sqlite")
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let store = try AlertStore(path: path)
                    _ = try store.latestOccurrences(wallSeconds: 0)
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { Set($0) })")
    }

    @Test func aStoreUnderARegularFileIsAnErrorNamingTheDirectory() {
        // Tests may run as root, which ignores permissions: a path below a regular file fails for anyone.
        #expect {
            _ = try AlertStore(path: "/dev/null/modeltop/state.sqlite")
        } throws: { error in
            let error = error as? AlertStoreError
            return error?.path == "/dev/null/modeltop/state.sqlite"
                && error?.operation == "create the directory /dev/null/modeltop"
                && error?.description.hasPrefix("alert store /dev/null/modeltop/state.sqlite: cannot create the directory") == true
        }
    }

    @Test func aCorruptedFileIsAnErrorSayingSo() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("broken.sqlite")
        try Data(repeating: 0x5A, count: 8_192).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try AlertStore(path: path)
        } throws: { error in
            let error = error as? AlertStoreError
            return error?.operation == "open" && error?.reason == "file is not a database"
        }
    }

    @Test func aDirectoryInPlaceOfTheFileIsAnError() throws {
        let directory = try AlertTestDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("taken.sqlite"), withIntermediateDirectories: true)
        #expect(throws: AlertStoreError.self) { _ = try AlertStore(path: directory.file("taken.sqlite")) }
    }
}

/// A store is a file that anyone with access to it can edit: a value of the wrong kind must not
/// stop the program (GRDB's typed subscript traps: `Row.swift: Fatal error`, exit 132, on every
/// start of the service).
struct DamagedStoreTests {
    /// SQL that remakes `table` with the same columns and no constraints.
    static func withoutConstraints(_ table: String) -> String {
        "CREATE TABLE copy AS SELECT * FROM \(table); DROP TABLE \(table); ALTER TABLE copy RENAME TO \(table);\n"
    }

    @Test(arguments: [
        "UPDATE occurrence SET since = 'abc' WHERE occurrence = 2",
        "UPDATE occurrence SET occurrence = 1e300 WHERE occurrence = 2",
        // NOT NULL holds only while the table is the store's own: another program can remake it.
        DamagedStoreTests.withoutConstraints("occurrence") + "UPDATE occurrence SET rule = NULL WHERE occurrence = 2",
        "UPDATE occurrence SET last_event = 9e999 WHERE occurrence = 2",
    ])
    func aDamagedOccurrenceIsSkippedAndNamed(_ damage: String) throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("s.sqlite")
        let store = try AlertStore(path: path)
        try store.record(AlertStoreTests.occurrence("a/global", number: 2))
        try store.record(AlertStoreTests.occurrence("b/global", number: 1))
        try store.executeUnchecked(damage)

        let reopened = try AlertStore(path: path)
        let latest = try reopened.latestOccurrences(wallSeconds: 3_000)
        #expect(latest.map(\.alert.id) == ["b/global"])
        let message = try #require(reopened.damage)
        #expect(message.contains("skipped 1 damaged row"))
        #expect(message.contains("occurrence 'a/global'"))
        #expect(try reopened.history(id: "a/global").isEmpty)
    }

    @Test func damagedMarksAndRunsAreSkipped() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("s.sqlite")
        let store = try AlertStore(path: path)
        try store.record(AlertStoreTests.occurrence("a/global", number: 1))
        try store.record(AlertStoreTests.occurrence("b/global", number: 1))
        try store.silence(id: "a/global", Silence(by: "bo", untilSeconds: 4_102_444_800, note: nil))
        try store.silence(id: "b/global", Silence(by: "bo", untilSeconds: 4_102_444_800, note: nil))
        try store.acknowledge(id: "a/global", Acknowledgement(by: "ana", atSeconds: 2_000, note: nil))
        try store.recordAction(id: "a/global", occurrence: 1,
                               ActionRun(startedAtSeconds: 2_100, exitStatus: 0, timedOut: false, outputTail: []))
        try store.executeUnchecked(Self.withoutConstraints("silence") + """
            UPDATE silence SET by = NULL WHERE alert_id = 'a/global';
            UPDATE acknowledgement SET at = 'noon';
            UPDATE action_run SET timed_out = 'x';
            """)
        let reopened = try AlertStore(path: path)
        let latest = try reopened.latestOccurrences(wallSeconds: 3_000)
        let a = try #require(latest.first { $0.alert.id == "a/global" }?.alert)
        #expect(a.silenced == nil && a.acknowledged == nil && a.action == nil)
        #expect(latest.first { $0.alert.id == "b/global" }?.alert.silenced?.by == "bo")
        #expect(reopened.damage?.contains("skipped 3 damaged rows") == true)
        #expect(reopened.damage?.contains("silence 'a/global': bad 'by'") == true)
    }

    @Test func aMonitorStartsOnADamagedStoreAndSaysSo() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("s.sqlite")
        let store = try AlertStore(path: path)
        try store.record(AlertStoreTests.occurrence("a/global", number: 1))
        try store.executeUnchecked("UPDATE occurrence SET since = 'abc'")
        let monitor = AlertMonitor(config: MonitorConfig(), store: try AlertStore(path: path))
        #expect(monitor.alerts.isEmpty)
        #expect(monitor.storeDamage?.contains("occurrence 'a/global' #1: bad 'since'") == true)
    }
}

/// Whoever can write the store decides which alerts page someone: it is its owner's alone.
struct StoreOwnershipTests {
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }

    @Test func aNewStoreAndItsDirectoryAreTheOwnersAlone() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("state/deeper/model.sqlite")
        let store = try AlertStore(path: path)
        try store.record(AlertStoreTests.occurrence())
        #expect(Self.mode(directory.file("state")) == 0o700)
        #expect(Self.mode(directory.file("state/deeper")) == 0o700)
        #expect(Self.mode(path) == 0o600)
        // SQLite makes its side files with the database's mode.
        #expect(Self.mode(path + "-wal") == 0o600)
        #expect(Self.mode(path + "-shm") == 0o600)
    }

    @Test func aStoreOthersMayReadIsMadePrivate() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("old.sqlite")
        _ = try AlertStore(path: path)
        chmod(path, 0o644)
        _ = try AlertStore(path: path)
        #expect(Self.mode(path) == 0o600)
    }

    @Test func aLinkAtTheStatePathIsNotFollowed() throws {
        let directory = try AlertTestDirectory()
        let victim = directory.file("victim.conf")
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let path = directory.file("shared/model.sqlite")
        try FileManager.default.createDirectory(atPath: directory.file("shared"), withIntermediateDirectories: true)
        symlink(victim, path)
        #expect {
            _ = try AlertStore(path: path)
        } throws: { error in
            let error = error as? AlertStoreError
            return error?.path == path && error?.reason.contains("is a symbolic link") == true
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")

        // Nor a link in place of the write-ahead log.
        let other = directory.file("shared/other.sqlite")
        symlink(victim, other + "-wal")
        #expect(throws: AlertStoreError.self) { _ = try AlertStore(path: other) }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious\n")
    }

    @Test func aStoreOfAnotherUserIsRefused() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("theirs.sqlite")
        _ = try AlertStore(path: path)
        let me = geteuid()
        let message: (any Error) -> Bool = { error in
            (error as? AlertStoreError)?.description.contains("\(path) belongs to another user") == true
        }
        // As root (CI), the file really changes hands; otherwise the check is told who "I" am.
        if me == 0 {
            #expect(chown(path, 4_242, 4_242) == 0)
            #expect(performing: { _ = try AlertStore(path: path) }, throws: message)
        } else {
            #expect(performing: { _ = try AlertStore(path: path, owner: me + 1) }, throws: message)
        }
    }

    @Test func aStoreOthersMayWriteIsRefused() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("open.sqlite")
        _ = try AlertStore(path: path)
        chmod(path, 0o666)
        #expect {
            _ = try AlertStore(path: path)
        } throws: { error in
            (error as? AlertStoreError)?.reason.contains("writable by its group or by others") == true
        }
    }

    @Test func theMonitorRunsOnWithTheRefusalShown() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("link.sqlite")
        symlink(directory.file("elsewhere.sqlite"), path)
        var config = MonitorConfig()
        config.state = path
        let monitor = AlertMonitor.opening(config: config, statePath: nil, runner: nil)
        #expect(monitor.storeError?.description.contains("alert store \(path): cannot open: \(path) is a symbolic link") == true)
        #expect(!FileManager.default.fileExists(atPath: directory.file("elsewhere.sqlite")))
    }
}

/// The store keeps what is useful, not everything that ever fired.
struct StoreRetentionTests {
    static func resolved(_ id: String, _ number: Int, endingAt end: Double) -> StoredOccurrence {
        var stored = AlertStoreTests.occurrence(id, number: number, state: .resolved, since: end - 600)
        stored.lastEventSeconds = end
        stored.alert.resolvedSeconds = end
        return stored
    }

    @Test func oldAndSurplusResolvedOccurrencesGoWithTheirMarks() throws {
        let directory = try AlertTestDirectory()
        let store = try AlertStore(path: directory.file("s.sqlite"))
        let day = 86_400.0
        // Ten resolved occurrences a day apart, one still firing from long ago.
        for index in 1...10 { try store.record(Self.resolved("a/global", index, endingAt: Double(index) * day)) }
        try store.record(AlertStoreTests.occurrence("open/global", number: 1, since: 0))
        try store.acknowledge(id: "a/global", occurrence: 1, Acknowledgement(by: "ana", atSeconds: 1, note: nil))
        try store.recordAction(id: "a/global", occurrence: 1, ActionRun(startedAtSeconds: 1, exitStatus: 0, timedOut: false, outputTail: []))
        try store.silence(id: "a/global", Silence(by: "bo", untilSeconds: 5, note: nil))

        // 3.5 days of age keeps days 7 to 10.
        #expect(try store.prune(maxAgeSeconds: 3.5 * day, maxResolved: 100, wallSeconds: 10) == 6)
        #expect(try store.history(id: "a/global").map(\.alert.occurrence) == [7, 8, 9, 10])
        #expect(try store.history(id: "open/global").count == 1)
        // A count of 2 keeps the newest two.
        #expect(try store.prune(maxAgeSeconds: 100 * day, maxResolved: 2, wallSeconds: 10) == 2)
        #expect(try store.history(id: "a/global").map(\.alert.occurrence) == [9, 10])
        #expect(try store.history(id: "open/global").count == 1)
        // The marks of deleted occurrences went with them: a later occurrence 1 starts clean.
        try store.record(AlertStoreTests.occurrence("a/global", number: 1, since: 20 * day))
        let marks = try store.marks(wallSeconds: 0)
        #expect(marks.acknowledgements.isEmpty)
        #expect(marks.silences.isEmpty)
    }

    @Test func aMonitorAppliesTheConfiguredRetentionAtStart() throws {
        let directory = try AlertTestDirectory()
        let path = directory.file("s.sqlite")
        let store = try AlertStore(path: path)
        for index in 1...50 { try store.record(Self.resolved("a/global", index, endingAt: Double(index) * 60)) }
        var config = try MonitorConfig.parse(yaml: "alert_retention: 10m\nalert_max_occurrences: 5\n", path: "m.yaml")
        #expect(config.alertRetention.seconds == 600 && config.alertMaxOccurrences == 5)
        config.state = path
        _ = AlertMonitor(config: config, store: try AlertStore(path: path))
        #expect(try store.history(id: "a/global").map(\.alert.occurrence) == [46, 47, 48, 49, 50])
        // Defaults: 30 days, 10,000 occurrences.
        #expect(MonitorConfig().alertRetention.seconds == 30 * 86_400 && MonitorConfig().alertMaxOccurrences == 10_000)
    }
}
