/// The dashboard's actions whose key can be changed in the configuration (`keys:`), each with
/// its default key. A rebound action moves: its default key no longer does it (unless another
/// action was bound to that key).
public enum KeyAction: String, Sendable, Hashable, CaseIterable {
    case overview, features, segments, alerts, help, quit, window, pause, theme, filter, command
    case sortPrevious = "sort_previous", sortNext = "sort_next", reverse
    case acknowledge, silence, undo, export, exportJSON = "export_json"
    case up, down, first, last
    case earlier, later, windowEarlier = "window_earlier", windowLater = "window_later", live

    /// The key the action has unless the configuration says otherwise.
    public var defaultKey: Character {
        switch self {
        case .overview: "o"
        case .features: "f"
        case .segments: "s"
        case .alerts: "a"
        case .help: "?"
        case .quit: "q"
        case .window: "w"
        case .pause: "p"
        case .theme: "t"
        case .filter: "/"
        case .command: ":"
        case .sortPrevious: "<"
        case .sortNext: ">"
        case .reverse: "r"
        case .acknowledge: "A"
        case .silence: "z"
        case .undo: "u"
        case .export: "e"
        case .exportJSON: "E"
        case .up: "k"
        case .down: "j"
        case .first: "g"
        case .last: "G"
        case .earlier: "["
        case .later: "]"
        case .windowEarlier: "{"
        case .windowLater: "}"
        case .live: "."
        }
    }
}

/// `keys:` of the configuration: the actions given another key.
public struct KeyBindings: Sendable, Hashable {
    /// The key of each rebound action.
    public var keys: [KeyAction: Character] = [:]

    public init(keys: [KeyAction: Character] = [:]) {
        self.keys = keys
    }

    /// What a typed character means: the default key of the action it is bound to, the
    /// character itself when no binding involves it, `nil` when its action moved to another key.
    public func translate(_ typed: Character) -> Character? {
        if let action = keys.first(where: { $0.value == typed })?.key { return action.defaultKey }
        if keys.keys.contains(where: { $0.defaultKey == typed }) { return nil }
        return typed
    }

    /// The key shown for an action's default key (`q` → the key quit is bound to).
    public func shown(_ defaultKey: Character) -> Character {
        guard let action = KeyAction.allCases.first(where: { $0.defaultKey == defaultKey }) else { return defaultKey }
        return keys[action] ?? defaultKey
    }
}
