import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorAlerts

struct ActionRunnerTests {
    /// An alert whose scope comes from a hostile segment value in the log.
    static let hostile = AlertSnapshot(
        id: "drift/segment:country=$(touch pwned); --rm", rule: "drift {scope}", scope: "segment:country=$(touch pwned); --rm",
        severity: "high", state: .firing, value: 0.31, threshold: 0.2, comparison: "above", sinceSeconds: 0, occurrence: 2)

    @Test func placeholdersFillWholeAndPartialArgumentsInOnePass() {
        let template = ActionTemplate(["./retrain.sh", "--reason", "{rule}", "--scope={scope}", "{value}/{threshold}",
                                       "{severity}", "{unknown}", "{", "}{"])
        #expect(template.filled(ActionTemplate.values(of: Self.hostile)) == [
            "./retrain.sh", "--reason", "drift {scope}", "--scope=segment:country=$(touch pwned); --rm", "0.31/0.2",
            "high", "{unknown}", "{", "}{",
        ])
        var integral = Self.hostile
        integral.value = nil
        integral.threshold = 120
        #expect(ActionTemplate(["{value}|{threshold}"]).filled(ActionTemplate.values(of: integral)) == ["|120"])
    }

    @Test func relativeProgramsAreTakenFromTheConfigurationsDirectory() {
        #expect(ActionTemplate(["./retrain.sh", "./data"], relativeTo: "/etc/modeltop").arguments == ["/etc/modeltop/retrain.sh", "./data"])
        #expect(ActionTemplate(["bin/retrain"], relativeTo: "/srv/").arguments == ["/srv/bin/retrain"])
        #expect(ActionTemplate(["retrain"], relativeTo: "/srv").arguments == ["retrain"])
        #expect(ActionTemplate(["/usr/bin/retrain"], relativeTo: "/srv").arguments == ["/usr/bin/retrain"])
        #expect(ActionTemplate(["./retrain.sh"]).arguments == ["./retrain.sh"])
    }

    @Test func valuesFromTheLogReachTheProgramAsInertArguments() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("record.sh", """
            cd "$(dirname "$0")"
            for argument in "$@"; do printf '%s\\n' "$argument"; done > argv.txt
            printf '%s\\n' "$MODELTOP_RULE" "$MODELTOP_SCOPE" "$MODELTOP_VALUE" "$MODELTOP_THRESHOLD" "$MODELTOP_SEVERITY" "$MODELTOP_ALERT_ID" "$MODELTOP_OCCURRENCE" > env.txt
            echo done
            """)
        let arguments = ActionTemplate([script, "--scope", "{scope}", "rule: {rule}"]).filled(ActionTemplate.values(of: Self.hostile))
        let run = ActionRunner(clock: { 42 }).run(arguments: arguments, environment: ActionTemplate.environment(of: Self.hostile))
        #expect(run == ActionRun(startedAtSeconds: 42, exitStatus: 0, timedOut: false, outputTail: ["done"]))
        #expect(directory.read("argv.txt") == "--scope\nsegment:country=$(touch pwned); --rm\nrule: drift {scope}\n")
        #expect(directory.read("env.txt") == """
            drift {scope}
            segment:country=$(touch pwned); --rm
            0.31
            0.2
            high
            drift/segment:country=$(touch pwned); --rm
            2

            """)
        #expect(!FileManager.default.fileExists(atPath: directory.file("pwned")))
        #expect(!FileManager.default.fileExists(atPath: "pwned"))
    }

    @Test func exitStatusAndTheLastLinesOfOutputAreKept() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("noisy.sh", "i=1; while [ $i -le 30 ]; do echo line $i; i=$((i+1)); done; echo oops >&2; exit 3")
        let run = ActionRunner(tailLines: 3).run(arguments: [script], environment: [:])
        #expect(run.exitStatus == 3)
        #expect(!run.timedOut)
        #expect(run.outputTail == ["line 29", "line 30", "oops"])
    }

    @Test func aRunPastItsTimeoutIsTerminated() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("slow.sh", "echo started; exec sleep 30")
        let began = Date()
        let run = ActionRunner(timeoutSeconds: 0.3, killGraceSeconds: 2).run(arguments: [script], environment: [:])
        #expect(run.timedOut)
        #expect(run.exitStatus == 128 + SIGTERM)
        #expect(run.outputTail == ["started"])
        #expect(Date().timeIntervalSince(began) < 5)
    }

    @Test func aRunIgnoringSIGTERMIsKilled() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("stubborn.sh", "trap '' TERM; echo ready; while :; do sleep 0.05; done")
        let run = ActionRunner(timeoutSeconds: 0.3, killGraceSeconds: 0.2).run(arguments: [script], environment: [:])
        #expect(run.timedOut)
        #expect(run.exitStatus == 128 + SIGKILL)
    }

    @Test func aMissingProgramIsRecordedNotThrown() {
        let run = ActionRunner().run(arguments: ["/nonexistent/retrain"], environment: [:])
        #expect(run.exitStatus == 127)
        #expect(run.outputTail == ["cannot run /nonexistent/retrain: No such file or directory"])
    }

    @Test func oneRunPerRuleAtATime() throws {
        let directory = try AlertTestDirectory()
        let gate = directory.file("gate")
        let script = try directory.script("wait.sh", "while [ ! -e '\(gate)' ]; do sleep 0.02; done; echo released")
        let runner = ActionRunner(timeoutSeconds: 10)
        let finished = LockedValue<[ActionRun]>([])
        let first = runner.start(rule: "drift", arguments: [script], environment: [:]) { run in finished.withLock { $0.append(run) } }
        #expect(first != nil)
        #expect(first?.exitStatus == nil)
        #expect(runner.isRunning(rule: "drift"))
        #expect(runner.start(rule: "drift", arguments: [script], environment: [:]) { _ in } == nil)
        // Another rule is not held back.
        let other = runner.start(rule: "latency", arguments: ["/bin/true"], environment: [:]) { run in finished.withLock { $0.append(run) } }
        #expect(other != nil)
        #expect(FileManager.default.createFile(atPath: gate, contents: nil))
        runner.waitForAll()
        #expect(!runner.isRunning(rule: "drift"))
        let runs = finished.withLock { $0 }
        #expect(runs.count == 2)
        #expect(runs.contains { $0.outputTail == ["released"] && $0.exitStatus == 0 })
    }
}

/// Actions run with what they need and no more, and end when modeltop says so.
struct ActionConfinementTests {
    @Test func theEnvironmentIsMinimalUnlessInherited() throws {
        let parent = ["PATH": "/bin", "HOME": "/root", "LANG": "C.UTF-8", "LC_ALL": "C", "TZ": "UTC",
                      "MODELTOP_FOO": "1", "AWS_SECRET_ACCESS_KEY": "k", "GITHUB_TOKEN": "t"]
        let alert = ["MODELTOP_RULE": "drift"]
        #expect(ActionRunner.environment(parent: parent, alert: alert, inherit: false) == [
            "PATH": "/bin", "HOME": "/root", "LANG": "C.UTF-8", "LC_ALL": "C", "TZ": "UTC", "MODELTOP_FOO": "1",
            "MODELTOP_RULE": "drift",
        ])
        #expect(ActionRunner.environment(parent: parent, alert: alert, inherit: true)["GITHUB_TOKEN"] == "t")

        // Through a real run: nothing but the allowed names reaches the program.
        let run = ActionRunner(tailLines: 1_000).run(arguments: ["/usr/bin/env"], environment: alert)
        let names = run.outputTail.compactMap { $0.split(separator: "=", maxSplits: 1).first.map(String.init) }
        #expect(!names.isEmpty)
        for name in names {
            #expect(["PATH", "HOME", "LANG", "TZ"].contains(name) || name.hasPrefix("LC_") || name.hasPrefix("MODELTOP_"), "\(name)")
        }
    }

    @Test func anActionRunsInTheConfigurationsDirectory() throws {
        let directory = try AlertTestDirectory()
        let run = ActionRunner().run(arguments: ["/bin/pwd"], environment: [:], directory: directory.path)
        #expect(run.outputTail == [URL(fileURLWithPath: directory.path).resolvingSymlinksInPath().path])
    }

    @Test func filledValuesLoseControlCharactersAndAreCapped() throws {
        var alert = ActionRunnerTests.hostile
        alert.scope = "segment:country=B\u{0}R\n\u{1B}[2Jx\u{85}y"
        #expect(ActionTemplate.values(of: alert)["scope"] == "segment:country=BR[2Jxy")
        alert.scope = String(repeating: "é", count: 100_000)
        let scope = try #require(ActionTemplate.values(of: alert)["scope"])
        #expect(scope.utf8.count == 4_096)
        // A 200 KB segment value made the argument list too long to start the program.
        let run = ActionRunner().run(arguments: ActionTemplate(["/bin/echo", "{scope}"]).filled(ActionTemplate.values(of: alert)),
                                     environment: ActionTemplate.environment(of: alert))
        #expect(run.exitStatus == 0)
    }

    /// Writes the pid of a process that escaped the action's process group (`setsid`) or its
    /// parent chain (forked twice), then outlives the timeout.
    @Test(arguments: ["setsid sh -c 'echo $$ > escaped.pid; exec sleep 30' &",
                      "( sh -c 'echo $$ > escaped.pid; exec sleep 30' & ) ; true"])
    func escapedChildrenEndWithTheTimeout(_ escape: String) throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("escape.sh", """
            cd "$(dirname "$0")"
            \(escape)
            sleep 30
            """)
        let started = Date()
        let run = ActionRunner(timeoutSeconds: 0.8, killGraceSeconds: 0.5).run(arguments: [script], environment: [:])
        #expect(run.timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
        let pid = try #require(pid_t(directory.read("escaped.pid")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""))
        // Gone: neither running nor left a zombie.
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "process \(pid) survived the timeout")
    }

    @Test func stopAllEndsRunningActionsAtOnce() throws {
        let directory = try AlertTestDirectory()
        let script = try directory.script("long.sh", "trap '' TERM; sleep 30")
        let runner = ActionRunner(timeoutSeconds: 60, killGraceSeconds: 20)
        let finished = LockedValue<ActionRun?>(nil)
        runner.start(rule: "drift", arguments: [script], environment: [:]) { run in finished.withLock { $0 = run } }
        usleep(300_000)
        let started = Date()
        runner.stopAll()
        runner.waitForAll()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(finished.withLock { $0 }?.timedOut == true)
    }
}
