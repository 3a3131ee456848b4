import Foundation
import MonitorEngine
import SampleScenario
#if canImport(Glibc)
import Glibc
#endif

/// Appends the live story to `predictions.jsonl` and `labels.jsonl` as the wall clock reaches
/// each line's time, on a thread of its own: what a model server's logs look like to the
/// dashboard. Lines due together are written in one `write` per file, so the follower sees
/// whole lines and the writer wakes at most 20 times a second.
final class DemoWriter: Sendable {
    private let directory: String
    private let seed: UInt64
    private let story: DemoStory
    private let state = LockedValue((running: false, stopping: false))
    private let finished = DispatchSemaphore(value: 0)

    init(directory: String, seed: UInt64, story: DemoStory) {
        self.directory = directory
        self.seed = seed
        self.story = story
    }

    /// Opens the logs and starts writing; throws naming the file that cannot be opened.
    func start() throws {
        let predictions = try Self.openForAppend(directory + "/" + ScenarioFiles.predictionsFile)
        let labels = try Self.openForAppend(directory + "/" + ScenarioFiles.labelsFile)
        state.withLock { $0.running = true }
        let thread = Thread { [self] in
            write(predictions: predictions, labels: labels)
            close(predictions)
            close(labels)
            finished.signal()
        }
        thread.name = "modeltop-demo-writer"
        thread.start()
    }

    /// Stops the writer and waits for it; safe to call more than once.
    func stop() {
        let wasRunning = state.withLock { state in
            defer { state = (running: false, stopping: true) }
            return state.running
        }
        if wasRunning { finished.wait() }
    }

    private func write(predictions: Int32, labels: Int32) {
        var source = DemoLineSource(story: story, seed: seed)
        var line: [UInt8] = []
        var pendingPredictions: [UInt8] = []
        var pendingLabels: [UInt8] = []
        // A line drawn but not yet due: its stream, its wall-clock time and its bytes.
        var held: (kind: ScenarioLine.Kind, dueSeconds: Double, bytes: [UInt8])? = nil
        while !state.withLock({ $0.stopping }) {
            let now = Date().timeIntervalSince1970
            // Everything due by now goes out in this round.
            while true {
                if held == nil {
                    line.removeAll(keepingCapacity: true)
                    guard let next = source.next(into: &line) else { break }
                    held = (next.kind, next.dueSeconds, line)
                }
                guard let next = held, next.dueSeconds <= now else { break }
                if next.kind == .label { pendingLabels.append(contentsOf: next.bytes) } else { pendingPredictions.append(contentsOf: next.bytes) }
                held = nil
            }
            Self.writeAll(&pendingPredictions, to: predictions)
            Self.writeAll(&pendingLabels, to: labels)
            let due = held.map { $0.dueSeconds - Date().timeIntervalSince1970 } ?? 0.05
            usleep(UInt32(max(0.005, min(0.05, due)) * 1_000_000))
        }
    }

    private static func writeAll(_ bytes: inout [UInt8], to descriptor: Int32) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }

    private static func openForAppend(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CommandFailure(message: "demo: cannot open \(path): \(String(cString: strerror(errno)))", exitCode: 1)
        }
        return descriptor
    }
}


/// What a demo writes: the card-fraud story in event time equal to the wall clock, or the
/// multiclass or regression story, whose event time runs `speed` times the wall clock.
enum DemoStory: Sendable {
    case binary(ScenarioTimeline)
    case task(ScenarioTask, TaskTimeline)

    /// The story of `task` starting now (`startSeconds`), `rate` prediction lines a second of
    /// wall time, the episode (the first, for the card-fraud story) after `driftAfterSeconds`.
    static func live(task: ScenarioTask, startSeconds: Double, rate: Double, driftAfterSeconds: Double, speed: Double) -> DemoStory {
        switch task {
        case .binary:
            .binary(.live(startSeconds: startSeconds, eventsPerSecond: rate, driftAfterSeconds: driftAfterSeconds))
        case .multiclass, .regression:
            .task(task, .live(startSeconds: startSeconds, linesPerSecond: rate, speed: speed, driftAfterSeconds: driftAfterSeconds))
        }
    }
}

/// The lines of a demo's story, each with the wall-clock time it is due.
struct DemoLineSource {
    // One of the two is set; each advances in place (optional chaining), never copied.
    private var binary: ScenarioGenerator?
    private var task: TaskScenarioGenerator?

    init(story: DemoStory, seed: UInt64) {
        switch story {
        case .binary(let timeline): binary = ScenarioGenerator(seed: seed, timeline: timeline)
        case .task(let kind, let timeline): task = TaskScenarioGenerator(task: kind, seed: seed, timeline: timeline)
        }
    }

    mutating func next(into line: inout [UInt8]) -> (kind: ScenarioLine.Kind, dueSeconds: Double)? {
        if binary != nil {
            return binary?.next(into: &line).map { ($0.kind, $0.timeSeconds) }
        }
        guard let written = task?.next(into: &line), let timeline = task?.timeline else { return nil }
        return (written.kind, timeline.wallSeconds(atEventTime: written.timeSeconds))
    }
}
