import MonitorEngine

/// The record decoders. The input is split into lines at `\n` and decoded in order by one
/// decoder, as a source would feed them (the trailing CR of a CRLF line, a byte order mark at
/// the start, NUL bytes and invalid UTF-8 all reach it as they are). Each line must come out as
/// exactly one of a record, a blank line, a (first) CSV header or a malformed line with a
/// reason and a detail; a record must hold only finite numbers, unique feature names and a
/// kind that fits its fields.
///
/// The decoder keeps state from line to line to go fast (interned names, the previous line's
/// key order, recent texts, the record's storage reused in place). That state must never show:
/// every line must decode to the same outcome and the same record as it does with a decoder
/// that has seen only what it must have (nothing for JSON; the header row for CSV).
enum RecordTargets {
    /// Lines per input compared with a decoder of their own: a fresh decoder costs far more
    /// than a line, and an input of a million short lines must not take minutes.
    static let comparedLines = 256

    /// The JSON lines decoded for a multiclass and a regression model too: the same lines,
    /// other fields known (`scores`), other kinds of prediction record.
    static func taskJSON(_ lines: [UnsafeRawBufferPointer]) {
        for task in [ModelTask.multiclass, .regression] {
            var mapping = FieldMapping()
            mapping.task = task
            var decoder = RecordDecoder(format: .jsonl, mapping: mapping)
            var record = Record()
            for (index, line) in lines.enumerated() {
                let outcome = decoder.decode(line, into: &record)
                check(outcome, record, line: index, task: task)
                guard outcome != .blank, index < comparedLines else { continue }
                var fresh = RecordDecoder(format: .jsonl, mapping: mapping)
                var freshRecord = Record()
                if index > 0 { _ = fresh.decode(UnsafeRawBufferPointer(start: nil, count: 0), into: &freshRecord) }
                requireSame(outcome, record, fresh.decode(line, into: &freshRecord), freshRecord, line: index)
            }
        }
    }

    static func json(_ input: UnsafeRawBufferPointer) {
        let lines = splitLines(input)
        defer { taskJSON(lines) }
        var decoder = RecordDecoder(format: .jsonl)
        var record = Record()
        var compared = 0
        for (index, line) in lines.enumerated() {
            let outcome = decoder.decode(line, into: &record)
            require(outcome != .header, "a JSON line decoded as a CSV header")
            check(outcome, record, line: index)
            guard outcome != .blank, compared < comparedLines else { continue }
            compared += 1

            // The same line through a decoder that has seen nothing (past the start of the file).
            var fresh = RecordDecoder(format: .jsonl)
            var freshRecord = Record()
            if index > 0 { _ = fresh.decode(UnsafeRawBufferPointer(start: nil, count: 0), into: &freshRecord) }
            let freshOutcome = fresh.decode(line, into: &freshRecord)
            requireSame(outcome, record, freshOutcome, freshRecord, line: index)

            // A byte order mark at the start of a file changes nothing but the columns.
            if index == 0 && !startsWithBOM(line) {
                var marked = RecordDecoder(format: .jsonl)
                var markedRecord = Record()
                let markedOutcome = withBOM(line) { marked.decode($0, into: &markedRecord) }
                requireSameIgnoringDetail(outcome, record, markedOutcome, markedRecord, line: index)
            }
        }
    }

    /// The mapping of the flat CSV test files: `id`, `timestamp`, `y_pred_proba` (the score),
    /// `y_pred`, `repaid` (the label), `latency`; every other column is a feature.
    static let csvMapping: FieldMapping = {
        var mapping = FieldMapping()
        mapping.timestamp = "timestamp"
        mapping.score = "y_pred_proba"
        mapping.prediction = "y_pred"
        mapping.label = "repaid"
        mapping.latencyMilliseconds = "latency"
        return mapping
    }()

    static func csv(_ input: UnsafeRawBufferPointer) {
        let lines = splitLines(input)
        var decoder = RecordDecoder(format: .csv, mapping: csvMapping)
        var record = Record()
        var headerLine: Int? = nil
        var featureColumns: Set<String> = []
        var compared = 0
        for (index, line) in lines.enumerated() {
            let outcome = decoder.decode(line, into: &record)
            if outcome == .header {
                require(headerLine == nil, "line \(index): a second header after the one at line \(headerLine!)")
                headerLine = index
                featureColumns = csvFeatureColumns(line, first: index == 0)
                continue
            }
            check(outcome, record, line: index)
            guard let header = headerLine else {
                require(outcome == .blank || isMalformed(outcome), "line \(index): \(outcome) before any header")
                continue
            }
            if outcome == .record {
                for feature in record.features {
                    require(featureColumns.contains(feature.name),
                            "line \(index): feature \(feature.name.debugDescription) is not a column of the header")
                }
            }

            guard outcome != .blank, compared < comparedLines else { continue }
            compared += 1

            // The same row through a decoder that has read only the header.
            var fresh = RecordDecoder(format: .csv, mapping: csvMapping)
            var freshRecord = Record()
            if header > 0 { _ = fresh.decode(UnsafeRawBufferPointer(start: nil, count: 0), into: &freshRecord) }
            let freshHeader = fresh.decode(lines[header], into: &freshRecord)
            require(freshHeader == .header, "line \(header): a header for one decoder, \(freshHeader) for another")
            let freshOutcome = fresh.decode(line, into: &freshRecord)
            requireSame(outcome, record, freshOutcome, freshRecord, line: index)
        }
    }

    /// The feature columns a header names, split here by a plain RFC 4180 reader of its own.
    static func csvFeatureColumns(_ line: UnsafeRawBufferPointer, first: Bool) -> Set<String> {
        var bytes = Array(line)
        if first, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.last == 0x0D { bytes.removeLast() }
        var names: [String] = []
        var cell: [UInt8] = []
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    cell.append(byte)
                }
            } else if byte == UInt8(ascii: ",") {
                names.append(String(decoding: cell, as: UTF8.self))
                cell = []
            } else if byte == UInt8(ascii: "\""), cell.isEmpty {
                quoted = true
            } else {
                cell.append(byte)
            }
            index += 1
        }
        names.append(String(decoding: cell, as: UTF8.self))
        let mapped: Set<String> = [
            csvMapping.id, csvMapping.timestamp, csvMapping.model, csvMapping.version, csvMapping.score,
            csvMapping.prediction, csvMapping.label, csvMapping.value, csvMapping.latencyMilliseconds, csvMapping.status,
        ]
        return Set(names.filter { !mapped.contains($0) })
    }

    // MARK: Shared checks

    /// The lines of `input` as the reader hands them to a decoder: split at `\n`, the newline
    /// left out; a last line without newline counts when it is not empty.
    static func splitLines(_ input: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var lines: [UnsafeRawBufferPointer] = []
        var start = 0
        for index in 0..<input.count where input[index] == 0x0A {
            lines.append(UnsafeRawBufferPointer(rebasing: input[start..<index]))
            start = index + 1
        }
        if start < input.count { lines.append(UnsafeRawBufferPointer(rebasing: input[start...])) }
        return lines
    }

    static func isMalformed(_ outcome: DecodeOutcome) -> Bool {
        if case .malformed = outcome { return true }
        return false
    }

    static func startsWithBOM(_ line: UnsafeRawBufferPointer) -> Bool {
        line.count >= 3 && line[0] == 0xEF && line[1] == 0xBB && line[2] == 0xBF
    }

    static func withBOM<Result>(_ line: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        let marked: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(line)
        return marked.withUnsafeBytes(body)
    }

    /// What every outcome must satisfy on its own.
    static func check(_ outcome: DecodeOutcome, _ record: Record, line: Int, task: ModelTask = .binary) {
        switch outcome {
        case .malformed(let reason, let detail):
            require(!detail.isEmpty, "line \(line): malformed (\(reason)) without a detail")
            require(reason != .lineTooLong, "line \(line): the decoder reported line_too_long, which is the reader's")
        case .record:
            checkRecord(record, line: line, task: task)
        case .blank, .header:
            break
        }
    }

    static func checkRecord(_ record: Record, line: Int, task: ModelTask = .binary) {
        for (name, number) in [("ts", record.timestampSeconds), ("score", record.score), ("value", record.value),
                               ("latency", record.latencyMilliseconds)] {
            if let number { require(number.isFinite, "line \(line): \(name) is \(number)") }
        }
        for value in [record.prediction, record.label] {
            if case .number(let number) = value { require(number.isFinite, "line \(line): a non-finite number \(number)") }
        }
        var names: Set<String> = []
        for feature in record.features {
            require(names.insert(feature.name).inserted, "line \(line): feature \(feature.name.debugDescription) twice")
            if case .number(let number) = feature.value {
                require(number.isFinite, "line \(line): feature \(feature.name.debugDescription) is \(number)")
            }
        }
        var classes: Set<String> = []
        for score in record.classScores {
            require(task == .multiclass, "line \(line): class scores for a \(task.rawValue) model")
            require(score.value.isFinite, "line \(line): class score \(score.name.debugDescription) is \(score.value)")
            require(classes.insert(score.name).inserted, "line \(line): class \(score.name.debugDescription) twice")
        }
        let predicts: Bool = switch task {
        case .binary: record.score != nil
        case .multiclass: !record.classScores.isEmpty || record.prediction != nil
        case .regression: record.prediction != nil
        }
        switch record.kind {
        case .prediction:
            require(predicts || (record.label == nil && record.status != nil && !record.isSuccess),
                    "line \(line): a prediction with neither what a \(task.rawValue) model predicts nor an error status")
            if task == .regression, let prediction = record.prediction {
                if case .string = prediction { require(false, "line \(line): a regression prediction that is text") }
            }
        case .label:
            require(!predicts && record.label != nil, "line \(line): a label record without a label, or with a prediction")
        }
        if record.status == nil { require(record.isSuccess, "line \(line): a failure without a status") }
    }

    static func requireSame(
        _ outcome: DecodeOutcome, _ record: Record, _ other: DecodeOutcome, _ otherRecord: Record, line: Int
    ) {
        require(outcome == other, "line \(line): \(outcome) after the lines before it, \(other) on its own")
        if outcome == .record {
            require(sameRecord(record, otherRecord),
                    "line \(line): decoded as \(record) after the lines before it, \(otherRecord) on its own")
        }
    }

    static func requireSameIgnoringDetail(
        _ outcome: DecodeOutcome, _ record: Record, _ other: DecodeOutcome, _ otherRecord: Record, line: Int
    ) {
        switch (outcome, other) {
        case (.malformed(let reason, _), .malformed(let otherReason, _)):
            require(reason == otherReason, "line \(line): \(reason) without a byte order mark, \(otherReason) with one")
        default:
            requireSame(outcome, record, other, otherRecord, line: line)
        }
    }

    static func sameRecord(_ a: Record, _ b: Record) -> Bool {
        a.kind == b.kind && a.timestampSeconds == b.timestampSeconds && a.id == b.id && a.model == b.model
            && a.version == b.version && a.features == b.features && a.score == b.score && a.prediction == b.prediction
            && a.classScores == b.classScores
            && a.latencyMilliseconds == b.latencyMilliseconds && a.status == b.status && a.isSuccess == b.isSuccess
            && a.label == b.label && a.value == b.value
    }
}
