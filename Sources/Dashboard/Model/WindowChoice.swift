/// The windows `w` cycles through: 5m, 15m, 1h, 6h, all.
public enum WindowChoice: Sendable, Hashable, CaseIterable {
    case fiveMinutes
    case fifteenMinutes
    case oneHour
    case sixHours
    case all

    /// The window length for `EngineCommand.setWindow`; `nil` is "all".
    public var seconds: Double? {
        switch self {
        case .fiveMinutes: 300
        case .fifteenMinutes: 900
        case .oneHour: 3600
        case .sixHours: 21600
        case .all: nil
        }
    }

    /// As the header writes it.
    public var label: String {
        switch self {
        case .fiveMinutes: "5m"
        case .fifteenMinutes: "15m"
        case .oneHour: "1h"
        case .sixHours: "6h"
        case .all: "all"
        }
    }

    /// The next choice, wrapping around.
    public var next: WindowChoice {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }

    /// The choice of a window length (exact match), else the nearest longer one, else `all`.
    public init(seconds: Double?) {
        guard let seconds else {
            self = .all
            return
        }
        self = Self.allCases.first { ($0.seconds ?? .infinity) >= seconds } ?? .all
    }
}
