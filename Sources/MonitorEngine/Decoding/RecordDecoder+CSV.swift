extension RecordDecoder {
    /// Reads a header row: each column becomes a known field, a feature or ignored.
    mutating func readCSVHeader(_ line: UnsafeRawBufferPointer, columnOffset: Int) throws(LineError) {
        try CSVCell.split(line, columnOffset: columnOffset, into: &csvCells)
        var columns: [CSVColumn] = []
        columns.reserveCapacity(csvCells.count)
        var featureColumnByName: [String: Int] = [:]
        for cell in csvCells {
            let name = cell.text(in: line)
            if let field = KnownField.allCases.first(where: { $0 != .features && $0.name(in: mapping) == name }) {
                columns.append(.known(field))
            } else if featureNames.isSelected(name: name) {
                // A repeated column name keeps the last column, like a repeated JSON key.
                if let earlier = featureColumnByName[name] { columns[earlier] = .ignored }
                featureColumnByName[name] = columns.count
                columns.append(.feature(name))
            } else {
                columns.append(.ignored)
            }
        }
        csvColumns = columns
    }

    /// Decodes a data row through the header.
    mutating func decodeCSV(
        _ line: UnsafeRawBufferPointer, columnOffset: Int, into record: inout Record
    ) throws(LineError) {
        guard let columns = csvColumns else { return }
        try CSVCell.split(line, columnOffset: columnOffset, into: &csvCells)
        guard csvCells.count <= columns.count else {
            throw LineError(.invalidCSV, "\(csvCells.count) fields, but the header has \(columns.count)")
        }
        var wrongType: LineError? = nil
        for index in 0..<csvCells.count {
            let cell = csvCells[index]
            switch columns[index] {
            case .ignored:
                continue
            case .feature(let name):
                putFeature(Feature(name: name, value: cellValue(cell, in: line)), into: &record)
            case .known(let field):
                if cell.isEmpty { continue }
                if let problem = store(cell, as: field, in: line, into: &record), wrongType == nil {
                    wrongType = problem
                }
            }
        }
        if let wrongType { throw wrongType }
    }

    /// A CSV cell as a value: empty is `.null`, a number is `.number`, `nan`/`inf` and overflow
    /// are `.invalidNumber`, `true`/`false` in any case are `.bool`, anything else is `.string`.
    mutating func cellValue(_ cell: CSVCell, in line: UnsafeRawBufferPointer) -> FeatureValue {
        if cell.isEmpty { return .null }
        let raw = cell.bytes(in: line)
        switch DecimalNumber.parseLenient(raw) {
        case .number(let number): return .number(number)
        case .nonFinite: return .invalidNumber
        case .notANumber: break
        }
        if DecimalNumber.asciiLowercaseEquals(raw, "true") { return .bool(true) }
        if DecimalNumber.asciiLowercaseEquals(raw, "false") { return .bool(false) }
        return .string(repeatedText(cell, in: line))
    }

    /// The text of a cell likely to repeat from line to line (not an id), through `recentTexts`.
    @inline(__always)
    mutating func repeatedText(_ cell: CSVCell, in line: UnsafeRawBufferPointer) -> String {
        if cell.hasEscapedQuotes { return cell.text(in: line) }
        return recentTexts.text(line, from: cell.start, to: cell.end)
    }

    /// Stores a non-empty cell of a known field; returns the `wrong_type` error when it does not
    /// parse as the field's type.
    private mutating func store(
        _ cell: CSVCell, as field: KnownField, in line: UnsafeRawBufferPointer, into record: inout Record
    ) -> LineError? {
        let raw = cell.bytes(in: line)
        func wrong(_ expected: String) -> LineError {
            LineError(.wrongType, "\"\(field.name(in: mapping))\" \(LineError.quote(raw)) is not \(expected)")
        }
        switch field {
        case .id: record.id = cell.text(in: line)
        case .model: record.model = repeatedText(cell, in: line)
        case .version: record.version = repeatedText(cell, in: line)
        case .status:
            record.status = repeatedText(cell, in: line)
            record.isSuccess = Self.isSuccessStatus(raw)
        case .timestamp:
            guard let seconds = Timestamp.parse(raw) else { return wrong("a timestamp") }
            record.timestampSeconds = seconds
        case .score, .value, .latency:
            guard case .number(let number) = DecimalNumber.parseLenient(raw) else { return wrong("a number") }
            switch field {
            case .score: record.score = number
            case .value: record.value = number
            default: record.latencyMilliseconds = number
            }
        case .prediction:
            record.prediction = cellValue(cell, in: line)
        case .label:
            record.label = cellValue(cell, in: line)
        case .features:
            break
        }
        return nil
    }
}
