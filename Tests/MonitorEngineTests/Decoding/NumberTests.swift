import DriftStats
import Testing

@testable import MonitorEngine

/// Numbers are read exactly: the expected bit patterns come from Python
/// (`struct.unpack('<Q', struct.pack('<d', float(text)))`).
struct NumberTests {
    @Test(arguments: [
        ("0.1", 0x3FB9_9999_9999_999A),
        ("1e-7", 0x3E7A_D7F2_9ABC_AF48),
        ("123456789012345678", 0x437B_69B4_BA63_0F35),
        ("2.2250738585072014e-308", 0x0010_0000_0000_0000),
        ("2.225073858507201e-308", 0x000F_FFFF_FFFF_FFFF),
        ("1.7976931348623157e308", 0x7FEF_FFFF_FFFF_FFFF),
        ("4.9e-324", 0x0000_0000_0000_0001),
        ("9007199254740993", 0x4340_0000_0000_0000),
        ("1e23", 0x44B5_2D02_C7E1_4AF6),
        ("8.98846567431158e307", 0x7FE0_0000_0000_0000),
        ("0.30000000000000004", 0x3FD3_3333_3333_3334),
        ("1.0000000000000002", 0x3FF0_0000_0000_0001),
        ("7.1e-10", 0x3E08_6539_DE22_AB96),
        ("123.456e-2", 0x3FF3_C0C1_FC8F_3238),
        ("12345678901234567890123", 0x4484_EA15_B273_B38A),
        ("1e-400", 0x0000_0000_0000_0000),
        ("-0.0", 0x8000_0000_0000_0000),
        ("0", 0x0000_0000_0000_0000),
        ("1E+2", 0x4059_0000_0000_0000),
        ("0.000000000000000000000000000001", 0x39B4_484B_FEEB_C2A0),
    ] as [(String, UInt64)])
    func jsonNumbersAreExact(text: String, bits: UInt64) throws {
        let (outcome, record) = decodeJSON(#"{"score":"# + text + "}")
        #expect(outcome == .record)
        let score = try #require(record.score)
        #expect(score.bitPattern == bits, "\(text) read as \(score)")
        // The lenient reader (CSV cells) agrees.
        let lenient = text.utf8.withContiguousStorageIfAvailable { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) }
        #expect(lenient == .number(Double(bitPattern: bits)))
    }

    @Test(arguments: [
        ("1.", 1.0), (".5", 0.5), ("+3", 3.0), ("007", 7.0), (" 12.5 ", 12.5), ("\t-4e2", -400.0),
        ("1e5", 100000.0), ("-.25", -0.25),
    ])
    func lenientNumbersFollowPythonFloat(text: String, value: Double) {
        var text = text
        let parsed = text.withUTF8 { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) }
        #expect(parsed == .number(value))
    }

    @Test(arguments: ["nan", "NaN", "-nan", "inf", "-inf", "+inf", "Infinity", "-Infinity", "INF", "1e999", "-1e999"])
    func lenientNonFinite(text: String) {
        var text = text
        #expect(text.withUTF8 { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) } == .nonFinite)
    }

    @Test(arguments: ["", " ", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "12abc", "0x10", "1_000", "infinit", "nana", "1 2", "--1"])
    func lenientRejects(text: String) {
        var text = text
        #expect(text.withUTF8 { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) } == .notANumber)
    }

    @Test func numbersWithManyDigitsRoundOnce() {
        // 0.1 written with 40 digits of 0.1000...0001: the tail pushes nothing over a tie.
        let (_, record) = decodeJSON(#"{"score":0.1000000000000000000000000000000000000001}"#)
        #expect(record.score == 0.1)
        // Halfway between 1 and its successor (1 + 2^-53) plus a tiny bit rounds up.
        let (_, up) = decodeJSON(#"{"score":1.00000000000000011102230246251565404236316680908203126}"#)
        #expect(up.score == 1.0000000000000002)
        let (_, tie) = decodeJSON(#"{"score":1.00000000000000011102230246251565404236316680908203125}"#)
        #expect(tie.score == 1.0)
    }

    /// Numbers of a million digits, built in memory (a line may be a megabyte), read exactly by
    /// both readers (values from Python's `float`). The exponent used to be capped at a
    /// million, so a million zeros after the point and an exponent of a million and one read as
    /// 0.1 instead of 1.
    @Test(arguments: [
        ("1" + String(repeating: "0", count: 1_000_000) + "e-1000000", 1.0),
        ("0." + String(repeating: "0", count: 1_000_000) + "1e1000001", 1.0),
        ("0." + String(repeating: "0", count: 999_999) + "1e1000000", 1.0),
        ("0." + String(repeating: "0", count: 1_000_000) + "25e1000001", 2.5),
        ("-0." + String(repeating: "0", count: 2_000_000) + "1e2000001", -1.0),
        ("0." + String(repeating: "0", count: 1_000_000) + "1", 0.0),
        (String(repeating: "1234567890", count: 100_000) + "e-999990", 1234567890.1234567),
    ] as [(String, Double)])
    func millionDigitNumbersAreExact(text: String, value: Double) {
        let (outcome, record) = decodeJSON(#"{"score":"# + text + "}")
        #expect(outcome == .record)
        #expect(record.score == value)
        var text = text
        #expect(text.withUTF8 { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) } == .number(value))
    }

    @Test func millionDigitNumbersOutOfRange() {
        let huge = String(repeating: "9", count: 1_000_000)
        #expect(reason(decodeJSON(#"{"score":"# + huge + "}").outcome) == .wrongType)
        #expect(decodeJSON(#"{"score":0.5,"features":{"a":"# + huge + "}}").record.features
            == [Feature(name: "a", value: .invalidNumber)])
        var text = huge
        #expect(text.withUTF8 { DecimalNumber.parseLenient(UnsafeRawBufferPointer($0)) } == .nonFinite)
        let csv = decodeLines(["y_pred_proba,a", "0.5," + huge], format: .csv, mapping: CSVRecordTests.mapping)
        #expect(csv[1].record.features == [Feature(name: "a", value: .invalidNumber)])
    }

    @Test func hugeExponentsDoNotOverflow() {
        #expect(decodeJSON(#"{"score":1e99999999999999999999}"#).outcome == .malformed(.wrongType, detail: #""score" is out of range of a double"#))
        #expect(decodeJSON(#"{"score":1e-99999999999999999999}"#).record.score == 0)
        #expect(decodeJSON(#"{"score":0e99999999999}"#).record.score == 0)
    }
}

/// The JSON number reader's quick pass (at most 19 digits, well formed) reads what reading a
/// digit at a time reads, the value's bits and where it ends, and leaves every other text, the
/// malformed among them, to that reading, whose errors the tests above check.
struct JSONNumberQuickPassTests {
    static func scan(_ text: String, _ body: (UnsafeRawBufferPointer) -> DecimalNumber.JSONScan) -> String {
        var text = text
        let outcome = text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        switch outcome {
        case let .number(value, end): return "number \(value.bitPattern) end \(end)"
        case let .invalid(at, problem): return "invalid at \(at): \(problem)"
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func readsWhatReadingADigitAtATimeReads(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let pieces = ["-", "0", ".", "e", "E", "+", "-", "00", "9", "1", ",", "}", " ", "x"]
        var checked = 0
        for _ in 0..<20_000 {
            var text = ""
            switch Int.random(in: 0..<3, using: &random) {
            case 0:
                // A well-formed number: sign, whole digits, fraction, exponent, each maybe.
                if Bool.random(using: &random) { text += "-" }
                let whole = Int.random(in: 0..<22, using: &random)
                text += whole == 0 ? "0" : String(Int.random(in: 1...9, using: &random))
                for _ in 0..<max(0, whole - 1) { text += String(Int.random(in: 0...9, using: &random)) }
                if Bool.random(using: &random) {
                    text += "."
                    for _ in 0..<Int.random(in: 1..<22, using: &random) { text += String(Int.random(in: 0...9, using: &random)) }
                }
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &random)!
                    text += String(Int.random(in: 0...400, using: &random))
                }
                text += [",", "}", "", " ", "]"].randomElement(using: &random)!
            case 1:
                // Digits and the number's punctuation at random: mostly malformed. The reader is
                // called on a '-' or a digit.
                text = ["-", "0", "00", "9", "1"].randomElement(using: &random)!
                for _ in 0..<Int.random(in: 0..<12, using: &random) { text += pieces.randomElement(using: &random)! }
            default:
                // Zeros: leading, alone, after the point, many.
                text = ["0", "-0", "0.0", "00", "0.", "-0.000", "0e0", "0.000000000000000000001", "10000000000000000000",
                        "9999999999999999999", "18446744073709551615", "18446744073709551616", "1234567890123456789.5",
                        "0.1234567890123456789", "-"].randomElement(using: &random)!
            }
            let quick = Self.scan(text) { DecimalNumber.scanJSON($0, from: 0) }
            let slow = Self.scan(text) { DecimalNumber.scanJSONDigitByDigit($0, from: 0) }
            #expect(quick == slow, "\(text)")
            if quick.hasPrefix("number") { checked += 1 }
        }
        #expect(checked > 5_000)
    }
}
