/// Turns lines of a prediction log (JSON Lines or CSV, docs/log-format.md) into `Record`s, in place
/// and on bytes.
///
/// One decoder reads one source: it remembers the CSV header, the feature names seen so far
/// (interned, so a long stream shares one `String` per name) and whether the next line starts a
/// file. Decoding a line allocates nothing beyond the strings the record needs: pass the same
/// `Record` every time and its `features` capacity is reused.
///
/// Rules settled here where docs/log-format.md is silent:
/// - JSON: the top level must be an object; `[1]` or `42` is `invalid_json` (valid JSON, but not
///   a record). A repeated key: the last value wins, for known fields and features alike.
///   `null` for a known field means absent. Nested values inside `features` are
///   `.unsupported`; the key `features` holding an array or scalar is `wrong_type`.
/// - Without a `features` object, every top-level key that is not a mapped field is a feature
///   (flat JSONL); when a `features` object is present, only its members are features.
///   `FieldMapping.features`, when set, limits features to those names in both shapes.
/// - `id`, `model`, `version` and `status` may be JSON numbers and are then kept as written
///   (`"id": 123` gives `"123"`); a bool, object or array there is `wrong_type`. `status` 200 as a
///   number is a success. `prediction` and `label` of object or array type are `wrong_type`;
///   `value` and `latency_ms` must be numbers. A number that overflows a double (`1e999`) is
///   `.invalidNumber` as a feature, `prediction` or `label`, and `wrong_type` for `score`,
///   `value` and `latency_ms`.
/// - When a line has both a JSON syntax error and a wrong type, the syntax error is reported.
/// - CSV: a field may be quoted (RFC 4180, `""` for a quote); text after a closing quote is
///   `invalid_csv`, a quote inside an unquoted field is kept as text. The header is the first
///   line that is not blank; in it a repeated column name keeps the last column. An empty cell
///   is absent for known fields and `.null` for features.
public struct RecordDecoder: Sendable {
    /// The line format this decoder reads.
    public let format: LogFormat
    /// Where the known fields are, and which columns are features.
    public let mapping: FieldMapping

    var knownKeys: KnownFieldKeys
    var featureNames: FeatureNameTable
    /// Increases for every feature list started (each record, and each `features` object), so
    /// `FeatureNameTable.lastStamp` tells whether a name is already in the current list.
    var featureListStamp: UInt64 = 0
    /// The role of each CSV column; `nil` until a header has been read.
    var csvColumns: [CSVColumn]? = nil
    /// The names of the header's feature columns, in column order.
    var csvFeatureNames: [String] = []
    var csvCells: [CSVCell] = []
    var atStartOfFile = true
    /// Positions of features whose names could not be interned (the table is full), for the
    /// current list only; empty in any ordinary stream.
    var uninternedPositions: [String: Int] = [:]
    var recentTexts = RecentTexts()
    /// How many entries of `record.features` belong to the line being decoded. The entries of
    /// the previous line are overwritten in place rather than removed first: a stream's lines
    /// mostly have the same features, and removing costs more than decoding a feature.
    var featureCount = 0

    /// A decoder for one source of `format`, reading fields where `mapping` says.
    public init(format: LogFormat, mapping: FieldMapping = FieldMapping()) {
        self.format = format
        self.mapping = mapping
        self.knownKeys = KnownFieldKeys(mapping: mapping, format: format)
        let knownFieldNames = KnownField.fields(of: format, mapping: mapping).map { $0.name(in: mapping) }
            + mapping.classScores.map(\.column)
        self.featureNames = FeatureNameTable(selection: mapping.features, knownFieldNames: Set(knownFieldNames))
    }

    /// The source restarted (a new file, rotation, truncation): for CSV the next line that is not
    /// blank is a header again; for both formats a UTF-8 byte order mark at the start of the next
    /// line is skipped.
    public mutating func restartFile() {
        atStartOfFile = true
        csvColumns = nil
    }

    /// Decodes one line: the bytes without the newline (a trailing CR is tolerated and ignored).
    ///
    /// On `.record`, `record` holds the decoded prediction or label record; on any other outcome
    /// its contents are unspecified (cleared or partly filled). The length limit (`max_line`,
    /// `line_too_long`) is the reader's to check before calling: it sees the line first.
    public mutating func decode(_ line: UnsafeRawBufferPointer, into record: inout Record) -> DecodeOutcome {
        // Everything but the features is cleared by `reset()`; the features are overwritten.
        var previousFeatures: [Feature] = []
        swap(&previousFeatures, &record.features)
        record.reset()
        swap(&previousFeatures, &record.features)
        featureCount = 0
        let outcome = decodeFields(line, into: &record)
        if record.features.count > featureCount {
            record.features.removeLast(record.features.count - featureCount)
        }
        return outcome
    }

    private mutating func decodeFields(_ line: UnsafeRawBufferPointer, into record: inout Record) -> DecodeOutcome {
        var body = line
        var columnOffset = 0
        if atStartOfFile {
            atStartOfFile = false
            if body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF {
                body = UnsafeRawBufferPointer(rebasing: body[3...])
                columnOffset = 3
            }
        }
        if let last = body.last, last == 0x0D {
            body = UnsafeRawBufferPointer(rebasing: body[..<(body.count - 1)])
        }
        if Self.isBlank(body) { return .blank }
        if let (offset, problem) = StrictUTF8.firstError(in: body) {
            let byte = LineError.hex(body[offset])
            return .malformed(
                .invalidUTF8, detail: "\(problem.text) (byte 0x\(byte)) at column \(offset + columnOffset + 1)")
        }
        do throws(LineError) {
            switch format {
            case .jsonl:
                try decodeJSON(body, columnOffset: columnOffset, into: &record)
            case .csv:
                if csvColumns == nil {
                    try readCSVHeader(body, columnOffset: columnOffset)
                    return .header
                }
                try decodeCSV(body, columnOffset: columnOffset, into: &record)
            }
        } catch {
            return .malformed(error.reason, detail: error.detail)
        }
        return classify(&record)
    }

    /// Decodes one line given as text; a convenience for tests, configuration and tools.
    public mutating func decode(_ line: String, into record: inout Record) -> DecodeOutcome {
        var line = line
        return line.withUTF8 { decode(UnsafeRawBufferPointer($0), into: &record) }
    }

    /// Sets the record's kind from what it holds (docs/log-format.md, docs/tasks.md): what the
    /// task predicts makes a prediction (which may also carry a label: reference rows,
    /// backfills), a `score` for a binary model, `scores` or a `prediction` for a multiclass one,
    /// a `prediction` for a regression; without it, a label makes a label record; neither, but
    /// an error status, makes a failed request; else the line is `missing_field`.
    private func classify(_ record: inout Record) -> DecodeOutcome {
        let predicts: Bool
        switch mapping.task {
        case .binary: predicts = record.score != nil
        case .multiclass: predicts = !record.classScores.isEmpty || record.prediction != nil
        case .regression: predicts = record.prediction != nil
        }
        if predicts {
            record.kind = .prediction
        } else if record.label != nil {
            record.kind = .label
        } else if record.status != nil && !record.isSuccess {
            record.kind = .prediction
        } else {
            let predicted: String
            switch mapping.task {
            case .binary: predicted = "\"\(mapping.score)\""
            case .multiclass:
                let scores = format == .jsonl ? "\"\(mapping.scores)\"" : "class score"
                predicted = "\(scores), no \"\(mapping.prediction)\""
            case .regression: predicted = "\"\(mapping.prediction)\""
            }
            return .malformed(
                .missingField,
                detail: "no \(predicted), no \"\(mapping.label)\" and no error \"\(mapping.status)\"")
        }
        return .record
    }

    /// Whether a `status` text means success: `ok`, `success` or `200`, in any case.
    static func isSuccessStatus(_ bytes: UnsafeRawBufferPointer) -> Bool {
        DecimalNumber.asciiLowercaseEquals(bytes, "ok") || DecimalNumber.asciiLowercaseEquals(bytes, "success")
            || DecimalNumber.asciiLowercaseEquals(bytes, "200")
    }

    @inline(__always)
    private static func isBlank(_ bytes: UnsafeRawBufferPointer) -> Bool {
        for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0D {
            return false
        }
        return true
    }

    /// Starts a new feature list: earlier names no longer count as repeats.
    @inline(__always)
    mutating func startFeatureList() {
        featureListStamp &+= 1
        if !uninternedPositions.isEmpty { uninternedPositions.removeAll(keepingCapacity: true) }
    }

    /// Puts the next feature of the line into `record`, over an entry of the previous line when
    /// there is one.
    @inline(__always)
    mutating func putFeature(_ feature: Feature, into record: inout Record) {
        if featureCount < record.features.count {
            record.features[featureCount] = feature
        } else {
            record.features.append(feature)
        }
        featureCount += 1
    }

    /// Adds a feature to `record`, or replaces the value of an earlier one of the same name in
    /// the same list (the last value wins). `interned` is the name's index in `featureNames`, or
    /// `nil` when the table is full and the name comes as text.
    @inline(__always)
    mutating func addFeature(
        interned: Int?, uninternedName: @autoclosure () -> String, value: FeatureValue, to record: inout Record
    ) {
        if let index = interned {
            if featureNames.lastStamp[index] == featureListStamp {
                let position = featureNames.positionInRecord[index]
                if position < featureCount { record.features[position].value = value }
                return
            }
            featureNames.lastStamp[index] = featureListStamp
            featureNames.positionInRecord[index] = featureCount
            if featureCount < record.features.count, record.features[featureCount].name == featureNames.names[index] {
                // The previous line had the same feature here (the usual case): the name stays,
                // and comparing it is cheap because it is the very same interned string.
                record.features[featureCount].value = value
                featureCount += 1
            } else {
                putFeature(Feature(name: featureNames.names[index], value: value), into: &record)
            }
        } else {
            let name = uninternedName()
            if let position = uninternedPositions[name], position < featureCount {
                record.features[position].value = value
            } else {
                uninternedPositions[name] = featureCount
                putFeature(Feature(name: name, value: value), into: &record)
            }
        }
    }
}
