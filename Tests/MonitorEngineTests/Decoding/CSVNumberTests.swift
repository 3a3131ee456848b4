import DriftStats
import Testing

@testable import MonitorEngine

/// Numeric CSV cells, read in the same pass that splits the row: the values must be bit for bit
/// those of Python's `float()` on the same text (expected bit patterns from
/// `struct.unpack('<Q', struct.pack('<d', float(text)))`), whichever path reads them.
struct CSVNumberTests {
    static let cases: [(String, UInt64)] = [
        ("9007199254740992", 0x4340_0000_0000_0000),
        ("9007199254740993", 0x4340_0000_0000_0000),
        ("9007199254740994", 0x4340_0000_0000_0001),
        ("-9007199254740993", 0xC340_0000_0000_0000),
        ("1e22", 0x4480_F0CF_064D_D592),
        ("1e23", 0x44B5_2D02_C7E1_4AF6),
        ("123456789e15", 0x44BA_249B_1F05_65F9),
        ("9007199254740993e-5", 0x4234_F8B5_88E3_68F1),
        ("4.35e-22", 0x3B80_6F0F_D58C_B533),
        ("1e-22", 0x3B5E_3920_1017_5EE6),
        ("3e-23", 0x3B42_2246_700E_05BD),
        ("0.1", 0x3FB9_9999_9999_999A),
        ("-0.0", 0x8000_0000_0000_0000),
        ("-0", 0x8000_0000_0000_0000),
        ("+0.000", 0x0000_0000_0000_0000),
        ("12345678901234567", 0x4345_EE2A_2EB5_A5C4),
        ("1.2345678901234567e-5", 0x3EE9_E409_3026_78BA),
        ("1234567890123456789", 0x43B1_2210_F47D_E981),
        ("12345678901234567890", 0x43E5_6A95_319D_63E1),
        ("18446744073709551615", 0x43F0_0000_0000_0000),
        ("18446744073709551616", 0x43F0_0000_0000_0000),
        ("0.12345678901234567890123", 0x3FBF_9ADD_3746_F65F),
        ("99999999999999999999e-20", 0x3FF0_0000_0000_0000),
        ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),
        ("4.9e-324", 0x0000_0000_0000_0001),
        ("2.2250738585072014e-308", 0x0010_0000_0000_0000),
        ("1.", 0x3FF0_0000_0000_0000),
        (".5", 0x3FE0_0000_0000_0000),
        ("+.5e+1", 0x4014_0000_0000_0000),
        ("00000000000000000000001.5", 0x3FF8_0000_0000_0000),
        ("0.00000000000000000000000000000000000001", 0x380B_38FB_9DAA_78E4),
    ]

    @Test(arguments: cases)
    func featureCellsAreExact(text: String, bits: UInt64) throws {
        // First, middle and last column, bare, quoted and with surrounding spaces: every way a
        // cell reaches the reader.
        for cell in [text, "\"" + text + "\"", " " + text + "\t"] {
            let results = decodeLines(["x,score,y", "\(cell),0.5,\(cell)"], format: .csv)
            #expect(results[1].outcome == .record)
            let values = results[1].record.features.map(\.value)
            #expect(values.count == 2)
            for value in values {
                guard case .number(let number) = value else {
                    Issue.record("\(cell) read as \(value)")
                    continue
                }
                #expect(number.bitPattern == bits, "\(cell) read as \(number)")
            }
        }
    }

    @Test(arguments: cases)
    func scoreCellsAreExact(text: String, bits: UInt64) throws {
        let results = decodeLines(["score,x", "\(text),1", "1,\(text)"], format: .csv)
        let score = try #require(results[1].record.score)
        #expect(score.bitPattern == bits, "\(text) read as \(score)")
    }

    @Test(arguments: [
        ("1e999", FeatureValue.invalidNumber), ("-1e999", .invalidNumber), ("1e", .string("1e")),
        ("1e+", .string("1e+")), ("-", .string("-")), (".", .string(".")), ("+", .string("+")),
        ("1.2.3", .string("1.2.3")), ("12abc", .string("12abc")), ("1 2", .string("1 2")),
        ("0x10", .string("0x10")), ("1_000", .string("1_000")), ("--1", .string("--1")),
        ("1,5", .number(1)), ("5'11\"", .string("5'11\"")), ("1\"", .string("1\"")),
    ])
    func cellsThatAreNotPlainNumbers(cell: String, value: FeatureValue) {
        let results = decodeLines(["x,score", "\(cell),0.5"], format: .csv)
        if cell == "1,5" {
            // The comma ends the cell: one field too many for the header.
            #expect(results[1].outcome == .malformed(.invalidCSV, detail: "3 fields, but the header has 2"))
            return
        }
        #expect(results[1].outcome == .record)
        #expect(results[1].record.features == [Feature(name: "x", value: value)])
    }

    @Test(arguments: [
        ("ios", FeatureValue.string("ios")), ("NaN ", .invalidNumber), ("inf\t", .invalidNumber),
        ("iNfInItY", .invalidNumber), ("tRUE", .bool(true)), ("False", .bool(false)), ("x1", .string("x1")),
        ("Zz", .string("Zz")), ("_a", .string("_a")), ("true ", .string("true ")), ("nan1", .string("nan1")),
        ("@", .string("@")), ("`", .string("`")), ("{", .string("{")), ("[", .string("[")),
    ])
    func cellsStartingWithALetterOrSymbol(cell: String, value: FeatureValue) {
        let results = decodeLines(["x,score", "\(cell),0.5"], format: .csv)
        #expect(results[1].outcome == .record)
        #expect(results[1].record.features == [Feature(name: "x", value: value)])
    }

    /// The one-pass reader against the lenient reader on many generated cells: the same bits
    /// for every number the plain grammar accepts, and `nil` for a finite number only when it
    /// has more than 19 digits (those are left to the lenient reader).
    @Test func plainScanAgreesWithTheLenientReader() {
        var generator = SplitMix64(seed: 7)
        var scannedCount = 0
        var longCount = 0
        let pieces = ["", "0", "1", "9", "00", "12", "000000", "123456789", "9007199254740993",
                      "18446744073709551616", "4503599627370497"]
        let exponents = ["", "e0", "e22", "e-22", "E+23", "e-23", "e37", "e-330", "e308", "e309", "e"]
        for _ in 0..<20_000 {
            var text = ""
            switch generator.next() % 4 {
            case 0: text += "-"
            case 1: text += "+"
            default: break
            }
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
            if generator.next() % 2 == 0 {
                text += "." + pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            text += exponents[Int(generator.next() % UInt64(exponents.count))]
            var line = text + ",1"
            line.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                let scanned = DecimalNumber.scanPlainCell(raw, from: 0)
                let lenient = DecimalNumber.parseLenient(UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 2)]))
                if let scanned {
                    #expect(scanned.end == raw.count - 2, "\(text)")
                    guard case .number(let number) = lenient else {
                        Issue.record("\(text): scanned \(scanned.value), lenient \(lenient)")
                        return
                    }
                    #expect(scanned.value.bitPattern == number.bitPattern, "\(text)")
                    scannedCount += 1
                } else if case .number(let number) = lenient {
                    let mantissaDigits = text.prefix { $0 != "e" && $0 != "E" }.filter(\.isNumber).count
                    #expect(mantissaDigits > 19, "\(text): lenient \(number), not scanned")
                    longCount += 1
                }
            }
        }
        // Both paths were exercised, not just one.
        #expect(scannedCount > 5_000)
        #expect(longCount > 1_000)
    }

    /// One record reused over rows of different lengths and kinds, as a source does: no value
    /// or name of an earlier row survives into a later one.
    @Test func reusedRecordHoldsOnlyItsOwnRow() {
        var decoder = RecordDecoder(format: .csv)
        var record = Record()
        #expect(decoder.decode("a,score,b,c", into: &record) == .header)
        #expect(decoder.decode("1,0.5,x,2", into: &record) == .record)
        #expect(record.features == [
            Feature(name: "a", value: .number(1)), Feature(name: "b", value: .string("x")),
            Feature(name: "c", value: .number(2)),
        ])
        #expect(decoder.decode("\"3\",0.25", into: &record) == .record)
        #expect(record.features == [Feature(name: "a", value: .number(3))])
        #expect(decoder.decode("true,0.75,,-0", into: &record) == .record)
        #expect(record.features == [
            Feature(name: "a", value: .bool(true)), Feature(name: "b", value: .null),
            Feature(name: "c", value: .number(0)),
        ])
        guard case .number(let zero) = record.features[2].value else { return }
        #expect(zero.sign == .minus)
        decoder.restartFile()
        #expect(decoder.decode("c,score,d", into: &record) == .header)
        #expect(decoder.decode("7,0.5,8", into: &record) == .record)
        #expect(record.features == [Feature(name: "c", value: .number(7)), Feature(name: "d", value: .number(8))])
    }
}
