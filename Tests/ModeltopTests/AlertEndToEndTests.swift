import Foundation
import Testing

/// Alerts as a user meets them: on the real dashboard in tmux, an alert fires, `a` opens the
/// alerts screen, `A` with a note and Enter acknowledges it after a confirmation line, the
/// header stops counting it as firing; after a restart the acknowledgement and its note are
/// still there, and `modeltop alerts list` agrees.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: the end-to-end screen tests are skipped"))
struct AlertEndToEndTests {
    /// The sample data with every rule's `for` at 0 (a replayed log's event time stops at its
    /// end, so a held condition would stay pending) and a store inside the test's directory.
    static func sampleDataFiringAtOnce() throws -> TemporaryDirectory {
        let data = try EndToEndTests.copyOfSampleData()
        let path = data.url.appendingPathComponent("modeltop.yaml")
        var config = try String(contentsOf: path, encoding: .utf8)
        config = config.replacing(/for: \w+/, with: "for: 0")
        config += "state: alerts.sqlite\n"
        try config.write(to: path, atomically: true, encoding: .utf8)
        return data
    }

    @Test func acknowledgeByKeyboardSurvivesARestart() throws {
        let data = try Self.sampleDataFiringAtOnce()
        let note = "looking into Brazil"
        do {
            let tmux = try TmuxSession(command: EndToEndTests.watch, in: data.url)
            defer { tmux.close() }
            // The last hour of the sample data breaks three rules (sample-data/README.md).
            // The alert line is the frame's last: wait for it too, not for a frame half drawn.
            let overview = try tmux.waitFor {
                EndToEndTests.showsPanels($0) && $0.contains("✖ 3 firing") && $0.contains(" alerts ✖ ")
            }
            #expect(!overview.contains("handled"))
            try tmux.sendKeys("a")
            let alerts = try tmux.waitFor { $0.contains("Alerts · 3 firing") }
            let selected = try #require(alerts.split(separator: "\n").first { $0.contains("▶ FIRING") })
            // `a` again stays on the screen and writes nothing; `A` asks, naming the alert.
            try tmux.sendKeys("a")
            try tmux.sendKeys("A")
            let asking = try tmux.waitFor { $0.contains("Note (optional):") }
            let confirmation = try #require(asking.split(separator: "\n").first { $0.hasPrefix(" Acknowledge ") })
            #expect(confirmation.hasSuffix("(FIRING)?") || confirmation.contains("(FIRING)?"))
            #expect(selected.contains("FIRING"))
            try tmux.sendKeys("-l", note)
            try tmux.sendKeys("Enter")
            // The acknowledged alert sorts below the firing ones; the header counts it no more.
            let acknowledged = try tmux.waitFor { $0.contains("ACKED") && $0.contains("✖ 2 firing") && $0.contains("1 handled") }
            #expect(acknowledged.contains("Alerts · 2 firing · 1 handled"))
            try tmux.sendKeys("q")
            _ = try tmux.waitFor { $0.contains("EXITED 0") }
        }
        // A new process on the same store.
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: data.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) && $0.contains("✖ 2 firing") && $0.contains("1 handled") }
        try tmux.sendKeys("a")
        _ = try tmux.waitFor { $0.contains("Alerts · 2 firing · 1 handled") && $0.contains("ACKED") }
        // The last row is the acknowledged one; its detail names who and the note.
        try tmux.sendKeys("G")
        let again = try tmux.waitFor { $0.contains("▶ ACKED") && $0.contains(note) && $0.contains("acknowledged by ") }
        #expect(again.contains("Alerts · 2 firing · 1 handled"))
        try tmux.sendKeys("q")

        let list = try ModeltopProcess.run(["alerts", "list", "--format", "json", "--config", "modeltop.yaml"], in: data.url)
        #expect(list.status == 0, "\(list.stderr)")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        let acked = entries.compactMap { $0["acknowledged"] as? [String: Any] }
        #expect(acked.count == 1)
        #expect(acked.first?["note"] as? String == note)
        #expect(acked.first?["by"] as? String != nil)
    }

    /// The sequence: `a` `g` Enter (and a second `a`) on a screen of firing alerts wrote
    /// `acknowledged by root: g`. Screen keys never write.
    @Test func navigationKeysNeverAcknowledge() throws {
        let data = try Self.sampleDataFiringAtOnce()
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: data.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) && $0.contains("✖ 3 firing") }
        try tmux.sendKeys("a")
        _ = try tmux.waitFor { $0.contains("Alerts · 3 firing") }
        for key in ["a", "g", "Enter", "a", "a", "g", "Enter", "Escape"] { try tmux.sendKeys(key) }
        try tmux.sendKeys("a")
        let after = try tmux.waitFor { $0.contains("Alerts · 3 firing") }
        #expect(!after.contains("ACKED"))
        #expect(!after.contains("Note (optional)"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
        let list = try ModeltopProcess.run(["alerts", "list", "--format", "json", "--config", "modeltop.yaml"], in: data.url)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(!entries.isEmpty)
        #expect(entries.allSatisfy { $0["acknowledged"] is NSNull })
    }

    /// A silence typed as a bare number is refused with the unit to add, as on the command line.
    @Test func theSilencePromptRefusesABareNumber() throws {
        let data = try Self.sampleDataFiringAtOnce()
        let tmux = try TmuxSession(command: EndToEndTests.watch, in: data.url)
        defer { tmux.close() }
        _ = try tmux.waitFor { EndToEndTests.showsPanels($0) && $0.contains("✖ 3 firing") }
        try tmux.sendKeys("a")
        _ = try tmux.waitFor { $0.contains("Alerts · 3 firing") }
        try tmux.sendKeys("z")
        _ = try tmux.waitFor { $0.contains("For (e.g. 30m, 1h, 1d): 1h") }
        try tmux.sendKeys("BSpace", "BSpace")
        try tmux.sendKeys("-l", "90")
        try tmux.sendKeys("Enter")
        _ = try tmux.waitFor { $0.contains("'90' has no unit: write 90m for minutes") }
        try tmux.sendKeys("-l", "m")
        try tmux.sendKeys("Enter")
        let silenced = try tmux.waitFor { $0.contains("SILENCED") }
        #expect(silenced.contains("Alerts · 2 firing · 1 handled"))
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
    }

    @Test func anUnusableStoreIsShownAndTheDashboardRunsOn() throws {
        let data = try Self.sampleDataFiringAtOnce()
        // A path under a regular file can never be created, even by root.
        let tmux = try TmuxSession(command: EndToEndTests.watch + " --state /dev/null/alerts.sqlite", in: data.url)
        defer { tmux.close() }
        // The last bucket is judged once the replay has caught up: wait for its alerts too.
        let screen = try tmux.waitFor { EndToEndTests.showsPanels($0) && $0.contains("alert store:") && $0.contains("3 firing") }
        #expect(screen.contains("alert store:"))
        try tmux.sendKeys("a")
        _ = try tmux.waitFor { $0.contains("store unusable") }
        try tmux.sendKeys("q")
        _ = try tmux.waitFor { $0.contains("EXITED 0") }
    }
}
