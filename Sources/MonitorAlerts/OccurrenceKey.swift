import MonitorEngine
import MonitorRules

/// One occurrence of one alert id.
public struct OccurrenceKey: Sendable, Hashable {
    /// The alert id, `rule/scope`.
    public var id: String
    /// Its occurrence number, from 1.
    public var occurrence: Int

    /// The key of occurrence `occurrence` of `id`.
    public init(id: String, occurrence: Int) {
        self.id = id
        self.occurrence = occurrence
    }
}
