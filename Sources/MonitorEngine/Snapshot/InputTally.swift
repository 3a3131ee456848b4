/// A line that was not turned into a record, kept as an example for the screen and the report.
public struct MalformedExample: Sendable, Hashable {
    public var path: String
    /// 1-based line number within the file as it was when read.
    public var lineNumber: Int
    public var reason: MalformedReason
    /// What was wrong, for example "unexpected ',' at column 34".
    public var detail: String
    /// The start of the line (at most `InputTally.excerptBytes` bytes, invalid UTF-8 replaced).
    public var excerpt: String
}

/// What was read from one source: one file (a rotated file and its successor are two sources
/// with the same path), or `-` for standard input.
public struct SourceTally: Sendable, Hashable {
    /// The follower's number for the source (opening order).
    public var id: Int
    public var path: String
    /// Lines that decoded into a record (predictions plus labels).
    public var records: Int = 0
    public var predictions: Int = 0
    public var labels: Int = 0
    /// Bytes read from the source, newlines included.
    public var bytes: Int = 0
    public var malformed: [MalformedReason: Int] = [:]
    /// Times the file was found shorter than what had been read (copytruncate, truncation).
    public var truncations: Int = 0
    /// Times the path was found to name a new file (rotation by rename).
    public var rotations: Int = 0
    /// Why the source could not be opened or read, when it could not.
    public var error: String? = nil

    public init(id: Int, path: String) {
        self.id = id
        self.path = path
    }

    public var malformedTotal: Int { malformed.values.reduce(0, +) }
}

/// Ingest health: the `input` section of the report (cli.md) and the malformed-line counter
/// of the infrastructure panel.
///
/// Counts are exact; examples are bounded (`examplesPerReason` per reason) so that a log made of
/// garbage costs no more memory than a clean one.
public struct InputTally: Sendable, Hashable {
    /// How many examples are kept per malformed reason.
    public static let examplesPerReason = 3
    /// How much of a malformed line an example keeps.
    public static let excerptBytes = 120

    /// One entry per source, in the order the sources were first read.
    public private(set) var sources: [SourceTally] = []
    /// The first malformed lines of each reason, in reading order.
    public private(set) var examples: [MalformedExample] = []
    private var indexByID: [Int: Int] = [:]

    public init() {}

    /// A tally of sources counted elsewhere (a fleet's agents, as Prometheus has their counts).
    public init(sources: [SourceTally]) {
        self.sources = sources
        for (index, source) in sources.enumerated() { indexByID[source.id] = index }
    }

    public var records: Int { sources.reduce(0) { $0 + $1.records } }
    public var predictions: Int { sources.reduce(0) { $0 + $1.predictions } }
    public var labels: Int { sources.reduce(0) { $0 + $1.labels } }
    public var bytes: Int { sources.reduce(0) { $0 + $1.bytes } }

    /// Malformed lines by reason, over all sources.
    public var malformed: [MalformedReason: Int] {
        var total: [MalformedReason: Int] = [:]
        for source in sources {
            for (reason, count) in source.malformed { total[reason, default: 0] += count }
        }
        return total
    }

    public var malformedTotal: Int { sources.reduce(0) { $0 + $1.malformedTotal } }

    /// The index of the source with this id, adding it when new.
    public mutating func sourceIndex(path: String, id: Int) -> Int {
        if let index = indexByID[id] { return index }
        sources.append(SourceTally(id: id, path: path))
        indexByID[id] = sources.count - 1
        return sources.count - 1
    }

    /// Takes bytes, truncations and rotations from the follower's own counters.
    public mutating func update(from statuses: [SourceStatus]) {
        for status in statuses {
            let index = sourceIndex(path: status.path, id: status.id.rawValue)
            sources[index].bytes = status.bytesRead
            sources[index].truncations = status.truncations
            sources[index].rotations = status.rotations
            sources[index].error = status.error
        }
    }

    /// Counts a decoded record of the source.
    public mutating func countRecord(_ kind: Record.Kind, source: Int) {
        sources[source].records += 1
        switch kind {
        case .prediction: sources[source].predictions += 1
        case .label: sources[source].labels += 1
        }
    }

    /// Counts a malformed line and keeps it as an example while fewer than
    /// `examplesPerReason` of its reason are kept.
    public mutating func countMalformed(
        _ reason: MalformedReason, detail: String, source: Int, lineNumber: Int,
        line: UnsafeRawBufferPointer
    ) {
        sources[source].malformed[reason, default: 0] += 1
        let kept = sources.reduce(0) { $0 + ($1.malformed[reason] ?? 0) } - 1
        guard kept < Self.examplesPerReason else { return }
        let excerpt = String(decoding: line.prefix(Self.excerptBytes), as: UTF8.self)
        examples.append(MalformedExample(
            path: sources[source].path, lineNumber: lineNumber, reason: reason,
            detail: detail, excerpt: excerpt))
    }
}
