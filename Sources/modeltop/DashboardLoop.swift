import Dashboard
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the UI loop drives: something that turns keys into state changes and state into a
/// frame. The loop owns the terminal; a session owns the model and the engine behind it.
protocol DashboardSession: AnyObject {
    /// Brings the model up to `now` (wall-clock time): takes in the engine's latest snapshot
    /// and ticks the clock. Returns the content version, which changes whenever there is
    /// something new to show.
    func refresh(now: Date) -> Int
    /// Applies a key; returns false when the session wants to quit.
    func handle(_ key: Key) -> Bool
    /// Applies a click on what the last frame drew there; returns false to quit.
    func click(_ target: ClickTarget) -> Bool
    /// The terminal now has this size.
    func resize(width: Int, height: Int)
    /// Draws the whole frame from the current state (immediate mode).
    func render(into buffer: inout Buffer)
    /// Stops whatever runs in the background; called once, after the terminal is restored.
    func stop()
}

/// The main-thread loop of tui.md "Refresh": read a key with a short timeout, apply it, and
/// draw the whole frame when a key or new content arrived. Content-driven frames are limited
/// to 10 a second; a key is drawn at once, so the screen answers within one frame time.
/// Waiting happens inside the terminal's read (`wget_wch`), so an idle dashboard sleeps.
struct DashboardLoop {
    /// The shortest time between two frames drawn for new content, in milliseconds.
    static let contentFrameIntervalMilliseconds = 100
    /// The longest wait for a key, so that signals and new content are seen promptly.
    static let keyPollMilliseconds = 100

    let terminal: any Terminal
    let session: DashboardSession
    let log: DiagnosticLog
    /// Milliseconds of a monotonic clock, for frame pacing (injected in tests).
    var milliseconds: () -> Int = monotonicMilliseconds
    /// The wall clock the session is refreshed with (injected in tests).
    var wallClock: () -> Date = Date.init

    /// Runs until the session quits, a termination signal arrives or the terminal hangs up;
    /// returns the signal (SIGHUP for a hang-up), if one ended the loop.
    func run() -> Int32? {
        var buffer = Buffer(width: terminal.width, height: terminal.height)
        var drawnVersion = Int.min
        var lastFrame = milliseconds() - Self.contentFrameIntervalMilliseconds
        var needsFrame = true
        var frames = 0
        while true {
            if let signal = terminal.takeTerminationSignal() {
                log.write("leaving on signal \(signal)")
                return signal
            }
            let now = milliseconds()
            let version = session.refresh(now: wallClock())
            if version != drawnVersion && now - lastFrame >= Self.contentFrameIntervalMilliseconds { needsFrame = true }
            if needsFrame {
                if buffer.width != terminal.width || buffer.height != terminal.height {
                    buffer = Buffer(width: terminal.width, height: terminal.height)
                } else {
                    buffer.fill(buffer.area)
                }
                let renderStart = monotonicMicroseconds()
                session.render(into: &buffer)
                let drawStart = monotonicMicroseconds()
                terminal.draw(buffer)
                let drawEnd = monotonicMicroseconds()
                drawnVersion = version
                lastFrame = milliseconds()
                needsFrame = false
                frames += 1
                // Benchmarks/dashboard.sh reads these lines: render and draw in microseconds.
                if log.isEnabled {
                    log.write("frame \(frames) version \(version) \(buffer.width)x\(buffer.height) render_us \(drawStart - renderStart) draw_us \(drawEnd - drawStart)")
                }
            }
            // Wake when the next content frame is due, else poll for keys and signals.
            let wait = version != drawnVersion
                ? max(1, Self.contentFrameIntervalMilliseconds - (milliseconds() - lastFrame))
                : Self.keyPollMilliseconds
            guard let event = terminal.readEvent(timeoutMilliseconds: wait) else { continue }
            switch event {
            case .hangUp:
                log.write("leaving: the terminal hung up")
                return SIGHUP
            case .resize:
                if log.isEnabled { log.write("key resize at \(monotonicMilliseconds()) ms") }
                session.resize(width: terminal.width, height: terminal.height)
            case .key(let key):
                if log.isEnabled { log.write("key \(key) at \(monotonicMilliseconds()) ms") }
                // Ctrl-C typed as a character quits through `update`, as `q` does.
                if !session.handle(key) { return nil }
            case .click(let x, let y):
                // What the frame on screen drew there, not what the next one might.
                guard let target = buffer.clickTarget(x: x, y: y) else { continue }
                if log.isEnabled { log.write("click \(target) at \(monotonicMilliseconds()) ms") }
                if !session.click(target) { return nil }
            case .wheel(let up):
                if !session.handle(up ? .up : .down) { return nil }
            }
            needsFrame = true
        }
    }
}

/// Microseconds of a monotonic clock, for the frame timings of the diagnostic log.
func monotonicMicroseconds() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return time.tv_sec * 1_000_000 + time.tv_nsec / 1000
}

/// Milliseconds of a monotonic clock (CLOCK_MONOTONIC): frame pacing must not jump with the
/// wall clock.
func monotonicMilliseconds() -> Int {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return time.tv_sec * 1000 + time.tv_nsec / 1_000_000
}
