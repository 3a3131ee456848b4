extension RecordDecoder {
    /// Reads a header row: each column becomes a known field, a feature or ignored.
    mutating func readCSVHeader(_ line: UnsafeRawBufferPointer, columnOffset: Int) throws(LineError) {
        try CSVCell.split(line, columnOffset: columnOffset, into: &csvCells)
        var names: [String?] = []
        var columns: [CSVColumn] = []
        columns.reserveCapacity(csvCells.count)
        var featureColumnByName: [String: Int] = [:]
        for cell in csvCells {
            let name = cell.text(in: line)
            if let field = KnownField.fields(of: .csv, mapping: mapping).first(where: { $0.name(in: mapping) == name }) {
                columns.append(.known(field))
                names.append(nil)
            } else if let index = mapping.classScores.firstIndex(where: { $0.column == name }) {
                columns.append(.classScore(index))
                names.append(nil)
            } else if featureNames.isSelected(name: name) {
                // A repeated column name keeps the last column, like a repeated JSON key.
                if let earlier = featureColumnByName[name] {
                    columns[earlier] = .ignored
                    names[earlier] = nil
                }
                featureColumnByName[name] = columns.count
                columns.append(.feature(0))
                names.append(name)
            } else {
                columns.append(.ignored)
                names.append(nil)
            }
        }
        // Number the kept feature columns in order: a row's features come out in that order.
        var kept: [String] = []
        for (column, name) in names.enumerated() {
            guard let name else { continue }
            columns[column] = .feature(kept.count)
            kept.append(name)
        }
        csvFeatureNames = kept
        csvColumns = columns
    }

    /// Decodes a data row through the header, in one pass over its bytes: each cell is found
    /// and, when plain, read as a number as it is found; only quoted cells and cells that are
    /// not plain numbers go through `CSVCell` and the lenient reader.
    mutating func decodeCSV(
        _ line: UnsafeRawBufferPointer, columnOffset: Int, into record: inout Record
    ) throws(LineError) {
        guard let columns = csvColumns else { return }
        // The features are written through a buffer (no uniqueness check per cell), and apart
        // from the record so that known fields can be stored meanwhile.
        var features: [Feature] = []
        swap(&features, &record.features)
        let names = csvFeatureNames
        if features.count < names.count {
            // Slots for this row's features; `decode` drops those the row does not fill.
            features.reserveCapacity(names.count)
            for index in features.count..<names.count {
                features.append(Feature(name: names[index], value: .null))
            }
        }
        var problem: LineError? = nil
        var wrongType: LineError? = nil
        // Read once per row rather than through the lazily initialised global on every cell.
        let nameOffset = Self.nameOffset
        names.withUnsafeBufferPointer { names in features.withUnsafeMutableBufferPointer { slots in
            let count = line.count
            var index = 0
            var column = 0
            while true {
                guard column < columns.count else {
                    problem = tooManyFields(line, columnOffset: columnOffset, header: columns.count)
                    return
                }
                if index < count, line[index] == UInt8(ascii: "\"") {
                    let cell: CSVCell
                    do throws(LineError) {
                        cell = try CSVCell.quoted(line, at: index, columnOffset: columnOffset)
                    } catch {
                        problem = error
                        return
                    }
                    index = cell.end + 1
                    switch columns[column] {
                    case .ignored:
                        break
                    case .feature(let slot):
                        Self.put(
                            cellValue(cell, in: line), name: names.baseAddress! + slot, into: slots, at: slot,
                            nameOffset: nameOffset)
                        featureCount = slot + 1
                    case .known(let field):
                        if cell.isEmpty { break }
                        if let error = store(cell, as: field, in: line, into: &record), wrongType == nil {
                            wrongType = error
                        }
                    case .classScore(let index):
                        if let error = storeClassScore(cell, index, in: line, into: &record), wrongType == nil {
                            wrongType = error
                        }
                    }
                } else {
                    switch columns[column] {
                    case .ignored:
                        index = CSVCell.endOfUnquoted(line, from: index)
                    case .feature(let slot):
                        if let (number, end) = DecimalNumber.scanPlainCell(line, from: index) {
                            Self.put(
                                .number(number), name: names.baseAddress! + slot, into: slots, at: slot,
                                nameOffset: nameOffset)
                            index = end
                        } else {
                            let end = CSVCell.endOfUnquoted(line, from: index)
                            let cell = CSVCell(start: index, end: end, hasEscapedQuotes: false)
                            Self.put(
                                cellValue(cell, in: line), name: names.baseAddress! + slot, into: slots,
                                at: slot, nameOffset: nameOffset)
                            index = end
                        }
                        featureCount = slot + 1
                    case .classScore(let classIndex):
                        let end = CSVCell.endOfUnquoted(line, from: index)
                        let cell = CSVCell(start: index, end: end, hasEscapedQuotes: false)
                        index = end
                        if let error = storeClassScore(cell, classIndex, in: line, into: &record), wrongType == nil {
                            wrongType = error
                        }
                    case .known(let field):
                        if field == .score || field == .value || field == .latency,
                            let (number, end) = DecimalNumber.scanPlainCell(line, from: index)
                        {
                            switch field {
                            case .score: record.score = number
                            case .value: record.value = number
                            default: record.latencyMilliseconds = number
                            }
                            index = end
                        } else {
                            let end = CSVCell.endOfUnquoted(line, from: index)
                            let cell = CSVCell(start: index, end: end, hasEscapedQuotes: false)
                            index = end
                            if cell.isEmpty { break }
                            if let error = store(cell, as: field, in: line, into: &record), wrongType == nil {
                                wrongType = error
                            }
                        }
                    }
                }
                guard index < count else { return }
                // At a comma: another field follows, possibly empty at the end of the line.
                index += 1
                column += 1
            }
        } }
        swap(&features, &record.features)
        if let problem { throw problem }
        if let wrongType { throw wrongType }
    }

    /// Writes a feature into its slot; the name is written only when the slot held another one,
    /// which in a stream of rows of one header happens only for the first row.
    @inline(__always)
    private static func put(
        _ value: FeatureValue, name: UnsafePointer<String>, into slots: UnsafeMutableBufferPointer<Feature>,
        at slot: Int, nameOffset: Int
    ) {
        let feature = slots.baseAddress! + slot
        if !isSameString(UnsafeRawPointer(feature) + nameOffset, UnsafeRawPointer(name)) {
            feature.pointee.name = name.pointee
        }
        feature.pointee.value = value
    }

    private static let nameOffset = MemoryLayout<Feature>.offset(of: \.name)!

    /// Whether two initialised `String`s are the very same value (the same 16 bytes: the same
    /// storage object, or the same small string). Comparing the bytes, rather than with `==`,
    /// neither retains nor releases the names: one retain and release per cell was a fifth of
    /// the decoding time of a wide row of long feature names. Two equal strings with different
    /// storage compare unequal here, which only costs a name write.
    @inline(__always)
    private static func isSameString(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer) -> Bool {
        guard MemoryLayout<String>.size == 16 else {
            return first.assumingMemoryBound(to: String.self).pointee
                == second.assumingMemoryBound(to: String.self).pointee
        }
        return first.loadUnaligned(as: UInt64.self) == second.loadUnaligned(as: UInt64.self)
            && first.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                == second.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    }

    /// The error for a row with more fields than the header: a quoting error anywhere in the row
    /// comes first, as it is found before the fields are counted.
    private mutating func tooManyFields(
        _ line: UnsafeRawBufferPointer, columnOffset: Int, header: Int
    ) -> LineError {
        do throws(LineError) {
            try CSVCell.split(line, columnOffset: columnOffset, into: &csvCells)
        } catch {
            return error
        }
        return LineError(.invalidCSV, "\(csvCells.count) fields, but the header has \(header)")
    }

    /// A CSV cell as a value: empty is `.null`, a number is `.number`, `nan`/`inf` and overflow
    /// are `.invalidNumber`, `true`/`false` in any case are `.bool`, anything else is `.string`.
    mutating func cellValue(_ cell: CSVCell, in line: UnsafeRawBufferPointer) -> FeatureValue {
        if cell.isEmpty { return .null }
        let raw = cell.bytes(in: line)
        // Category values mostly start with a letter; unless it is the first of `nan`, `inf`,
        // `infinity`, `true` or `false` (any case) the cell can only be text.
        let first = raw[0] | 0x20
        if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") && first != UInt8(ascii: "n")
            && first != UInt8(ascii: "i") && first != UInt8(ascii: "t") && first != UInt8(ascii: "f")
        {
            return .string(repeatedText(cell, in: line))
        }
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
            let value = cellValue(cell, in: line)
            if mapping.task == .regression, case .string = value { return wrong("a number") }
            record.prediction = value
        case .label:
            record.label = cellValue(cell, in: line)
        case .features, .scores:
            break
        }
        return nil
    }

    /// Stores the cell of one class's probability: empty is absent, anything but a finite
    /// number is `wrong_type`.
    private mutating func storeClassScore(
        _ cell: CSVCell, _ index: Int, in line: UnsafeRawBufferPointer, into record: inout Record
    ) -> LineError? {
        if cell.isEmpty { return nil }
        let raw = cell.bytes(in: line)
        let column = mapping.classScores[index]
        guard case .number(let number) = DecimalNumber.parseLenient(raw) else {
            return LineError(.wrongType, "\"\(column.column)\" \(LineError.quote(raw)) is not a number")
        }
        record.classScores.append(ClassScore(name: column.name, value: number))
        return nil
    }
}
