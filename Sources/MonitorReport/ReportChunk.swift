import MonitorEngine
import MonitorRules

/// One chunk of a report cut with `--chunk-size N`: N consecutive prediction records in input
/// order (the last chunk may hold fewer), with the four layers computed over them alone.
public struct ReportChunk: Sendable {
    /// 0-based position of the chunk.
    public var index: Int
    /// 0-based input position of the chunk's first prediction record.
    public var firstRecord: Int
    /// Prediction records in the chunk.
    public var records: Int
    /// Event time of the chunk's oldest and newest record (seconds since the epoch).
    public var fromSeconds: Double?
    public var toSeconds: Double?
    /// The four layers over the chunk's records.
    public var slice: SliceSnapshot

    public init(index: Int, firstRecord: Int, records: Int, fromSeconds: Double?, toSeconds: Double?, slice: SliceSnapshot) {
        self.index = index
        self.firstRecord = firstRecord
        self.records = records
        self.fromSeconds = fromSeconds
        self.toSeconds = toSeconds
        self.slice = slice
    }
}
