import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary on a real terminal: `modeltop` runs inside a detached tmux session (a
/// server of its own per test), keys go in with `send-keys`, and the screen comes back with
/// `capture-pane`. Waits poll the pane with a bounded deadline; nothing sleeps a fixed time.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end screen tests are skipped"))
struct EndToEndTests {
    /// sample-data/ of the repository: 12,021 prediction lines of which 6 are corrupted, and
    /// 8,954 label lines (sample-data/README.md).
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")

    /// A copy of the sample data, so a test can append to the logs.
    static func copyOfSampleData() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for name in ["predictions.jsonl", "labels.jsonl", "reference.csv", "modeltop.yaml"] {
            try FileManager.default.copyItem(
                at: sampleData.appendingPathComponent(name), to: directory.url.appendingPathComponent(name))
        }
        return directory
    }

    static let panelTitles = ["Infrastructure", "Input drift", "Predictions", "Business outcomes"]
    static var watch: String { "\(TmuxSession.quoted(ModeltopProcess.executable.path)) watch --config modeltop.yaml" }

    static func showsPanels(_ screen: String) -> Bool {
        panelTitles.allSatisfy { screen.contains("─ \($0) ") }
    }

    @Test func watchShowsTheFourPanelsThenFollowsTheLogs() throws {
        let data = try Self.copyOfSampleData()
        let tmux = try TmuxSession(command: Self.watch, in: data.url)
        defer { tmux.close() }
        // A capture may land while the terminal is still drawing a frame: wait for one frame
        // that shows all of it. The champion and the shadow challenger of the sample data are
        // in the predictions panel.
        let screen = try tmux.waitFor {
            Self.showsPanels($0) && $0.contains("malformed   6 ") && $0.contains("v3 ") && $0.contains("v4 ")
        }
        #expect(screen.contains("fraud-detector │ 2 sources"))
        #expect(screen.contains("window 1h"))

        // A corrupted line appended as a model server would: counted, never an exit.
        let handle = try FileHandle(forWritingTo: data.url.appendingPathComponent("predictions.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"ts\": oops\n".utf8))
        try handle.close()
        _ = try tmux.waitFor { $0.contains("malformed   7 ") }
    }

    @Test func drillingIntoASegmentSaysSoAndEscapeComesBack() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) }
        try tmux.sendKeys("s")
        // Worst first: amount drift in Brazil tops the segments (sample-data/README.md).
        // The screen's title can be drawn a frame before its rows (a capture under load): wait
        // for both.
        let segments = try tmux.waitFor { $0.contains("Segments · country, device") && $0.contains("country=") }
        let rows = segments.split(separator: "\n").filter { $0.contains("country=") || $0.contains("device=") }
        #expect(rows.first?.contains("▶ country=BR") == true)
        let second = try #require(rows.dropFirst().first)
        let secondKey = try #require(second.split(separator: " ").first { $0.contains("=") }).description
        try tmux.sendKeys("j")
        _ = try tmux.waitFor { $0.contains("▶ \(secondKey)") }
        try tmux.sendKeys("Enter")
        // The header and the panels are one frame, but a capture may land while the terminal
        // is still drawing it: wait for both.
        let drilled = try tmux.waitFor { $0.split(separator: "\n").first?.contains(secondKey) == true && Self.showsPanels($0) }
        #expect(drilled.contains("window 1h"))
        try tmux.sendKeys("Escape")
        let back = try tmux.waitFor { $0.split(separator: "\n").first.map { !$0.contains(secondKey) } ?? false }
        #expect(back.contains("fraud-detector │ 2 sources"))
    }

    /// Scrubbing back to an alert's start: in Brazil, whose amounts triple from 09:20, the
    /// amount feature drifts in the live window and in the one ending at 10:00, and is calm in
    /// the hour before; the header says HISTORY until `.` returns to live.
    @Test func scrubbingBackFindsWhereBrazilsAmountStartedToDrift() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) && !$0.contains("catching up") }
        try tmux.sendKeys(":", "segment country=BR", "Enter")
        _ = try tmux.waitFor { $0.split(separator: "\n").first?.contains("country=BR") == true }
        try tmux.sendKeys("f")
        func amount(_ screen: String) -> String {
            screen.split(separator: "\n").first { $0.contains(" amount ") }.map(String.init) ?? ""
        }
        let live = try tmux.waitFor { amount($0).contains("drift") }
        #expect(!live.contains("HISTORY"))
        try tmux.sendKeys("{", "{", "{")
        let before = try tmux.waitFor { $0.contains("window 08:00–09:00") }
        #expect(before.contains("HISTORY"))
        #expect(amount(before).contains("ok"), "\(before)")
        try tmux.sendKeys("}")
        let after = try tmux.waitFor { $0.contains("window 09:00–10:00") }
        #expect(amount(after).contains("drift"), "\(after)")
        try tmux.sendKeys(".")
        let back = try tmux.waitFor { !$0.contains("HISTORY") && !$0.contains(" history ") }
        #expect(amount(back).contains("drift"))
    }

    /// Mouse sorting through tmux's own mouse events: the escape sequences a terminal sends
    /// for a click, in the encoding the dashboard asked tmux for; `--no-mouse` asks for none.
    @Test func clickingAHeaderSortsByItAndAgainReverses() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) && !$0.contains("catching up") }
        #expect(try tmux.format("#{mouse_any_flag}") == "1")
        try tmux.sendKeys("s")
        let segments = try tmux.waitFor { $0.contains("Segments · country, device") && $0.contains("country=") }
        let lines = segments.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let y = try #require(lines.firstIndex { $0.contains(" records ") && $0.contains("segment") })
        let x = try #require(lines[y].range(of: "records")).lowerBound.utf16Offset(in: lines[y])
        try tmux.click(x: x + 2, y: y)
        let sorted = try tmux.waitFor { $0.contains("records▼") }
        let counts = sorted.split(separator: "\n").dropFirst(y + 1).prefix(3).compactMap { line in
            line.split(separator: " ").lazy.compactMap { Int($0) }.first
        }
        #expect(counts == counts.sorted(by: >) && counts.count == 3, "\(sorted)")
        try tmux.click(x: x + 2, y: y)
        _ = try tmux.waitFor { $0.contains("records▲") }
        // A click on a row selects it; a second one on it drills in.
        try tmux.click(x: 10, y: y + 2)
        let selected = try tmux.waitFor { $0.split(separator: "\n").dropFirst(y + 2).first?.contains("▶") == true }
        let row = String(selected.split(separator: "\n", omittingEmptySubsequences: false)[y + 2])
        let key = try #require(row.split(separator: " ").first { $0.contains("=") }).description
        try tmux.click(x: 10, y: y + 2)
        _ = try tmux.waitFor { $0.split(separator: "\n").first?.contains(key) == true && Self.showsPanels($0) }

        let plain = try TmuxSession(command: Self.watch + " --no-mouse", in: Self.sampleData)
        defer { plain.close() }
        _ = try plain.waitFor { Self.showsPanels($0) }
        #expect(try plain.format("#{mouse_any_flag}") == "0")
    }

    @Test func resizeBelowTheMinimumShowsTheSizeAndRecovers() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) }
        try tmux.run(["resize-window", "-t", tmux.target, "-x", "30", "-y", "8"])
        let small = try tmux.waitFor { $0.contains("Terminal too small") }
        #expect(small.contains("30×8 < 60×16"))
        #expect(!small.contains("Infrastructure"))
        try tmux.run(["resize-window", "-t", tmux.target, "-x", "120", "-y", "40"])
        let restored = try tmux.waitFor { Self.showsPanels($0) }
        #expect(!restored.contains("too small"))
    }

    @Test func colourUnlessNoColorIsSet() throws {
        // The test runner may itself run with NO_COLOR set; the coloured run must not inherit it.
        let coloured = try TmuxSession(command: "env -u NO_COLOR " + Self.watch, in: Self.sampleData)
        defer { coloured.close() }
        _ = try coloured.waitFor { Self.showsPanels($0) }
        #expect(TmuxSession.hasColour(try coloured.capture(escapes: true)))

        let plain = try TmuxSession(command: "NO_COLOR=1 " + Self.watch, in: Self.sampleData)
        defer { plain.close() }
        _ = try plain.waitFor { Self.showsPanels($0) }
        let escaped = try plain.capture(escapes: true)
        #expect(!TmuxSession.hasColour(escaped))
        // Bands keep their symbol without colour.
        #expect(escaped.contains("✔ ok"))
    }

    @Test func quitGivesTheTerminalBack() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) }
        #expect(try tmux.format("#{alternate_on}") == "1")
        try tmux.sendKeys("q")
        let after = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(!after.contains("Infrastructure"))
        #expect(try tmux.format("#{alternate_on}") == "0")
        #expect(try tmux.format("#{cursor_flag}") == "1")
        // The shell line starts in column 0: no stray escape codes or half-drawn frame before it.
        #expect(after.split(separator: "\n").contains { $0.hasPrefix("EXITED 0") })
    }

    @Test(arguments: [(SIGTERM, 128 + SIGTERM), (SIGHUP, 128 + SIGHUP), (SIGSEGV, 128 + SIGSEGV)])
    func signalsGiveTheTerminalBack(signal: Int32, status: Int32) throws {
        let tmux = try TmuxSession(command: "SWIFT_BACKTRACE=enable=no " + Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) }
        let pid = try #require(try tmux.childProcess())
        kill(pid, signal)
        let after = try tmux.waitFor { $0.contains("EXITED") }
        #expect(after.contains("EXITED \(status)"))
        #expect(try tmux.format("#{alternate_on}") == "0")
        #expect(try tmux.format("#{cursor_flag}") == "1")
    }

    /// The terminal going away (the window closed, the connection dropped) ends the dashboard
    /// at once: it must not go on reading a hung-up terminal, which reads as ready for ever.
    @Test func aTerminalThatGoesAwayEndsTheDashboard() throws {
        let tmux = try TmuxSession(command: Self.watch, in: Self.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { Self.showsPanels($0) }
        let pid = try #require(try tmux.childProcess())
        tmux.close()
        let deadline = Date().addingTimeInterval(10)
        var running = true
        while running, Date() < deadline {
            let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
                .split(separator: ")").last?.split(separator: " ").first
            running = state != nil && state != "Z"
            if running { usleep(100_000) }
        }
        if running { kill(pid, SIGKILL) }
        #expect(!running, "modeltop was still running 10 s after its terminal went away")
    }

    @Test func standardInputIsReadWhileKeysComeFromTheTerminal() throws {
        let predictions = Self.sampleData.appendingPathComponent("predictions.jsonl").path
        let tmux = try TmuxSession(command: "cat \(TmuxSession.quoted(predictions)) | \(TmuxSession.quoted(ModeltopProcess.executable.path)) watch -", in: Self.sampleData)
        defer { tmux.close() }
        let screen = try tmux.waitFor { Self.showsPanels($0) && $0.contains("malformed   6 ") }
        #expect(screen.contains("1 sources") || screen.contains("1 source"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
    }

    @Test func demoWritesALiveStreamAndRemovesItsDirectory() throws {
        let temporary = try TemporaryDirectory()
        let tmux = try TmuxSession(
            command: "TMPDIR=\(TmuxSession.quoted(temporary.url.path)) \(TmuxSession.quoted(ModeltopProcess.executable.path)) --rate 200",
            in: temporary.url)
        defer { tmux.close() }
        // Records arrive while we watch: the window's request count grows between two looks.
        let first = try tmux.waitFor { (TmuxSession.number(after: "requests", in: $0) ?? 0) > 0 }
        let firstCount = TmuxSession.number(after: "requests", in: first) ?? 0
        _ = try tmux.waitFor { (TmuxSession.number(after: "requests", in: $0) ?? 0) > firstCount }
        let demoDirectories = try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).filter { $0.hasPrefix("modeltop-demo-") }
        #expect(demoDirectories.count == 1)
        // The writer is a process of its own, in a process group of its own (Ctrl-C is the
        // dashboard's), and it ends with the demo.
        let demo = try #require(try tmux.childProcess())
        let writer = try #require(Self.writer(of: demo))
        #expect(getpgid(writer) != getpgid(demo))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(!Self.isRunning(writer))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).filter { $0.hasPrefix("modeltop-demo-") }.isEmpty)
    }

    /// A demo killed outright (no cleanup at all) does not leave its writer running.
    @Test func theDemoWriterEndsWhenTheDemoIsKilled() throws {
        let temporary = try TemporaryDirectory()
        let tmux = try TmuxSession(
            command: "TMPDIR=\(TmuxSession.quoted(temporary.url.path)) \(TmuxSession.quoted(ModeltopProcess.executable.path)) --rate 200",
            in: temporary.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { (TmuxSession.number(after: "requests", in: $0) ?? 0) > 0 }
        let demo = try #require(try tmux.childProcess())
        let writer = try #require(Self.writer(of: demo))
        kill(demo, SIGKILL)
        let deadline = Date().addingTimeInterval(10)
        while Self.isRunning(writer), Date() < deadline { usleep(100_000) }
        #expect(!Self.isRunning(writer), "the demo's writer outlived the demo by 10 s")
    }

    /// The `modeltop demo-writer` child of `demo`, if any.
    static func writer(of demo: Int32) -> Int32? {
        let children = (try? String(contentsOfFile: "/proc/\(demo)/task/\(demo)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").compactMap { Int32($0) }.first { child in
            let command = (try? String(contentsOfFile: "/proc/\(child)/cmdline", encoding: .utf8)) ?? ""
            return command.contains("demo-writer")
        }
    }

    /// Whether `pid` is a process that has not ended (a zombie has ended).
    static func isRunning(_ pid: Int32) -> Bool {
        let state = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?
            .split(separator: ")").last?.split(separator: " ").first
        return state != nil && state != "Z"
    }
}

/// A tmux server of its own (`-L`, no configuration file) with one 120×40 session running
/// `sh -c 'COMMAND; echo EXITED $?'`, so the exit status shows on the pane.
final class TmuxSession {
    struct Timeout: Error, CustomStringConvertible {
        var lastScreen: String
        var description: String { "the screen never matched; last screen:\n\(lastScreen)" }
    }

    static var isAvailable: Bool {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var executable: String {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux"
    }

    let socket = "modeltop-test-\(UUID().uuidString.prefix(8))"
    let target = "main"

    init(command: String, in directory: URL, width: Int = 120, height: Int = 40) throws {
        // A long sleep keeps the pane (and its last screen) after the command exits.
        let script = "cd \(Self.quoted(directory.path)) && { \(command); echo EXITED $?; sleep 600; }"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", "sh", "-c", script])
    }

    func close() { _ = try? run(["kill-server"]) }

    /// Runs `tmux -L socket arguments...`, returning its standard output. posix_spawn rather
    /// than Foundation's Process: the tmux server daemonises from the first client and would
    /// inherit (and hold open) the descriptors Process watches for the child's end.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let outputPath = NSTemporaryDirectory() + "modeltop-tmux-\(UUID().uuidString)"
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([Self.executable, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The test runner's threads block signals, and a spawned process inherits the mask: a
        // tmux server (and the dashboard in its pane) that starts with SIGHUP and SIGTERM
        // blocked never ends. Start it with none blocked and every signal at its default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, Self.executable, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw SpawnFailure(arguments: arguments, error: spawned) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    }

    struct SpawnFailure: Error {
        var arguments: [String]
        var error: Int32
    }

    func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p"] + (escapes ? ["-e"] : []) + ["-t", target])
    }

    /// A click of the first button on cell (x, y), from 0: press and release, as a terminal
    /// reports them in the mouse mode the pane's program turned on (SGR or the original).
    func click(x: Int, y: Int) throws {
        if try format("#{mouse_sgr_flag}") == "1" {
            _ = try run(["send-keys", "-t", target, "-l", "\u{1B}[<0;\(x + 1);\(y + 1)M\u{1B}[<0;\(x + 1);\(y + 1)m"])
        } else {
            let cx = Character(UnicodeScalar(UInt8(33 + x))), cy = Character(UnicodeScalar(UInt8(33 + y)))
            _ = try run(["send-keys", "-t", target, "-l", "\u{1B}[M \(cx)\(cy)\u{1B}[M#\(cx)\(cy)"])
        }
    }

    func sendKeys(_ keys: String...) throws {
        try run(["send-keys", "-t", target] + keys)
    }

    /// A tmux format of the pane, e.g. `#{alternate_on}`.
    func format(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", target, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pane's command: the child of its shell.
    func childProcess() throws -> Int32? {
        let shell = try format("#{pane_pid}")
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls the pane every 50 ms until `matches` holds, for at most `seconds` (generous: the
    /// debug binary catching up on the sample data, several at once on two cores, takes a while).
    @discardableResult
    func waitFor(seconds: Double = 90, _ matches: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if matches(screen) { return screen }
            usleep(50_000)
        }
        throw Timeout(lastScreen: screen)
    }

    /// True when the captured text sets a foreground or background colour (SGR 30-49, 90-107,
    /// or 38/48 extended), ignoring resets to the default (39, 49).
    static func hasColour(_ escaped: String) -> Bool {
        var index = escaped.startIndex
        while let start = escaped[index...].range(of: "\u{1B}[") {
            guard let end = escaped[start.upperBound...].firstIndex(where: { $0.isLetter }) else { break }
            if escaped[end] == "m" {
                for parameter in escaped[start.upperBound..<end].split(separator: ";").compactMap({ Int($0) }) {
                    if (30...38).contains(parameter) || (40...48).contains(parameter) || (90...107).contains(parameter) { return true }
                }
            }
            index = end
        }
        return false
    }

    /// The decimal number following `label` on the screen.
    static func number(after label: String, in screen: String) -> Int? {
        guard let range = screen.range(of: label) else { return nil }
        return Int(screen[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber })
    }

    static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// Items of the on-call issue that only the real terminal shows: the footer at 80×24, the
/// theme key naming its theme, colours on an 8-colour terminal, a paused clock, and a mistyped
/// subcommand.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end screen tests are skipped"))
struct OnCallScreenTests {
    @Test func theFooterKeepsHelpAndQuitAt80x24() throws {
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: EndToEndTests.sampleData, width: 80, height: 24)
        defer { tmux.close() }
        for key in ["", "f", "s", "a"] {
            if !key.isEmpty { try tmux.sendKeys(key) }
            let screen = try tmux.waitFor { $0.contains("fraud-detector") && ($0.split(separator: "\n").last?.contains("? help  q quit") ?? false) }
            #expect(screen.split(separator: "\n").last?.hasSuffix("? help  q quit") == true)
        }
    }

    @Test func theThemeKeySaysWhichThemeIsOn() throws {
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: EndToEndTests.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) }
        try tmux.sendKeys("t")
        let screen = try tmux.waitFor { $0.contains("theme: ") }
        let line = try #require(screen.split(separator: "\n").first { $0.contains("theme: ") })
        #expect(["default", "light", "high-contrast", "colorblind", "mono"].contains { line.contains("theme: \($0) (") })
    }

    /// `TERM=xterm` has 8 colours: nothing is drawn black (SGR 30) on the dark background.
    @Test func eightColoursDrawNothingBlack() throws {
        let tmux = try TmuxSession(command: "env -u NO_COLOR TERM=xterm " + EndToEndTests.watch, in: EndToEndTests.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) }
        let escaped = try tmux.capture(escapes: true)
        #expect(TmuxSession.hasColour(escaped))
        #expect(!escaped.contains("\u{1B}[30m") && !escaped.contains(";30m"))
    }

    /// A log written long ago, watched without a window or bucket given, opens on all of it,
    /// said in the header, in buckets that fit its four hours into the sparklines; `w` then
    /// takes over.
    @Test func aReplayedLogOpensOnAllOfIt() throws {
        let command = "\(TmuxSession.quoted(ModeltopProcess.executable.path)) watch predictions.jsonl --labels labels.jsonl --reference reference.csv"
        // Without the scenario's modeltop.yaml, which sets a 1h window.
        let data = try EndToEndTests.copyOfSampleData()
        try FileManager.default.removeItem(at: data.url.appendingPathComponent("modeltop.yaml"))
        let tmux = try TmuxSession(command: command, in: data.url)
        defer { tmux.close() }
        // Caught up: every label joined, the whole log in the window.
        let screen = try tmux.waitFor { EndToEndTests.showsPanels($0) && $0.contains("labels    8954") }
        #expect(screen.contains("window all (replay)"), "\(screen)")
        #expect(screen.contains("per 5m"), "\(screen)")
        try tmux.sendKeys("w")
        let after = try tmux.waitFor { $0.contains("window ") && !$0.contains("(replay)") }
        #expect(after.contains("window 5m"), "\(after)")
    }

    /// A terminal that cannot draw the dashboard (`dumb` cannot move the cursor; an unknown
    /// `TERM` has no description) is named, with what to run instead, and the exit is 2.
    @Test(arguments: ["dumb", "no-such-terminal"])
    func aTerminalThatCannotDrawSaysWhatToRunInstead(term: String) throws {
        let tmux = try TmuxSession(command: "TERM=\(term) " + EndToEndTests.watch, in: EndToEndTests.sampleData)
        defer { tmux.close() }
        let screen = try tmux.waitFor { $0.contains("EXITED") }.replacingOccurrences(of: "\n", with: "")
        #expect(screen.contains("TERM=\(term)"), "\(screen)")
        #expect(screen.contains("modeltop watch --headless"), "\(screen)")
        #expect(screen.contains("EXITED 2"), "\(screen)")
    }

    @Test func pauseStopsTheClock() throws {
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: EndToEndTests.sampleData)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) }
        try tmux.sendKeys("p")
        let paused = try tmux.waitFor { $0.contains("PAUSED") }
        let clock = Self.clock(paused)
        #expect(clock != nil)
        usleep(2_200_000)
        let later = try tmux.capture()
        #expect(later.contains("PAUSED"))
        #expect(Self.clock(later) == clock)
        try tmux.sendKeys("p")
        _ = try tmux.waitFor { !$0.contains("PAUSED") && Self.clock($0) != clock }
    }

    /// The `HH:MM:SS` at the end of the header line.
    static func clock(_ screen: String) -> String? {
        guard let first = screen.split(separator: "\n").first else { return nil }
        let words = first.split(separator: " ")
        return words.last.map(String.init).flatMap { $0.count == 8 && $0.filter { $0 == ":" }.count == 2 ? $0 : nil }
    }
}

/// A mistyped subcommand gets "did you mean", as a mistyped flag does.
struct SubcommandSuggestionTests {
    @Test(arguments: [(["reprot"], "report", "modeltop"), (["wacth"], "watch", "modeltop"), (["alerts", "lsit"], "list", "modeltop alerts")])
    func aMistypedSubcommandGetsASuggestion(arguments: [String], meant: String, usage: String) throws {
        let result = try ModeltopProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: Unknown command '\(arguments.last!)'. Did you mean '\(meant)'?\nUsage: \(usage) <subcommand>"))
    }
}
