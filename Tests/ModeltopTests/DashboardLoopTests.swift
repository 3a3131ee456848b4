import Dashboard
import Foundation
import MonitorEngine
import Testing
@testable import modeltop
#if canImport(Glibc)
import Glibc
#endif

/// The UI loop (`DashboardLoop`) run for real against a fake terminal, as ratatui's
/// `TestBackend` allows: scripted keys, resizes and signals in, drawn buffers out, on a
/// monotonic clock of the fake's own, so frame pacing is checked without waiting. The tmux
/// tests in `EndToEndTests` cover the curses side.
struct DashboardLoopTests {
    /// 2026-01-01 12:00:00 UTC.
    static let start = 1_767_268_800.0

    // MARK: With the dashboard's own session

    @Test func keysChangeScreens() {
        let terminal = FakeTerminal(width: 120, height: 40, script: [
            .key(.character("a")), .key(.character("f")), .key(.character("o")), .key(.character("?")),
        ])
        let (session, _) = Self.session(terminal)
        _ = Self.loop(terminal, session).run()

        #expect(terminal.frameAfter(events: 0)?.text.contains("Tab panel") == true)
        #expect(terminal.frameAfter(events: 1)?.text.contains("A acknowledge") == true)
        #expect(terminal.frameAfter(events: 2)?.text.contains("r reverse") == true)
        #expect(terminal.frameAfter(events: 2)?.text.contains("A acknowledge") == false)
        #expect(terminal.frameAfter(events: 3)?.text.contains("Tab panel") == true)
        #expect(terminal.frameAfter(events: 4)?.text.contains("next / previous panel") == true)
        #expect(terminal.frameAfter(events: 3)?.text.contains("next / previous panel") == false)
    }

    /// A click means what the frame on screen drew there: the header's tab switches screens,
    /// a click on nothing does nothing, the wheel moves as the arrows do.
    @Test func clicksActOnWhatTheFrameOnScreenDrewThere() throws {
        let probe = FakeTerminal(width: 120, height: 40, script: [])
        _ = Self.loop(probe, Self.session(probe).session).run()
        let tabs = try #require(probe.frames.first?.buffer.text.split(separator: "\n").dropFirst().first)
        let alerts = try #require(tabs.range(of: "a Alerts")).lowerBound.utf16Offset(in: tabs)
        let terminal = FakeTerminal(width: 120, height: 40, script: [
            .click(x: alerts + 3, y: 1), .click(x: 119, y: 20), .click(x: 2, y: 1),
        ])
        let (session, _) = Self.session(terminal)
        _ = Self.loop(terminal, session).run()
        #expect(terminal.frameAfter(events: 1)?.text.contains("A acknowledge") == true)
        // A click on nothing changes nothing, not even a frame.
        #expect(terminal.frameAfter(events: 2) == nil)
        #expect(terminal.frameAfter(events: 3)?.text.contains("Tab panel") == true)

        let counting = CountingSession()
        let wheel = FakeTerminal(width: 40, height: 10, script: [.wheel(up: true), .wheel(up: false)])
        _ = Self.loop(wheel, counting).run()
        #expect(counting.keys == [.up, .down])
        #expect(counting.clicks.isEmpty)
    }

    @Test func quitEndsTheLoopAndLeavesTheRestUnread() {
        let terminal = FakeTerminal(width: 120, height: 40, script: [
            .key(.character("f")), .key(.character("q")), .key(.character("a")),
        ])
        let (session, _) = Self.session(terminal)
        #expect(Self.loop(terminal, session).run() == nil)
        #expect(terminal.eventsRead == 2)
        #expect(terminal.frames.last?.buffer.text.contains("A acknowledge") == false)
    }

    @Test func controlCTypedAsACharacterQuitsLikeQ() {
        let terminal = FakeTerminal(width: 120, height: 40, script: [.key(.controlC), .key(.character("a"))])
        let (session, _) = Self.session(terminal)
        #expect(Self.loop(terminal, session).run() == nil)
        #expect(terminal.eventsRead == 1)
    }

    @Test func aSignalOrAHangUpEndsTheLoopWithTheSignal() {
        let signalled = FakeTerminal(width: 120, height: 40, script: [.key(.character("f")), .signal(SIGTERM), .key(.character("a"))])
        #expect(Self.loop(signalled, Self.session(signalled).session).run() == SIGTERM)
        #expect(signalled.eventsRead == 1)

        let hungUp = FakeTerminal(width: 120, height: 40, script: [.key(.character("f")), .hangUp, .key(.character("a"))])
        #expect(Self.loop(hungUp, Self.session(hungUp).session).run() == SIGHUP)
        #expect(hungUp.eventsRead == 2)
    }

    @Test func resizingTo20x5DrawsTheTooSmallMessageAndBack() throws {
        let terminal = FakeTerminal(width: 120, height: 40, script: [
            .resize(width: 20, height: 5), .key(.character("f")), .resize(width: 120, height: 40), .key(.character("q")),
        ])
        let (session, _) = Self.session(terminal)
        #expect(Self.loop(terminal, session).run() == nil)

        let small = try #require(terminal.frameAfter(events: 1))
        #expect(small.width == 20 && small.height == 5)
        #expect(small.text.contains("too small"))
        let keyWhileSmall = try #require(terminal.frameAfter(events: 2))
        #expect(keyWhileSmall.width == 20 && keyWhileSmall.height == 5)
        let large = try #require(terminal.frameAfter(events: 3))
        #expect(large.width == 120 && large.height == 40)
        // The key pressed while the terminal was too small still changed the screen.
        #expect(large.text.contains("r reverse"))
    }

    @Test func theSessionIsRefreshedWithTheInjectedTime() {
        // 2.5 seconds of a quiet stream: the header clock follows the injected wall clock.
        let terminal = FakeTerminal(width: 120, height: 40, script: [.idle(milliseconds: 2500)])
        let (session, _) = Self.session(terminal)
        _ = Self.loop(terminal, session).run()

        let first = terminal.frames.first?.buffer.line(0) ?? ""
        let last = terminal.frames.last?.buffer.line(0) ?? ""
        #expect(first.contains("12:00:00"))
        #expect(last.contains("12:00:02"))
        // The clock changes once a second, so the quiet stream is drawn once a second.
        #expect(terminal.frames.count == 3)
    }

    @Test func aWindowChangeGoesToTheEngine() {
        let terminal = FakeTerminal(width: 120, height: 40, script: [.key(.character("w")), .key(.character("q"))])
        let (session, engine) = Self.session(terminal)
        _ = Self.loop(terminal, session).run()
        #expect(engine.commands.count == 1)
        if case .setWindow = engine.commands.first {} else { Issue.record("sent \(engine.commands)") }
    }

    // MARK: With a session that counts

    @Test func refreshIsGivenTheLoopsWallClock() {
        let terminal = FakeTerminal(width: 30, height: 4, script: [.idle(milliseconds: 300), .key(.character("x")), .idle(milliseconds: 200)])
        let session = CountingSession()
        var given: [Date] = []
        var loop = DashboardLoop(terminal: terminal, session: session, log: DiagnosticLog())
        loop.milliseconds = { terminal.clock }
        loop.wallClock = {
            let now = Date(timeIntervalSince1970: Self.start + Double(terminal.clock) / 1000)
            given.append(now)
            return now
        }
        _ = loop.run()
        #expect(session.refreshes.count > 3)
        #expect(session.refreshes == given)
        #expect(session.refreshes.first == Date(timeIntervalSince1970: Self.start))
        #expect(session.refreshes.last == Date(timeIntervalSince1970: Self.start + 0.5))
    }

    @Test func contentFramesAreCappedAtTenASecond() {
        // New content at every refresh, and the terminal waking every 10 ms with nothing in it.
        let terminal = FakeTerminal(width: 30, height: 4, script: [.idle(milliseconds: 1000)], wakeEveryMilliseconds: 10)
        let session = CountingSession()
        _ = Self.loop(terminal, session).run()

        #expect(session.refreshes.count > 50)
        let times = terminal.frames.map(\.atMilliseconds)
        #expect(times.count == 11)
        for (earlier, later) in zip(times, times.dropFirst()) {
            #expect(later - earlier >= DashboardLoop.contentFrameIntervalMilliseconds)
        }
    }

    @Test func aKeyIsDrawnAtOnceWithinTheCap() {
        let terminal = FakeTerminal(width: 30, height: 4, script: [
            .idle(milliseconds: 130), .key(.character("x")), .idle(milliseconds: 10),
        ], wakeEveryMilliseconds: 10)
        let session = CountingSession()
        _ = Self.loop(terminal, session).run()

        // Content frames at 0 and 100; the key at 130 is drawn at once, not at 200.
        #expect(terminal.frames.map(\.atMilliseconds) == [0, 100, 130])
        #expect(terminal.frameAfter(events: 1)?.line(0).hasPrefix("x") == true)
        #expect(session.keys == [.character("x")])
    }

    @Test func aResizeReachesTheSessionAndTheBuffer() {
        let terminal = FakeTerminal(width: 30, height: 4, script: [.resize(width: 20, height: 5)])
        let session = CountingSession()
        _ = Self.loop(terminal, session).run()
        #expect(session.sizes == [Size(width: 20, height: 5)])
        #expect(terminal.frameAfter(events: 1).map { [$0.width, $0.height] } == [20, 5])
    }

    // MARK: Helpers

    /// The loop on `terminal`'s clock, the wall clock starting at `start` with it.
    static func loop(_ terminal: FakeTerminal, _ session: DashboardSession) -> DashboardLoop {
        var loop = DashboardLoop(terminal: terminal, session: session, log: DiagnosticLog())
        loop.milliseconds = { terminal.clock }
        loop.wallClock = { Date(timeIntervalSince1970: start + Double(terminal.clock) / 1000) }
        return loop
    }

    /// The dashboard's session over an engine that has published nothing yet.
    static func session(_ terminal: FakeTerminal) -> (session: DashboardEngineSession, engine: FakeEngine) {
        let engine = FakeEngine()
        let session = DashboardEngineSession(
            engine: engine, themes: [.builtInDefault], window: .oneHour, width: terminal.width, height: terminal.height,
            glyphs: .unicode, monochrome: false, utcOffsetSeconds: 0, log: DiagnosticLog(),
            now: Date(timeIntervalSince1970: start))
        return (session, engine)
    }
}

/// A terminal that records every frame and plays a script. Its monotonic clock moves only
/// while the loop waits for input: an idle step takes the loop's timeout (or
/// `wakeEveryMilliseconds`, if shorter: input with no meaning waking the loop early). When the
/// script is done the terminal hangs up (then signals SIGUSR2), so a loop that should have
/// ended never hangs a test.
final class FakeTerminal: Terminal {
    enum Step {
        case key(Key)
        case resize(width: Int, height: Int)
        case idle(milliseconds: Int)
        case signal(Int32)
        case hangUp
        case click(x: Int, y: Int)
        case wheel(up: Bool)
    }

    struct Frame {
        var buffer: Buffer
        var atMilliseconds: Int
        /// Events the loop had read when it drew this frame.
        var eventsRead: Int
    }

    private(set) var width: Int
    private(set) var height: Int
    private(set) var frames: [Frame] = []
    private(set) var clock = 0
    private(set) var eventsRead = 0
    private var script: [Step]
    private let wakeEveryMilliseconds: Int
    private var signal: Int32?

    init(width: Int, height: Int, script: [Step], wakeEveryMilliseconds: Int = .max) {
        self.width = width
        self.height = height
        self.script = script
        self.wakeEveryMilliseconds = wakeEveryMilliseconds
    }

    /// The first frame drawn after the loop had read `events` events.
    func frameAfter(events: Int) -> Buffer? {
        frames.first { $0.eventsRead == events }?.buffer
    }

    func draw(_ buffer: Buffer) {
        frames.append(Frame(buffer: buffer, atMilliseconds: clock, eventsRead: eventsRead))
    }

    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard let step = script.first else {
            // Past the script: hang up, and should the loop read on, end it with a signal that
            // no test expects.
            signal = SIGUSR2
            return .hangUp
        }
        switch step {
        case .idle(let milliseconds):
            let waited = max(1, min(milliseconds, timeoutMilliseconds, wakeEveryMilliseconds))
            clock += waited
            if waited >= milliseconds { script.removeFirst() } else { script[0] = .idle(milliseconds: milliseconds - waited) }
            return nil
        case .signal(let number):
            script.removeFirst()
            signal = number
            return nil
        case .key(let key):
            script.removeFirst()
            eventsRead += 1
            return .key(key)
        case .resize(let newWidth, let newHeight):
            script.removeFirst()
            eventsRead += 1
            width = newWidth
            height = newHeight
            return .resize
        case .hangUp:
            script.removeFirst()
            eventsRead += 1
            return .hangUp
        case .click(let x, let y):
            script.removeFirst()
            eventsRead += 1
            return .click(x: x, y: y)
        case .wheel(let up):
            script.removeFirst()
            eventsRead += 1
            return .wheel(up: up)
        }
    }

    func takeTerminationSignal() -> Int32? {
        defer { signal = nil }
        return signal
    }
}

/// An engine that never publishes, and keeps the commands it is sent.
final class FakeEngine: DashboardEngine {
    private(set) var commands: [EngineCommand] = []
    func start() {}
    func latestSnapshot() -> Snapshot? { nil }
    func send(_ command: EngineCommand) { commands.append(command) }
    func stop() {}
}

struct Size: Equatable {
    var width: Int
    var height: Int
}

/// A session with new content at every refresh; it writes the last key and its version, and
/// quits on `q`.
final class CountingSession: DashboardSession {
    private(set) var refreshes: [Date] = []
    private(set) var keys: [Key] = []
    private(set) var sizes: [Size] = []

    func refresh(now: Date) -> Int {
        refreshes.append(now)
        return refreshes.count
    }

    func handle(_ key: Key) -> Bool {
        keys.append(key)
        return key != .character("q")
    }

    private(set) var clicks: [ClickTarget] = []

    func click(_ target: ClickTarget) -> Bool {
        clicks.append(target)
        return true
    }

    func resize(width: Int, height: Int) { sizes.append(Size(width: width, height: height)) }

    func render(into buffer: inout Buffer) {
        var key = ""
        if case .character(let character) = keys.last { key = String(character) }
        _ = buffer.write("\(key) \(refreshes.count)", x: 0, y: 0)
    }

    func stop() {}
}
