import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// A fleet's summed counters made into a state's counts (`MonitorState.loadFleet`): labels that
/// share a slot are added, not overwritten, in an order that does not depend on the dictionary's;
/// versions past the 16 told apart add into the last; freshness is the agents' last record.
struct FleetTotalsTests {
    static func state(segmentValues: Int) -> MonitorState {
        var config = MonitorStateTests.config()
        config.segmentValues = segmentValues
        let reference = MonitorStateTests.reference(config: config)
        return MonitorState(config: config, reference: reference)
    }

    @Test func labelsSharingTheOtherSlotAreAdded() throws {
        var fleet = FleetTotals()
        fleet.sliceRecords = ["": 60, "country=BR": 30, "country=FR": 20, "country=DE": 10]
        fleet.requests["v1"] = (ok: 60, error: 0)
        for (label, count) in fleet.sliceRecords {
            fleet.featureBins[label] = ["country": ["__missing__": count]]
            fleet.decided[label] = ["": count]
        }
        // Room for the reference's two values (BR, US) only: FR and DE share `(other)`.
        var state = Self.state(segmentValues: 2)
        state.loadFleet(fleet, fromSeconds: 0, toSeconds: 600)
        let snapshot = state.snapshot(nowSeconds: 600)
        let other = try #require(snapshot.segments.first { $0.segment?.value == "(other)" })
        #expect(other.records == 30)
        #expect(snapshot.segments.first { $0.segment?.value == "BR" }?.records == 30)
        #expect(snapshot.overall.records == 60)
    }

    @Test func versionsPastTheSixteenToldApartAddIntoTheLast() throws {
        var fleet = FleetTotals()
        fleet.sliceRecords = ["": 170]
        fleet.decided[""] = [:]
        fleet.positives[""] = [:]
        for index in 1...17 {
            let name = String(format: "v%02d", index)
            fleet.decided[""]![name] = 10
            fleet.positives[""]![name] = 1
            fleet.requests[name] = (ok: 10, error: 0)
        }
        var state = Self.state(segmentValues: 50)
        state.loadFleet(fleet, fromSeconds: 0, toSeconds: 600)
        let totals = state.runningTotals()
        let versions = try #require(totals).slices[0].counts.versions
        #expect(versions.count == MonitorState.maximumVersions)
        #expect(versions.last?.decided == 20)
        #expect(versions.last?.requests == 20)
        #expect(versions.reduce(0) { $0 + $1.decided } == 170)
    }

    @Test func freshnessIsTheAgentsLastRecord() {
        var fleet = FleetTotals()
        fleet.sliceRecords = ["": 5]
        fleet.requests["v1"] = (ok: 5, error: 0)
        fleet.lastRecordSeconds = 400
        var state = Self.state(segmentValues: 50)
        state.loadFleet(fleet, fromSeconds: 0, toSeconds: 600)
        #expect(state.snapshot(nowSeconds: 700).freshness.secondsSinceLastRecord == 300)
    }
}
