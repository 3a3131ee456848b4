import Foundation
import Testing

/// Set-up mistakes and alert state as a user meets them on the real dashboard: the demo keeps
/// its alerts to itself, and a log of labels alone says so under the header.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end screen tests are skipped"))
struct SetupEndToEndTests {
    @Test func theDemoLeavesNoAlertStoreBehind() throws {
        let home = try TemporaryDirectory()
        let tmux = try TmuxSession(
            command: "HOME=\(TmuxSession.quoted(home.url.path)) XDG_STATE_HOME= \(TmuxSession.quoted(ModeltopProcess.executable.path)) demo",
            in: home.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) }
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
        // Nothing under the user's state directory: the store lived in the demo's directory.
        let state = home.url.appendingPathComponent(".local/state/modeltop").path
        #expect(!FileManager.default.fileExists(atPath: state))
    }

    @Test func aLogOfLabelsAloneSaysSo() throws {
        let data = try EndToEndTests.copyOfSampleData()
        let tmux = try TmuxSession(command: EndToEndTests.watch + " labels.jsonl --state alerts.sqlite", in: data.url)
        defer { tmux.close() }
        let screen = try tmux.waitFor { $0.contains("labels read but no prediction record") }
        #expect(screen.contains("8,954 labels read but no prediction record"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
    }
}
