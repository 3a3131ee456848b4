/// The top-level keys of a JSON record that are known fields, matched on raw bytes.
///
/// Like `FeatureNameTable`, it first tries the field the previous line had at the same key
/// position; lines of one log almost always share their key order.
struct KnownFieldKeys: Sendable {
    private var bytes = NameBytes()
    private var fields: [KnownField] = []
    /// The entry matched at each top-level key position of the latest line, -1 for a feature.
    private var order: [Int8] = []

    init(mapping: FieldMapping, format: LogFormat) {
        // Mapped names first: if a mapping names a column "features", the mapping wins.
        for field in KnownField.fields(of: format, mapping: mapping) {
            var name = field.name(in: mapping)
            _ = name.withUTF8 { bytes.append(UnsafeRawBufferPointer($0)) }
            fields.append(field)
        }
    }

    /// The known field the previous line had at top-level key position `position`, when `line`
    /// repeats its key (as a complete JSON string without escapes) at `start`, the byte after the
    /// opening quote: the field, and the position after the closing quote.
    @inline(__always)
    func repeatedField(in line: UnsafeRawBufferPointer, at start: Int, position: Int) -> (field: KnownField, end: Int)? {
        guard position < order.count else { return nil }
        let expected = Int(order[position])
        guard expected >= 0, let end = bytes.matchesQuoted(expected, in: line, at: start) else { return nil }
        return (fields[expected], end)
    }

    /// The known field whose key is `key`, at top-level key position `position`; `nil` for a
    /// key that is not a known field.
    @inline(__always)
    mutating func field(for key: UnsafeRawBufferPointer, atPosition position: Int) -> KnownField? {
        if position < order.count {
            let expected = Int(order[position])
            if expected >= 0 && bytes.equals(expected, key) { return fields[expected] }
        }
        var found = -1
        for index in 0..<fields.count where bytes.equals(index, key) {
            found = index
            break
        }
        if position < order.count {
            order[position] = Int8(found)
        } else if position == order.count, position < 256 {
            order.append(Int8(found))
        }
        return found >= 0 ? fields[found] : nil
    }
}
