import Foundation

/// Writes a multiclass or regression story into a directory: `reference.jsonl`,
/// `predictions.jsonl`, `labels.jsonl` and `modeltop.yaml` (with `task:` and no alert rules, so
/// that the default rules watch it).
public enum TaskScenarioFiles {
    public static let referenceFile = "reference.jsonl"
    public static let predictionsFile = ScenarioFiles.predictionsFile
    public static let labelsFile = ScenarioFiles.labelsFile
    public static let configFile = ScenarioFiles.configFile
    /// Rows of the reference written by default.
    public static let defaultReferenceRows = 6_000

    /// Writes `task`'s story told by `timeline` (which must be finite) with `seed` into
    /// `directory`, creating it if needed, and returns what was written.
    public static func write(
        task: ScenarioTask, to directory: String, seed: UInt64, timeline: TaskTimeline,
        referenceRows: Int = defaultReferenceRows
    ) throws -> TaskScenarioSummary {
        precondition(timeline.events != nil, "the files need a finite timeline")
        precondition(task != .binary, "the binary story is ScenarioFiles'")
        let base = try ScenarioFiles.prepare(directory)
        var summary = TaskScenarioSummary(task: task, seed: seed, episodeStartSeconds: timeline.episodeStart)
        let reference = try OutputFile(path: base + referenceFile)
        var sample = TaskReferenceSample(task: task, seed: seed)
        for _ in 0..<max(0, referenceRows) {
            sample.writeRow(into: &reference.buffer)
            try reference.flushIfFull()
        }
        try reference.close()
        summary.referenceRows = max(0, referenceRows)
        summary.fileBytes[referenceFile] = reference.bytesWritten

        let predictions = try OutputFile(path: base + predictionsFile)
        let labels = try OutputFile(path: base + labelsFile)
        var generator = TaskScenarioGenerator(task: task, seed: seed, timeline: timeline)
        var line: [UInt8] = []
        line.reserveCapacity(512)
        while true {
            line.removeAll(keepingCapacity: true)
            guard let written = generator.next(into: &line) else { break }
            switch written.kind {
            case .label:
                summary.labelLines += 1
                summary.lastLabelSeconds = written.timeSeconds
                labels.buffer.append(contentsOf: line)
                try labels.flushIfFull()
            case .prediction:
                summary.records += 1
                if summary.records == 1 { summary.firstEventSeconds = written.timeSeconds }
                summary.lastEventSeconds = written.timeSeconds
                if written.isAffected {
                    summary.affectedRecords += 1
                    if summary.firstAffectedLine == nil {
                        summary.firstAffectedLine = summary.records
                        summary.firstAffectedId = generator.requestId(written.recordIndex)
                    }
                }
                predictions.buffer.append(contentsOf: line)
                try predictions.flushIfFull()
            }
        }
        try predictions.close()
        try labels.close()
        summary.fileBytes[predictionsFile] = predictions.bytesWritten
        summary.fileBytes[labelsFile] = labels.bytesWritten

        let config = try OutputFile(path: base + configFile)
        config.buffer.append(contentsOf: Array(TaskScenarioConfigFile.text(task: task, timeline: timeline).utf8))
        try config.close()
        summary.fileBytes[configFile] = config.bytesWritten
        return summary
    }
}

/// What `TaskScenarioFiles.write` produced, for the command line and the tests.
public struct TaskScenarioSummary: Sendable, Hashable, CustomStringConvertible {
    public var task: ScenarioTask
    public var seed: UInt64
    public var records = 0
    public var labelLines = 0
    public var referenceRows = 0
    /// Event time at which the episode starts, and the records it changed.
    public var episodeStartSeconds: Double
    public var affectedRecords = 0
    /// One-based line of `predictions.jsonl` of the first record the episode changed, and its id.
    public var firstAffectedLine: Int?
    public var firstAffectedId: String?
    public var firstEventSeconds = 0.0
    public var lastEventSeconds = 0.0
    public var lastLabelSeconds = 0.0
    public var fileBytes: [String: Int] = [:]

    public init(task: ScenarioTask, seed: UInt64, episodeStartSeconds: Double) {
        self.task = task
        self.seed = seed
        self.episodeStartSeconds = episodeStartSeconds
    }

    public var description: String {
        var lines: [String] = []
        let model = task == .multiclass ? CardTierModel.modelName : HousePriceModel.modelName
        lines.append("seed \(seed): \(task.rawValue) \(model), \(records) predictions, \(labelLines) labels, reference \(referenceRows) rows")
        lines.append("events \(ScenarioSummary.timestamp(firstEventSeconds)) .. \(ScenarioSummary.timestamp(lastEventSeconds)); last label \(ScenarioSummary.timestamp(lastLabelSeconds))")
        let place = firstAffectedLine.map { "first record line \($0) (\(firstAffectedId ?? "?")), \(affectedRecords) records" } ?? "no record affected"
        lines.append("  \(TaskScenarioConfigFile.episodeName(task)) from \(ScenarioSummary.timestamp(episodeStartSeconds)): \(place)")
        for (name, bytes) in fileBytes.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name): \(bytes) bytes")
        }
        return lines.joined(separator: "\n")
    }
}

/// The `modeltop.yaml` of a multiclass or regression story. It has no `alerts:`: the default
/// rules of the task (prediction drift, accuracy drop or error rise, feature drift...) are the
/// ones meant to catch the episode.
public enum TaskScenarioConfigFile {
    /// The episode's name in summaries and comments.
    public static func episodeName(_ task: ScenarioTask) -> String {
        task == .multiclass ? "income_monthly" : "size_in_square_feet"
    }

    /// What goes wrong, in one line.
    public static func episodeSummary(_ task: ScenarioTask) -> String {
        switch task {
        case .multiclass:
            "income sent monthly (a twelfth) on channel=\(CardTierModel.episodeChannel): \(CardTierModel.classes[2]) all but vanishes there, accuracy falls"
        default:
            "size sent in square feet on source=\(HousePriceModel.episodeSource): valuations about ten times too high there, the error rises"
        }
    }

    public static func text(task: ScenarioTask, timeline: TaskTimeline) -> String {
        let start = ScenarioSummary.timestamp(timeline.episodeStart)
        switch task {
        case .multiclass:
            return """
            # modeltop configuration for the multiclass sample scenario: card-tier-router routes
            # card applications to a tier. From \(start) the mobile app sends income monthly
            # instead of yearly. No alert rules here: the defaults for the task (prediction
            # drift, accuracy drop, feature drift, ...) catch it.
            model: \(CardTierModel.modelName)
            task: multiclass
            classes: [\(CardTierModel.classes.joined(separator: ", "))]
            reference: \(TaskScenarioFiles.referenceFile)
            predictions: ["\(TaskScenarioFiles.predictionsFile)"]
            labels: ["\(TaskScenarioFiles.labelsFile)"]
            segments: [country, channel]
            window: 15m
            bucket: 1m

            """
        default:
            return """
            # modeltop configuration for the regression sample scenario: house-price values flats
            # in thousands of euros. From \(start) the portal feed sends size in square feet.
            # No alert rules here: the defaults for the task (prediction drift, error rise,
            # feature drift, ...) catch it.
            model: \(HousePriceModel.modelName)
            task: regression
            reference: \(TaskScenarioFiles.referenceFile)
            predictions: ["\(TaskScenarioFiles.predictionsFile)"]
            labels: ["\(TaskScenarioFiles.labelsFile)"]
            segments: [city, source]
            window: 15m
            bucket: 1m

            """
        }
    }
}
