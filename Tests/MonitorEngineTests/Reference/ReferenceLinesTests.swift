import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// The reference file is read in 4 MiB pieces: every line comes out whole, wherever a piece
/// ends, however long it is, with or without a last newline.
@Suite struct ReferenceLinesTests {
    static func lines(of contents: [UInt8]) throws -> [[UInt8]] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("modeltop-lines-\(UUID().uuidString)")
        try Data(contents).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var lines: [[UInt8]] = []
        let read = ReferenceSet.forEachLine(ofFile: url.path, pieceBytes: 4 << 20, from: 0, to: nil) {
            lines.append(Array($0))
            return true
        }
        #expect(read)
        return lines
    }

    @Test func linesAcrossPiecesComeOutWhole() throws {
        let piece = 4 << 20
        // One line ending a byte before the first piece's end, one across it, one longer than a
        // piece, a CRLF line (the decoder drops the CR), an empty line, and no last newline.
        let first = [UInt8](repeating: UInt8(ascii: "a"), count: piece - 2)
        let across = [UInt8](repeating: UInt8(ascii: "b"), count: 100)
        let long = [UInt8](repeating: UInt8(ascii: "c"), count: piece + piece / 2)
        let crlf = Array("x,y\r".utf8)
        let last = Array("tail".utf8)
        var contents = first + [0x0A] + across + [0x0A] + long + [0x0A] + crlf + [0x0A] + [0x0A] + last
        #expect(try Self.lines(of: contents) == [first, across, long, crlf, [], last])
        contents.append(0x0A)
        #expect(try Self.lines(of: contents) == [first, across, long, crlf, [], last])
    }

    @Test func anEmptyFileHasNoLineAndAMissingOneCannotBeRead() throws {
        #expect(try Self.lines(of: []).isEmpty)
        #expect(try Self.lines(of: [0x0A]) == [[]])
        #expect(!ReferenceSet.forEachLine(ofFile: "/nonexistent/modeltop-reference.csv", pieceBytes: 4 << 20, from: 0, to: nil) { _ in true })
    }

    @Test func aReferenceReadInPiecesAndBuiltInPartsIsTheSame() throws {
        let config = try MonitorConfig.load(
            path: PreparedRecordTests.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        let path = try #require(config.reference)
        let whole = try Parallel.$forcedParts.withValue(1) { try ReferenceSet.load(path: path, config: config) }
        let split = try ReferenceSet.$pieceBytes.withValue(97) {
            try Parallel.$forcedParts.withValue(3) { try ReferenceSet.load(path: path, config: config) }
        }
        #expect(whole.rowCount > 1_000)
        #expect(split.rowCount == whole.rowCount)
        #expect(split.features.map(\.name) == whole.features.map(\.name))
        // The calibration, built beside the slices and the PCA.
        #expect(whole.calibration != nil)
        #expect(split.calibration == whole.calibration)
        #expect(split.features.map { $0.numeric?.grid } == whole.features.map { $0.numeric?.grid })
        #expect(split.features.map { $0.categorical?.slotTable } == whole.features.map { $0.categorical?.slotTable })
        // Each segment slice's counts, built feature by feature on the cores.
        let slices = { (reference: ReferenceSet) in [reference.global] + reference.segmentReferences.flatMap { $0.compactMap { $0 } } }
        #expect(slices(whole).count > 5)
        #expect(slices(split).map(\.numeric) == slices(whole).map(\.numeric))
        #expect(slices(split).map(\.categorical) == slices(whole).map(\.categorical))
        #expect(slices(split).map(\.rows) == slices(whole).map(\.rows))
        // The scores, decisions and labels per slice, one more part of the same split.
        #expect(slices(whole).allSatisfy { $0.score != nil && $0.positiveLabelRate != nil })
        #expect(slices(split).map(\.score) == slices(whole).map(\.score))
        #expect(slices(split).map(\.scoreDisplay) == slices(whole).map(\.scoreDisplay))
        #expect(slices(split).map(\.positiveRate) == slices(whole).map(\.positiveRate))
        #expect(slices(split).map(\.positiveLabelRate) == slices(whole).map(\.positiveLabelRate))
        #expect(slices(split).map(\.performance) == slices(whole).map(\.performance))
        let wholePCA = try #require(whole.multivariate)
        let splitPCA = try #require(split.multivariate)
        #expect(splitPCA.model.packed.map(\.bitPattern) == wholePCA.model.packed.map(\.bitPattern))
        #expect(splitPCA.errors.chunkMeans(size: 1).map(\.bitPattern) == wholePCA.errors.chunkMeans(size: 1).map(\.bitPattern))
    }

    /// A file read in parts, cut at line ends, gives the sample of reading it in order: every
    /// column (numbers, codes in order of first appearance, NaN), score, decision, label and
    /// class score, and the malformed lines, for every cut the parts make.
    static func sample(of contents: [UInt8], format: LogFormat, parts: Int, piece: Int = 4 << 20)
        throws -> (sample: ReferenceSample, malformed: Int) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("modeltop-parts-\(UUID().uuidString)")
        try Data(contents).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var config = MonitorConfig()
        config.format = format
        return try ReferenceSet.$pieceBytes.withValue(piece) {
            try Parallel.$forcedParts.withValue(parts) { try ReferenceSet.sample(ofFile: url.path, config: config) }
        }
    }

    static func expectPartsReadAsOne(_ text: String, format: LogFormat, rows: Int, malformed: Int,
                                     sourceLocation: SourceLocation = #_sourceLocation) throws {
        // "<FF>" stands for a byte that is not UTF-8.
        var bytes: [UInt8] = []
        for (index, piece) in text.components(separatedBy: "<FF>").enumerated() {
            if index > 0 { bytes.append(0xFF) }
            bytes += Array(piece.utf8)
        }
        let whole = try sample(of: bytes, format: format, parts: 1)
        #expect(whole.sample.count == rows, sourceLocation: sourceLocation)
        #expect(whole.malformed == malformed, sourceLocation: sourceLocation)
        for parts in [2, 3, 5, 11] {
            for piece in [7, 4 << 20] {
                let split = try sample(of: bytes, format: format, parts: parts, piece: piece)
                let difference = split.sample.difference(from: whole.sample)
                #expect(difference == nil && split.malformed == whole.malformed,
                        "\(parts) parts, \(piece)-byte pieces: \(difference ?? "malformed \(split.malformed)")",
                        sourceLocation: sourceLocation)
            }
        }
        #expect(ReferenceSet.partStarts(ofFile: "/nonexistent/modeltop-reference.csv", parts: 3) == [0])
    }

    @Test func aCSVFileReadInPartsIsReadInOrder() throws {
        // A byte order mark and a blank line before the header; quoted cells, empty cells, NaN
        // and text where numbers are, categories first seen late, a short line (a row without
        // its score) and one of invalid UTF-8 (malformed), CRLF endings, no last newline.
        var text = "\u{FEFF}\n\"amount\",country,device,score,label\r\n"
        for row in 0 ..< 60 {
            let country = ["US", "BR", "\"D,E\"", "", "NaN"][row % 5]
            let device = row < 40 ? ["ios", "web"][row % 2] : ["tv", "car", "ios"][row % 3]
            let amount = row % 7 == 0 ? "inf" : row % 11 == 0 ? "n/a" : String(Double(row) * 1.5)
            text += "\(amount),\(country),\(device),0.\(row % 10),\(row % 3 == 0 ? 1 : 0)\r\n"
            if row == 20 { text += "1,2\r\n" }
            if row == 45 { text += "9,<FF>x,ios,0.5,1\n" }
        }
        text += "3.5,JP,ios,0.25,1"
        try Self.expectPartsReadAsOne(text, format: .csv, rows: 62, malformed: 1)
    }

    @Test func aJSONLinesFileReadInPartsIsReadInOrder() throws {
        // Features that appear only late (a column created in a later part), values that change
        // kind, class scores, blank lines, a byte order mark on a line past the first (malformed
        // there, unlike at the start), a broken line and no last newline.
        var text = "\u{FEFF}{\"features\":{\"a\":1,\"c\":\"x\"},\"score\":0.5,\"label\":1}\n\n"
        for row in 0 ..< 80 {
            var features = "\"a\":\(row),\"c\":\"\(["x", "y", "z", "w"][row % 4])\""
            if row > 50 { features += ",\"late\":\(row % 2 == 0 ? "\"s\(row % 3)\"" : String(row))" }
            if row % 9 == 0 { features += ",\"a\":null" }
            text += "{\"features\":{\(features)},\"scores\":{\"p\":0.\(row % 10)},\"prediction\":\"p\",\"label\":\"\(row % 2)\"}\n"
            if row == 30 { text += "\u{FEFF}{\"features\":{\"a\":1},\"score\":0.5}\n{broken\n\n" }
        }
        text += "{\"features\":{\"a\":2.5},\"score\":0.75}"
        try Self.expectPartsReadAsOne(text, format: .jsonl, rows: 82, malformed: 2)
    }

    @Test func featuresPastTheLimitAreLeftOutAsInOrder() throws {
        // Each half of the file names 600 features of its own: in order, the second half's
        // last 200 are past the limit of 1,000.
        func row(_ names: Range<Int>) -> String {
            "{\"features\":{" + names.map { "\"f\($0)\":\($0)" }.joined(separator: ",") + "},\"score\":0.5}\n"
        }
        let text = String(repeating: row(0 ..< 600), count: 3) + String(repeating: row(600 ..< 1_200), count: 3)
        let whole = try Self.sample(of: Array(text.utf8), format: .jsonl, parts: 1)
        #expect(whole.sample.leftOutFeatures)
        try Self.expectPartsReadAsOne(text, format: .jsonl, rows: 6, malformed: 0)
    }

    @Test func aLaterPartThatMeetsTheLimitOnItsOwnIsReadInOrder() throws {
        // Feature `a` is known from the first rows; the last two rows name 1,000 other features
        // before it. A part holding only those would keep the 1,000 and leave `a` out, which in
        // order is the 1,001st name and kept (the others past the limit are left out).
        let wide = "{\"features\":{" + (0 ..< 1_000).map { "\"f\($0)\":0" }.joined(separator: ",") + ",\"a\":2},\"score\":0.5}\n"
        let text = String(repeating: "{\"features\":{\"a\":1},\"score\":0.5}\n", count: 590) + wide + wide
        let whole = try Self.sample(of: Array(text.utf8), format: .jsonl, parts: 1)
        #expect(whole.sample.leftOutFeatures)
        try Self.expectPartsReadAsOne(text, format: .jsonl, rows: 592, malformed: 0)
    }

    @Test func aCSVHeaderPastTheFirstPartIsReadInOrder() throws {
        // Blank lines fill the first parts: no part but the last sees the header, so the file is
        // read in order.
        let text = String(repeating: "\n", count: 400) + "x,score\n" + (0 ..< 20).map { "\($0),0.5\n" }.joined()
        try Self.expectPartsReadAsOne(text, format: .csv, rows: 20, malformed: 0)
    }
}

extension ReferenceSample {
    /// What differs between two samples' rows (names, columns, scores, decisions, labels, class
    /// scores; the lookups that speed up `add` aside), `nil` when nothing does.
    func difference(from other: ReferenceSample) -> String? {
        if count != other.count { return "rows \(count) against \(other.count)" }
        if leftOutFeatures != other.leftOutFeatures { return "features left out: \(leftOutFeatures)" }
        if names != other.names { return "names \(names.count) against \(other.names.count)" }
        for index in columns.indices where columns[index] != other.columns[index] {
            return "column \(names[index]): \(columns[index]) against \(other.columns[index])"
        }
        if scores.map(\.bitPattern) != other.scores.map(\.bitPattern) { return "scores" }
        if predictions != other.predictions { return "predictions" }
        if labels != other.labels { return "labels" }
        if classScores != other.classScores { return "class scores" }
        return nil
    }
}
