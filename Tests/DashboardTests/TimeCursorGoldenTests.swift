import Foundation
import MonitorEngine
import Testing
@testable import Dashboard

/// The time cursor over the committed sample data (window 1h, 1-minute buckets), drilled into
/// country=BR, whose amounts triple from 09:20: at 09:00 the window is the hourly history entry
/// before the episode (amount ok), at 10:00 six ten-minute entries across it, at 11:30 ring
/// buckets after it (amount drifting). The strip under the header shows where the cursor is,
/// and the alert that fired at 09:25.
struct TimeCursorGoldenTests {
    static let sampleData = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sample-data")
    /// 2026-11-02T12:05:00Z, five minutes after the sample's last record.
    static let now = 1_793_621_100.0

    static func state() throws -> MonitorState {
        let config = try MonitorConfig.load(path: sampleData.appendingPathComponent("modeltop.yaml").path)
        let reader = try InputReader(predictions: config.predictions, labels: config.labels, format: nil,
                                     mapping: config.fields, maxLineBytes: 1 << 20, follow: false)
        return try MonitorRun.run(config: config, reader: reader, window: config.window, keepsHistory: true, wallClock: { now }).state
    }

    @Test(arguments: [("2026-11-02T09:00:00Z", "0900"), ("2026-11-02T10:00:00Z", "1000"), ("2026-11-02T11:30:00Z", "1130")])
    func cursorAt(time: String, name: String) throws {
        var state = try Self.state()
        state.setCursor(seconds: try #require(ISO8601DateFormatter().date(from: time)).timeIntervalSince1970)
        var snapshot = state.snapshot(nowSeconds: Self.now)
        #expect(snapshot.window.toSeconds == ISO8601DateFormatter().date(from: time)?.timeIntervalSince1970)
        let fired = try #require(ISO8601DateFormatter().date(from: "2026-11-02T09:25:00Z")).timeIntervalSince1970
        snapshot.alerts = [AlertSnapshot(
            id: "amount drift in Brazil/segment:country=BR", rule: "amount drift in Brazil", scope: "segment:country=BR",
            severity: "high", state: .firing, value: 0.87, threshold: 0.2, comparison: "above", sinceSeconds: fired - 300,
            segment: SegmentKey(dimension: "country", value: "BR"), firedAtSeconds: fired, firedValue: 0.31)]
        var model = DashboardModel(width: 120, height: 40)
        model.handle(.snapshot(snapshot))
        model.handle(.tick(nowSeconds: Self.now))
        model.segment = SegmentKey(dimension: "country", value: "BR")
        try Golden.check(GoldenScreenTests.render(model), "time-cursor-\(name)-120x40")
    }
}
