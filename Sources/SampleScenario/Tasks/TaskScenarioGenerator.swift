/// What the multiclass or regression generator just wrote.
public struct TaskScenarioLine: Sendable, Hashable {
    public var kind: ScenarioLine.Kind
    /// Event time of a prediction, or arrival time of a label (seconds since the Unix epoch).
    public var timeSeconds: Double
    /// Zero-based index of the record the line is about.
    public var recordIndex: Int
    /// True for a prediction the episode changed (false for labels).
    public var isAffected: Bool
}

/// Writes a story of one world one line at a time, in time order: prediction lines in event
/// time and label lines interleaved at their arrival time, as `ScenarioGenerator` does for the
/// card-fraud story.
struct TaskGenerator<World: TaskWorld>: Sendable {
    let timeline: TaskTimeline
    let world: World
    private var rng: Xoshiro256StarStar
    private var nextIndex = 0
    private var labels = PendingLabels<World.Truth>()
    private var current: (index: Int, milliseconds: Int64, draw: World.Draw)?

    init(world: World, seed: UInt64, timeline: TaskTimeline) {
        self.world = world
        self.timeline = timeline
        rng = Xoshiro256StarStar(seed: seed)
    }

    var recordsDrawn: Int { nextIndex }

    mutating func next(into line: inout [UInt8]) -> TaskScenarioLine? {
        if current == nil { current = drawNext() }
        if let label = labels.first, current == nil || label.arrivalMilliseconds <= current!.milliseconds {
            _ = labels.removeFirst()
            line.append(ascii: "{\"ts\":\"")
            line.append(timestampMilliseconds: label.arrivalMilliseconds)
            line.append(ascii: "\",\"id\":")
            writeId(label.recordIndex, into: &line)
            line.append(ascii: ",\"label\":")
            world.writeLabel(label.truth, into: &line)
            line.append(ascii: "}\n")
            return TaskScenarioLine(kind: .label, timeSeconds: Double(label.arrivalMilliseconds) / 1000,
                                    recordIndex: label.recordIndex, isAffected: false)
        }
        guard let record = current else { return nil }
        current = nil
        line.append(ascii: "{\"ts\":\"")
        line.append(timestampMilliseconds: record.milliseconds)
        line.append(ascii: "\",\"id\":")
        writeId(record.index, into: &line)
        line.append(ascii: ",\"model\":")
        line.append(quoted: World.modelName)
        line.append(ascii: ",\"version\":")
        line.append(quoted: World.modelVersion)
        line.append(UInt8(ascii: ","))
        world.writeFeaturesAndOutput(record.draw, into: &line)
        line.append(ascii: ",\"latency_ms\":")
        line.append(fixed: world.latency(using: &rng), decimals: 1)
        line.append(ascii: ",\"status\":\"ok\"}\n")
        return TaskScenarioLine(kind: .prediction, timeSeconds: Double(record.milliseconds) / 1000,
                                recordIndex: record.index, isAffected: world.isAffected(record.draw))
    }

    /// The next record with its time and label, or `nil` once the story's records are drawn.
    private mutating func drawNext() -> (index: Int, milliseconds: Int64, draw: World.Draw)? {
        if let events = timeline.events, nextIndex >= events { return nil }
        let index = nextIndex
        nextIndex += 1
        // Stratified arrival at a steady rate: record i falls in the i-th slice of time.
        let offset = (Double(index) + rng.nextUnit()) / timeline.eventsPerSecond
        let milliseconds = Int64(((timeline.startSeconds + offset) * 1000).rounded(.down))
        let draw = world.draw(episode: offset >= timeline.episodeSeconds, using: &rng)
        if rng.nextBool(probability: World.labelShare) {
            let delay = max(timeline.labelDelayMinimumSeconds,
                            rng.nextLogNormal(median: timeline.labelDelayMedianSeconds, sigma: timeline.labelDelaySigma))
            labels.insert(.init(arrivalMilliseconds: milliseconds + Int64((delay * 1000).rounded(.down)),
                                recordIndex: index, truth: world.truth(of: draw)))
        }
        return (index, milliseconds, draw)
    }

    func writeId(_ index: Int, into line: inout [UInt8]) {
        line.append(UInt8(ascii: "\""))
        line.append(ascii: World.idPrefix)
        line.append(decimal: UInt64(index + 1), minimumDigits: 7)
        line.append(UInt8(ascii: "\""))
    }

    static func requestId(_ index: Int) -> String {
        var bytes: [UInt8] = []
        bytes.append(ascii: World.idPrefix)
        bytes.append(decimal: UInt64(index + 1), minimumDigits: 7)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The multiclass (card-tier router) or regression (house price) story, line by line in time
/// order; the same seed and timeline always give the same lines.
///
/// ```swift
/// var generator = TaskScenarioGenerator(task: .multiclass, seed: 7, timeline: .story())
/// var bytes: [UInt8] = []
/// while let line = generator.next(into: &bytes) { ... }
/// ```
public struct TaskScenarioGenerator: Sendable {
    enum Storage: Sendable {
        case multiclass(TaskGenerator<CardTierModel>)
        case regression(TaskGenerator<HousePriceModel>)
        /// Held only while a generator is taken out to be advanced, so that its pending labels
        /// are never shared (and copied) on the way.
        case advancing
    }

    public let task: ScenarioTask
    public let timeline: TaskTimeline
    private var storage: Storage

    /// A generator of `task`'s story (`.multiclass` or `.regression`) told by `timeline`.
    public init(task: ScenarioTask, seed: UInt64, timeline: TaskTimeline) {
        self.task = task
        self.timeline = timeline
        switch task {
        case .multiclass: storage = .multiclass(TaskGenerator(world: CardTierModel(), seed: seed, timeline: timeline))
        case .regression: storage = .regression(TaskGenerator(world: HousePriceModel(), seed: seed, timeline: timeline))
        case .binary: preconditionFailure("the binary story is ScenarioGenerator's")
        }
    }

    /// Appends the next line (with its newline) to `line` and describes it; `nil` when the
    /// story is over (never for an endless timeline).
    public mutating func next(into line: inout [UInt8]) -> TaskScenarioLine? {
        switch storage {
        case .multiclass(var generator):
            storage = .advancing
            defer { storage = .multiclass(generator) }
            return generator.next(into: &line)
        case .regression(var generator):
            storage = .advancing
            defer { storage = .regression(generator) }
            return generator.next(into: &line)
        case .advancing:
            return nil
        }
    }

    /// The request id of record `index` (`app-0000001`, `val-0000001`).
    public func requestId(_ index: Int) -> String {
        switch storage {
        case .multiclass: TaskGenerator<CardTierModel>.requestId(index)
        case .regression, .advancing: TaskGenerator<HousePriceModel>.requestId(index)
        }
    }
}
