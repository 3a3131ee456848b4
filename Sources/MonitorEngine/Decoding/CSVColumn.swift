/// What a CSV column holds, from the header and the mapping.
enum CSVColumn: Sendable {
    case known(KnownField)
    case feature(String)
    /// Not a known field, and not among `FieldMapping.features`.
    case ignored
}
