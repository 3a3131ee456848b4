import MonitorEngine

/// Decodes `lines` in order with one decoder, as a source would feed them.
func decodeLines(
    _ lines: [String], format: LogFormat = .jsonl, mapping: FieldMapping = FieldMapping()
) -> [(outcome: DecodeOutcome, record: Record)] {
    var decoder = RecordDecoder(format: format, mapping: mapping)
    var results: [(DecodeOutcome, Record)] = []
    for line in lines {
        var record = Record()
        let outcome = decoder.decode(line, into: &record)
        results.append((outcome, record))
    }
    return results
}

/// Decodes one JSON line with a fresh decoder.
func decodeJSON(_ line: String, mapping: FieldMapping = FieldMapping()) -> (outcome: DecodeOutcome, record: Record) {
    decodeLines([line], mapping: mapping)[0]
}

/// Decodes raw bytes (for bytes that are not valid UTF-8) with a fresh decoder.
func decodeBytes(_ bytes: [UInt8], format: LogFormat = .jsonl) -> DecodeOutcome {
    var decoder = RecordDecoder(format: format)
    var record = Record()
    return bytes.withUnsafeBytes { decoder.decode($0, into: &record) }
}

/// The reason of a malformed outcome, `nil` for any other outcome.
func reason(_ outcome: DecodeOutcome) -> MalformedReason? {
    if case .malformed(let reason, _) = outcome { return reason }
    return nil
}

/// The detail of a malformed outcome, `""` for any other outcome.
func detail(_ outcome: DecodeOutcome) -> String {
    if case .malformed(_, let detail) = outcome { return detail }
    return ""
}

/// Parses a timestamp given as text.
func timestamp(_ text: String) -> Double? { Timestamp.parse(text) }
