import MonitorEngine
import Testing
@testable import Dashboard

/// Key sequences on the model: every key of tui.md's table, without a terminal.
struct UpdateTests {
    static func press(_ model: inout DashboardModel, _ keys: Key...) -> [Effect] {
        keys.flatMap { update(&model, .key($0)) }
    }

    static func type(_ model: inout DashboardModel, _ text: String) {
        for character in text { model.handle(.key(.character(character))) }
    }

    @Test func drillIntoASegmentAndBackOut() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("s"))
        #expect(model.screen == .segments)
        // Worst first: country=BR is the first row.
        _ = Self.press(&model, .enter)
        #expect(model.segment == Fixture.br)
        #expect(model.screen == .overview)
        #expect(model.slice?.records == 7_310)
        // Switching screens keeps the slice.
        _ = Self.press(&model, .character("f"))
        #expect(model.segment == Fixture.br)
        #expect(FeatureRows.rows(model.slice, list: model.list(.features)).first?.value == 0.412)
        let header = DashboardView(model: model).frame().line(0)
        #expect(header.contains("country=BR"))
        // One Esc goes back out to the whole stream, on the same screen.
        _ = Self.press(&model, .escape)
        #expect(model.segment == nil)
        #expect(model.screen == .features)
        #expect(model.slice?.records == 48_210)
        _ = Self.press(&model, .escape)
        #expect(model.screen == .overview)
    }

    @Test func featureDetailOpensFromTheListAndEscReturns() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("f"), .down, .down, .enter)
        #expect(model.screen == .featureDetail)
        #expect(model.detailFeature == "distance_from_home_km")
        // Enter on a segment row of the detail drills into that segment.
        _ = Self.press(&model, .enter)
        #expect(model.segment != nil)
        _ = Self.press(&model, .escape)
        #expect(model.screen == .features)
        #expect(model.segment != nil)
        _ = Self.press(&model, .backspace)
        #expect(model.segment == nil)
    }

    @Test func filterNarrowsTheListAndEscClearsIt() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("f"), .character("/"))
        #expect(model.isTypingFilter)
        Self.type(&model, "nXq")
        _ = Self.press(&model, .backspace, .backspace)
        // "q" and "r" are typed, not quit / reverse, while filtering.
        #expect(model.list(.features).filter == "n")
        #expect(model.list(.features).reversed == false)
        Self.type(&model, "T_c")
        #expect(model.list(.features).filter == "nT_c")
        let names = FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name)
        // Case-insensitive: only merchant_category contains "nt_c".
        #expect(names == ["merchant_category"])
        _ = Self.press(&model, .enter)
        #expect(!model.isTypingFilter)
        #expect(model.rowCount(.features) == 1)
        _ = Self.press(&model, .escape)
        #expect(model.list(.features).filter == "")
        #expect(model.rowCount(.features) == 9)
        #expect(model.screen == .features)
    }

    /// `/` takes a regular expression, case-insensitive; a leading `!` keeps what does not
    /// match; text that is not an expression yet is matched as it is.
    @Test func filterTakesARegularExpressionAndBangInverts() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("f"), .character("/"))
        Self.type(&model, "^(AMOUNT|hour)")
        let names = { FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name).sorted() }
        #expect(names() == ["amount", "hour_of_day"])
        _ = Self.press(&model, .escape)
        _ = Self.press(&model, .character("/"))
        Self.type(&model, "!_")
        #expect(names() == ["amount"])
        _ = Self.press(&model, .escape)
        _ = Self.press(&model, .character("/"))
        // An unclosed group is not an expression yet: the text as it is (no name holds "t_(").
        Self.type(&model, "t_(")
        #expect(names().isEmpty)
        _ = Self.press(&model, .escape)
        _ = Self.press(&model, .character("s"), .character("/"))
        Self.type(&model, "!country")
        #expect(SegmentRow.rows(model.snapshot, list: model.list(.segments)).map(\.key.dimension) == ["channel", "channel"])
    }

    /// `--readonly`: on a shared screen A, z and u say they are off and open nothing.
    @Test func aReadOnlyScreenActsOnNoAlert() {
        var model = Fixture.model()
        model.isReadOnly = true
        _ = Self.press(&model, .character("a"))
        for key: Character in ["A", "z", "u"] {
            let effects = Self.press(&model, .character(key))
            #expect(model.prompt == nil)
            #expect(effects.isEmpty)
            #expect(model.flash?.text.contains("read-only") == true)
        }
        let buffer = DashboardView(model: model, glyphs: .unicode).frame()
        #expect(!buffer.text.contains("acknowledge"))
        #expect(buffer.text.contains("read-only"))
    }

    /// `e` and `E` ask for the screen on show, as Markdown and JSON, with the slice drilled
    /// into; before any snapshot there is nothing to export.
    @Test func exportAsksForTheScreenOnShow() {
        var empty = DashboardModel()
        #expect(Self.press(&empty, .character("e")).isEmpty)
        #expect(empty.flash?.text == "nothing to export before the first snapshot")
        var model = Fixture.model()
        _ = Self.press(&model, .character("s"), .enter, .character("f"))
        guard case .export(let markdown)? = Self.press(&model, .character("e")).first,
              case .export(let json)? = Self.press(&model, .character("E")).first else {
            Issue.record("no export effect")
            return
        }
        #expect(markdown.format == .markdown && json.format == .json)
        #expect(markdown.screen == .features)
        #expect(markdown.segment == model.segment && model.segment != nil)
        _ = update(&model, .notice("exported to modeltop-features-20261206T152900Z.md"))
        #expect(model.flash?.text == "exported to modeltop-features-20261206T152900Z.md")
    }

    /// The `:` command line: Tab completes commands and their arguments, Enter runs, Esc closes,
    /// a mistake is said and changes nothing.
    @Test func theCommandLineCompletesAndRuns() {
        var model = Fixture.model()
        _ = Self.press(&model, .character(":"))
        #expect(model.commandLine == "")
        Self.type(&model, "seg")
        _ = Self.press(&model, .tab)
        // "seg" is the start of segment and segments: completed as far as both agree.
        #expect(model.commandLine == "segment")
        Self.type(&model, " country=b")
        _ = Self.press(&model, .tab)
        #expect(model.commandLine == "segment country=BR")
        _ = Self.press(&model, .enter)
        #expect(model.commandLine == nil)
        #expect(model.segment == SegmentKey(dimension: "country", value: "BR"))
        #expect(model.screen == .overview)

        _ = Self.press(&model, .character(":"))
        Self.type(&model, "w 6h")
        #expect(Self.press(&model, .enter) == [.engine(.setWindow(seconds: 21_600))])
        #expect(model.window == .sixHours)

        _ = Self.press(&model, .character(":"))
        Self.type(&model, "feature AMOUNT")
        _ = Self.press(&model, .enter)
        #expect(model.screen == .featureDetail && model.detailFeature == "amount")

        _ = Self.press(&model, .character(":"))
        Self.type(&model, "theme nosuch")
        #expect(Self.press(&model, .enter).isEmpty)
        #expect(model.flash?.text.hasPrefix("no theme nosuch") == true)

        _ = Self.press(&model, .character(":"))
        Self.type(&model, "s")
        _ = Self.press(&model, .enter)
        #expect(model.flash?.text == ":s could be segment, segments")

        _ = Self.press(&model, .character(":"))
        Self.type(&model, "ack")
        #expect(Self.press(&model, .enter).isEmpty)
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "alerts")
        _ = Self.press(&model, .enter)
        #expect(model.screen == .alerts)
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "ack on it")
        guard case .engine(.acknowledge(_, let note))? = Self.press(&model, .enter).first else {
            Issue.record("no acknowledgement")
            return
        }
        #expect(note == "on it")

        _ = Self.press(&model, .character(":"), .character("x"), .escape)
        #expect(model.commandLine == nil)
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "q")
        #expect(Self.press(&model, .enter) == [.quit])
    }

    /// With `champion:` naming the shadow, the version that served the ids first is not
    /// called the champion on the predictions panel.
    @Test func theConfiguredChampionIsTheOneCalledChampion() {
        var snapshot = Fixture.snapshot()
        snapshot.overall.prediction.comparison = VersionComparison(champion: "fraud-v8-shadow", challenger: "fraud-v7")
        var model = DashboardModel(width: 160, height: 48)
        model.handle(.snapshot(snapshot))
        model.handle(.tick(nowSeconds: Fixture.now))
        let text = DashboardView(model: model, glyphs: .unicode).frame().text
        #expect(text.contains("served"))
        #expect(!text.contains("champion"))
    }

    /// `keys:` moves an action to another key: the new key does it, the old one no longer
    /// does (unless another action took it), text typed is never translated, and the footer
    /// and help show the keys as bound.
    @Test func reboundKeysMoveTheirAction() {
        var model = Fixture.model()
        model.keys = KeyBindings(keys: [.quit: "x", .features: "q"])
        #expect(Self.press(&model, .character("x")) == [.quit])
        _ = Self.press(&model, .character("q"))
        #expect(model.screen == .features)
        model.keys = KeyBindings(keys: [.quit: "x"])
        #expect(Self.press(&model, .character("q")).isEmpty)
        _ = Self.press(&model, .character("/"))
        Self.type(&model, "x")
        #expect(model.list(.features).filter == "x")
        _ = Self.press(&model, .escape, .escape)
        let footer = DashboardView(model: model, glyphs: .unicode).frame().text
        #expect(footer.contains("x quit"))
        #expect(!footer.contains("q quit"))
    }

    @Test func sortColumnsCycleAndReverse() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("f"), .character(">"))
        #expect(model.list(.features).sortColumn == 1)
        var names = FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name)
        #expect(names.first == "amount")
        #expect(names.last == "txn_count_24h")
        _ = Self.press(&model, .character("r"))
        names = FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name)
        #expect(names.first == "txn_count_24h")
        // Missing share, largest first.
        _ = Self.press(&model, .character(">"), .character(">"), .character(">"), .character(">"), .character(">"), .character(">"))
        #expect(model.list(.features).sortColumn == 7)
        #expect(model.list(.features).reversed == false)
        names = FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name)
        #expect(Array(names.prefix(3)) == ["ip_reputation", "email_domain_risk", "distance_from_home_km"])
        // `<` from the first column wraps to the last.
        var wrapped = Fixture.model()
        _ = Self.press(&wrapped, .character("f"), .character("<"))
        #expect(wrapped.list(.features).sortColumn == FeatureRows.sortColumns.count - 1)
    }

    /// The cell of the first `text` on the frame, for a click on it.
    static func cell(of text: String, in buffer: Buffer, fromRow: Int = 0) -> (x: Int, y: Int)? {
        for (y, line) in buffer.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where y >= fromRow {
            if let range = line.range(of: text) { return (line[..<range.lowerBound].count, y) }
        }
        return nil
    }

    @Test func clicksSortByAHeaderSelectARowAndOpenTheSelectedOne() throws {
        var model = Fixture.model(width: 120, height: 40)
        _ = Self.press(&model, .character("f"))
        func click(_ text: String, offset: Int = 0, fromRow: Int = 2) throws {
            let buffer = DashboardView(model: model).frame()
            let at = try #require(Self.cell(of: text, in: buffer, fromRow: fromRow), "\(text) is not on the screen")
            let target = buffer.clickTarget(x: at.x + offset, y: at.y)
            try #require(target != nil, "nothing to click at \(text)")
            model.handle(.click(target!))
        }
        try click("PSI ")
        #expect(model.list(.features).sortColumn == FeatureRows.sortColumns.firstIndex(of: "PSI"))
        #expect(model.list(.features).reversed == false)
        try click("PSI")
        #expect(model.list(.features).reversed == true)
        let names = FeatureRows.rows(model.slice, list: model.list(.features)).map(\.name)
        try click(names[2])
        #expect(model.list(.features).selected == 2)
        #expect(model.screen == .features)
        try click(names[2])
        #expect(model.screen == .featureDetail && model.detailFeature == names[2])
        // The header's tabs switch screens.
        try click("s Segments", offset: 2, fromRow: 1)
        #expect(model.screen == .segments)
        // Help open: a click only closes it.
        _ = Self.press(&model, .character("?"))
        try click("a Alerts", offset: 2, fromRow: 1)
        #expect(model.isHelpVisible == false && model.screen == .segments)
    }

    /// A click names the item its row showed: if live data moved it since the frame was
    /// drawn, the item is selected where it is now; the first click on the overview's unfocused
    /// feature panel focuses and selects, it does not open.
    @Test func aClickSelectsTheItemItsRowShowedAndAFirstClickOnAPanelDoesNotOpen() {
        var model = Fixture.model(width: 120, height: 40)
        _ = Self.press(&model, .character("1"))
        let names = FeatureRows.rows(model.slice, list: model.list(.overviewFeatures)).map(\.name)
        model.handle(.click(.row(.overviewFeatures, index: 0, id: names[0])))
        #expect(model.focusedPanel == .inputDrift && model.screen == .overview)
        #expect(model.list(.overviewFeatures).selected == 0)
        _ = Self.press(&model, .character("f"))
        model.handle(.click(.row(.features, index: 0, id: names[3])))
        #expect(model.list(.features).selected == 3 && model.screen == .features)
        model.handle(.click(.row(.features, index: 1, id: "no such feature")))
        #expect(model.list(.features).selected == 3)
    }

    @Test func theTimeCursorKeysMoveTheEnginesCursorWhereHistoryIsKept() {
        var model = Fixture.model()
        // A source keeping no history says so and sends nothing.
        #expect(Self.press(&model, .character("[")) == [])
        #expect(model.flash?.text == "no history kept by this source")
        var snapshot = Fixture.snapshot()
        snapshot.history = HistoryInfo(startSeconds: Fixture.now - 86_400, liveEndSeconds: Fixture.now, cursorSeconds: nil, stepSeconds: 60)
        model.handle(.snapshot(snapshot))
        #expect(Self.press(&model, .character("[")) == [.engine(.moveCursor(.bucketBack))])
        #expect(Self.press(&model, .character("]")) == [.engine(.moveCursor(.bucketForward))])
        #expect(Self.press(&model, .character("{")) == [.engine(.moveCursor(.windowBack))])
        #expect(Self.press(&model, .character("}")) == [.engine(.moveCursor(.windowForward))])
        // Live already: `.` has nothing to do.
        #expect(Self.press(&model, .character(".")) == [])
        snapshot.history?.cursorSeconds = Fixture.now - 3_600
        model.handle(.snapshot(snapshot))
        // A paused screen resumes, so that the move shows.
        _ = Self.press(&model, .character("p"))
        #expect(Self.press(&model, .character(".")) == [.engine(.moveCursor(.live))])
        #expect(model.isPaused == false)
    }

    @Test func atPutsTheCursorAtATimeOfDayOrAnInstant() {
        var model = Fixture.model()
        var snapshot = Fixture.snapshot()
        // Live end 2026-01-01T12:00:00Z; the screen's clock two hours ahead of UTC.
        snapshot.history = HistoryInfo(startSeconds: Fixture.now - 7 * 86_400, liveEndSeconds: Fixture.now, cursorSeconds: nil, stepSeconds: 60)
        model.handle(.snapshot(snapshot))
        model.utcOffsetSeconds = 7_200
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "at 13:30")
        // 13:30 on the screen is 11:30 UTC, before the live end: today.
        #expect(Self.press(&model, .enter) == [.engine(.setCursor(seconds: Fixture.now - 1_800))])
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "at 15:00")
        // 15:00 on the screen is 13:00 UTC, after it: yesterday's.
        #expect(Self.press(&model, .enter) == [.engine(.setCursor(seconds: Fixture.now + 3_600 - 86_400))])
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "at 2025-12-31T08:00:00Z")
        #expect(Self.press(&model, .enter) == [.engine(.setCursor(seconds: Fixture.now - 86_400 - 4 * 3_600))])
        _ = Self.press(&model, .character(":"))
        Self.type(&model, "at soon")
        #expect(Self.press(&model, .enter) == [])
        #expect(model.flash?.text.hasPrefix(":at takes a time") == true)
    }

    @Test func windowCyclingEmitsTheEngineCommand() {
        var model = Fixture.model()
        #expect(model.window == .oneHour)
        // The first snapshot sets the starting window: a 15-minute engine starts at 15m.
        var fifteen = Fixture.snapshot()
        fifteen.window.lengthSeconds = 900
        var other = DashboardModel(window: .all)
        other.handle(.snapshot(fifteen))
        #expect(other.window == .fifteenMinutes)
        #expect(other.handle(.key(.character("w"))) == [.engine(.setWindow(seconds: 3600))])
        #expect(Self.press(&model, .character("w")) == [.engine(.setWindow(seconds: 21_600))])
        #expect(Self.press(&model, .character("w")) == [.engine(.setWindow(seconds: nil))])
        #expect(Self.press(&model, .character("w")) == [.engine(.setWindow(seconds: 300))])
        #expect(Self.press(&model, .character("w")) == [.engine(.setWindow(seconds: 900))])
        #expect(model.window == .fifteenMinutes)
    }

    @Test func pauseFreezesTheSnapshot() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("p"))
        #expect(model.isPaused)
        var newer = Fixture.snapshot()
        newer.model = "newer"
        model.handle(.snapshot(newer))
        #expect(model.snapshot?.model == "card-fraud")
        #expect(model.latest?.model == "newer")
        #expect(DashboardView(model: model).frame().line(0).contains("PAUSED"))
        _ = Self.press(&model, .character(" "))
        #expect(!model.isPaused)
        #expect(model.snapshot?.model == "newer")
    }

    @Test func themeCyclingEmitsTheTheme() {
        var light = Theme.builtInDefault
        light.name = "light"
        var model = DashboardModel(themes: [.builtInDefault, light])
        #expect(Self.press(&model, .character("t")) == [.setTheme(light)])
        #expect(model.theme.name == "light")
        #expect(Self.press(&model, .character("t")) == [.setTheme(.builtInDefault)])
    }

    @Test func acknowledgeWithANote() {
        var model = Fixture.model()
        // `a` is the alerts screen's key, everywhere, and never writes; `A` acknowledges.
        #expect(Self.press(&model, .character("a")).isEmpty)
        #expect(model.screen == .alerts)
        #expect(Self.press(&model, .character("a")).isEmpty)
        #expect(model.prompt == nil)
        _ = Self.press(&model, .character("A"))
        #expect(model.prompt?.purpose == .acknowledge(alertID: "precision drop/segment:country=BR"))
        // The confirmation line names what Enter will acknowledge.
        let frame = DashboardView(model: model).frame()
        #expect(frame.line(frame.height - 2).contains("Acknowledge critical precision drop segment:country=BR (FIRING)?"))
        #expect(frame.line(frame.height - 1).contains("Enter acknowledge  Esc cancel"))
        Self.type(&model, "retraining, q")
        let effects = Self.press(&model, .enter)
        #expect(effects == [.engine(.acknowledge(alertID: "precision drop/segment:country=BR", note: "retraining, q"))])
        #expect(model.prompt == nil)
        #expect(model.flash?.text == "acknowledged precision drop/segment:country=BR")
        // Without a note.
        _ = Self.press(&model, .character("A"))
        #expect(Self.press(&model, .enter) == [.engine(.acknowledge(alertID: "precision drop/segment:country=BR", note: nil))])
        // Esc cancels without effect.
        _ = Self.press(&model, .character("A"))
        #expect(Self.press(&model, .escape).isEmpty)
        #expect(model.prompt == nil)
        #expect(model.screen == .alerts)
    }

    /// The issue's sequence: `a` `g` Enter on the overview wrote "acknowledged by root: g".
    @Test func navigationKeysNeverAcknowledge() {
        var model = Fixture.model()
        var effects: [Effect] = []
        for key: Key in [.character("a"), .character("g"), .enter, .escape, .character("a"), .character("a"), .character("g"), .enter] {
            effects += update(&model, .key(key))
        }
        #expect(effects.isEmpty)
        #expect(model.prompt == nil)
        // `A` elsewhere than on the alerts screen does nothing.
        var overview = Fixture.model()
        #expect(Self.press(&overview, .character("A"), .enter).isEmpty)
        #expect(overview.prompt == nil)
    }

    @Test func silenceForADurationAndUndo() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("a"), .down, .character("z"))
        #expect(model.prompt?.text == "1h")
        // The default: one hour from the clock.
        #expect(Self.press(&model, .enter) == [.engine(.silence(alertID: "feature drift/feature:amount", untilSeconds: Fixture.now + 3600, note: nil))])
        _ = Self.press(&model, .character("z"), .backspace, .backspace)
        Self.type(&model, "soon")
        #expect(Self.press(&model, .enter).isEmpty)
        #expect(model.prompt?.error != nil)
        _ = Self.press(&model, .backspace, .backspace, .backspace, .backspace)
        // A bare number is refused as `alerts silence --for 90` refuses it, saying how to write it.
        Self.type(&model, "90")
        #expect(Self.press(&model, .enter).isEmpty)
        #expect(model.prompt?.error == "'90' has no unit: write 90m for minutes (or 90s, 90h, 90d)")
        _ = Self.press(&model, .backspace, .backspace)
        Self.type(&model, "30m")
        #expect(Self.press(&model, .enter) == [.engine(.silence(alertID: "feature drift/feature:amount", untilSeconds: Fixture.now + 1800, note: nil))])
        #expect(Self.press(&model, .character("u")) == [.engine(.undo(alertID: "feature drift/feature:amount"))])
    }

    @Test func undoLeavesASilenceMadeInAlertmanagerToAlertmanager() throws {
        var model = Fixture.model()
        _ = Self.press(&model, .character("a"), .down)
        let id = try #require(model.selectedAlert?.id)
        var snapshot = try #require(model.latest)
        for index in snapshot.alerts.indices where snapshot.alerts[index].id == id {
            snapshot.alerts[index].acknowledged = nil
            snapshot.alerts[index].silenced = Silence(by: "bo", untilSeconds: Fixture.now + 600, note: "maintenance", inAlertmanager: true)
        }
        model.latest = snapshot
        #expect(model.selectedAlert?.silenced?.inAlertmanager == true)
        #expect(Self.press(&model, .character("u")).isEmpty)
        #expect(model.flash?.text == id + " is silenced in Alertmanager: end the silence there")
    }

    @Test func enterOnAnAlertJumpsToItsFeatureOrSegment() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("a"), .enter)
        #expect(model.segment == Fixture.br)
        #expect(model.screen == .overview)
        model.segment = nil
        _ = Self.press(&model, .character("a"), .down, .enter)
        #expect(model.screen == .featureDetail)
        #expect(model.detailFeature == "amount")
        _ = Self.press(&model, .escape)
        #expect(model.screen == .alerts)
    }

    @Test func panelsFocusAndListsMove() {
        var model = Fixture.model()
        #expect(model.focusedPanel == .inputDrift)
        _ = Self.press(&model, .tab)
        #expect(model.focusedPanel == .predictions)
        _ = Self.press(&model, .backTab, .backTab)
        #expect(model.focusedPanel == .infrastructure)
        _ = Self.press(&model, .character("4"))
        #expect(model.focusedPanel == .outcomes)
        _ = Self.press(&model, .character("2"), .character("G"))
        #expect(model.list(.overviewFeatures).selected == 8)
        _ = Self.press(&model, .character("k"), .up)
        #expect(model.list(.overviewFeatures).selected == 6)
        _ = Self.press(&model, .pageUp)
        #expect(model.list(.overviewFeatures).selected == 0)
        _ = Self.press(&model, .pageDown, .character("g"))
        #expect(model.list(.overviewFeatures).selected == 0)
        _ = Self.press(&model, .end, .down, .down)
        #expect(model.list(.overviewFeatures).selected == 8)
        // Tab on other screens moves between screens.
        _ = Self.press(&model, .character("s"), .tab)
        #expect(model.screen == .alerts)
        _ = Self.press(&model, .tab)
        #expect(model.screen == .overview)
    }

    /// Help lists the screen's own keys first; a key it lists closes it and does what it
    /// says; Esc only closes it.
    @Test func helpRunsTheKeyPressed() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("?"))
        #expect(model.isHelpVisible)
        #expect(Self.press(&model, .escape).isEmpty)
        #expect(!model.isHelpVisible)
        #expect(model.screen == .overview)
        _ = Self.press(&model, .character("?"), .character("a"))
        #expect(!model.isHelpVisible)
        #expect(model.screen == .alerts)
        _ = Self.press(&model, .character("?"))
        let help = DashboardView(model: model, glyphs: .unicode).frame().text
        #expect(help.contains("This screen: alerts screen"))
        #expect(Self.press(&model, .character("q")) == [.quit])
    }

    @Test func quitKeys() {
        var model = Fixture.model()
        #expect(Self.press(&model, .character("q")) == [.quit])
        _ = Self.press(&model, .character("f"), .character("/"))
        #expect(Self.press(&model, .controlC) == [.quit])
    }

    @Test func selectionStaysInsideAShrinkingList() {
        var model = Fixture.model()
        _ = Self.press(&model, .character("f"), .end)
        #expect(model.list(.features).selected == 8)
        var smaller = Fixture.snapshot()
        smaller.overall.features.removeLast(4)
        model.handle(.snapshot(smaller))
        #expect(model.list(.features).selected == 4)
        model.handle(.resize(width: 100, height: 30))
        #expect(model.width == 100)
    }

    @Test func randomKeysNeverTrap() {
        // SplitMix64: the same sequence every run.
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let special: [Key] = [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .tab, .backTab, .enter, .escape,
                              .backspace, .delete, .function(1), .function(12), .function(99)]
        let characters: [Character] = Array("ofsaz u/<>rwpt?gGjk1234 5xq") + ["1\u{301}", "é", "日", "🙂", "\u{7}"]
        var model = Fixture.model(width: 100, height: 30)
        var quits = 0
        for step in 0..<3_000 {
            let roll = next() % 10
            let key: Key = roll < 3 ? special[Int(next() % UInt64(special.count))] : .character(characters[Int(next() % UInt64(characters.count))])
            // q and Ctrl-C only ask to quit; the model keeps working.
            if key == .character("q") || key == .controlC { quits += 1 }
            model.handle(.key(key))
            if step % 500 == 0 { model.handle(.snapshot(step % 1000 == 0 ? RenderSafetyTests.hostile() : Fixture.snapshot())) }
            if step % 50 == 0 {
                let buffer = DashboardView(model: model).frame()
                #expect(buffer.cells.count == 3_000)
            }
        }
        #expect(quits > 0)
    }

    @Test(arguments: [("90s", 90.0), ("30m", 1800), ("1h", 3600), ("1h30m", 5400), ("2d", 172_800), ("1w", 604_800), (" 2h ", 7200)])
    func durations(text: String, seconds: Double) {
        #expect(Prompt.durationSeconds(text) == seconds)
    }

    @Test(arguments: ["", "h", "-1h", "0m", "abc", "1y", "nanh", "infm", "45", "90", "1.5h"])
    func badDurations(text: String) {
        #expect(Prompt.durationSeconds(text) == nil)
    }
}
