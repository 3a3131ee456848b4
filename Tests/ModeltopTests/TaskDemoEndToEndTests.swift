import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `modeltop demo --task multiclass|regression` on a real terminal: the task's model streams
/// live, and the default rules fire on its episode while you watch (sped up here: the episode
/// after 5 s, event time at 120 times the wall clock).
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end screen tests are skipped"))
struct TaskDemoEndToEndTests {
    static func firingRow(_ screen: String, _ rule: String) -> Bool {
        screen.split(separator: "\n").contains { $0.contains("FIRING") && $0.contains(rule) }
    }

    @Test(arguments: [("multiclass", "card-tier-router", "accuracy drop"), ("regression", "house-price", "error rise")])
    func theDefaultRulesFireOnTheEpisode(task: String, model: String, metricRule: String) throws {
        let temporary = try TemporaryDirectory()
        let tmux = try TmuxSession(
            command: "TMPDIR=\(TmuxSession.quoted(temporary.url.path)) \(TmuxSession.quoted(ModeltopProcess.executable.path)) demo --task \(task) --rate 200 --speed 120 --drift-after 5s",
            in: temporary.url)
        defer { tmux.close() }
        let first = try tmux.waitFor { (TmuxSession.number(after: "requests", in: $0) ?? 0) > 0 }
        #expect(first.split(separator: "\n").first?.contains(model) == true)
        try tmux.sendKeys("a")
        let alerts = try tmux.waitFor(seconds: 120) {
            Self.firingRow($0, "prediction drift") && Self.firingRow($0, metricRule)
        }
        #expect(alerts.contains("Alerts"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.url.path).filter { $0.hasPrefix("modeltop-demo-") }.isEmpty)
    }
}
