import CursesTerminal
import Dashboard
#if canImport(Glibc)
import Glibc
#endif

/// What the UI loop drives: something that turns keys into state changes and state into a
/// frame. The loop owns the terminal; a session owns the model and the engine behind it.
protocol DashboardSession: AnyObject {
    /// Changes whenever the session has something new to show (a new snapshot).
    var contentVersion: Int { get }
    /// Applies a key; returns false when the session wants to quit.
    func handle(_ key: TerminalKey) -> Bool
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
/// Waiting happens inside `wget_wch`, so an idle dashboard sleeps.
struct DashboardLoop {
    /// The shortest time between two frames drawn for new content, in milliseconds.
    static let contentFrameIntervalMilliseconds = 100
    /// The longest wait for a key, so that signals and new content are seen promptly.
    static let keyPollMilliseconds = 100

    let screen: CursesScreen
    let session: DashboardSession
    let log: DiagnosticLog

    /// Runs until the session quits or a termination signal arrives; returns the signal, if
    /// one ended the loop.
    func run() -> Int32? {
        var buffer = Buffer(width: screen.width, height: screen.height)
        var drawnVersion = Int.min
        var lastFrame = monotonicMilliseconds() - Self.contentFrameIntervalMilliseconds
        var needsFrame = true
        var frames = 0
        while true {
            if let signal = screen.takeTerminationSignal() {
                log.write("leaving on signal \(signal)")
                return signal
            }
            let now = monotonicMilliseconds()
            let version = session.contentVersion
            if version != drawnVersion && now - lastFrame >= Self.contentFrameIntervalMilliseconds { needsFrame = true }
            if needsFrame {
                if buffer.width != screen.width || buffer.height != screen.height {
                    buffer = Buffer(width: screen.width, height: screen.height)
                } else {
                    buffer.fill(buffer.area)
                }
                let renderStart = monotonicMicroseconds()
                session.render(into: &buffer)
                let drawStart = monotonicMicroseconds()
                screen.draw(buffer)
                let drawEnd = monotonicMicroseconds()
                drawnVersion = version
                lastFrame = monotonicMilliseconds()
                needsFrame = false
                frames += 1
                // Benchmarks/dashboard.sh reads these lines: render and draw in microseconds.
                if log.isEnabled {
                    log.write("frame \(frames) version \(version) \(buffer.width)x\(buffer.height) render_us \(drawStart - renderStart) draw_us \(drawEnd - drawStart)")
                }
            }
            // Wake when the next content frame is due, else poll for keys and signals.
            let wait = version != drawnVersion
                ? max(1, Self.contentFrameIntervalMilliseconds - (monotonicMilliseconds() - lastFrame))
                : Self.keyPollMilliseconds
            guard let key = screen.readKey(timeoutMilliseconds: wait) else {
                if screen.isHungUp {
                    log.write("leaving: the terminal hung up")
                    return SIGHUP
                }
                continue
            }
            if log.isEnabled { log.write("key \(key) at \(monotonicMilliseconds()) ms") }
            if key == .interrupt { return SIGINT }
            if key == .resize { session.resize(width: screen.width, height: screen.height) }
            if !session.handle(key) { return nil }
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
