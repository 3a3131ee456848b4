/// The screens of tui.md; help is an overlay, not a screen.
public enum Screen: String, Sendable, Hashable, CaseIterable {
    case overview
    case features
    /// One feature in depth, opened with Enter from a feature list.
    case featureDetail
    case segments
    case alerts

    /// The title shown in the header's screen tabs.
    public var title: String {
        switch self {
        case .overview: "Overview"
        case .features: "Features"
        case .featureDetail: "Feature"
        case .segments: "Segments"
        case .alerts: "Alerts"
        }
    }
}

/// The four panels of the overview, one per layer, numbered as their hot keys.
public enum Panel: Int, Sendable, Hashable, CaseIterable {
    case infrastructure = 1
    case inputDrift = 2
    case predictions = 3
    case outcomes = 4

    /// The layer the panel shows.
    public var title: String {
        switch self {
        case .infrastructure: "Infrastructure"
        case .inputDrift: "Input drift"
        case .predictions: "Predictions"
        case .outcomes: "Business outcomes"
        }
    }

    /// The next panel, wrapping around (Tab).
    public var next: Panel { Panel(rawValue: rawValue % 4 + 1)! }
    /// The previous panel, wrapping around (Shift-Tab).
    public var previous: Panel { Panel(rawValue: (rawValue + 2) % 4 + 1)! }
}

/// The lists the user can move in; each keeps its own selection, scroll, filter and sort.
public enum ListID: String, Sendable, Hashable, CaseIterable {
    /// The features of the overview's Input drift panel.
    case overviewFeatures
    case features
    case segments
    case alerts
    /// The same feature by segment, on the feature detail screen.
    case featureSegments
}
