import Foundation

/// Writes the whole sample-data scenario into a directory: `reference.csv`,
/// `predictions.jsonl`, `labels.jsonl` and `modeltop.yaml`.
public enum ScenarioFiles {
    public static let referenceFile = "reference.csv"
    public static let predictionsFile = "predictions.jsonl"
    public static let labelsFile = "labels.jsonl"
    public static let configFile = "modeltop.yaml"
    /// Rows of the reference written by default.
    public static let defaultReferenceRows = 12_000

    /// Creates `directory` if needed and returns it ending in `/`, ready for file names.
    static func prepare(_ directory: String) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ScenarioWriteError(path: directory, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        return directory.hasSuffix("/") ? directory : directory + "/"
    }

    /// Writes the story of `timeline` (which must be finite) with `seed` into `directory`,
    /// creating it if needed, and returns what was written.
    public static func write(
        to directory: String,
        seed: UInt64,
        timeline: ScenarioTimeline,
        referenceRows: Int = defaultReferenceRows
    ) throws -> ScenarioSummary {
        precondition(timeline.events != nil, "the files need a finite timeline")
        let base = try prepare(directory)
        var summary = ScenarioSummary(seed: seed)

        let reference = try OutputFile(path: base + referenceFile)
        var sample = ReferenceSample(seed: seed)
        sample.writeHeader(into: &reference.buffer)
        for _ in 0..<max(0, referenceRows) {
            if sample.writeRow(into: &reference.buffer) { summary.referenceFraud += 1 }
            try reference.flushIfFull()
        }
        try reference.close()
        summary.referenceRows = max(0, referenceRows)
        summary.fileBytes[referenceFile] = reference.bytesWritten

        let predictions = try OutputFile(path: base + predictionsFile)
        let labels = try OutputFile(path: base + labelsFile)
        var generator = ScenarioGenerator(seed: seed, timeline: timeline)
        var pendingStarts = Set(Episode.allCases)
        var firstLines: [Episode: (Int, Int)] = [:]
        var line: [UInt8] = []
        line.reserveCapacity(512)
        while true {
            line.removeAll(keepingCapacity: true)
            guard let written = generator.next(into: &line) else { break }
            switch written.kind {
            case .label:
                summary.labelLines += 1
                if written.isFraud == true { summary.fraudLabels += 1 }
                summary.lastLabelSeconds = written.timeSeconds
                labels.buffer.append(contentsOf: line)
                try labels.flushIfFull()
            case .prediction:
                summary.predictionLines += 1
                if summary.predictionLines == 1 { summary.firstEventSeconds = written.timeSeconds }
                summary.lastEventSeconds = written.timeSeconds
                if written.isShadow {
                    summary.shadowLines += 1
                } else {
                    summary.records += 1
                    if written.isFailed { summary.failedRequests += 1 }
                    if let kind = written.malformation {
                        summary.malformed.append(.init(line: summary.predictionLines, kind: kind, id: requestId(written.recordIndex)))
                    }
                    if !pendingStarts.isEmpty {
                        for episode in written.episodes.episodes where pendingStarts.contains(episode) {
                            pendingStarts.remove(episode)
                            firstLines[episode] = (summary.predictionLines, written.recordIndex)
                        }
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
        summary.episodes = Episode.allCases.map { episode in
            ScenarioSummary.EpisodeStart(
                episode: episode, startSeconds: timeline.start(of: episode),
                firstLine: firstLines[episode]?.0, firstId: firstLines[episode].map { requestId($0.1) })
        }

        let config = Array(ScenarioConfigFile.text(timeline: timeline).utf8)
        let configOutput = try OutputFile(path: base + configFile)
        configOutput.buffer.append(contentsOf: config)
        try configOutput.close()
        summary.fileBytes[configFile] = configOutput.bytesWritten
        return summary
    }

    /// The request id of a champion record.
    static func requestId(_ index: Int) -> String {
        var bytes: [UInt8] = Array("tx-".utf8)
        bytes.append(decimal: UInt64(index + 1), minimumDigits: 7)
        return String(decoding: bytes, as: UTF8.self)
    }
}
