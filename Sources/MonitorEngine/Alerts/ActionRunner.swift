import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs alert actions (retraining triggers): the argv directly with `posix_spawnp`, never
/// through a shell; standard input is `/dev/null`; standard output and error are captured and
/// their last lines kept; a run that outlives `timeoutSeconds` gets SIGTERM, then SIGKILL after
/// `killGraceSeconds` (sent to its process group, so its children stop too). At most one run per
/// rule at a time: a rule that fires again while its action still runs is not started twice.
public final class ActionRunner: Sendable {
    /// Seconds a run may take before it is terminated.
    public let timeoutSeconds: Double
    /// Seconds between SIGTERM and SIGKILL.
    public let killGraceSeconds: Double
    /// Lines of output kept.
    public let tailLines: Int
    private let clock: @Sendable () -> Double
    private let running = LockedValue<Set<String>>([])
    private let group = DispatchGroup()

    /// A runner; `clock` gives the wall time recorded as a run's start.
    public init(timeoutSeconds: Double = 60, killGraceSeconds: Double = 5, tailLines: Int = 20,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.timeoutSeconds = timeoutSeconds
        self.killGraceSeconds = killGraceSeconds
        self.tailLines = tailLines
        self.clock = clock
    }

    /// Starts the action of `rule` on a thread of its own and returns the run as started, or
    /// `nil` when a run of the same rule is still going. `finished` receives the completed run.
    @discardableResult
    public func start(rule: String, arguments: [String], environment: [String: String],
                      finished: @escaping @Sendable (ActionRun) -> Void) -> ActionRun? {
        let claimed = running.withLock { $0.insert(rule).inserted }
        guard claimed else { return nil }
        let started = ActionRun(startedAtSeconds: clock(), exitStatus: nil, timedOut: false, outputTail: [])
        group.enter()
        let thread = Thread { [self] in
            let run = self.execute(arguments: arguments, environment: environment, startedAt: started.startedAtSeconds)
            self.running.withLock { _ = $0.remove(rule) }
            finished(run)
            self.group.leave()
        }
        thread.name = "modeltop action: \(rule)"
        thread.start()
        return started
    }

    /// Runs an action and waits for it (the `check --run-actions` path).
    public func run(arguments: [String], environment: [String: String]) -> ActionRun {
        execute(arguments: arguments, environment: environment, startedAt: clock())
    }

    /// Waits until every started run has finished.
    public func waitForAll() {
        group.wait()
    }

    /// Whether a run of `rule` is going.
    public func isRunning(rule: String) -> Bool { running.withLock { $0.contains(rule) } }

    private func execute(arguments: [String], environment: [String: String], startedAt: Double) -> ActionRun {
        guard let program = arguments.first, !program.isEmpty else {
            return ActionRun(startedAtSeconds: startedAt, exitStatus: 127, timedOut: false,
                             outputTail: ["action has no program to run"])
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            return failure(startedAt, "cannot create a pipe: \(String(cString: strerror(errno)))")
        }
        // Not inherited by other children spawned meanwhile; dup2 in the child clears it.
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a timeout stops the whole tree; default dispositions and
        // an empty mask, whatever the watcher set for itself.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT] { sigaddset(&defaults, signal) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        var spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        // A script just written may still be open for writing in a child that another thread
        // forked and that has not reached exec yet: the kernel says "text file busy" for a moment.
        var retries = 0
        while spawned == ETXTBSY, retries < 50 {
            usleep(10_000)
            retries += 1
            spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
        }
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            return ActionRun(startedAtSeconds: startedAt, exitStatus: 127, timedOut: false,
                             outputTail: ["cannot run \(program): \(String(cString: strerror(spawned)))"])
        }
        let (output, status, timedOut) = supervise(pid: pid, output: fds[0])
        close(fds[0])
        return ActionRun(startedAtSeconds: startedAt, exitStatus: status, timedOut: timedOut,
                         outputTail: tail(of: output))
    }

    /// Reads the output until EOF and waits for the exit, enforcing the timeout.
    private func supervise(pid: pid_t, output fd: Int32) -> (Data, Int32, Bool) {
        let deadline = monotonicSeconds() + timeoutSeconds
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 8_192)
        var open = true
        var timedOut = false
        var status: Int32 = 0
        var exited = false
        while !exited {
            let remaining = deadline - monotonicSeconds()
            if remaining <= 0 {
                timedOut = true
                break
            }
            if open {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(min(remaining, 0.05) * 1_000) + 1)
                if ready > 0 {
                    let count = read(fd, &buffer, buffer.count)
                    if count > 0 {
                        output.append(buffer, count: count)
                        // Only the tail is kept: bound memory whatever the action prints.
                        if output.count > 65_536 { output.removeFirst(output.count - 32_768) }
                    } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                        open = false
                    }
                }
            } else {
                usleep(10_000)
            }
            if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        }
        if timedOut {
            kill(-pid, SIGTERM)
            let graceEnd = monotonicSeconds() + killGraceSeconds
            while monotonicSeconds() < graceEnd {
                if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
                usleep(10_000)
            }
            if !exited {
                kill(-pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            }
        }
        // Whatever is still buffered in the pipe (the child may have exited mid-read).
        while true {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 0) > 0 else { break }
            let count = read(fd, &buffer, buffer.count)
            guard count > 0 else { break }
            output.append(buffer, count: count)
        }
        let signal = status & 0x7f
        let code: Int32 = signal == 0 ? (status >> 8) & 0xff : 128 + signal
        return (output, code, timedOut)
    }

    private func tail(of output: Data) -> [String] {
        var lines = String(decoding: output, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return Array(lines.suffix(tailLines))
    }

    private func failure(_ startedAt: Double, _ message: String) -> ActionRun {
        ActionRun(startedAtSeconds: startedAt, exitStatus: 127, timedOut: false, outputTail: [message])
    }

    private func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
