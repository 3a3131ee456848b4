import Testing

@testable import MonitorEngine

/// CSV files through a field mapping: header, RFC 4180 quoting, cell types.
struct CSVRecordTests {
    static var mapping: FieldMapping { JSONRecordTests.flatMapping }

    static let header = "id,timestamp,car_value,salary_range,y_pred_proba,y_pred,repaid,latency"

    @Test func headerThenRows() {
        let results = decodeLines(
            [
                Self.header,
                "r1,2026-11-27 10:15:02,12000,20K-30K,0.7,1,0,12.5",
                "r2,1795774503,,\"40K+\",0.25,0,,",
            ], format: .csv, mapping: Self.mapping)
        #expect(results[0].outcome == .header)
        #expect(results[1].outcome == .record)
        let first = results[1].record
        #expect(first.kind == .prediction)
        #expect(first.id == "r1")
        #expect(first.timestampSeconds == 1795774502)
        #expect(first.score == 0.7)
        #expect(first.prediction == .number(1))
        #expect(first.label == .number(0))
        #expect(first.latencyMilliseconds == 12.5)
        #expect(
            first.features == [
                Feature(name: "car_value", value: .number(12000)),
                Feature(name: "salary_range", value: .string("20K-30K")),
            ])
        let second = results[2].record
        #expect(results[2].outcome == .record)
        #expect(second.id == "r2")
        #expect(second.timestampSeconds == 1795774503)
        #expect(second.label == nil)
        #expect(second.latencyMilliseconds == nil)
        #expect(
            second.features == [
                Feature(name: "car_value", value: .null),
                Feature(name: "salary_range", value: .string("40K+")),
            ])
    }

    @Test(arguments: [
        ("", FeatureValue.null),
        ("\"\"", .null),
        ("3.5", .number(3.5)),
        ("-1e3", .number(-1000)),
        ("\"42\"", .number(42)),
        ("true", .bool(true)),
        ("FALSE", .bool(false)),
        ("True", .bool(true)),
        ("nan", .invalidNumber),
        ("NaN", .invalidNumber),
        ("inf", .invalidNumber),
        ("-inf", .invalidNumber),
        ("Infinity", .invalidNumber),
        ("1e999", .invalidNumber),
        ("BR", .string("BR")),
        (" x ", .string(" x ")),
        ("\"a,b\"", .string("a,b")),
        ("\"say \"\"hi\"\"\"", .string("say \"hi\"")),
        ("\"\"\"\"", .string("\"")),
        ("5'11\"", .string("5'11\"")),
        ("\"été\"", .string("été")),
    ])
    func cellValues(cell: String, value: FeatureValue) {
        let results = decodeLines(["score,x", "0.5," + cell], format: .csv)
        #expect(results[1].outcome == .record)
        #expect(results[1].record.features == [Feature(name: "x", value: value)])
    }

    @Test func fewerFieldsLeaveTheRestMissing() {
        let results = decodeLines(["a,score,b", "1,0.5"], format: .csv)
        #expect(results[1].outcome == .record)
        #expect(results[1].record.score == 0.5)
        #expect(results[1].record.features == [Feature(name: "a", value: .number(1))])
    }

    @Test(arguments: [
        ("1,0.5,2,3", "4 fields, but the header has 3"),
        ("1,0.5,2,", "4 fields, but the header has 3"),
        ("1,\"0.5,2", "unclosed quote opened at column 3"),
        ("\"1\"x,0.5,2", "unexpected 'x' after a closing quote at column 4"),
        ("1,\"0.5\" ,2", "unexpected ' ' after a closing quote at column 8"),
    ])
    func invalidRows(line: String, expectedDetail: String) {
        let results = decodeLines(["a,score,b", line], format: .csv)
        #expect(results[1].outcome == .malformed(.invalidCSV, detail: expectedDetail))
    }

    @Test(arguments: [
        ("abc", #""score" "abc" is not a number"#),
        ("nan", #""score" "nan" is not a number"#),
        ("inf", #""score" "inf" is not a number"#),
        ("true", #""score" "true" is not a number"#),
    ])
    func scoreMustBeANumber(cell: String, expectedDetail: String) {
        let results = decodeLines(["score,x", cell + ",1"], format: .csv)
        #expect(results[1].outcome == .malformed(.wrongType, detail: expectedDetail))
    }

    @Test func badTimestampIsWrongType() {
        let results = decodeLines(["ts,score", "2026-13-01,0.5"], format: .csv)
        #expect(results[1].outcome == .malformed(.wrongType, detail: #""ts" "2026-13-01" is not a timestamp"#))
    }

    @Test func classification() {
        let results = decodeLines(
            ["id,score,label,status,x", "a,0.5,,,1", "a,,1,,1", "a,,,timeout,1", "a,,,ok,1", "a,,,,1", ",,,,"],
            format: .csv)
        #expect(results[1].record.kind == .prediction)
        #expect(results[2].outcome == .record)
        #expect(results[2].record.kind == .label)
        #expect(results[3].outcome == .record)
        #expect(results[3].record.kind == .prediction)
        #expect(!results[3].record.isSuccess)
        #expect(results[3].record.status == "timeout")
        #expect(reason(results[4].outcome) == .missingField)
        #expect(reason(results[5].outcome) == .missingField)
        #expect(reason(results[6].outcome) == .missingField)
    }

    @Test func featureListSelectsColumns() {
        var mapping = Self.mapping
        mapping.features = ["salary_range"]
        let results = decodeLines([Self.header, "r1,,12000,20K-30K,0.7,1,0,"], format: .csv, mapping: mapping)
        #expect(results[1].record.features == [Feature(name: "salary_range", value: .string("20K-30K"))])
    }

    @Test func quotedHeaderNamesAndRepeatedColumns() {
        let results = decodeLines(["\"score\",\"a,b\",x,x", "0.5,1,2,3"], format: .csv)
        #expect(results[0].outcome == .header)
        #expect(
            results[1].record.features == [
                Feature(name: "a,b", value: .number(1)), Feature(name: "x", value: .number(3)),
            ])
    }

    @Test func carriageReturnsAndByteOrderMark() {
        let results = decodeLines(["\u{FEFF}score,x\r", "0.5,abc\r", "0.25,\"q\"\r"], format: .csv)
        #expect(results[0].outcome == .header)
        #expect(results[1].record.score == 0.5)
        #expect(results[1].record.features == [Feature(name: "x", value: .string("abc"))])
        #expect(results[2].record.features == [Feature(name: "x", value: .string("q"))])
    }

    @Test func blankLinesBeforeTheHeaderAreSkipped() {
        let results = decodeLines(["", "  ", "score,x", "", "0.5,1"], format: .csv)
        #expect(results.map(\.outcome) == [.blank, .blank, .header, .blank, .record])
    }

    @Test func restartReadsANewHeader() {
        var decoder = RecordDecoder(format: .csv)
        var record = Record()
        #expect(decoder.decode("score,x", into: &record) == .header)
        #expect(decoder.decode("0.5,1", into: &record) == .record)
        decoder.restartFile()
        #expect(decoder.decode("\u{FEFF}y,score", into: &record) == .header)
        #expect(decoder.decode("2,0.75", into: &record) == .record)
        #expect(record.score == 0.75)
        #expect(record.features == [Feature(name: "y", value: .number(2))])
    }

    @Test func badHeaderIsReportedAndTheNextLineIsTriedAsHeader() {
        let results = decodeLines(["score,\"x", "score,x", "0.5,1"], format: .csv)
        #expect(results[0].outcome == .malformed(.invalidCSV, detail: "unclosed quote opened at column 7"))
        #expect(results[1].outcome == .header)
        #expect(results[2].outcome == .record)
    }

    @Test func invalidUTF8InACell() {
        var decoder = RecordDecoder(format: .csv)
        var record = Record()
        #expect(decoder.decode("score,x", into: &record) == .header)
        let outcome = ([0x30, 0x2E, 0x35, 0x2C, 0xED, 0xA0, 0x80] as [UInt8]).withUnsafeBytes {
            decoder.decode($0, into: &record)
        }
        #expect(outcome == .malformed(.invalidUTF8, detail: "encoded surrogate (byte 0xED) at column 5"))
    }

    @Test func mappedFieldsParseTheirType() {
        let results = decodeLines(
            ["ts,id,model,version,score,prediction,label,value,latency_ms,status",
             "1795774502123,7,fraud,v3,0.9,fraud,true,532.10,12,200"], format: .csv)
        let record = results[1].record
        #expect(results[1].outcome == .record)
        #expect(record.timestampSeconds == 1795774502.123)
        #expect(record.id == "7")
        #expect(record.model == "fraud")
        #expect(record.version == "v3")
        #expect(record.score == 0.9)
        #expect(record.prediction == .string("fraud"))
        #expect(record.label == .bool(true))
        #expect(record.value == 532.10)
        #expect(record.latencyMilliseconds == 12)
        #expect(record.status == "200")
        #expect(record.isSuccess)
        #expect(record.features.isEmpty)
    }
}
