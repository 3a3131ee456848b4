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
                let field: KnownField?
                var key = JSONCursor.StringToken(start: 0, end: 0, hasEscapes: false)
                var flatFeature: Int? = nil
                if !cursor.isAtEnd, cursor.current == UInt8(ascii: "\""),
                    let repeated = knownKeys.repeatedField(in: line, at: cursor.index + 1, position: keyPosition)
                {
                    // The same known key as the previous line at this position: no scan, no lookup.
                    field = repeated.field
                    cursor.index = repeated.end
                    try cursor.readColon()
                } else if !sawFeaturesObject, !cursor.isAtEnd, cursor.current == UInt8(ascii: "\""),
                    let repeated = featureNames.repeatedName(in: line, at: cursor.index + 1, position: featurePosition),
                    !featureNames.isKnownFieldName[repeated.index]
                {
                    // The same flat feature as the previous line at this position.
                    field = nil
                    flatFeature = repeated.index
                    cursor.index = repeated.end
                    try cursor.readColon()
                } else {
                    key = try cursor.readKey()
                    field = cursor.withBytes(of: key) { knownKeys.field(for: $0, atPosition: keyPosition) }
                }
                keyPosition += 1
                if let field {
                    if field == .features, !cursor.isAtEnd, cursor.current == UInt8(ascii: "{") {
                        // The features object holds the features: drop flat ones read before it.
                        sawFeaturesObject = true
                        featureCount = 0
                        startFeatureList()
                        try decodeFeaturesObject(&cursor, featurePosition: &featurePosition, into: &record)
                    } else if field == .scores, !cursor.isAtEnd, cursor.current == UInt8(ascii: "{") {
                        if let problem = try decodeScoresObject(&cursor, into: &record), wrongType == nil {
                            wrongType = problem
                        }
                    } else {
                        let value = try cursor.readValue(depth: 1)
                        if let problem = store(value, as: field, cursor: cursor, into: &record), wrongType == nil {
                            wrongType = wrongTypeError(problem, field: field, cursor: cursor)
                        }
                    }
                } else if sawFeaturesObject {
                    _ = try cursor.readValue(depth: 1)
                } else {
                    let interned =
                        flatFeature
                        ?? cursor.withBytes(of: key) { featureNames.index(of: $0, atPosition: featurePosition) }
                    try decodeFeature(interned: interned, key: key, cursor: &cursor, depth: 1, into: &record)
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
            let interned: Int?
            var key = JSONCursor.StringToken(start: 0, end: 0, hasEscapes: false)
            if !cursor.isAtEnd, cursor.current == UInt8(ascii: "\""),
                let repeated = featureNames.repeatedName(in: cursor.bytes, at: cursor.index + 1, position: featurePosition)
            {
                // The same name as the previous line at this position: no scan, no lookup.
                interned = repeated.index
                cursor.index = repeated.end
                try cursor.readColon()
            } else {
                key = try cursor.readKey()
                interned = cursor.withBytes(of: key) { featureNames.index(of: $0, atPosition: featurePosition) }
            }
            try decodeFeature(interned: interned, key: key, cursor: &cursor, depth: 2, into: &record)
            featurePosition += 1
        } while try cursor.readSeparator(closing: UInt8(ascii: "}"))
    }

    /// Reads a multiclass `scores` object (`cursor` at its `{`, depth 2): each member a class
    /// and its probability. A member that is not a finite number is `wrong_type` (returned, to
    /// be thrown once the line proved valid JSON); `null` is an absent class. A repeated class
    /// keeps its last value.
    private mutating func decodeScoresObject(_ cursor: inout JSONCursor, into record: inout Record) throws(LineError) -> LineError? {
        cursor.index += 1
        cursor.skipWhitespace()
        if !cursor.isAtEnd, cursor.current == UInt8(ascii: "}") {
            cursor.index += 1
            return nil
        }
        var problem: LineError? = nil
        repeat {
            let key = try cursor.readKey()
            let value = try cursor.readValue(depth: 2)
            switch value {
            case .number(let number, _, _) where number.isFinite:
                let name = key.hasEscapes ? cursor.string(of: key) : recentTexts.text(cursor.bytes, from: key.start, to: key.end)
                if let earlier = record.classScores.firstIndex(where: { $0.name == name }) {
                    record.classScores[earlier].value = number
                } else {
                    record.classScores.append(ClassScore(name: name, value: number))
                }
            case .null:
                break
            default:
                if problem == nil {
                    let name = cursor.string(of: key)
                    let what = if case .number = value { "out of range of a double" } else { "\(value.typeDescription), expected a number" }
                    problem = LineError(.wrongType, "\"\(mapping.scores)\" member \"\(name)\" is \(what)")
                }
            }
        } while try cursor.readSeparator(closing: UInt8(ascii: "}"))
        return problem
    }

    /// Reads the value of a feature (the cursor at the value) and adds it to the record when the
    /// mapping selects that name. `interned` is the name's index in `featureNames`; `key` is
    /// read only when the name could not be interned.
    @inline(__always)
    private mutating func decodeFeature(
        interned: Int?, key: JSONCursor.StringToken, cursor: inout JSONCursor, depth: Int, into record: inout Record
    ) throws(LineError) {
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
            value: featureValue(value, cursor: cursor), to: &record)
    }

    /// A JSON value as a feature (or `prediction`/`label`) value.
    @inline(__always)
    mutating func featureValue(_ value: JSONCursor.Value, cursor: JSONCursor) -> FeatureValue {
        switch value {
        case .string(let token): .string(repeatedText(token, cursor: cursor))
        case .number(let number, _, _): number.isFinite ? .number(number) : .invalidNumber
        case .bool(let flag): .bool(flag)
        case .null: .null
        case .object, .array: .unsupported
        }
    }

    /// The text of a string likely to repeat from line to line (not an id), through
    /// `recentTexts`.
    @inline(__always)
    mutating func repeatedText(_ token: JSONCursor.StringToken, cursor: JSONCursor) -> String {
        if token.hasEscapes { return cursor.string(of: token) }
        return recentTexts.text(cursor.bytes, from: token.start, to: token.end)
    }

    /// Stores the value of a known field; returns what is wrong when its type is wrong, without
    /// building any text (that happens only for bad lines, in `wrongTypeError`).
    private mutating func store(
        _ value: JSONCursor.Value, as field: KnownField, cursor: JSONCursor, into record: inout Record
    ) -> TypeProblem? {
        switch field {
        case .id, .model, .version, .status:
            let text: String
            switch value {
            case .string(let token):
                text = field == .id ? cursor.string(of: token) : repeatedText(token, cursor: cursor)
            case .number(_, let start, let end):
                text = String(decoding: UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<end]), as: UTF8.self)
            case .null: return nil
            default:
                return .wrongType(value, expected: field == .id ? "a string or an integer" : "a string")
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
                    return .notATimestamp(token)
                }
                record.timestampSeconds = seconds
            case .number(let number, _, _):
                guard let seconds = Timestamp.seconds(fromEpochNumber: number) else {
                    return .outOfRange
                }
                record.timestampSeconds = seconds
            case .null:
                return nil
            default:
                return .wrongType(value, expected: "a timestamp string or an epoch number")
            }
        case .score, .value, .latency:
            guard case .number(let number, _, _) = value else {
                if case .null = value { return nil }
                return .wrongType(value, expected: "a number")
            }
            guard number.isFinite else { return .outOfRange }
            switch field {
            case .score: record.score = number
            case .value: record.value = number
            default: record.latencyMilliseconds = number
            }
        case .prediction, .label:
            switch value {
            case .null:
                return nil
            case .object, .array:
                return .wrongType(value, expected: "a number, a bool or a string")
            case .string, .bool:
                if field == .prediction && mapping.task == .regression { return .wrongType(value, expected: "a number") }
                let converted = featureValue(value, cursor: cursor)
                if field == .label { record.label = converted } else { record.prediction = converted }
            default:
                let converted = featureValue(value, cursor: cursor)
                if field == .label { record.label = converted } else { record.prediction = converted }
            }
        case .features, .scores:
            if case .null = value { return nil }
            return .wrongType(value, expected: "an object")
        }
        return nil
    }

    /// What is wrong with the value of a known field.
    enum TypeProblem {
        case wrongType(JSONCursor.Value, expected: StaticString)
        case outOfRange
        case notATimestamp(JSONCursor.StringToken)
    }

    /// The `wrong_type` error for `problem`; built only for bad lines.
    @inline(never)
    private func wrongTypeError(_ problem: TypeProblem, field: KnownField, cursor: JSONCursor) -> LineError {
        let name = field.name(in: mapping)
        switch problem {
        case .wrongType(let value, let expected):
            return LineError(.wrongType, "\"\(name)\" is \(value.typeDescription), expected \(expected)")
        case .outOfRange:
            return LineError(.wrongType, "\"\(name)\" is out of range of a double")
        case .notATimestamp(let token):
            let shown = cursor.withBytes(of: token) { LineError.quote($0) }
            return LineError(.wrongType, "\"\(name)\" \(shown) is not a timestamp")
        }
    }
}
