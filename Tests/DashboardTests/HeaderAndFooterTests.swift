import MonitorEngine
import Testing
@testable import Dashboard

/// The header's counts, throughput and clock, and the footer's hints and flash messages.
struct HeaderAndFooterTests {
    static func header(_ model: DashboardModel) -> String { DashboardView(model: model).frame().line(0) }
    static func footer(_ model: DashboardModel) -> String {
        let frame = DashboardView(model: model).frame()
        return frame.line(frame.height - 1)
    }

    /// Handled alerts no longer shout: one acknowledged and one silenced of three firing is
    /// one firing, two handled.
    @Test func theHeaderCountsOnlyWhatNeedsAPerson() {
        let model = Fixture.model(width: 120, height: 30)
        let header = Self.header(model)
        #expect(header.contains("✖ 1 firing"))
        #expect(header.contains("2 handled"))
        #expect(!header.contains("3 firing"))
        var allHandled = Fixture.snapshot()
        allHandled.alerts[0].acknowledged = Acknowledgement(by: "ana", atSeconds: Fixture.now, note: nil)
        var quiet = DashboardModel(width: 120, height: 30)
        quiet.handle(.snapshot(allHandled))
        #expect(Self.header(quiet).contains("✔ none firing"))
        #expect(Self.header(quiet).contains("3 handled"))
        // The alerts screen says the same, and the segments screen counts only BR's open one... none.
        var alerts = Fixture.model(width: 120, height: 30)
        alerts.handle(.key(.character("a")))
        #expect(DashboardView(model: alerts).frame().line(2).contains("Alerts · 1 firing · 2 handled"))
    }

    @Test func handledAlertsAreDimmedInTheList() {
        var model = Fixture.model(width: 160, height: 40)
        model.handle(.key(.character("a")))
        let frame = DashboardView(model: model).frame()
        func row(_ text: String) -> Int? { (0..<frame.height).first { frame.line($0).contains(text) } }
        let acked = try! #require(row("ACKED"))
        let firing = try! #require(row("FIRING"))
        let x = frame.line(acked).distance(from: frame.line(acked).startIndex, to: frame.line(acked).range(of: "feature drift")!.lowerBound)
        #expect(frame[x, acked].style.dim)
        let y = frame.line(firing).distance(from: frame.line(firing).startIndex, to: frame.line(firing).range(of: "precision drop")!.lowerBound)
        #expect(!frame[y, firing].style.dim)
    }

    /// `latency spike global 117.9 > 120.0` contradicted itself: the value now and the value
    /// it fired at are shown apart.
    @Test func alertsShowTheValueNowAndTheValueTheyFiredAt() {
        var model = Fixture.model(width: 160, height: 40)
        model.handle(.key(.character("a")))
        let text = DashboardView(model: model).frame().text
        #expect(text.contains("now 0.612 · fired at 0.655 < 0.750 11:20"))
        let pending = Fixture.alerts()[3]
        #expect(AlertsView.valueText(pending, missing: "—", offset: 0) == "now 88.30 > 80.00")
        var unknown = Fixture.alerts()[0]
        unknown.firedValue = nil
        #expect(AlertsView.valueText(unknown, missing: "—", offset: 0) == "now 0.612 · fired 11:20, limit < 0.750")
        let overview = DashboardView(model: Fixture.model(width: 160, height: 40)).frame().text
        #expect(overview.contains("precision drop segment:country=BR now 0.612 (fired at 0.655 < 0.750)"))
    }

    /// A steady 50 records/s stream reads 50/s all minute long, not a bucket's partial count.
    @Test func throughputIsTheArrivalRateOverTheLastSeconds() {
        var model = Fixture.model(width: 120, height: 30)
        var snapshot = Fixture.snapshot()
        // The engine's per-bucket figure would saw; the header must not follow it.
        let start = Fixture.now
        for step in 0...120 {
            let t = start + Double(step) * 0.25
            snapshot.builtAtSeconds = t
            snapshot.overall.infrastructure.throughputPerSecond = Double(step % 240) / 240 * 50 + 2.7
            model.handle(.snapshot(snapshot))
            // 50 records a second, arriving in uneven batches between snapshots.
            for _ in 0..<(step % 2 == 0 ? 13 : 12) { snapshot.input.countRecord(.prediction, source: 0) }
            if step >= 8 {
                let rate = model.shownThroughput ?? 0
                #expect(abs(rate - 50) < 2, "at step \(step): \(rate)/s")
            }
        }
        #expect(Self.header(model).contains(" 50/s "))
        // The stream stops: within the span the rate falls to zero.
        for step in 1...44 {
            snapshot.builtAtSeconds = start + 30 + Double(step) * 0.25
            model.handle(.snapshot(snapshot))
        }
        #expect(model.shownThroughput == 0)
    }

    @Test func pauseStopsTheClockAndTheThroughput() {
        var model = Fixture.model(width: 120, height: 30)
        #expect(Self.header(model).hasSuffix("12:00:00 "))
        model.handle(.key(.character("p")))
        model.handle(.tick(nowSeconds: Fixture.now + 65))
        #expect(Self.header(model).contains("12:00:00"))
        #expect(Self.header(model).contains("PAUSED"))
        model.handle(.key(.character("p")))
        #expect(Self.header(model).contains("12:01:05"))
    }

    /// At 80×24 the footer dropped `? help  q quit`; they are never dropped.
    @Test(arguments: [60, 80, 100, 160])
    func helpAndQuitAlwaysShow(width: Int) {
        for keys in [[], ["f"], ["s"], ["a"], ["f", "\n"]] as [[Character]] {
            var model = Fixture.model(width: width, height: 24)
            for key in keys { model.handle(.key(key == "\n" ? .enter : .character(key))) }
            let footer = Self.footer(model)
            #expect(footer.hasSuffix("? help  q quit") || footer.contains("? help  q quit"), "\(width) \(keys): \(footer)")
        }
    }

    @Test func themeCyclingNamesTheTheme() {
        var light = Theme.builtInDefault
        light.name = "light"
        var model = DashboardModel(themes: [.builtInDefault, light], width: 100, height: 30)
        model.handle(.snapshot(Fixture.snapshot()))
        model.handle(.tick(nowSeconds: Fixture.now))
        model.handle(.key(.character("t")))
        #expect(Self.footer(model).contains("theme: light (2 of 2, t for the next)"))
        #expect(Self.footer(model).contains("? help  q quit"))
        model.handle(.tick(nowSeconds: Fixture.now + 1))
        #expect(model.flash != nil)
        model.handle(.tick(nowSeconds: Fixture.now + 4))
        #expect(model.flash == nil)
        #expect(!Self.footer(model).contains("theme:"))
    }
}
