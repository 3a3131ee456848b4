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
        let read = ReferenceSet.forEachLine(ofFile: url.path) { lines.append(Array($0)) }
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
        #expect(!ReferenceSet.forEachLine(ofFile: "/nonexistent/modeltop-reference.csv") { _ in })
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
        #expect(split.features.map { $0.numeric?.grid } == whole.features.map { $0.numeric?.grid })
        #expect(split.features.map { $0.categorical?.slotTable } == whole.features.map { $0.categorical?.slotTable })
        let wholePCA = try #require(whole.multivariate)
        let splitPCA = try #require(split.multivariate)
        #expect(splitPCA.model.packed.map(\.bitPattern) == wholePCA.model.packed.map(\.bitPattern))
        #expect(splitPCA.errors.chunkMeans(size: 1).map(\.bitPattern) == wholePCA.errors.chunkMeans(size: 1).map(\.bitPattern))
    }
}
