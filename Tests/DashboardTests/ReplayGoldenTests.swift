import Foundation
import MonitorEngine
import Testing
@testable import Dashboard

/// The first frame of a historical log replayed long after it was written (a car-loan-like
/// log: 6,000 predictions ten minutes apart, labels in a file without times): the window and
/// bucket come from the log's span, as `watch` chooses them, and the screen shows values, not
/// `n/a` from a 15-minute window holding two records.
struct ReplayGoldenTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("MonitorEngineTests/Live/Fixtures")

    static func snapshot() throws -> Snapshot {
        var config = MonitorConfig()
        config.reference = fixtures.appendingPathComponent("untimed-reference.csv").path
        config.predictions = [fixtures.appendingPathComponent("untimed-predictions.csv").path]
        config.labels = [fixtures.appendingPathComponent("untimed-targets.csv").path]
        config.fields.timestamp = "timestamp"
        config.fields.score = "proba"
        config.fields.prediction = "decision"
        config.fields.label = "outcome"
        config.segments = ["region"]
        // As `watch` fits a replay (CommonOptions.Settings.fitReplay): the whole span, in
        // buckets of about a sixtieth of it.
        let span = try #require(EventSpan.of(config.predictions, format: nil, mapping: config.fields))
        config.window = .all
        config.bucket = span.replayBucket(atLeast: config.bucket)
        config.isReplay = true
        let reader = try InputReader(predictions: config.predictions, labels: config.labels, format: nil,
                                     mapping: config.fields, maxLineBytes: 1 << 20, follow: false)
        let outcome = try MonitorRun.run(config: config, reader: reader, wallClock: { Fixture.now })
        return outcome.snapshot
    }

    @Test(arguments: GoldenScreenTests.sizes)
    func firstFrameOfAReplay(width: Int, height: Int) throws {
        var model = DashboardModel(width: width, height: height)
        model.handle(.snapshot(try Self.snapshot()))
        model.handle(.tick(nowSeconds: Fixture.now))
        try Golden.check(GoldenScreenTests.render(model), "replay-overview-\(width)x\(height)")
    }
}
