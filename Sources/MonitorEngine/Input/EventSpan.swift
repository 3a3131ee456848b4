import Foundation

/// The event times a set of prediction logs covers, read from the first and the last lines of
/// each file (64 KiB at each end), without reading the files through: what `watch` needs to
/// tell a log replayed long after it was written from a live one before it starts.
public struct EventSpan: Sendable, Hashable {
    /// The earliest and the newest event time found (seconds since the epoch).
    public var first: Double
    public var last: Double

    public init(first: Double, last: Double) {
        self.first = first
        self.last = last
    }

    /// Bytes read at each end of a file.
    static let probeBytes = 65_536

    /// The span of the files `patterns` name (paths or globs; `-` is skipped), `nil` when no
    /// line at either end of any file has a timestamp.
    public static func of(_ patterns: [String], format: LogFormat?, mapping: FieldMapping) -> EventSpan? {
        var span: EventSpan?
        for path in patterns.flatMap({ PathPattern($0).expand() }) {
            // Regular files only: opening a FIFO waits for a writer, and the reader says what is
            // wrong with anything else.
            guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
                  let handle = FileHandle(forReadingAtPath: path) else { continue }
            defer { try? handle.close() }
            guard let size = try? handle.seekToEnd() else { continue }
            let fileFormat = format ?? .inferred(fromPath: path)
            let head = (try? handle.seek(toOffset: 0)).flatMap { try? handle.read(upToCount: probeBytes) } ?? Data()
            let tailStart = size > UInt64(probeBytes) ? size - UInt64(probeBytes) : 0
            let tail = tailStart == 0 ? head : ((try? handle.seek(toOffset: tailStart)).flatMap { try? handle.read(upToCount: probeBytes) } ?? Data())
            let headLines = Self.lines(head, dropFirst: false)
            // CSV lines need the header, which only the head holds.
            let header = fileFormat == .csv ? headLines.first.map { [$0] } ?? [] : []
            for chunk in [headLines, header + Self.lines(tail, dropFirst: tailStart > 0)] {
                var decoder = RecordDecoder(format: fileFormat, mapping: mapping)
                var record = Record()
                for line in chunk {
                    guard case .record = decoder.decode(line, into: &record), let time = record.timestampSeconds else { continue }
                    span = EventSpan(first: min(span?.first ?? time, time), last: max(span?.last ?? time, time))
                }
            }
        }
        return span
    }

    /// The complete lines of `data`: the last one only when a newline ends it, the first one
    /// not when `dropFirst` (a tail read starts inside a line).
    static func lines(_ data: Data, dropFirst: Bool) -> [String] {
        var parts = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if data.last != UInt8(ascii: "\n"), !parts.isEmpty { parts.removeLast() }
        if dropFirst, !parts.isEmpty { parts.removeFirst() }
        return parts.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bucket for a replay of this span: the shortest of the usual steps that fits the span
    /// into 60 buckets (the sparklines' width), never shorter than `bucket`.
    public func replayBucket(atLeast bucket: TimeSpan) -> TimeSpan {
        let steps: [TimeSpan] = [
            .minutes(1), .minutes(5), .minutes(10), .minutes(15), .minutes(30), .hours(1), .hours(2),
            .hours(6), .hours(12), .days(1), .days(7),
        ]
        let wanted = (last - first) / 60
        let step = steps.first { Double($0.seconds) >= wanted } ?? steps[steps.count - 1]
        return max(step, bucket)
    }

    /// Whether a window of `windowSeconds` ending at the newest event time would miss the wall
    /// clock `now` by far: the newest record is at least four windows old.
    public func isReplay(windowSeconds: Double, now: Double) -> Bool {
        now - last >= 4 * windowSeconds
    }
}
