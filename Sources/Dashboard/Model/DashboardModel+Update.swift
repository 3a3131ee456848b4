import MonitorEngine

/// Applies one message to the model and returns what the outside world must do (Bubble Tea's
/// `Update`). Keys follow tui.md's table; nothing here performs I/O.
@discardableResult
public func update(_ model: inout DashboardModel, _ message: Message) -> [Effect] {
    model.handle(message)
}

extension DashboardModel {
    /// Applies one message; see `update(_:_:)`.
    @discardableResult
    public mutating func handle(_ message: Message) -> [Effect] {
        switch message {
        case .snapshot(let snapshot):
            // The first snapshot tells which window the engine started with (--window).
            if latest == nil { window = WindowChoice(seconds: snapshot.window.lengthSeconds) }
            latest = snapshot
            arrivals.record(count: snapshot.input.predictions, atSeconds: snapshot.builtAtSeconds)
            // Live data re-sorts the lists: each selection stays on its item.
            clampSelections()
            return []
        case .resize(let width, let height):
            self.width = max(0, width)
            self.height = max(0, height)
            clampSelections()
            return []
        case .tick(let now):
            nowSeconds = now
            if let shown = flash, now >= shown.untilSeconds { flash = nil }
            return []
        case .key(let key):
            return handle(key)
        case .notice(let text):
            showFlash(text)
            return []
        case .click(let target):
            return click(target)
        }
    }

    /// A click: what the clicked thing is for (htop's and btop's habits). While help, a
    /// prompt, a filter or the command line is open, a click only closes help.
    private mutating func click(_ target: ClickTarget) -> [Effect] {
        if isHelpVisible {
            isHelpVisible = false
            return []
        }
        guard prompt == nil, !isTypingFilter, commandLine == nil else { return [] }
        switch target {
        case .screen(let target): show(target)
        case .panel(let panel):
            focusedPanel = panel
        case .row(let list, _, let item):
            // On the overview, the first click on the features focuses their panel and selects.
            let wasFocused = list != .overviewFeatures || focusedPanel == .inputDrift
            if list == .overviewFeatures { focusedPanel = .inputDrift }
            guard list == currentList, let index = rowIDs(list).firstIndex(of: item) else { return [] }
            if wasFocused, self.list(list).selected == index {
                enter()
            } else {
                moveSelection(to: index)
            }
        case .sort(let id, let column):
            if id == .overviewFeatures { focusedPanel = .inputDrift }
            guard id == currentList else { return [] }
            var state = list(id)
            if state.sortColumn == column {
                state.reversed.toggle()
            } else {
                state.sortColumn = column
                state.reversed = false
            }
            lists[id] = state
            clampSelections()
        }
        return []
    }

    private mutating func handle(_ typed: Key) -> [Effect] {
        if typed == .controlC { return [.quit] }
        // Keys rebound in the configuration mean their action's default key, except while
        // text is typed (a prompt, a filter, the command line).
        var key = typed
        if prompt == nil, !isTypingFilter, commandLine == nil, case .character(let c) = typed {
            guard let meant = keys.translate(c) else { return [] }
            key = .character(meant)
        }
        if isHelpVisible {
            // `?` turns to the other page; Esc closes help; any other key closes it and does
            // what the help lists it for (`f` there opens the features screen).
            if key == .character("?") || key == .function(1) {
                helpPage = 1 - helpPage
                return []
            }
            isHelpVisible = false
            if key == .escape || key == .backspace { return [] }
        }
        if prompt != nil { return handlePrompt(key) }
        if isTypingFilter { return handleFilterTyping(key) }
        if commandLine != nil { return handleCommandTyping(key) }

        switch key {
        case .character("q"): return [.quit]
        case .character("?"), .function(1):
            isHelpVisible = true
            helpPage = 0
        case .tab: cycle(forward: true)
        case .backTab: cycle(forward: false)
        case .character(let c) where c.isASCII && c.wholeNumberValue.map { (1...4).contains($0) } == true:
            focusedPanel = Panel(rawValue: c.wholeNumberValue!) ?? .inputDrift
            show(.overview)
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .pageUp: moveSelection(by: -pageRowsOfCurrentList)
        case .pageDown: moveSelection(by: pageRowsOfCurrentList)
        case .home, .character("g"): moveSelection(to: 0)
        case .end, .character("G"): moveSelection(to: Int.max / 2)
        case .enter: enter()
        case .escape, .backspace: back()
        case .character("o"): show(.overview)
        case .character("f"): show(.features)
        case .character("s"): show(.segments)
        case .character("a"): show(.alerts)
        // Acting on an alert has keys of its own, never a screen key: `a` `g` Enter must not
        // write anything. Each opens a confirmation naming the alert; only Enter sends it.
        case .character(let key) where screen == .alerts && isReadOnly && (key == "A" || key == "z" || key == "u"):
            showFlash(Self.readOnlyNotice)
        case .character("A") where screen == .alerts:
            if let alert = selectedAlert {
                prompt = Prompt(purpose: .acknowledge(alertID: alert.id), subject: Self.subject(alert))
            }
        case .character("z") where screen == .alerts:
            if let alert = selectedAlert {
                prompt = Prompt(purpose: .silence(alertID: alert.id), text: "1h", subject: Self.subject(alert))
            }
        case .character("u") where screen == .alerts:
            if let alert = selectedAlert, alert.acknowledged == nil, alert.silenced?.inAlertmanager == true {
                // Made there, matching perhaps many alerts: ended there, not from one row here.
                showFlash(alert.id + " is silenced in Alertmanager: end the silence there")
            } else if let alert = selectedAlert, alert.acknowledged != nil || alert.silenced != nil {
                showFlash("undone: " + alert.id)
                return [.engine(.undo(alertID: alert.id))]
            } else if let alert = selectedAlert {
                showFlash(alert.id + " is neither acknowledged nor silenced")
            }
        case .character("/"):
            if currentList != nil { isTypingFilter = true }
        case .character(":"):
            commandLine = ""
        case .character("<"): changeSort(by: -1)
        case .character(">"): changeSort(by: 1)
        case .character("r"):
            if let id = currentList {
                lists[id, default: ListState()].reversed.toggle()
                clampSelections()
            }
        case .character("w"):
            window = window.next
            return [.engine(.setWindow(seconds: window.seconds))]
        case .character("["): return moveCursor(.bucketBack)
        case .character("]"): return moveCursor(.bucketForward)
        case .character("{"): return moveCursor(.windowBack)
        case .character("}"): return moveCursor(.windowForward)
        case .character("."): return moveCursor(.live)
        case .character("p"), .character(" "):
            isPaused.toggle()
            frozen = isPaused ? latest : nil
            pausedAtSeconds = isPaused ? (nowSeconds ?? latest?.builtAtSeconds) : nil
            frozenArrivalRate = isPaused ? arrivals.perSecond : nil
            clampSelections()
        case .character("e"), .character("E"):
            guard let snapshot else {
                showFlash("nothing to export before the first snapshot")
                return []
            }
            let format: ExportRequest.Format = key == .character("E") ? .json : .markdown
            return [.export(ExportRequest(format: format, screen: screen, segment: segment, snapshot: snapshot))]
        case .character("t"):
            themeIndex = (themeIndex + 1) % themes.count
            showFlash("theme: \(theme.name) (\(themeIndex + 1) of \(themes.count), t for the next)")
            return [.setTheme(theme)]
        default: break
        }
        return []
    }

    // MARK: The time cursor

    /// Moves the window's end through the kept history (the engine knows where the buckets
    /// are); a paused screen resumes, so the move shows.
    mutating func moveCursor(_ move: CursorMove) -> [Effect] {
        guard let history = latest?.history else {
            showFlash("no history kept by this source")
            return []
        }
        if move == .live, history.isLive { return [] }
        resumeForTheCursor()
        return [.engine(.moveCursor(move))]
    }

    /// A paused screen resumes when the cursor moves, so that the move shows.
    mutating func resumeForTheCursor() {
        guard isPaused else { return }
        isPaused = false
        frozen = nil
        pausedAtSeconds = nil
        frozenArrivalRate = nil
    }

    // MARK: Screens and panels

    mutating func show(_ target: Screen) {
        screen = target
        isTypingFilter = false
        clampSelections()
    }

    /// What a key that would act on an alert says on a read-only screen.
    static let readOnlyNotice = "read-only screen (--readonly): acknowledging and silencing are off"

    /// Shows `text` in the footer for `Flash.seconds`.
    mutating func showFlash(_ text: String) {
        let now = nowSeconds ?? snapshot?.builtAtSeconds ?? 0
        flash = Flash(text: text, untilSeconds: now + Flash.seconds)
    }

    /// `✖ critical precision drop segment:country=BR (FIRING)`: the alert a prompt acts on.
    static func subject(_ alert: AlertSnapshot) -> String {
        "\(alert.severity) \(alert.rule) \(alert.scope) (\(AlertsView.stateText(alert)))"
    }

    /// Tab on the overview moves between panels; on the other screens it moves between screens.
    private mutating func cycle(forward: Bool) {
        if screen == .overview {
            focusedPanel = forward ? focusedPanel.next : focusedPanel.previous
            return
        }
        let order: [Screen] = [.overview, .features, .segments, .alerts]
        let current = order.firstIndex(of: screen == .featureDetail ? .features : screen) ?? 0
        show(order[(current + (forward ? 1 : order.count - 1)) % order.count])
    }

    private mutating func enter() {
        switch screen {
        case .overview:
            switch focusedPanel {
            case .inputDrift: openDetail(from: .overviewFeatures, returning: .overview)
            case .outcomes: show(.segments)
            case .infrastructure, .predictions: show(.features)
            }
        case .features: openDetail(from: .features, returning: .features)
        case .featureDetail:
            let rows = FeatureRows.bySegment(snapshot, name: detailFeature)
            let index = list(.featureSegments).selected
            if rows.indices.contains(index) {
                segment = rows[index].segment
                clampSelections()
            }
        case .segments:
            let rows = SegmentRow.rows(snapshot, list: list(.segments))
            let index = list(.segments).selected
            guard rows.indices.contains(index) else { return }
            segment = rows[index].key
            lists[.overviewFeatures] = nil
            lists[.features] = ListState(keepingFilterAndSortOf: list(.features))
            show(.overview)
            clampSelections()
        case .alerts:
            guard let alert = selectedAlert else { return }
            if let key = alert.segment {
                segment = key
                clampSelections()
            }
            if let feature = alert.feature {
                detailFeature = feature
                detailReturnScreen = .alerts
                lists[.featureSegments] = nil
                show(.featureDetail)
            } else if alert.segment != nil {
                show(.overview)
            }
        }
    }

    private mutating func openDetail(from id: ListID, returning: Screen) {
        let rows = FeatureRows.rows(slice, list: list(id))
        let index = list(id).selected
        guard rows.indices.contains(index) else { return }
        detailFeature = rows[index].name
        detailReturnScreen = returning
        lists[.featureSegments] = nil
        show(.featureDetail)
    }

    /// Esc and Backspace go back out one level: a filter first, then the feature detail, then
    /// the drilled-in segment, then to the overview.
    private mutating func back() {
        if let id = currentList, !list(id).filter.isEmpty {
            lists[id]?.filter = ""
            clampSelections()
            return
        }
        if screen == .featureDetail {
            show(detailReturnScreen)
            return
        }
        if segment != nil {
            segment = nil
            clampSelections()
            return
        }
        show(.overview)
    }

    // MARK: Lists

    private var pageRowsOfCurrentList: Int { currentList.map(pageRows) ?? 1 }

    private mutating func moveSelection(by delta: Int) {
        guard let id = currentList else { return }
        moveSelection(to: list(id).selected + delta)
    }

    private mutating func moveSelection(to row: Int) {
        guard let id = currentList else { return }
        let ids = rowIDs(id)
        var state = list(id)
        state.select(row, count: ids.count, page: pageRows(id))
        state.selectedID = ids.indices.contains(state.selected) ? ids[state.selected] : nil
        lists[id] = state
    }

    private mutating func changeSort(by delta: Int) {
        guard let id = currentList else { return }
        let count = Self.sortColumns(id).count
        var state = list(id)
        state.sortColumn = ((state.sortColumn + delta) % count + count) % count
        state.reversed = false
        lists[id] = state
        clampSelections()
    }

    /// Finds every selection again after the rows changed (a new snapshot, sort, filter,
    /// segment, pause or size): on the same item when it is still listed, wherever the new
    /// order put it, so Enter opens what the user selected; else on the same row number, kept
    /// inside the list.
    private mutating func clampSelections() {
        // The list on screen too, before it was ever moved in: its first row is an item now.
        let listed = Set(lists.keys).union(currentList.map { [$0] } ?? [])
        for id in listed {
            let ids = rowIDs(id), page = pageRows(id)
            var state = list(id)
            let row = state.selectedID.flatMap { ids.firstIndex(of: $0) } ?? state.selected
            state.select(row, count: ids.count, page: page)
            state.selectedID = ids.indices.contains(state.selected) ? ids[state.selected] : nil
            lists[id] = state
        }
    }

    // MARK: Typing

    private mutating func handleFilterTyping(_ key: Key) -> [Effect] {
        guard let id = currentList else {
            isTypingFilter = false
            return []
        }
        switch key {
        case .character(let c): lists[id, default: ListState()].filter.append(c)
        case .backspace, .delete:
            if !list(id).filter.isEmpty { lists[id]?.filter.removeLast() }
        case .enter: isTypingFilter = false
        case .escape:
            lists[id]?.filter = ""
            isTypingFilter = false
        default: break
        }
        if isTypingFilter || key == .escape {
            // A changed filter starts at the best match.
            let ids = rowIDs(id), page = pageRows(id)
            var state = list(id)
            state.select(0, count: ids.count, page: page)
            state.selectedID = ids.first
            lists[id] = state
        }
        return []
    }

    private mutating func handlePrompt(_ key: Key) -> [Effect] {
        guard var open = prompt else { return [] }
        switch key {
        case .character(let c):
            open.text.append(c)
            open.error = nil
        case .backspace, .delete:
            if !open.text.isEmpty { open.text.removeLast() }
            open.error = nil
        case .escape:
            prompt = nil
            return []
        case .enter:
            let text = open.text.trimmingSpaces
            switch open.purpose {
            case .acknowledge(let id):
                prompt = nil
                showFlash("acknowledged " + id)
                return [.engine(.acknowledge(alertID: id, note: text.isEmpty ? nil : text))]
            case .silence(let id):
                let duration = text.isEmpty ? "1h" : text
                guard let seconds = Prompt.durationSeconds(duration) else {
                    open.error = Prompt.durationProblem(duration) ?? "not a duration"
                    prompt = open
                    return []
                }
                let now = nowSeconds ?? snapshot?.builtAtSeconds ?? 0
                prompt = nil
                showFlash("silenced \(id) for \(duration)")
                return [.engine(.silence(alertID: id, untilSeconds: now + seconds, note: nil))]
            }
        default: break
        }
        prompt = open
        return []
    }
}
