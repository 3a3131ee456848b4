extension RecordDecoder {
    /// Decodes a JSON object line into `record` (fields, features, status), leaving the kind to
    /// `classify`. Throws on the first syntax error; a wrong type is remembered and thrown only
    /// once the whole line has proved to be valid JSON.
    mutating func decodeJSON(
        _ line: UnsafeRawBufferPointer, columnOffset: Int, into record: inout Record
    ) throws(LineError) {
        var cursor = JSONCursor(line, columnOffset: columnOffset)
        cursor.skipWhitespace()
        guard !cursor.isAtEnd, cursor.current == UInt8(ascii: "{") else {
            // Valid JSON such as `[1]` or `42` is still not a record.
            if !cursor.isAtEnd, cursor.current != UInt8(ascii: "'") {
                let start = cursor.index
                if let value = try? cursor.readValue(depth: 0) {
                    throw LineError(
                        .invalidJSON,
                        "the line is \(value.typeDescription), expected an object, at column \(cursor.column(start))")
                }
                cursor.index = start
            }
            throw cursor.unexpected(at: cursor.index, expecting: "'{'")
        }
        cursor.index += 1
        cursor.skipWhitespace()
        startFeatureList()
        var wrongType: LineError? = nil
        var sawFeaturesObject = false
        var keyPosition = 0
        var featurePosition = 0
        if !cursor.isAtEnd, cursor.current == UInt8(ascii: "}") {
            cursor.index += 1
        } else {
            repeat {
                let key = try cursor.readKey()
                let field = cursor.withBytes(of: key) { knownKeys.field(for: $0, atPosition: keyPosition) }
                keyPosition += 1
                if let field {
                    if field == .features, !cursor.isAtEnd, cursor.current == UInt8(ascii: "{") {
                        // The features object holds the features: drop flat ones read before it.
                        sawFeaturesObject = true
                        record.features.removeAll(keepingCapacity: true)
                        startFeatureList()
                        try decodeFeaturesObject(&cursor, featurePosition: &featurePosition, into: &record)
                    } else {
                        let value = try cursor.readValue(depth: 1)
                        if let problem = store(value, as: field, cursor: cursor, into: &record), wrongType == nil {
                            wrongType = problem
                        }
                    }
                } else if sawFeaturesObject {
                    _ = try cursor.readValue(depth: 1)
                } else {
                    try decodeFeature(key: key, cursor: &cursor, depth: 1, position: featurePosition, into: &record)
                    featurePosition += 1
                }
            } while try cursor.readSeparator(closing: UInt8(ascii: "}"))
        }
        cursor.skipWhitespace()
        if !cursor.isAtEnd {
            throw LineError(
                .invalidJSON,
                "text after the object: \(LineError.describe(byte: cursor.current)) at column \(cursor.column(cursor.index))")
        }
        if let wrongType { throw wrongType }
    }

    /// Reads the members of a `features` object (`cursor` at its `{`, depth 2) as features.
    private mutating func decodeFeaturesObject(
        _ cursor: inout JSONCursor, featurePosition: inout Int, into record: inout Record
    ) throws(LineError) {
        cursor.index += 1
        cursor.skipWhitespace()
        if !cursor.isAtEnd, cursor.current == UInt8(ascii: "}") {
            cursor.index += 1
            return
        }
        repeat {
            let key = try cursor.readKey()
            try decodeFeature(key: key, cursor: &cursor, depth: 2, position: featurePosition, into: &record)
            featurePosition += 1
        } while try cursor.readSeparator(closing: UInt8(ascii: "}"))
    }

    /// Reads the value of the feature `key` (the cursor at the value) and adds it to the record
    /// when the mapping selects that name.
    @inline(__always)
    private mutating func decodeFeature(
        key: JSONCursor.StringToken, cursor: inout JSONCursor, depth: Int, position: Int, into record: inout Record
    ) throws(LineError) {
        let interned = cursor.withBytes(of: key) { featureNames.index(of: $0, atPosition: position) }
        let value = try cursor.readValue(depth: depth)
        let selected: Bool
        if let interned {
            selected = featureNames.isSelected[interned]
        } else {
            selected = featureNames.isSelected(name: cursor.string(of: key))
        }
        guard selected else { return }
        addFeature(
            interned: interned, uninternedName: cursor.string(of: key),
            value: Self.featureValue(value, cursor: cursor), to: &record)
    }

    /// A JSON value as a feature (or `prediction`/`label`) value.
    @inline(__always)
    static func featureValue(_ value: JSONCursor.Value, cursor: JSONCursor) -> FeatureValue {
        switch value {
        case .string(let token): .string(cursor.string(of: token))
        case .number(let number, _, _): number.isFinite ? .number(number) : .invalidNumber
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .object, .array: .unsupported
        }
    }

    /// Stores the value of a known field; returns the `wrong_type` error when its type is wrong.
    private func store(
        _ value: JSONCursor.Value, as field: KnownField, cursor: JSONCursor, into record: inout Record
    ) -> LineError? {
        if case .null = value { return nil }
        func wrong(_ expected: String) -> LineError {
            LineError(.wrongType, "\"\(field.name(in: mapping))\" is \(value.typeDescription), expected \(expected)")
        }
        func numberText(_ start: Int, _ end: Int) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<end]), as: UTF8.self)
        }
        switch field {
        case .id, .model, .version, .status:
            let text: String
            switch value {
            case .string(let token): text = cursor.string(of: token)
            case .number(_, let start, let end): text = numberText(start, end)
            default:
                return wrong(field == .id ? "a string or an integer" : "a string")
            }
            switch field {
            case .id: record.id = text
            case .model: record.model = text
            case .version: record.version = text
            default:
                record.status = text
                if case .number(let number, _, _) = value {
                    record.isSuccess = number == 200
                } else if case .string(let token) = value {
                    record.isSuccess = cursor.withBytes(of: token) { Self.isSuccessStatus($0) }
                }
            }
        case .timestamp:
            switch value {
            case .string(let token):
                guard let seconds = cursor.withBytes(of: token, { Timestamp.parse($0) }) else {
                    let shown = cursor.withBytes(of: token) { LineError.quote($0) }
                    return LineError(.wrongType, "\"\(field.name(in: mapping))\" \(shown) is not a timestamp")
                }
                record.timestampSeconds = seconds
            case .number(let number, _, _):
                guard let seconds = Timestamp.seconds(fromEpochNumber: number) else {
                    return LineError(.wrongType, "\"\(field.name(in: mapping))\" is out of range")
                }
                record.timestampSeconds = seconds
            default:
                return wrong("a timestamp string or an epoch number")
            }
        case .score, .value, .latency:
            guard case .number(let number, _, _) = value else { return wrong("a number") }
            guard number.isFinite else {
                return LineError(.wrongType, "\"\(field.name(in: mapping))\" is out of range of a double")
            }
            switch field {
            case .score: record.score = number
            case .value: record.value = number
            default: record.latencyMilliseconds = number
            }
        case .prediction, .label:
            switch value {
            case .object, .array:
                return wrong("a number, a bool or a string")
            default:
                let converted = Self.featureValue(value, cursor: cursor)
                if field == .label { record.label = converted } else { record.prediction = converted }
            }
        case .features:
            return wrong("an object")
        }
        return nil
    }
}
