import Foundation
import GRDB
import MonitorEngine

/// One thing owed to Alertmanager: a firing or resolved alert, a silence to create or one to
/// expire. Written to the store's outbox in the transaction that records the change it
/// announces, deleted once Alertmanager answered 2xx (docs/alertmanager.md).
public struct AlertmanagerNotice: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// `POST /api/v2/alerts`, the alert firing (one owed per occurrence: its latest state).
        case firing
        /// `POST /api/v2/alerts` with `endsAt`: never dropped.
        case resolved
        /// `POST /api/v2/silences`; the id Alertmanager answers is kept with the silence.
        case silence
        /// `DELETE /api/v2/silence/{id}`; the body is the id.
        case expire
    }

    public var kind: Kind
    public var alertId: String
    public var occurrence: Int?
    /// The request body (JSON), or the silence id for `expire`.
    public var body: String

    public init(kind: Kind, alertId: String, occurrence: Int?, body: String) {
        self.kind = kind
        self.alertId = alertId
        self.occurrence = occurrence
        self.body = body
    }
}

/// An outbox row: the notice, its place in the order of delivery and how its attempts went.
public struct OwedNotice: Sendable, Hashable {
    public var sequence: Int64
    /// Bumped when a firing notice is replaced by a later state of the same occurrence: a
    /// delivery of the older state does not delete the newer one.
    public var revision: Int
    public var notice: AlertmanagerNotice
    public var createdSeconds: Double
    public var attempts: Int
    public var lastError: String?
}

extension AlertStore {
    /// The most notices the outbox holds before it coalesces: beyond it the oldest firing
    /// notices are dropped (those of occurrences already resolved first). A firing alert is
    /// re-posted from its live state anyway; resolves and silences are never dropped.
    public static let maximumOwed = 10_000

    /// Adds `notice` to the outbox on its own (an acknowledgement's new annotation).
    public func owe(_ notice: AlertmanagerNotice) throws(AlertStoreError) {
        try write("owe Alertmanager a notice of \(notice.alertId)") { db in try Self.owe(notice, db) }
    }

    /// Adds a notice inside the caller's transaction. A firing notice replaces one still owed
    /// for the same occurrence (a firing alert needs only its latest state).
    static func owe(_ notice: AlertmanagerNotice, _ db: Database, wallSeconds: Double = Date().timeIntervalSince1970) throws {
        if notice.kind == .firing {
            try db.execute(sql: """
                UPDATE alertmanager_outbox SET body = ?, revision = revision + 1
                WHERE kind = 'firing' AND alert_id = ? AND occurrence IS ?
                """, arguments: [notice.body, notice.alertId, notice.occurrence])
            if db.changesCount > 0 { return }
        }
        try db.execute(sql: """
            INSERT INTO alertmanager_outbox (kind, alert_id, occurrence, body, created) VALUES (?, ?, ?, ?, ?)
            """, arguments: [notice.kind.rawValue, notice.alertId, notice.occurrence, notice.body, wallSeconds])
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM alertmanager_outbox") ?? 0
        guard count > maximumOwed else { return }
        try db.execute(sql: """
            DELETE FROM alertmanager_outbox WHERE seq IN (
                SELECT f.seq FROM alertmanager_outbox f WHERE f.kind = 'firing'
                ORDER BY EXISTS (SELECT 1 FROM alertmanager_outbox r WHERE r.kind = 'resolved'
                    AND r.alert_id = f.alert_id AND r.occurrence IS f.occurrence) DESC, f.seq
                LIMIT ?)
            """, arguments: [count - maximumOwed])
    }

    /// The oldest owed notices, in the order they must be delivered (of `alertId` and `kinds`
    /// only, when given).
    public func owed(limit: Int = 100, alertId: String? = nil, kinds: [AlertmanagerNotice.Kind]? = nil) throws(AlertStoreError) -> [OwedNotice] {
        try read("read what is owed to Alertmanager") { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let alertId {
                conditions.append("alert_id = ?")
                arguments += [alertId]
            }
            if let kinds {
                conditions.append("kind IN (" + kinds.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")")
            }
            let filter = " WHERE " + ([Self.readableNotice] + conditions).joined(separator: " AND ")
            arguments += [limit]
            return try Row.fetchAll(db, sql: "SELECT * FROM alertmanager_outbox\(filter) ORDER BY seq LIMIT ?",
                                    arguments: arguments).compactMap(Self.owedNotice)
        }
    }

    /// The rows ``owedNotice(_:)`` can read: a kind this version knows (a newer modeltop sharing
    /// the store may owe kinds of its own) and columns of the right types. What is counted as
    /// owed is exactly what can be delivered: a row counted and never read would keep the
    /// delivery thread busy for nothing.
    static let readableNotice = """
        kind IN (\(AlertmanagerNotice.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))) \
        AND typeof(seq) = 'integer' AND typeof(revision) = 'integer' AND typeof(attempts) = 'integer' \
        AND typeof(alert_id) = 'text' AND typeof(body) = 'text' \
        AND typeof(created) IN ('integer', 'real') AND abs(created) < 3.2e11 \
        AND (occurrence IS NULL OR typeof(occurrence) = 'integer') \
        AND (last_error IS NULL OR typeof(last_error) = 'text')
        """

    /// How many notices are owed, by alert id (rows this version cannot read are not counted:
    /// ``readableNotice``).
    public func owedCounts() throws(AlertStoreError) -> [String: Int] {
        try read("count what is owed to Alertmanager") { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT alert_id, COUNT(*) AS n FROM alertmanager_outbox WHERE \(Self.readableNotice) GROUP BY alert_id
                """) {
                guard let id = String.fromDatabaseValue(row["alert_id"]), let count = Int.fromDatabaseValue(row["n"]) else { continue }
                counts[id] = count
            }
            return counts
        }
    }

    /// Alertmanager answered 2xx: the notice is no longer owed. A created silence keeps its
    /// Alertmanager id with the silence here; when that silence was ended meanwhile, the new
    /// one is owed an expiry instead.
    public func delivered(_ owed: OwedNotice, silenceId: String? = nil) throws(AlertStoreError) {
        try write("record a delivery to Alertmanager") { db in
            try db.execute(sql: "DELETE FROM alertmanager_outbox WHERE seq = ? AND revision = ?",
                           arguments: [owed.sequence, owed.revision])
            let stillOwed = db.changesCount > 0
            guard owed.notice.kind == .silence, let silenceId else { return }
            if stillOwed {
                try db.execute(sql: "UPDATE silence SET alertmanager_id = ? WHERE alert_id = ?",
                               arguments: [silenceId, owed.notice.alertId])
                if db.changesCount > 0 { return }
            }
            try Self.owe(AlertmanagerNotice(kind: .expire, alertId: owed.notice.alertId, occurrence: nil, body: silenceId), db)
        }
    }

    /// A delivery failed (`reason`): the notice stays owed, its attempt counted.
    public func failed(_ owed: OwedNotice, reason: String) throws(AlertStoreError) {
        try write("record a failed delivery to Alertmanager") { db in
            try db.execute(sql: "UPDATE alertmanager_outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
                           arguments: [reason, owed.sequence])
        }
    }

    /// Alertmanager refused the notice for good (a 4xx answer): sending it again cannot succeed.
    public func discard(_ owed: OwedNotice) throws(AlertStoreError) {
        try write("drop a notice Alertmanager refused") { db in
            try db.execute(sql: "DELETE FROM alertmanager_outbox WHERE seq = ?", arguments: [owed.sequence])
        }
    }

    /// The Alertmanager id of the silence of `alertId` made here, once it was delivered.
    public func alertmanagerSilenceId(of alertId: String) throws(AlertStoreError) -> String? {
        try read("read the silence of \(alertId)") { db in
            try String.fetchOne(db, sql: "SELECT alertmanager_id FROM silence WHERE alert_id = ?", arguments: [alertId])
        }
    }

    /// Inside a transaction that ends or replaces the silence of `alertId`: a silence still
    /// owed is not sent; one Alertmanager holds is owed an expiry.
    static func endAlertmanagerSilence(of alertId: String, _ db: Database) throws {
        let existing = try String.fetchOne(db, sql: "SELECT alertmanager_id FROM silence WHERE alert_id = ?", arguments: [alertId])
        try db.execute(sql: "DELETE FROM alertmanager_outbox WHERE kind = 'silence' AND alert_id = ?", arguments: [alertId])
        if let existing {
            try owe(AlertmanagerNotice(kind: .expire, alertId: alertId, occurrence: nil, body: existing), db)
        }
    }

    /// The rule and scope of the latest occurrence of `alertId` (a silence's matchers).
    static func ruleAndScope(of alertId: String, _ db: Database) throws -> (rule: String, scope: String)? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT rule, scope FROM occurrence WHERE alert_id = ? AND typeof(occurrence) = 'integer'
            ORDER BY occurrence DESC LIMIT 1
            """, arguments: [alertId]) else { return nil }
        guard let rule = String.fromDatabaseValue(row["rule"]), let scope = String.fromDatabaseValue(row["scope"]) else { return nil }
        return (rule, scope)
    }

    private static func owedNotice(_ row: Row) -> OwedNotice? {
        var fields = RowFields(row, table: "alertmanager_outbox")
        guard let sequence = fields.integer("seq"), let revision = fields.integer("revision"),
              let kindText = fields.text("kind"), let kind = AlertmanagerNotice.Kind(rawValue: kindText),
              let id = fields.text("alert_id"), let body = fields.text("body"), let created = fields.time("created"),
              let attempts = fields.integer("attempts") else { return nil }
        let occurrence = fields.optionalInteger("occurrence")
        let lastError = fields.optionalText("last_error")
        if fields.failed { return nil }
        return OwedNotice(sequence: Int64(sequence), revision: revision,
                          notice: AlertmanagerNotice(kind: kind, alertId: id, occurrence: occurrence, body: body),
                          createdSeconds: created, attempts: attempts, lastError: lastError)
    }
}
