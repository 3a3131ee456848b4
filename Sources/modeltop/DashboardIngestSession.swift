import CursesTerminal
import Dashboard
import Foundation
import MonitorEngine

/// The dashboard session until the engine's snapshots are wired in: follows the inputs on a
/// background thread and shows the ingest side of the story (catch-up progress, records and
/// malformed lines per source), with the keys that exist everywhere (`q`, resize).
final class DashboardIngestSession: DashboardSession, @unchecked Sendable {
    /// The smallest terminal the screen is laid out for.
    static let minimumWidth = 40
    static let minimumHeight = 10

    private let lock = NSLock()
    private var version = 0
    private var tally = InputTally()
    private var caughtUp = false
    private var bytesAtStart = 0
    private var failure: String?
    private var stopping = false
    private let model: String
    private let settings: CommonOptions.Settings
    private let log: DiagnosticLog
    private let finished = DispatchSemaphore(value: 0)

    init(settings: CommonOptions.Settings, log: DiagnosticLog) {
        self.settings = settings
        self.model = settings.model ?? "default"
        self.log = log
    }

    /// Starts following the inputs on a thread of its own (the reader is owned by it).
    func start() {
        let thread = Thread { [self] in
            follow()
            finished.signal()
        }
        thread.name = "modeltop-ingest"
        thread.start()
    }

    var contentVersion: Int { lock.withLock { version } }

    func handle(_ key: TerminalKey) -> Bool {
        key != .character("q") && key != .character("Q")
    }

    func stop() {
        lock.withLock { stopping = true }
        finished.wait()
    }

    func render(into buffer: inout Buffer) {
        let (tally, caughtUp, bytesAtStart, failure) = lock.withLock { (self.tally, self.caughtUp, self.bytesAtStart, self.failure) }
        if buffer.width < Self.minimumWidth || buffer.height < Self.minimumHeight {
            DashboardIngestSession.renderTooSmall(into: &buffer, minimumWidth: Self.minimumWidth, minimumHeight: Self.minimumHeight)
            return
        }
        let header = CellStyle(reverse: true)
        buffer.fill(Rect(x: 0, y: 0, width: buffer.width, height: 1), with: Cell(style: header))
        buffer.write(" modeltop  \(model)  \(tally.sources.count) sources  \(tally.records) records", x: 0, y: 0, style: header)
        var row = 2
        if let failure {
            buffer.write("Error: \(failure)", x: 1, y: row, style: CellStyle(bold: true))
            row += 2
        }
        if caughtUp {
            // Colour and a symbol: NO_COLOR loses nothing (tui.md "Terminal conventions").
            buffer.write("● Following: live", x: 1, y: row, style: CellStyle(foreground: .indexed(2), bold: true))
        } else {
            let fraction = bytesAtStart > 0 ? min(1, Double(tally.bytes) / Double(bytesAtStart)) : 0
            let label = "Catching up \(Int(fraction * 100))% "
            let drawn = buffer.write(label, x: 1, y: row, style: CellStyle(bold: true))
            let barWidth = max(0, buffer.width - drawn - 3)
            let filled = Int(Double(barWidth) * fraction)
            buffer.write(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled), x: 1 + drawn, y: row)
        }
        row += 2
        let counts = buffer.write("Predictions \(tally.predictions)  labels \(tally.labels)  ", x: 1, y: row)
        let malformedStyle = tally.malformedTotal > 0 ? CellStyle(foreground: .indexed(3), bold: true) : CellStyle.plain
        buffer.write("malformed \(tally.malformedTotal)\(tally.malformedTotal > 0 ? " ▲" : "")", x: 1 + counts, y: row, style: malformedStyle)
        row += 2
        for source in tally.sources where row < buffer.height - 2 {
            buffer.write("\(source.path)  \(source.records) records  \(source.bytes) bytes  \(source.malformedTotal) malformed",
                         x: 1, y: row, maxWidth: buffer.width - 2)
            row += 1
        }
        buffer.write(" q quit", x: 0, y: buffer.height - 1, style: CellStyle(dim: true))
    }

    /// The centred message below the minimum size (tui.md "Resize"): the current and the
    /// needed size, so the user knows how far to enlarge.
    static func renderTooSmall(into buffer: inout Buffer, minimumWidth: Int, minimumHeight: Int) {
        let lines = ["Terminal too small", "\(buffer.width)×\(buffer.height), needs \(minimumWidth)×\(minimumHeight)"]
        let top = max(0, (buffer.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let width = DisplayWidth.of(line)
            buffer.write(line, x: max(0, (buffer.width - width) / 2), y: top + offset, style: CellStyle(bold: offset == 0))
        }
    }

    /// The reading thread: polls the inputs, publishing the tally at most four times a second.
    private func follow() {
        let reader: InputReader
        do {
            reader = try settings.makeInputReader(follow: true)
        } catch {
            lock.withLock { failure = "\(error)"; version += 1 }
            return
        }
        var lastPublished = monotonicMilliseconds()
        var knownSources = 0
        var startBytes = 0
        var caughtUp = false
        while !lock.withLock({ stopping }) {
            let consumed = reader.poll { _ in }
            if !caughtUp && reader.tally.sources.count != knownSources {
                // The files present at the start are what "catching up" reads.
                knownSources = reader.tally.sources.count
                startBytes = reader.tally.sources.reduce(0) { $0 + Self.fileSize($1.path) }
            }
            if consumed == 0 && !caughtUp {
                caughtUp = true
                log.write("caught up: \(reader.tally.records) records")
            }
            let now = monotonicMilliseconds()
            // Publish at most four times a second while reading, and once more when it pauses;
            // an idle log publishes nothing, so the screen is not redrawn.
            let due = now - lastPublished >= 250 || consumed == 0
            if due && lock.withLock({ self.tally != reader.tally || self.caughtUp != caughtUp }) {
                let snapshot = reader.tally
                lock.withLock {
                    self.tally = snapshot
                    self.caughtUp = caughtUp
                    self.bytesAtStart = startBytes
                    version += 1
                }
                lastPublished = now
            }
            if consumed == 0 { reader.waitForActivity(timeoutSeconds: 0.25) }
        }
    }

    private static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}
