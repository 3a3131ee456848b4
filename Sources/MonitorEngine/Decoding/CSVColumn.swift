/// What a CSV column holds, from the header and the mapping.
///
/// No payload is reference-counted, so reading a row's roles retains nothing.
enum CSVColumn: Sendable {
    case known(KnownField)
    /// The `index`-th feature column of the header (counting only kept feature columns); its
    /// name is `RecordDecoder.csvFeatureNames[index]`.
    case feature(Int)
    /// The probability of the `index`-th class of `FieldMapping.classScores` (multiclass).
    case classScore(Int)
    /// Not a known field, and not among `FieldMapping.features`.
    case ignored
}
