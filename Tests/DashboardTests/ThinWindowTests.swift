import MonitorEngine
import Testing
@testable import Dashboard

/// A window below the minimum sample shows no drift value and no estimate: how many records it
/// holds and the key that widens it; a replayed log's window says so in the header.
struct ThinWindowTests {
    static func model(records: Int, minimum: Int, replay: Bool = false, width: Int = 120, height: Int = 40) -> DashboardModel {
        var snapshot = Fixture.snapshot()
        snapshot.window.minimumRecords = minimum
        snapshot.window.isReplay = replay
        snapshot.overall.records = records
        // The engine bands a feature with too few values n/a.
        for index in snapshot.overall.features.indices { snapshot.overall.features[index].driftBand = .notEnoughData }
        var model = DashboardModel(width: width, height: height)
        model.handle(.snapshot(snapshot))
        return model
    }

    /// At 80×24 the count and the key still fit, in their short forms.
    @Test func aNarrowScreenKeepsTheCountAndTheKey() {
        let frame = DashboardView(model: Self.model(records: 46, minimum: 200, width: 80, height: 24)).frame()
        let screen = (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
        #expect(screen.contains("46/200: w [2]"), "\(screen)")
        #expect(screen.contains("46 of 200 records: w widens"), "\(screen)")
    }

    @Test func belowTheMinimumTheCountAndTheKeyShowNotTheValues() {
        let frame = DashboardView(model: Self.model(records: 46, minimum: 200)).frame()
        let screen = (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
        #expect(screen.contains("46 of 200 records: w"), "\(screen)")
        #expect(screen.contains("46 records in window, estimates need 200: w widens"), "\(screen)")
        // The fixture's amount PSI (0.231) and estimated precision are not shown.
        #expect(!screen.contains("0.231"), "\(screen)")
        #expect(!screen.contains("~0."), "\(screen)")
    }

    @Test func atTheMinimumEverythingShows() {
        var model = DashboardModel(width: 120, height: 40)
        var snapshot = Fixture.snapshot()
        snapshot.window.minimumRecords = 200
        model.handle(.snapshot(snapshot))
        let frame = DashboardView(model: model).frame()
        let screen = (0..<frame.height).map { frame.line($0) }.joined(separator: "\n")
        #expect(screen.contains("drifting [2]"), "\(screen)")
        #expect(screen.contains("0.231"), "\(screen)")
        #expect(screen.contains("~0."), "\(screen)")
        #expect(!screen.contains("estimates need"), "\(screen)")
    }

    @Test func aReplayedWindowSaysSoInTheHeader() {
        let model = Self.model(records: 48_210, minimum: 200, replay: true)
        #expect(DashboardView(model: model).frame().line(0).contains("window 1h (replay)"))
        #expect(!DashboardView(model: Self.model(records: 48_210, minimum: 200)).frame().line(0).contains("replay"))
    }
}
