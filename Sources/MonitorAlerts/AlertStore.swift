import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import MonitorEngine
import MonitorRules

/// The alert store: one SQLite file (`state:` in the configuration) shared by every modeltop on
/// the machine that watches the same model: occurrences with their first and last values,
/// acknowledgements, silences and action runs.
///
/// WAL journal, so readers never block the writer, and `synchronous = FULL`, so an
/// acknowledgement is on disk when `acknowledge` returns (it survives `kill -9` a moment later).
/// Another process's changes are noticed cheaply with `PRAGMA data_version` (`hasChanged()`).
/// Every failure is an `AlertStoreError` naming the file and the operation.
public final class AlertStore: Sendable {
    /// The store's file.
    public let path: String
    private let queue: DatabaseQueue
    /// The last `data_version` seen by `hasChanged()`.
    private let seenVersion = LockedValue<Int?>(nil)
    /// What was wrong with the rows skipped so far, each once.
    private let skippedRows = LockedValue<[String]>([])

    /// Rows skipped since the store was opened because a value was not what the schema says
    /// (text where a time belongs, a missing name, a number too large to count occurrences
    /// with), named in one line for the screen and stderr; `nil` when none was.
    public var damage: String? {
        let skipped = skippedRows.withLock { $0 }
        guard !skipped.isEmpty else { return nil }
        let shown = skipped.prefix(3).joined(separator: "; ")
        let more = skipped.count > 3 ? "; and \(skipped.count - 3) more" : ""
        return "alert store \(path): skipped \(skipped.count) damaged row\(skipped.count == 1 ? "" : "s") (\(shown)\(more))"
    }

    /// Opens (creating it and its directory when needed) the store at `path`.
    ///
    /// The store decides which alerts page someone, so only its owner may have written it: a
    /// directory it creates is 0700 and the file (and SQLite's `-wal` and `-shm` beside it) 0600;
    /// a symbolic link at any of these paths is refused rather than followed (a link planted in
    /// a shared directory would have the store overwrite its target), and so is a file owned by
    /// a user other than `owner` or writable by group or others (whoever made it could silence
    /// every alert). A file of the owner's that others may read is made 0600.
    public init(path: String, owner: uid_t = geteuid()) throws(AlertStoreError) {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, let failure = PrivateDirectory.make(directory) {
            throw AlertStoreError(path: path, operation: "create the directory \(directory)", reason: failure)
        }
        let checked: FileIdentity
        do throws(UnsafeStore) {
            checked = try Self.claimFile(path, owner: owner)
            for suffix in ["-wal", "-shm", "-journal"] { _ = try Self.checkSideFile(path + suffix, owner: owner) }
        } catch {
            throw AlertStoreError(path: path, operation: "open", reason: error.reason)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "modeltop alert store"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try Self.whileLocked {
                try queue.writeWithoutTransaction { db in
                    _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                }
            }
            try Self.migrate(queue)
        } catch {
            throw AlertStoreError(path: path, operation: "open", reason: Self.reason(error))
        }
        // What SQLite opened is what was checked: the name was not swapped for a link meanwhile.
        do throws(UnsafeStore) {
            guard try Self.checkSideFile(path, owner: owner) == checked else {
                throw UnsafeStore(reason: "the file was replaced while it was being opened")
            }
            for suffix in ["-wal", "-shm"] { _ = try Self.checkSideFile(path + suffix, owner: owner) }
        } catch {
            throw AlertStoreError(path: path, operation: "open", reason: error.reason)
        }
    }

    /// Why a path may not serve as (part of) the store.
    struct UnsafeStore: Error {
        var reason: String
    }

    /// The identity of a file, to tell whether a name still holds the file checked.
    struct FileIdentity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    /// Creates the store's file 0600 when it does not exist (never through a link), or checks
    /// the one there; returns its identity.
    static func claimFile(_ path: String, owner: uid_t) throws(UnsafeStore) -> FileIdentity {
        if let identity = try checkSideFile(path, owner: owner) { return identity }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor < 0 {
            let code = errno
            // Made by someone else between the check and the creation: check what is there.
            if code == EEXIST, let identity = try checkSideFile(path, owner: owner) { return identity }
            throw UnsafeStore(reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        _ = fchmod(descriptor, 0o600)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw UnsafeStore(reason: String(cString: strerror(errno))) }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Checks an existing file of the store (`nil` when there is none): not a link, a regular
    /// file, `owner`'s, writable by no one else; made 0600 when others may read it.
    static func checkSideFile(_ path: String, owner: uid_t) throws(UnsafeStore) -> FileIdentity? {
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT { return nil }
            throw UnsafeStore(reason: "\(path): \(String(cString: strerror(errno)))")
        }
        let kind = status.st_mode & S_IFMT
        if kind == S_IFLNK {
            throw UnsafeStore(reason: "\(path) is a symbolic link; the store is never opened through one (remove it, or set 'state:' to a file of your own)")
        }
        if kind == S_IFDIR {
            throw UnsafeStore(reason: "\(path) is a directory")
        }
        guard kind == S_IFREG else {
            throw UnsafeStore(reason: "\(path) is not a regular file")
        }
        if status.st_uid != owner {
            throw UnsafeStore(reason: "\(path) belongs to another user (uid \(status.st_uid)): whoever can write the store can silence every alert; "
                + "remove it, or set 'state:' to a file of your own")
        }
        if status.st_mode & 0o022 != 0 {
            throw UnsafeStore(reason: "\(path) is writable by its group or by others (mode \(String(status.st_mode & 0o777, radix: 8))): "
                + "whoever can write the store can silence every alert; make it private with chmod 600")
        }
        if status.st_mode & 0o044 != 0 {
            // A store made by an earlier version (0644): notes, user names and action output
            // are for its owner only.
            let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
            if descriptor >= 0 {
                _ = fchmod(descriptor, status.st_mode & 0o700)
                close(descriptor)
            }
        }
        return FileIdentity(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Brings the schema up to date. GRDB reads which migrations are applied before it takes
    /// the write lock for each one, so two processes opening a new store at once (`watch`
    /// starting while `alerts ack` runs) can both run the same migration: the later one's
    /// transaction rolls back (SQLite's plain error, "table already exists", or a constraint on
    /// GRDB's own table) and reading again sees the earlier one's work. Each such failure means
    /// another connection applied a migration meanwhile, so there are at most as many as there
    /// are migrations; any other error is thrown at once, as it came.
    static func migrate(_ queue: DatabaseQueue) throws {
        let migrator = Self.migrator
        var conflicts = 0
        while true {
            do {
                try whileLocked { try migrator.migrate(queue) }
                return
            } catch let error as DatabaseError
                        where (error.resultCode == .SQLITE_ERROR || error.resultCode == .SQLITE_CONSTRAINT)
                        && conflicts < migrator.migrations.count {
                conflicts += 1
                let completed = try? whileLocked { try queue.read { try migrator.hasCompletedMigrations($0) } }
                if completed == true { return }
            }
        }
    }

    /// Runs `body` again while SQLite answers "database is locked" at once, until five seconds
    /// (the busy timeout) have passed since the first try; a try that waited out the busy
    /// timeout itself ends it, so the whole takes ten seconds at the most. SQLite answers
    /// without waiting where waiting could deadlock: switching a new file to WAL while another
    /// connection has it open is one case.
    static func whileLocked<T>(_ body: () throws -> T) throws -> T {
        let deadline = Date().addingTimeInterval(5)
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && Date() < deadline {
                usleep(10_000)
            }
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE occurrence (
                    alert_id TEXT NOT NULL, occurrence INTEGER NOT NULL,
                    rule TEXT NOT NULL, scope TEXT NOT NULL, severity TEXT NOT NULL, state TEXT NOT NULL,
                    comparison TEXT NOT NULL, threshold REAL NOT NULL,
                    first_value REAL, last_value REAL,
                    since REAL NOT NULL, fired_at REAL, resolved_at REAL,
                    last_event REAL NOT NULL, hold_seconds REAL NOT NULL,
                    feature TEXT, segment_dimension TEXT, segment_value TEXT,
                    PRIMARY KEY (alert_id, occurrence));
                CREATE TABLE acknowledgement (
                    alert_id TEXT NOT NULL, occurrence INTEGER NOT NULL,
                    by TEXT NOT NULL, at REAL NOT NULL, note TEXT,
                    PRIMARY KEY (alert_id, occurrence));
                CREATE TABLE silence (
                    alert_id TEXT PRIMARY KEY NOT NULL,
                    by TEXT NOT NULL, until REAL NOT NULL, note TEXT);
                CREATE TABLE action_run (
                    alert_id TEXT NOT NULL, occurrence INTEGER NOT NULL, started_at REAL NOT NULL,
                    exit_status INTEGER, timed_out INTEGER NOT NULL, output_tail TEXT NOT NULL,
                    PRIMARY KEY (alert_id, occurrence, started_at));
                """)
        }
        migrator.registerMigration("v2") { db in
            // Which inputs the store last served, to tell two streams of one model name apart.
            try db.execute(sql: "CREATE TABLE served (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)")
        }
        migrator.registerMigration("v3") { db in
            // Retention deletes resolved occurrences by age and count; the lists read the latest
            // occurrence of each alert and only its marks and runs.
            try db.execute(sql: """
                CREATE INDEX occurrence_by_state_and_event ON occurrence (state, last_event);
                CREATE INDEX action_run_by_occurrence ON action_run (alert_id, occurrence, started_at);
                """)
        }
        migrator.registerMigration("v4") { db in
            // Alertmanager delivery (docs/alertmanager.md): the wall time an occurrence started
            // firing here (its `startsAt`), the Alertmanager id of a silence made here, and the
            // outbox of what is owed to Alertmanager, deleted only once it answered 2xx.
            try db.execute(sql: """
                ALTER TABLE occurrence ADD COLUMN started_wall REAL;
                ALTER TABLE silence ADD COLUMN alertmanager_id TEXT;
                CREATE TABLE alertmanager_outbox (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL, alert_id TEXT NOT NULL, occurrence INTEGER,
                    body TEXT NOT NULL, revision INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
                CREATE INDEX alertmanager_outbox_by_alert ON alertmanager_outbox (alert_id, occurrence, kind);
                """)
        }
        return migrator
    }

    /// Deletes resolved occurrences that ended more than `maxAgeSeconds` of event time before
    /// the newest event the store has seen, and all but the newest `maxResolved` resolved
    /// ones, with their acknowledgements and action runs; and silences that ended before
    /// `wallSeconds`. Open (pending, firing) occurrences are never deleted. Returns the number
    /// of occurrences deleted.
    @discardableResult
    public func prune(maxAgeSeconds: Double, maxResolved: Int, wallSeconds: Double) throws(AlertStoreError) -> Int {
        try write("apply the retention") { db -> Int in
            var deleted = 0
            if let newest = try Double.fetchOne(db, sql: "SELECT MAX(last_event) FROM occurrence WHERE state = 'resolved'") {
                try db.execute(sql: "DELETE FROM occurrence WHERE state = 'resolved' AND last_event < ?",
                               arguments: [newest - maxAgeSeconds])
                deleted += db.changesCount
            }
            try db.execute(sql: """
                DELETE FROM occurrence WHERE rowid IN (
                    SELECT rowid FROM occurrence WHERE state = 'resolved' ORDER BY last_event DESC LIMIT -1 OFFSET ?)
                """, arguments: [max(0, maxResolved)])
            deleted += db.changesCount
            if deleted > 0 {
                for table in ["acknowledgement", "action_run"] {
                    try db.execute(sql: """
                        DELETE FROM \(table) WHERE NOT EXISTS (SELECT 1 FROM occurrence o
                            WHERE o.alert_id = \(table).alert_id AND o.occurrence = \(table).occurrence)
                        """)
                }
            }
            try db.execute(sql: "DELETE FROM silence WHERE until < ?", arguments: [wallSeconds])
            return deleted
        }
    }

    /// Records that the store now serves `inputs` (a description of the prediction sources) and
    /// returns what it served before when that was something else; `nil` the first time and
    /// when the inputs are the same.
    public func claim(inputs: String) throws(AlertStoreError) -> String? {
        try write("record the inputs served") { db in
            let previous = try String.fetchOne(db, sql: "SELECT value FROM served WHERE key = 'inputs'")
            try db.execute(sql: "INSERT OR REPLACE INTO served (key, value) VALUES ('inputs', ?)", arguments: [inputs])
            return previous == inputs ? nil : previous
        }
    }

    /// Writes an occurrence's current state (insert or update) and, in the same transaction,
    /// what that change owes Alertmanager (`owing`: a firing or resolved notice for the outbox),
    /// so that a crash between the two cannot lose the notice.
    public func record(_ occurrence: StoredOccurrence, owing: AlertmanagerNotice? = nil) throws(AlertStoreError) {
        let alert = occurrence.alert
        try write("record alert \(alert.id)") { db in
            try db.execute(sql: """
                INSERT INTO occurrence (alert_id, occurrence, rule, scope, severity, state, comparison, threshold,
                    first_value, last_value, since, fired_at, resolved_at, last_event, hold_seconds,
                    feature, segment_dimension, segment_value, started_wall)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (alert_id, occurrence) DO UPDATE SET
                    severity = excluded.severity, state = excluded.state, comparison = excluded.comparison,
                    threshold = excluded.threshold, last_value = excluded.last_value,
                    fired_at = excluded.fired_at, resolved_at = excluded.resolved_at,
                    last_event = excluded.last_event, started_wall = COALESCE(excluded.started_wall, started_wall)
                """, arguments: [
                    alert.id, alert.occurrence, alert.rule, alert.scope, alert.severity, alert.state.rawValue,
                    alert.comparison, alert.threshold, Self.finite(occurrence.firstValue), Self.finite(alert.value),
                    alert.sinceSeconds, occurrence.firedAtSeconds, alert.resolvedSeconds,
                    occurrence.lastEventSeconds, occurrence.holdSeconds,
                    alert.feature, alert.segment?.dimension, alert.segment?.value, occurrence.startedWallSeconds,
                ])
            if let owing { try Self.owe(owing, db) }
        }
    }

    /// Removes a pending occurrence that cleared before firing: it never happened.
    public func forget(id: String, occurrence: Int) throws(AlertStoreError) {
        try write("forget alert \(id)") { db in
            try db.execute(sql: "DELETE FROM occurrence WHERE alert_id = ? AND occurrence = ? AND state = 'pending'",
                           arguments: [id, occurrence])
        }
    }

    /// Acknowledges the latest occurrence of `id` (or the given one); returns the occurrence
    /// number, or `nil` when the store has no occurrence of `id`.
    @discardableResult
    public func acknowledge(id: String, occurrence: Int? = nil, _ acknowledgement: Acknowledgement) throws(AlertStoreError) -> Int? {
        try write("record the acknowledgement of \(id)") { db -> Int? in
            guard let number = try occurrence ?? Self.latestOccurrence(of: id, db) else { return nil }
            try db.execute(sql: """
                INSERT OR REPLACE INTO acknowledgement (alert_id, occurrence, by, at, note) VALUES (?, ?, ?, ?, ?)
                """, arguments: [id, number, acknowledgement.by, acknowledgement.atSeconds, acknowledgement.note])
            return number
        }
    }

    /// Silences `id` (every occurrence until the silence ends); `false` when the store has no
    /// occurrence of `id`. With `alertmanager` (the body of an Alertmanager silence for the
    /// occurrence's rule and scope), the silence is owed to Alertmanager in the same
    /// transaction, and one made there before for `id` is owed an expiry.
    @discardableResult
    public func silence(id: String, _ silence: Silence,
                        alertmanager: ((_ rule: String, _ scope: String) -> String)? = nil) throws(AlertStoreError) -> Bool {
        try write("record the silence of \(id)") { db -> Bool in
            guard try Self.latestOccurrence(of: id, db) != nil else { return false }
            try Self.endAlertmanagerSilence(of: id, db)
            try db.execute(sql: "INSERT OR REPLACE INTO silence (alert_id, by, until, note) VALUES (?, ?, ?, ?)",
                           arguments: [id, silence.by, silence.untilSeconds, silence.note])
            if let alertmanager, let (rule, scope) = try Self.ruleAndScope(of: id, db) {
                try Self.owe(AlertmanagerNotice(kind: .silence, alertId: id, occurrence: nil, body: alertmanager(rule, scope)), db)
            }
            return true
        }
    }

    /// Removes the silence of `id`; `false` when it had none. Its Alertmanager silence, if
    /// any, is owed an expiry in the same transaction.
    @discardableResult
    public func unsilence(id: String) throws(AlertStoreError) -> Bool {
        try write("remove the silence of \(id)") { db -> Bool in
            try Self.endAlertmanagerSilence(of: id, db)
            try db.execute(sql: "DELETE FROM silence WHERE alert_id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// Removes the acknowledgement of the latest occurrence of `id` and its silence (the
    /// dashboard's `u`); `false` when there was neither.
    @discardableResult
    public func undo(id: String) throws(AlertStoreError) -> Bool {
        try write("undo the marks of \(id)") { db -> Bool in
            var changed = 0
            if let number = try Self.latestOccurrence(of: id, db) {
                try db.execute(sql: "DELETE FROM acknowledgement WHERE alert_id = ? AND occurrence = ?",
                               arguments: [id, number])
                changed += db.changesCount
            }
            try Self.endAlertmanagerSilence(of: id, db)
            try db.execute(sql: "DELETE FROM silence WHERE alert_id = ?", arguments: [id])
            changed += db.changesCount
            return changed > 0
        }
    }

    /// Records a run (or its end) of an occurrence's action.
    public func recordAction(id: String, occurrence: Int, _ run: ActionRun) throws(AlertStoreError) {
        try write("record the action run of \(id)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO action_run (alert_id, occurrence, started_at, exit_status, timed_out, output_tail)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id, occurrence, run.startedAtSeconds, run.exitStatus.map { Int($0) },
                                 run.timedOut, run.outputTail.joined(separator: "\n")])
        }
    }

    /// The latest occurrence of every id, with its marks; silences that ended before
    /// `wallSeconds` are left out. Most recent first.
    public func latestOccurrences(wallSeconds: Double) throws(AlertStoreError) -> [StoredOccurrence] {
        try read("read the alerts") { db in
            // One pass over the primary key finds each alert's latest occurrence; marks and runs
            // are read for those alone, not for the whole history.
            let rows = try Row.fetchAll(db, sql: Self.latest + """
                SELECT o.* FROM latest l JOIN occurrence o ON o.alert_id = l.alert_id AND o.occurrence = l.occurrence
                ORDER BY o.since DESC, o.alert_id
                """)
            var skipped: [String] = []
            let marks = try Self.marks(db, wallSeconds: wallSeconds, latestOnly: true, skipped: &skipped)
            let runs = try Self.lastRuns(db, skipped: &skipped)
            defer { noteSkipped(skipped) }
            return rows.compactMap { row -> StoredOccurrence? in
                guard var stored = Self.occurrence(from: row, skipped: &skipped) else { return nil }
                let key = OccurrenceKey(id: stored.alert.id, occurrence: stored.alert.occurrence)
                stored.alert.acknowledged = marks.acknowledgements[key]
                stored.alert.silenced = marks.silences[stored.alert.id]
                stored.alert.action = runs[key]
                return stored
            }
        }
    }

    /// Every occurrence of `id`, oldest first (the history).
    public func history(id: String) throws(AlertStoreError) -> [StoredOccurrence] {
        try read("read the history of \(id)") { db in
            var skipped: [String] = []
            defer { noteSkipped(skipped) }
            return try Row.fetchAll(db, sql: "SELECT * FROM occurrence WHERE alert_id = ? ORDER BY occurrence",
                                    arguments: [id]).compactMap { Self.occurrence(from: $0, skipped: &skipped) }
        }
    }

    /// Acknowledgements by occurrence and silences in force at `wallSeconds`.
    public func marks(wallSeconds: Double) throws(AlertStoreError) -> (acknowledgements: [OccurrenceKey: Acknowledgement], silences: [String: Silence]) {
        try read("read acknowledgements and silences") { db in
            var skipped: [String] = []
            defer { noteSkipped(skipped) }
            return try Self.marks(db, wallSeconds: wallSeconds, skipped: &skipped)
        }
    }

    /// Whether another connection committed since the last call (`PRAGMA data_version`); the
    /// first call answers `true`. Costs one pragma, no table read.
    public func hasChanged() throws(AlertStoreError) -> Bool {
        let version = try read("read the data version") { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
        return seenVersion.withLock { seen in
            defer { seen = version }
            return seen != version
        }
    }

    // MARK: - Rows

    /// The latest occurrence number of every alert, one pass over the primary key.
    private static let latest = """
        WITH latest (alert_id, occurrence) AS (SELECT alert_id, MAX(occurrence) FROM occurrence GROUP BY alert_id)

        """

    private static func latestOccurrence(of id: String, _ db: Database) throws -> Int? {
        // Only whole numbers: a damaged row (`occurrence = 1e300`) is not an occurrence.
        try Int.fetchOne(db, sql: "SELECT MAX(occurrence) FROM occurrence WHERE alert_id = ? AND typeof(occurrence) = 'integer'",
                         arguments: [id])
    }

    private static func marks(_ db: Database, wallSeconds: Double, latestOnly: Bool = false, skipped: inout [String]) throws
        -> (acknowledgements: [OccurrenceKey: Acknowledgement], silences: [String: Silence]) {
        var acknowledgements: [OccurrenceKey: Acknowledgement] = [:]
        let acknowledgementSQL = latestOnly
            ? latest + "SELECT a.* FROM latest l JOIN acknowledgement a ON a.alert_id = l.alert_id AND a.occurrence = l.occurrence"
            : "SELECT * FROM acknowledgement"
        for row in try Row.fetchAll(db, sql: acknowledgementSQL) {
            var fields = RowFields(row, table: "acknowledgement")
            guard let id = fields.text("alert_id"), let number = fields.integer("occurrence"),
                  let by = fields.text("by"), let at = fields.time("at") else {
                skipped.append(fields.problem)
                continue
            }
            acknowledgements[OccurrenceKey(id: id, occurrence: number)] =
                Acknowledgement(by: by, atSeconds: at, note: fields.optionalText("note"))
        }
        var silences: [String: Silence] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM silence WHERE until > ?", arguments: [wallSeconds]) {
            var fields = RowFields(row, table: "silence")
            guard let id = fields.text("alert_id"), let by = fields.text("by"), let until = fields.time("until") else {
                skipped.append(fields.problem)
                continue
            }
            silences[id] = Silence(by: by, untilSeconds: until, note: fields.optionalText("note"))
        }
        return (acknowledgements, silences)
    }

    private static func lastRuns(_ db: Database, skipped: inout [String]) throws -> [OccurrenceKey: ActionRun] {
        var runs: [OccurrenceKey: ActionRun] = [:]
        let sql = latest + """
            SELECT r.* FROM latest l JOIN action_run r ON r.alert_id = l.alert_id AND r.occurrence = l.occurrence
            ORDER BY r.started_at
            """
        for row in try Row.fetchAll(db, sql: sql) {
            var fields = RowFields(row, table: "action_run")
            guard let id = fields.text("alert_id"), let number = fields.integer("occurrence"),
                  let started = fields.time("started_at"), let timedOut = fields.flag("timed_out"),
                  let tail = fields.text("output_tail") else {
                skipped.append(fields.problem)
                continue
            }
            let exit = fields.optionalInteger("exit_status")
            runs[OccurrenceKey(id: id, occurrence: number)] = ActionRun(
                startedAtSeconds: started, exitStatus: exit.map { Int32(truncatingIfNeeded: $0) },
                timedOut: timedOut, outputTail: tail.isEmpty ? [] : tail.components(separatedBy: "\n"))
        }
        return runs
    }

    /// The occurrence a row holds, or `nil` (its problem added to `skipped`) when a value
    /// cannot be what the schema says: a store is a file anyone with access can edit, and one
    /// bad row must not stop every start of the service.
    private static func occurrence(from row: Row, skipped: inout [String]) -> StoredOccurrence? {
        var fields = RowFields(row, table: "occurrence")
        guard let id = fields.text("alert_id"), let number = fields.integer("occurrence"),
              let rule = fields.text("rule"), let scope = fields.text("scope"), let severity = fields.text("severity"),
              let stateText = fields.text("state"), let comparison = fields.text("comparison"),
              let threshold = fields.number("threshold"), let since = fields.time("since"),
              let lastEvent = fields.time("last_event"), let hold = fields.number("hold_seconds") else {
            skipped.append(fields.problem)
            return nil
        }
        let firstValue = fields.optionalNumber("first_value")
        let lastValue = fields.optionalNumber("last_value")
        let firedAt = fields.optionalTime("fired_at")
        let resolvedAt = fields.optionalTime("resolved_at")
        let feature = fields.optionalText("feature")
        let dimension = fields.optionalText("segment_dimension")
        let value = fields.optionalText("segment_value")
        let startedWall = row.hasColumn("started_wall") ? fields.optionalTime("started_wall") : nil
        if fields.failed {
            skipped.append(fields.problem)
            return nil
        }
        let segment = dimension.flatMap { dimension in value.map { SegmentKey(dimension: dimension, value: $0) } }
        let alert = AlertSnapshot(
            id: id, rule: rule, scope: scope, severity: severity,
            state: AlertSnapshot.State(rawValue: stateText) ?? .resolved, value: lastValue,
            threshold: threshold, comparison: comparison, sinceSeconds: since,
            resolvedSeconds: resolvedAt, occurrence: number, feature: feature, segment: segment,
            // Fired at once (no `for`), it fired at its first value; otherwise only the time is known.
            firedAtSeconds: firedAt, firedValue: firedAt != nil && hold <= 0 ? firstValue : nil)
        return StoredOccurrence(alert: alert, firstValue: firstValue, firedAtSeconds: firedAt,
                                lastEventSeconds: lastEvent, holdSeconds: hold, startedWallSeconds: startedWall)
    }

    /// Remembers the rows a read skipped, and what was wrong with them (`damage`).
    private func noteSkipped(_ skipped: [String]) {
        guard !skipped.isEmpty else { return }
        skippedRows.withLock { known in
            for problem in skipped where !known.contains(problem) && known.count < 1_000 { known.append(problem) }
        }
    }

    /// Runs SQL on the store as another program could (tests damage the file this way).
    func executeUnchecked(_ sql: String) throws {
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// Calls `body` with the kind of each notice added to the outbox, inside the transaction
    /// that adds it (tests check what else holds at that moment).
    func observeOutboxInserts(_ body: @escaping @Sendable (String) -> Void) throws {
        try queue.writeWithoutTransaction { db in
            db.add(function: DatabaseFunction("outbox_insert_probe", argumentCount: 1, pure: false) { values in
                body(String.fromDatabaseValue(values[0]) ?? "")
                return nil
            })
            try db.execute(sql: """
                CREATE TEMP TRIGGER outbox_insert_probe AFTER INSERT ON alertmanager_outbox
                BEGIN SELECT outbox_insert_probe(NEW.kind); END
                """)
        }
    }

    // MARK: - Errors

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(AlertStoreError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw AlertStoreError(path: path, operation: operation, reason: Self.reason(error))
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(AlertStoreError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw AlertStoreError(path: path, operation: operation, reason: Self.reason(error))
        }
    }

    /// SQLite's own message rather than GRDB's description with the SQL in it.
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        if let error = error as? CocoaError, let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }

    /// SQLite stores NaN as NULL anyway; say so explicitly.
    private static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }
}

/// The columns of one store row read without trusting them: each accessor returns `nil` (and
/// remembers the column) when the value is missing or of the wrong kind, where GRDB's typed
/// subscript would stop the process.
struct RowFields {
    let row: Row
    let table: String
    private(set) var badColumns: [String] = []

    init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    var failed: Bool { !badColumns.isEmpty }

    /// `occurrence 'errors/global' #3: 'since' is not what it should be`.
    var problem: String {
        var name = table
        if let id = String.fromDatabaseValue(value("alert_id")) { name += " '\(id)'" }
        if let number = Int64.fromDatabaseValue(value("occurrence")), table != "silence" { name += " #\(number)" }
        return name + ": bad " + badColumns.map { "'\($0)'" }.joined(separator: ", ")
    }

    private func value(_ column: String) -> DatabaseValue {
        (row[column] as DatabaseValue?) ?? .null
    }

    private mutating func bad<T>(_ column: String) -> T? {
        badColumns.append(column)
        return nil
    }

    mutating func text(_ column: String) -> String? {
        String.fromDatabaseValue(value(column)) ?? bad(column)
    }

    mutating func optionalText(_ column: String) -> String? {
        let raw = value(column)
        if raw.isNull { return nil }
        return String.fromDatabaseValue(raw) ?? bad(column)
    }

    /// A whole number: an INTEGER, not a REAL that would have to be rounded.
    mutating func integer(_ column: String) -> Int? {
        guard case .int64(let number) = value(column).storage, let exact = Int(exactly: number) else { return bad(column) }
        return exact
    }

    mutating func optionalInteger(_ column: String) -> Int? {
        let raw = value(column)
        if raw.isNull { return nil }
        guard case .int64(let number) = raw.storage, let exact = Int(exactly: number) else { return bad(column) }
        return exact
    }

    mutating func flag(_ column: String) -> Bool? {
        guard case .int64(let number) = value(column).storage, number == 0 || number == 1 else { return bad(column) }
        return number == 1
    }

    /// A finite number (INTEGER or REAL; SQLite keeps an infinity).
    mutating func number(_ column: String) -> Double? {
        guard let number = Double.fromDatabaseValue(value(column)), number.isFinite else { return bad(column) }
        return number
    }

    mutating func optionalNumber(_ column: String) -> Double? {
        let raw = value(column)
        if raw.isNull { return nil }
        return number(column)
    }

    /// Seconds since the epoch within ±10,000 years: what the formatting of times can show.
    mutating func time(_ column: String) -> Double? {
        guard let seconds = number(column) else { return nil }
        guard abs(seconds) < 3.2e11 else { return bad(column) }
        return seconds
    }

    mutating func optionalTime(_ column: String) -> Double? {
        let raw = value(column)
        if raw.isNull { return nil }
        return time(column)
    }
}
