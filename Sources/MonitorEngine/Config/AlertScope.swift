/// Where an alert rule looks: the whole stream, every feature, one feature, every segment value,
/// or one segment value.
///
/// Written `global`, `any_feature`, `feature:NAME`, `any_segment`, `segment:DIM=VALUE`,
/// `class:NAME` (multiclass, `class_share`) or `dimension:DIM` (`fairness_gap`). A rule
/// with an `any_...` scope fires separately for each feature or segment value that breaks it.
public enum AlertScope: Sendable, Hashable, CustomStringConvertible {
    /// The whole stream.
    case global
    /// Each monitored feature, separately.
    case anyFeature
    /// The feature called `name`.
    case feature(String)
    /// Each value of each segment dimension, separately.
    case anySegment
    /// The records whose `dimension` has `value` (`segment:country=BR`).
    case segment(dimension: String, value: String)
    /// One class of a multiclass model (`class:upmarket_card`), for `class_share`.
    case modelClass(String)
    /// One segment dimension's segments compared (`dimension:country`), for `fairness_gap`.
    case dimension(String)

    /// Parses the configuration's spelling; `nil` if it is none of the five forms or a name is
    /// empty.
    public init?(parsing text: String) {
        switch text {
        case "global": self = .global
        case "any_feature": self = .anyFeature
        case "any_segment": self = .anySegment
        default:
            if text.hasPrefix("feature:") {
                let name = String(text.dropFirst("feature:".count))
                guard !name.isEmpty else { return nil }
                self = .feature(name)
            } else if text.hasPrefix("dimension:") {
                let name = String(text.dropFirst("dimension:".count))
                guard !name.isEmpty else { return nil }
                self = .dimension(name)
            } else if text.hasPrefix("class:") {
                let name = String(text.dropFirst("class:".count))
                guard !name.isEmpty else { return nil }
                self = .modelClass(name)
            } else if text.hasPrefix("segment:") {
                let rest = text.dropFirst("segment:".count)
                guard let equals = rest.firstIndex(of: "=") else { return nil }
                let dimension = String(rest[..<equals])
                let value = String(rest[rest.index(after: equals)...])
                guard !dimension.isEmpty, !value.isEmpty else { return nil }
                self = .segment(dimension: dimension, value: value)
            } else {
                return nil
            }
        }
    }

    /// Whether the scope is about features (`any_feature`, `feature:NAME`).
    public var isPerFeature: Bool {
        switch self {
        case .anyFeature, .feature: true
        case .global, .anySegment, .segment, .modelClass, .dimension: false
        }
    }

    /// Whether the scope looks into segment slices (`any_segment`, `segment:DIM=VALUE`).
    public var needsSegments: Bool {
        switch self {
        case .anySegment, .segment: true
        case .global, .anyFeature, .feature, .modelClass, .dimension: false
        }
    }

    /// The configuration's spelling, also used in alert ids (`feature drift/feature:amount`).
    public var description: String {
        switch self {
        case .global: "global"
        case .anyFeature: "any_feature"
        case .feature(let name): "feature:\(name)"
        case .anySegment: "any_segment"
        case .segment(let dimension, let value): "segment:\(dimension)=\(value)"
        case .modelClass(let name): "class:\(name)"
        case .dimension(let name): "dimension:\(name)"
        }
    }
}
