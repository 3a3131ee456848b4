import Foundation
import MonitorEngine

/// The configuration file a running `watch` was started from, looked at again every few
/// seconds: when its bytes change, the new file is read and checked, and what can change
/// without losing state (alert rules, drift methods and bands, the window, the theme) is taken; a bad edit
/// keeps the running configuration and says why; keys that shape the counts already made (the
/// sources, the reference, fields, segments, the task, grids) are named as needing a restart.
struct ConfigReload {
    /// What a changed file leads to.
    enum Outcome: Equatable {
        /// Rules, drift settings and theme taken from `config` (its window too when the edit
        /// changed it); `restart` names changed keys that only a restart takes.
        case reloaded(MonitorConfig, restart: [String], windowChanged: Bool)
        /// The file no longer reads as a configuration: the message says why.
        case refused(String)
    }

    let path: String
    private let environment: [String: String]
    /// The file as last read (without the command line's flags), to tell what an edit changed.
    private var baseline: MonitorConfig
    private var lastBytes: Data?
    private var nextCheck = -Double.infinity

    /// How often the file is looked at.
    static let intervalSeconds = 2.0

    /// A watch of `path`, whose current content is what the running configuration was read
    /// from; `nil` when it cannot be read now.
    init?(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        guard let bytes = try? MonitorConfig.readBytes(path: path),
              let config = try? MonitorConfig.parse(data: bytes, path: path, environment: environment) else { return nil }
        self.path = path
        self.environment = environment
        baseline = config
        lastBytes = bytes
    }

    /// Looks at the file when due; `nil` when it is not due, unchanged, or gone for now (a
    /// save that replaces the file shows as a moment without it).
    mutating func check(nowSeconds: Double) -> Outcome? {
        guard nowSeconds >= nextCheck else { return nil }
        nextCheck = nowSeconds + Self.intervalSeconds
        guard let bytes = try? MonitorConfig.readBytes(path: path), bytes != lastBytes else { return nil }
        lastBytes = bytes
        let config: MonitorConfig
        do {
            config = try MonitorConfig.parse(data: bytes, path: path, environment: environment)
        } catch {
            return .refused("\(error)")
        }
        let restart = Self.restartKeys(from: baseline, to: config)
        let windowChanged = baseline.window != config.window
        baseline = config
        return .reloaded(config, restart: restart, windowChanged: windowChanged)
    }

    /// The keys whose change only a restart takes: they shape what was counted.
    static func restartKeys(from old: MonitorConfig, to new: MonitorConfig) -> [String] {
        var keys: [String] = []
        func note(_ key: String, _ changed: Bool) { if changed { keys.append(key) } }
        note("reference", old.reference != new.reference)
        note("predictions", old.predictions != new.predictions)
        note("labels", old.labels != new.labels)
        note("format", old.format != new.format)
        note("fields", old.fields != new.fields)
        note("features", old.featureKinds != new.featureKinds)
        note("task", old.task != new.task)
        note("classes", old.classes != new.classes)
        note("segments", old.segments != new.segments)
        note("segment_values", old.segmentValues != new.segmentValues)
        note("threshold", old.threshold != new.threshold)
        note("positive_label", old.positiveLabel != new.positiveLabel)
        note("business", old.business != new.business)
        note("bucket", old.bucket != new.bucket)
        note("ranges", old.ranges != new.ranges)
        note("drift.bins", old.drift.bins != new.drift.bins)
        note("drift.fine_bins", old.drift.fineBins != new.drift.fineBins)
        note("drift.top_categories", old.drift.topCategories != new.drift.topCategories)
        note("reference_records", old.referenceRecords != new.referenceRecords)
        note("label_ttl", old.labelHorizon != new.labelHorizon)
        note("max_pending", old.maxPending != new.maxPending)
        note("max_line", old.maxLine != new.maxLine)
        note("score_bins", old.scoreBins != new.scoreBins)
        note("state", old.state != new.state)
        note("dle", old.dle != new.dle)
        return keys
    }
}
