/// One occurrence of one alert id.
public struct OccurrenceKey: Sendable, Hashable {
    public var id: String
    public var occurrence: Int

    public init(id: String, occurrence: Int) {
        self.id = id
        self.occurrence = occurrence
    }
}
