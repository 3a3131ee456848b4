/// One field of a CSV line: where its text is, and whether `""` pairs in it stand for quotes.
struct CSVCell: Sendable {
    var start: Int
    var end: Int
    var hasEscapedQuotes: Bool

    var isEmpty: Bool { start == end }

    /// Splits `line` into `cells` (RFC 4180 quoting, one record per line). Text after a closing
    /// quote, and a quote still open at the end of the line, are `invalid_csv`; a quote in the
    /// middle of an unquoted field is kept as text, as most CSV writers and readers do.
    static func split(
        _ line: UnsafeRawBufferPointer, columnOffset: Int, into cells: inout [CSVCell]
    ) throws(LineError) {
        cells.removeAll(keepingCapacity: true)
        let count = line.count
        var index = 0
        while true {
            if index < count, line[index] == UInt8(ascii: "\"") {
                let cell = try quoted(line, at: index, columnOffset: columnOffset)
                cells.append(cell)
                index = cell.end + 1
            } else {
                let end = endOfUnquoted(line, from: index)
                cells.append(CSVCell(start: index, end: end, hasEscapedQuotes: false))
                index = end
            }
            guard index < count else { return }
            // At a comma: another field follows, possibly empty at the end of the line.
            index += 1
        }
    }

    /// The quoted field whose opening quote is at `opening`. Its `end` is the closing quote,
    /// which the end of the line or a comma follows (else `invalid_csv`).
    static func quoted(
        _ line: UnsafeRawBufferPointer, at opening: Int, columnOffset: Int
    ) throws(LineError) -> CSVCell {
        let count = line.count
        var index = opening + 1
        let start = index
        var hasEscapedQuotes = false
        while true {
            guard index < count else {
                throw LineError(.invalidCSV, "unclosed quote opened at column \(opening + columnOffset + 1)")
            }
            if line[index] == UInt8(ascii: "\"") {
                if index + 1 < count, line[index + 1] == UInt8(ascii: "\"") {
                    hasEscapedQuotes = true
                    index += 2
                    continue
                }
                break
            }
            index += 1
        }
        let end = index
        index += 1
        if index < count, line[index] != UInt8(ascii: ",") {
            throw LineError(
                .invalidCSV,
                "unexpected \(LineError.describe(byte: line[index])) after a closing quote at column \(index + columnOffset + 1)"
            )
        }
        return CSVCell(start: start, end: end, hasEscapedQuotes: hasEscapedQuotes)
    }

    /// Where the unquoted field starting at `start` ends: the next comma, or the end of the line.
    @inline(__always)
    static func endOfUnquoted(_ line: UnsafeRawBufferPointer, from start: Int) -> Int {
        let count = line.count
        var index = start
        while index < count, line[index] != UInt8(ascii: ",") { index += 1 }
        return index
    }

    /// The raw bytes of the cell (with `""` pairs still doubled).
    @inline(__always)
    func bytes(in line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: line[start..<end])
    }

    /// The text of the cell, quotes unescaped.
    func text(in line: UnsafeRawBufferPointer) -> String {
        let raw = bytes(in: line)
        guard hasEscapedQuotes else { return String(decoding: raw, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: raw.count) { output in
            var written = 0
            var index = 0
            while index < raw.count {
                output[written] = raw[index]
                written += 1
                index += raw[index] == UInt8(ascii: "\"") ? 2 : 1
            }
            return written
        }
    }
}
