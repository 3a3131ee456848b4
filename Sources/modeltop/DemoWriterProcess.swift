import ArgumentParser
import Foundation
import MonitorEngine
import SampleScenario
#if canImport(Glibc)
import Glibc
#endif

/// The demo's writer as a process of its own, as a model server is: the dashboard's process
/// then holds the dashboard alone (the writer's labels waiting for their arrival time are tens
/// of megabytes at `--rate 50000`), and a stalled or crashed dashboard does not stop the
/// stream. Started in a process group of its own (Ctrl-C and terminal signals are the
/// dashboard's), with no terminal; it ends on SIGTERM, or by itself when the demo is gone.
final class DemoWriterProcess {
    private var pid: pid_t = 0

    /// Starts `modeltop demo-writer` with the demo's directory, seed and story (`rate` prediction
    /// lines a second, the episode after `driftAfterSeconds`, both of wall time).
    init(directory: String, seed: UInt64, task: ScenarioTask, startSeconds: Double, rate: Double,
         driftAfterSeconds: Double, speed: Double) throws {
        // This very binary (Linux names it in /proc; elsewhere Foundation knows it).
        let executable = FileManager.default.fileExists(atPath: "/proc/self/exe")
            ? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
            : Bundle.main.executablePath ?? CommandLine.arguments[0]
        let arguments = [
            executable, "demo-writer", "--directory", directory, "--seed", String(seed),
            "--start", String(startSeconds), "--rate", String(rate),
            "--drift-after", String(driftAfterSeconds), "--parent", String(getpid()),
            "--task", task.rawValue, "--speed", String(speed),
        ]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Its own process group: the terminal's signals (Ctrl-C) are the dashboard's.
        let spawned = SpawnAttributes.withOwnProcessGroup { attributes in
            posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else {
            throw CommandFailure(message: "demo: cannot start the writer: \(String(cString: strerror(spawned)))", exitCode: 1)
        }
    }

    /// Stops the writer and waits for it (a second at most, then SIGKILL); safe to call more
    /// than once.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        for _ in 0..<100 {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited < 0 && errno != EINTR) {
                pid = 0
                return
            }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        pid = 0
    }

    /// The writer's process id while it runs (for tests), else 0.
    var processID: pid_t { pid }
}

/// `modeltop demo-writer`: the demo's writer process (not for direct use: `modeltop demo`
/// starts it). Appends the live story to the demo directory's logs until SIGTERM, SIGINT or
/// SIGHUP, or until the demo that started it is gone.
struct DemoWriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-writer", abstract: "The writer process of `modeltop demo`.", shouldDisplay: false)

    @Option var directory: String
    @Option var seed: UInt64
    @Option var start: Double
    @Option var rate: Double
    @Option(name: .customLong("drift-after")) var driftAfter: Double
    @Option var parent: Int32
    @Option var task: ScenarioTask = .binary
    @Option var speed: Double = 1

    func validate() throws {
        guard rate > 0, rate.isFinite, driftAfter > 0, driftAfter.isFinite, start.isFinite, speed > 0, speed.isFinite else {
            throw ValidationError("demo-writer: --rate, --drift-after and --speed must be positive, --start finite")
        }
    }

    func run() throws {
        // Before the writer's thread starts, so that it inherits the mask: the signals are
        // taken here, by sigtimedwait.
        var signals = sigset_t()
        sigemptyset(&signals)
        for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&signals, signal) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        guard getppid() == parent else { return }
        let story = DemoStory.live(task: task, startSeconds: start, rate: rate, driftAfterSeconds: driftAfter, speed: speed)
        let writer = DemoWriter(directory: directory, seed: seed, story: story)
        try writer.start()
        defer { writer.stop() }
        var timeout = timespec(tv_sec: 1, tv_nsec: 0)
        // A second at a time: a demo that died without a word (SIGKILL, a crash) leaves its
        // writer a new parent, and the writer then stops too.
        while getppid() == parent {
            if sigtimedwait(&signals, nil, &timeout) > 0 { return }
        }
    }
}
