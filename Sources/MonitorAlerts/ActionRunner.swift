import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MonitorEngine
import MonitorRules

/// Runs alert actions (retraining triggers): the argv directly with `posix_spawnp`, never
/// through a shell; standard input is `/dev/null`; standard output and error are captured and
/// their last lines kept; a run that outlives `timeoutSeconds` gets SIGTERM, then SIGKILL after
/// `killGraceSeconds` (sent to its process group, so its children stop too). At most one run per
/// rule at a time: a rule that fires again while its action still runs is not started twice.
///
/// The environment is a minimal one (PATH, HOME, LANG, LC_*, TZ and MODELTOP_* of modeltop's
/// own, then the alert's variables) unless `inheritsEnvironment`: tokens and cloud keys stay
/// out of a script that did not ask for them. modeltop is the subreaper of its actions
/// (`PR_SET_CHILD_SUBREAPER`), so a child that calls `setsid` or forks twice is adopted by it
/// rather than by init: on a timeout or `stopAll()` every process descended from the run (found
/// through its parent links and a token in its environment) is terminated too, and those
/// adopted are reaped.
public final class ActionRunner: Sendable {
    /// Seconds a run may take before it is terminated.
    public let timeoutSeconds: Double
    /// Seconds between SIGTERM and SIGKILL.
    public let killGraceSeconds: Double
    /// Lines of output kept.
    public let tailLines: Int
    private let clock: @Sendable () -> Double
    /// Whether actions get modeltop's whole environment (`action_env: inherit`).
    public let inheritsEnvironment: Bool
    private let running = LockedValue<Set<String>>([])
    private let stopping = LockedValue(false)
    private let group = DispatchGroup()

    /// A runner; `clock` gives the wall time recorded as a run's start.
    public init(timeoutSeconds: Double = 60, killGraceSeconds: Double = 5, tailLines: Int = 20,
                inheritsEnvironment: Bool = false,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.timeoutSeconds = timeoutSeconds
        self.killGraceSeconds = killGraceSeconds
        self.tailLines = tailLines
        self.inheritsEnvironment = inheritsEnvironment
        self.clock = clock
        // Orphans of an action come to this process, not init, so that they can be ended.
        Self.becomeSubreaper()
    }

    // Neither is in Swift's Glibc module (sys/prctl.h; glibc 2.29's addchdir_np): looked up.
    private typealias PrctlFunction = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
    private typealias AddChdirFunction = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
    private static let addChdir: AddChdirFunction? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdirFunction.self) }

    /// `prctl(PR_SET_CHILD_SUBREAPER, 1)`.
    private static func becomeSubreaper() {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
        let prctl = unsafeBitCast(symbol, to: PrctlFunction.self)
        _ = prctl(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0)
    }

    /// The variables an action starts with: of `parent`, PATH, HOME, LANG, LC_*, TZ and
    /// MODELTOP_* (everything with `inherit`), then `alert`'s on top.
    public static func environment(parent: [String: String], alert: [String: String], inherit: Bool) -> [String: String] {
        var merged = inherit ? parent : parent.filter { key, _ in
            ["PATH", "HOME", "LANG", "TZ"].contains(key) || key.hasPrefix("LC_") || key.hasPrefix("MODELTOP_")
        }
        for (key, value) in alert { merged[key] = value }
        return merged
    }

    /// Ends every running action now (SIGTERM to it and its descendants, SIGKILL after a
    /// second) instead of waiting for them: a service told to stop stops.
    public func stopAll() {
        stopping.withLock { $0 = true }
    }

    /// Starts the action of `rule` on a thread of its own and returns the run as started, or
    /// `nil` when a run of the same rule is still going. `finished` receives the completed run.
    @discardableResult
    public func start(rule: String, arguments: [String], environment: [String: String], directory: String? = nil,
                      finished: @escaping @Sendable (ActionRun) -> Void) -> ActionRun? {
        let claimed = running.withLock { $0.insert(rule).inserted }
        guard claimed else { return nil }
        let started = ActionRun(startedAtSeconds: clock(), exitStatus: nil, timedOut: false, outputTail: [])
        group.enter()
        let thread = Thread { [self] in
            let run = self.execute(arguments: arguments, environment: environment, directory: directory,
                                   startedAt: started.startedAtSeconds)
            self.running.withLock { _ = $0.remove(rule) }
            finished(run)
            self.group.leave()
        }
        thread.name = "modeltop action: \(rule)"
        thread.start()
        return started
    }

    /// Runs an action and waits for it (the `check --run-actions` path).
    public func run(arguments: [String], environment: [String: String], directory: String? = nil) -> ActionRun {
        execute(arguments: arguments, environment: environment, directory: directory, startedAt: clock())
    }

    /// Waits until every started run has finished.
    public func waitForAll() {
        group.wait()
    }

    /// Whether a run of `rule` is going.
    public func isRunning(rule: String) -> Bool { running.withLock { $0.contains(rule) } }

    private func execute(arguments: [String], environment: [String: String], directory: String?, startedAt: Double) -> ActionRun {
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
        // In the configuration's directory: what its relative paths mean.
        if let directory, !directory.isEmpty, let addChdir = Self.addChdir { _ = addChdir(&actions, directory) }


        let token = "\(getpid())-\(UInt64.random(in: 1...UInt64.max))"
        var merged = Self.environment(parent: ProcessInfo.processInfo.environment, alert: environment,
                                      inherit: inheritsEnvironment)
        // Marks the run's processes, to find those that left its process group and parent chain.
        merged["MODELTOP_ACTION_RUN"] = token
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        // Its own process group, so a timeout stops the whole tree; default dispositions and
        // an empty mask, whatever the watcher set for itself.
        let spawned = SpawnAttributes.withOwnProcessGroup { attributes in
            var spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
            // A script just written may still be open for writing in a child that another
            // thread forked and that has not reached exec yet: the kernel says "text file busy"
            // for a moment.
            var retries = 0
            while spawned == ETXTBSY, retries < 50 {
                usleep(10_000)
                retries += 1
                spawned = posix_spawnp(&pid, program, &actions, &attributes, argv, envp)
            }
            return spawned
        }
        close(fds[1])
        guard spawned == 0 else {
            close(fds[0])
            return ActionRun(startedAtSeconds: startedAt, exitStatus: 127, timedOut: false,
                             outputTail: ["cannot run \(program): \(String(cString: strerror(spawned)))"])
        }
        let (output, status, timedOut) = supervise(pid: pid, output: fds[0], token: token)
        close(fds[0])
        return ActionRun(startedAtSeconds: startedAt, exitStatus: status, timedOut: timedOut,
                         outputTail: tail(of: output))
    }

    /// Reads the output until EOF and waits for the exit, enforcing the timeout.
    private func supervise(pid: pid_t, output fd: Int32, token: String) -> (Data, Int32, Bool) {
        var deadline = monotonicSeconds() + timeoutSeconds
        var killGrace = killGraceSeconds
        var descendants: Set<pid_t> = []
        var lastScan = -Double.infinity
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 8_192)
        var open = true
        var timedOut = false
        var status: Int32 = 0
        var exited = false
        while !exited {
            if stopping.withLock({ $0 }) {
                deadline = min(deadline, monotonicSeconds())
                killGrace = min(killGrace, 1)
            }
            // Who belongs to the run, while the parent links still say so.
            if monotonicSeconds() - lastScan >= 0.2 {
                lastScan = monotonicSeconds()
                descendants.formUnion(ProcessTable.descendants(of: pid, token: token))
            }
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
            descendants.formUnion(ProcessTable.descendants(of: pid, token: token))
            kill(-pid, SIGTERM)
            for child in descendants { kill(child, SIGTERM) }
            let graceEnd = monotonicSeconds() + killGrace
            while monotonicSeconds() < graceEnd {
                if !exited, waitpid(pid, &status, WNOHANG) == pid { exited = true }
                ProcessTable.reapAdopted(descendants)
                if exited, descendants.allSatisfy({ !ProcessTable.isAlive($0) }) { break }
                usleep(10_000)
            }
            // Those that left the group (setsid) or were forked since.
            descendants.formUnion(ProcessTable.descendants(of: pid, token: token))
            kill(-pid, SIGKILL)
            for child in descendants { kill(child, SIGKILL) }
            if !exited {
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            }
            // SIGKILL is not instant on a loaded machine: reap for up to 3 s (at once when all
            // are gone), so that none is left running or as a zombie.
            let reapEnd = monotonicSeconds() + 3
            while monotonicSeconds() < reapEnd, descendants.contains(where: ProcessTable.isAlive) {
                ProcessTable.reapAdopted(descendants)
                usleep(5_000)
            }
            // The last of them may have died since the last reaping: reaped now, not left a zombie.
            ProcessTable.reapAdopted(descendants)
        } else {
            // Background children it left behind run on; those already gone are reaped.
            ProcessTable.reapAdopted(descendants)
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

/// The processes of an action run, read from `/proc`.
enum ProcessTable {
    /// Every process below `root` by parent links, plus those adopted by this process (its
    /// subreaper) whose environment carries `token`: a child that forked twice or called
    /// `setsid` has left the group and the chain, not the environment.
    static func descendants(of root: pid_t, token: String) -> Set<pid_t> {
        let me = getpid()
        var children: [pid_t: [pid_t]] = [:]
        var adopted: [pid_t] = []
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        for entry in entries {
            guard let pid = pid_t(entry), let parent = parentID(of: pid) else { continue }
            children[parent, default: []].append(pid)
            if parent == me, pid != root { adopted.append(pid) }
        }
        var found: Set<pid_t> = []
        var queue = [root]
        let marker = Array("MODELTOP_ACTION_RUN=\(token)".utf8)
        for pid in adopted where environment(of: pid, contains: marker) { queue.append(pid) }
        while let pid = queue.popLast() {
            for child in children[pid] ?? [] where found.insert(child).inserted { queue.append(child) }
            if pid != root { found.insert(pid) }
        }
        return found
    }

    /// Waits for those of `pids` that are this process's children and have ended.
    static func reapAdopted(_ pids: Set<pid_t>) {
        var status: Int32 = 0
        for pid in pids { _ = waitpid(pid, &status, WNOHANG) }
    }

    /// Whether `pid` is running (a zombie is not).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.first != "Z" && fields.first != "X"
    }

    private static func parentID(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    private static func environment(of pid: pid_t, contains marker: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        return data.split(separator: 0).contains { $0.elementsEqual(marker) }
    }
}
