import MonitorEngine
import Testing
@testable import Dashboard

/// The selection stays on the item, not on a row number, when live data re-sorts a list
/// (k9s): Enter opens what was selected, whatever the newest order.
struct SelectionFollowsItemTests {
    static func press(_ model: inout DashboardModel, _ keys: Key...) {
        for key in keys { model.handle(.key(key)) }
    }

    /// The fixture with the segments in another order and BR's drift gone: worst first now
    /// puts other segments where BR was.
    static func reordered() -> Snapshot {
        var snapshot = Fixture.snapshot()
        snapshot.segments.reverse()
        if let index = snapshot.segments.firstIndex(where: { $0.segment == Fixture.br }) {
            snapshot.segments[index].features = Fixture.features(drifted: false, records: 7_310, scale: 0.2)
        }
        return snapshot
    }

    @Test func enterDrillsIntoTheSegmentSelectedBeforeTheListMoved() throws {
        var model = Fixture.model()
        Self.press(&model, .character("s"), .character("j"), .character("j"), .character("j"))
        let before = SegmentRow.rows(model.snapshot, list: model.list(.segments))
        let aimed = before[model.list(.segments).selected].key
        model.handle(.snapshot(Self.reordered()))
        let after = SegmentRow.rows(model.snapshot, list: model.list(.segments))
        // The order did change under the selection...
        #expect(after.map(\.key) != before.map(\.key))
        #expect(after[3].key != aimed)
        // ...and the selection went with its item.
        #expect(after[model.list(.segments).selected].key == aimed)
        Self.press(&model, .enter)
        #expect(model.segment == aimed)
    }

    @Test func theFeatureListKeepsItsItemOnNewSnapshots() {
        var model = Fixture.model()
        Self.press(&model, .character("f"), .down, .down)
        #expect(model.list(.features).selectedID == "distance_from_home_km")
        var newer = Fixture.snapshot()
        newer.overall.features.reverse()
        newer.overall.features.swapAt(0, 4)
        model.handle(.snapshot(newer))
        let rows = FeatureRows.rows(model.slice, list: model.list(.features))
        #expect(rows[model.list(.features).selected].name == "distance_from_home_km")
        Self.press(&model, .enter)
        #expect(model.detailFeature == "distance_from_home_km")
    }

    @Test func theAlertListKeepsItsItemAndPromptsForIt() {
        var model = Fixture.model()
        Self.press(&model, .character("a"), .down)
        #expect(model.selectedAlert?.id == "feature drift/feature:amount")
        // The alert above it resolves and sorts last: the selected one is first now.
        var newer = Fixture.snapshot()
        newer.alerts[0].state = .resolved
        newer.alerts[0].resolvedSeconds = Fixture.now
        model.handle(.snapshot(newer))
        #expect(AlertRows.rows(model.snapshot, list: model.list(.alerts)).first?.id == "feature drift/feature:amount")
        #expect(model.selectedAlert?.id == "feature drift/feature:amount")
        Self.press(&model, .character("A"))
        #expect(model.prompt?.alertID == "feature drift/feature:amount")
    }

    @Test func aVanishedItemLeavesTheSelectionOnItsRow() {
        var model = Fixture.model()
        Self.press(&model, .character("f"), .down, .down)
        var newer = Fixture.snapshot()
        newer.overall.features.removeAll { $0.name == "distance_from_home_km" }
        model.handle(.snapshot(newer))
        #expect(model.list(.features).selected == 2)
        #expect(model.list(.features).selectedID == "hour_of_day")
    }

    @Test func sortingKeepsTheItemSelected() {
        var model = Fixture.model()
        Self.press(&model, .character("f"), .down, .down)
        Self.press(&model, .character(">"))
        let rows = FeatureRows.rows(model.slice, list: model.list(.features))
        #expect(rows[model.list(.features).selected].name == "distance_from_home_km")
        Self.press(&model, .character("r"))
        let reversed = FeatureRows.rows(model.slice, list: model.list(.features))
        #expect(reversed[model.list(.features).selected].name == "distance_from_home_km")
    }
}
