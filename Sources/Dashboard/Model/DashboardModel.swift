import MonitorEngine

/// Everything the dashboard remembers between frames: which screen, what is selected, filters,
/// sort, the drilled-in segment, pause, theme, window and open prompts.
///
/// Only `update(_:_:)` changes it (Elm architecture, style.md); the views read it.
public struct DashboardModel: Sendable {
    public var screen: Screen = .overview
    /// The focused overview panel.
    public var focusedPanel: Panel = .inputDrift
    /// Per-list selection, scroll, filter and sort.
    public var lists: [ListID: ListState] = [:]
    /// True while `/` is collecting filter text for the current list.
    public var isTypingFilter = false
    /// Actions given other keys in the configuration (`keys:`).
    public var keys = KeyBindings()
    /// The `:` command line being typed; `nil` when closed.
    public var commandLine: String?
    /// A screen shared with others (`--readonly`): no key acknowledges, silences or undoes.
    public var isReadOnly = false
    /// The screen's clock's offset from UTC, in seconds: `:at 09:30` means 09:30 on it.
    public var utcOffsetSeconds = 0
    /// The segment every screen shows, `nil` for the whole stream.
    public var segment: SegmentKey?
    /// The feature of the feature detail screen.
    public var detailFeature: String?
    /// Where Esc returns from the feature detail screen.
    public var detailReturnScreen: Screen = .features
    /// The newest snapshot from the engine.
    public var latest: Snapshot?
    /// True while the screen is paused (`p`, Space): the frozen snapshot, throughput and clock
    /// are shown.
    public var isPaused = false
    public var frozen: Snapshot?
    /// The header's clock and throughput when the screen was paused.
    public var pausedAtSeconds: Double?
    public var frozenArrivalRate: Double?
    /// Prediction records per second as they arrive (the header's throughput).
    public var arrivals = ArrivalRate()
    /// A short message in the footer (the theme `t` chose, what Enter on a prompt did), shown
    /// until `flash.untilSeconds` of the wall clock.
    public var flash: Flash?
    /// The themes `t` cycles through (at least one) and the current one.
    public var themes: [Theme]
    public var themeIndex = 0
    /// The window `w` last asked for.
    public var window: WindowChoice
    /// The open one-line input of the alerts screen.
    public var prompt: Prompt?
    public var isHelpVisible = false
    /// Help's page: 0 the keys, 1 the words the screens abbreviate (`?` turns the page).
    public var helpPage = 0
    /// Terminal size in cells, from the last resize.
    public var width: Int
    public var height: Int
    /// Wall clock from the last tick, seconds since the epoch.
    public var nowSeconds: Double?

    /// A model on the overview of the whole stream.
    public init(themes: [Theme] = [.builtInDefault], window: WindowChoice = .oneHour,
                width: Int = 80, height: Int = 24) {
        self.themes = themes.isEmpty ? [.builtInDefault] : themes
        self.window = window
        self.width = width
        self.height = height
    }

    /// The snapshot on screen: the frozen one while paused, else the newest.
    public var snapshot: Snapshot? { isPaused ? (frozen ?? latest) : latest }

    /// The slice on screen: the drilled-in segment or the whole stream (`nil` when the segment
    /// is no longer in the snapshot).
    public var slice: SliceSnapshot? { snapshot?.slice(segment) }

    public var theme: Theme { themes[max(0, min(themeIndex, themes.count - 1))] }

    /// The header's clock: the wall clock, stopped while paused.
    public var shownNowSeconds: Double? {
        isPaused ? (pausedAtSeconds ?? nowSeconds) : nowSeconds
    }

    /// The header's throughput, records per second: the arrival rate (stopped while paused),
    /// else, in the first second, the window's average from the engine.
    public var shownThroughput: Double? {
        let rate = isPaused ? frozenArrivalRate : arrivals.perSecond
        return rate ?? snapshot?.overall.infrastructure.throughputPerSecond
    }

    /// The list's state (a fresh one before first use).
    public func list(_ id: ListID) -> ListState { lists[id] ?? ListState() }

    /// The list that keys move in on the current screen.
    public var currentList: ListID? {
        switch screen {
        case .overview: focusedPanel == .inputDrift ? .overviewFeatures : nil
        case .features: .features
        case .featureDetail: .featureSegments
        case .segments: .segments
        case .alerts: .alerts
        }
    }

    /// How many rows the list has now.
    public func rowCount(_ id: ListID) -> Int { rowIDs(id).count }

    /// What each row of the list is, in the order shown: feature names, segments, alert ids.
    /// The selection is kept on one of these, not on a row number.
    public func rowIDs(_ id: ListID) -> [String] {
        switch id {
        case .overviewFeatures, .features: FeatureRows.rows(slice, list: list(id)).map(\.name)
        case .segments: SegmentRow.rows(snapshot, list: list(id)).map(\.key.description)
        case .alerts: AlertRows.rows(snapshot, list: list(id)).map(\.id)
        case .featureSegments: FeatureRows.bySegment(snapshot, name: detailFeature).map(\.segment.description)
        }
    }

    /// About how many rows a page of the list shows at the current size (PgUp / PgDn).
    public func pageRows(_ id: ListID) -> Int {
        switch id {
        case .overviewFeatures: max(1, (height - 6) / 2 - 3)
        case .featureSegments: max(1, height / 3 - 2)
        default: max(1, height - 8)
        }
    }

    /// The sort column names of a list.
    public static func sortColumns(_ id: ListID) -> [String] {
        switch id {
        case .overviewFeatures, .features: FeatureRows.sortColumns
        case .segments: SegmentRow.sortColumns
        case .alerts: AlertRows.sortColumns
        case .featureSegments: ["worst"]
        }
    }

    /// The selected alert of the alerts list.
    public var selectedAlert: AlertSnapshot? {
        let rows = AlertRows.rows(snapshot, list: list(.alerts))
        let index = list(.alerts).selected
        return rows.indices.contains(index) ? rows[index] : nil
    }
}

/// A short message in the footer that goes away by itself.
public struct Flash: Sendable, Hashable {
    public var text: String
    /// Wall time it goes away, seconds since the epoch.
    public var untilSeconds: Double

    public init(text: String, untilSeconds: Double) {
        self.text = text
        self.untilSeconds = untilSeconds
    }

    /// How long a flash stays.
    public static let seconds = 3.0
}
