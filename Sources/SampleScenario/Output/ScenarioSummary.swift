/// What `ScenarioFiles.write` produced: counts, the line numbers where each episode first shows
/// and where the corrupted lines are, so that a README or a test can point at them.
public struct ScenarioSummary: Sendable, Hashable, CustomStringConvertible {
    /// Where an episode first shows in `predictions.jsonl`.
    public struct EpisodeStart: Sendable, Hashable {
        public var episode: Episode
        /// Event time at which the episode starts (seconds since the Unix epoch).
        public var startSeconds: Double
        /// One-based line number of the first prediction line of a record it changes.
        public var firstLine: Int?
        /// Request id of that record.
        public var firstId: String?
    }

    /// A corrupted line of `predictions.jsonl`.
    public struct MalformedLocation: Sendable, Hashable {
        /// One-based line number.
        public var line: Int
        public var kind: MalformedLine.Kind
        public var id: String
    }

    public var seed: UInt64
    /// Champion records (one per request).
    public var records = 0
    /// Lines of `predictions.jsonl`: champion plus shadow lines.
    public var predictionLines = 0
    public var shadowLines = 0
    /// Champion records with `status` `error` or `timeout`.
    public var failedRequests = 0
    public var labelLines = 0
    public var fraudLabels = 0
    public var referenceRows = 0
    public var referenceFraud = 0
    public var episodes: [EpisodeStart] = []
    public var malformed: [MalformedLocation] = []
    /// Bytes written per file name.
    public var fileBytes: [String: Int] = [:]
    /// Event time of the first and last prediction (seconds since the Unix epoch).
    public var firstEventSeconds = 0.0
    public var lastEventSeconds = 0.0
    /// Arrival time of the last label.
    public var lastLabelSeconds = 0.0

    /// An empty summary for a run with `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// A human-readable account, for the command line.
    public var description: String {
        var lines: [String] = []
        lines.append("seed \(seed): \(records) requests, \(predictionLines) prediction lines (\(shadowLines) shadow v4, \(failedRequests) failed), \(labelLines) labels (\(fraudLabels) fraud), reference \(referenceRows) rows (\(referenceFraud) fraud)")
        lines.append("events \(Self.timestamp(firstEventSeconds)) .. \(Self.timestamp(lastEventSeconds)); last label \(Self.timestamp(lastLabelSeconds))")
        for start in episodes {
            let whereText = start.firstLine.map { "first record line \($0) (\(start.firstId ?? "?"))" } ?? "no record affected"
            lines.append("  \(start.episode.rawValue) from \(Self.timestamp(start.startSeconds)): \(whereText)")
        }
        for location in malformed {
            lines.append("  malformed line \(location.line): \(location.kind.rawValue) (\(location.id)) -> \(location.kind.expectedReason)")
        }
        for (name, bytes) in fileBytes.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(name): \(bytes) bytes")
        }
        return lines.joined(separator: "\n")
    }

    /// An RFC 3339 UTC timestamp with milliseconds.
    public static func timestamp(_ seconds: Double) -> String {
        var bytes: [UInt8] = []
        bytes.append(timestampMilliseconds: Int64((seconds * 1000).rounded()))
        return String(decoding: bytes, as: UTF8.self)
    }
}
