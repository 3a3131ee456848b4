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
    private let timeline: ScenarioTimeline
    private let state = LockedValue((running: false, stopping: false))
    private let finished = DispatchSemaphore(value: 0)

    init(directory: String, seed: UInt64, timeline: ScenarioTimeline) {
        self.directory = directory
        self.seed = seed
        self.timeline = timeline
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
        var generator = ScenarioGenerator(seed: seed, timeline: timeline)
        var line: [UInt8] = []
        var pendingPredictions: [UInt8] = []
        var pendingLabels: [UInt8] = []
        var held: (ScenarioLine, [UInt8])? = nil
        while !state.withLock({ $0.stopping }) {
            let now = Date().timeIntervalSince1970
            // Everything due by now goes out in this round.
            while true {
                if held == nil {
                    line.removeAll(keepingCapacity: true)
                    guard let next = generator.next(into: &line) else { break }
                    held = (next, line)
                }
                guard let (next, bytes) = held, next.timeSeconds <= now else { break }
                if next.kind == .label { pendingLabels.append(contentsOf: bytes) } else { pendingPredictions.append(contentsOf: bytes) }
                held = nil
            }
            Self.writeAll(&pendingPredictions, to: predictions)
            Self.writeAll(&pendingLabels, to: labels)
            let due = held.map { $0.0.timeSeconds - Date().timeIntervalSince1970 } ?? 0.05
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
