import Testing

@testable import MonitorEngine

/// UTF-8 is checked strictly on the whole line before parsing.
struct UTF8Tests {
    static func line(id bytes: [UInt8]) -> [UInt8] {
        Array(#"{"score":0.5,"id":""#.utf8) + bytes + Array(#""}"#.utf8)
    }

    @Test(arguments: [
        ([0xC0, 0xAF], "overlong encoding (byte 0xC0) at column 20"),
        ([0xC1, 0xBF], "overlong encoding (byte 0xC1) at column 20"),
        ([0xE0, 0x80, 0xAF], "overlong encoding (byte 0xE0) at column 20"),
        ([0xF0, 0x80, 0x80, 0xAF], "overlong encoding (byte 0xF0) at column 20"),
        ([0xED, 0xA0, 0x80], "encoded surrogate (byte 0xED) at column 20"),
        ([0xED, 0xBF, 0xBF], "encoded surrogate (byte 0xED) at column 20"),
        ([0xF4, 0x90, 0x80, 0x80], "code point above U+10FFFF (byte 0xF4) at column 20"),
        ([0xF5, 0x80, 0x80, 0x80], "code point above U+10FFFF (byte 0xF5) at column 20"),
        ([0xFF], "invalid byte (byte 0xFF) at column 20"),
        ([0x80], "unexpected continuation byte (byte 0x80) at column 20"),
        ([0xC3], "truncated sequence (byte 0xC3) at column 20"),
        ([0xE2, 0x82], "truncated sequence (byte 0xE2) at column 20"),
        ([0xF0, 0x9F, 0x98], "truncated sequence (byte 0xF0) at column 20"),
        ([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0xE2], "truncated sequence (byte 0xE2) at column 29"),
    ])
    func invalidSequences(bytes: [UInt8], expectedDetail: String) {
        #expect(decodeBytes(Self.line(id: bytes)) == .malformed(.invalidUTF8, detail: expectedDetail))
    }

    @Test func cutSequenceAtTheEndOfTheLine() {
        let bytes = Array(#"{"score":0.5}"#.utf8) + [0xE2, 0x82]
        #expect(decodeBytes(bytes) == .malformed(.invalidUTF8, detail: "truncated sequence (byte 0xE2) at column 14"))
    }

    @Test(arguments: [
        [0xC2, 0x80],  // U+0080, smallest two-byte
        [0xDF, 0xBF],  // U+07FF
        [0xE0, 0xA0, 0x80],  // U+0800, smallest three-byte
        [0xED, 0x9F, 0xBF],  // U+D7FF, just below the surrogates
        [0xEE, 0x80, 0x80],  // U+E000, just above them
        [0xEF, 0xBF, 0xBF],  // U+FFFF
        [0xF0, 0x90, 0x80, 0x80],  // U+10000, smallest four-byte
        [0xF4, 0x8F, 0xBF, 0xBF],  // U+10FFFF, the last code point
    ] as [[UInt8]])
    func boundaryCodePointsAreValid(bytes: [UInt8]) {
        var decoder = RecordDecoder(format: .jsonl)
        var record = Record()
        let outcome = Self.line(id: bytes).withUnsafeBytes { decoder.decode($0, into: &record) }
        #expect(outcome == .record)
        #expect(record.id.map { Array($0.utf8) } == bytes)
    }

    @Test func validatorAgreesWithTheStandardLibraryOnEveryShortSequence() {
        // Every sequence of one or two bytes, and every three-byte sequence led by E0, ED or F4:
        // the standard library's validating initialiser is the oracle.
        var checked = 0
        func check(_ bytes: [UInt8]) {
            let ours = bytes.withUnsafeBytes { StrictUTF8.firstError(in: $0) } == nil
            let theirs = String(validating: bytes, as: UTF8.self) != nil
            #expect(ours == theirs, "\(bytes)")
            checked += 1
        }
        for first in 0...255 {
            check([UInt8(first)])
            for second in 0...255 { check([UInt8(first), UInt8(second)]) }
        }
        for lead in [0xE0, 0xED, 0xF0, 0xF4] as [UInt8] {
            for second in 0...255 {
                for third in stride(from: 0, through: 255, by: 15) {
                    check([lead, UInt8(second), UInt8(third)])
                    check([lead, UInt8(second), UInt8(third), 0x80])
                }
            }
        }
        #expect(checked == 256 + 65536 + 4 * 256 * 18 * 2)
    }
}
