import Foundation
import MonitorEngine
import Testing
@testable import modeltop

/// A configuration file edited while `watch` runs: taken when it reads, kept out when not, and
/// the keys only a restart takes named.
struct ConfigReloadTests {
    @Test func editsAreTakenBadEditsRefusedRestartKeysNamed() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("modeltop.yaml", "segments: [country]\ndrift:\n  alert: 0.2\n")
        var reload = try #require(ConfigReload(path: path))
        // Unchanged: nothing to do, however often it is asked.
        #expect(reload.check(nowSeconds: 0) == nil)

        _ = try directory.write("modeltop.yaml", "segments: [country]\ndrift:\n  alert: 0.3\nalerts:\n  - metric: error_rate\n    above: 0.1\n")
        // Not due yet: looked at every two seconds.
        #expect(reload.check(nowSeconds: 1) == nil)
        guard case .reloaded(let config, let restart, let windowChanged)? = reload.check(nowSeconds: 2) else {
            Issue.record("the edit was not taken")
            return
        }
        #expect(config.drift.alert == 0.3)
        #expect(config.alerts.map(\.metric) == [.errorRate])
        #expect(restart.isEmpty && !windowChanged)

        _ = try directory.write("modeltop.yaml", "segments: [country]\ndrift:\n  alert: 0.05\n  warn: 0.1\n")
        guard case .refused(let reason)? = reload.check(nowSeconds: 4) else {
            Issue.record("a bad edit was taken")
            return
        }
        #expect(reason.contains("must be below 'drift.alert'"), "\(reason)")

        _ = try directory.write("modeltop.yaml", "segments: [country, device]\nwindow: 1h\ndrift:\n  alert: 0.3\n  bins: 20\n")
        guard case .reloaded(_, let restartKeys, let changed)? = reload.check(nowSeconds: 6) else {
            Issue.record("the edit was not taken")
            return
        }
        #expect(restartKeys == ["segments", "drift.bins"])
        #expect(changed)
    }
}
