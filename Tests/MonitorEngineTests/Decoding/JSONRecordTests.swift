import Testing

@testable import MonitorEngine

/// Canonical and flat JSON Lines records, and how lines are classified.
struct JSONRecordTests {
    static let canonicalLine =
        #"{"ts":"2026-11-27T10:15:02.123Z","id":"tx-000123","model":"fraud-detector","version":"v3","#
        + #""features":{"amount":532.10,"merchant_category":"electronics","new_merchant":true,"#
        + #""country":"BR","device":"mobile","hour":22},"#
        + #""score":0.91,"prediction":1,"latency_ms":12.4,"status":"ok"}"#

    @Test func canonicalPredictionRecord() throws {
        let (outcome, record) = decodeJSON(Self.canonicalLine)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        // 2026-11-27T10:15:02.123Z from Python: datetime.fromisoformat(...).timestamp()
        #expect(record.timestampSeconds == 1795774502.123)
        #expect(record.id == "tx-000123")
        #expect(record.model == "fraud-detector")
        #expect(record.version == "v3")
        #expect(record.score == 0.91)
        #expect(record.prediction == .number(1))
        #expect(record.latencyMilliseconds == 12.4)
        #expect(record.status == "ok")
        #expect(record.isSuccess)
        #expect(record.label == nil)
        #expect(record.value == nil)
        #expect(
            record.features == [
                Feature(name: "amount", value: .number(532.10)),
                Feature(name: "merchant_category", value: .string("electronics")),
                Feature(name: "new_merchant", value: .bool(true)),
                Feature(name: "country", value: .string("BR")),
                Feature(name: "device", value: .string("mobile")),
                Feature(name: "hour", value: .number(22)),
            ])
    }

    @Test func labelRecord() {
        let (outcome, record) = decodeJSON(#"{"ts":"2026-11-29T08:00:00Z","id":"tx-000123","label":1,"value":532.10}"#)
        #expect(outcome == .record)
        #expect(record.kind == .label)
        #expect(record.timestampSeconds == 1795939200)
        #expect(record.id == "tx-000123")
        #expect(record.label == .number(1))
        #expect(record.value == 532.10)
        #expect(record.score == nil)
        #expect(record.features.isEmpty)
    }

    @Test func predictionCarryingALabelStaysAPrediction() {
        let (outcome, record) = decodeJSON(#"{"score":0.2,"label":true,"features":{"x":1}}"#)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        #expect(record.score == 0.2)
        #expect(record.label == .bool(true))
    }

    @Test(arguments: [
        (#"{"id":"a","status":"timeout"}"#, "timeout"),
        (#"{"id":"a","status":"ERROR","latency_ms":3000}"#, "ERROR"),
        (#"{"status":500}"#, "500"),
    ])
    func failedRequestNeedsNoScore(line: String, status: String) {
        let (outcome, record) = decodeJSON(line)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        #expect(!record.isSuccess)
        #expect(record.status == status)
        #expect(record.score == nil)
    }

    @Test(arguments: [
        (#"{"score":0.5,"status":"ok"}"#, true),
        (#"{"score":0.5,"status":"OK"}"#, true),
        (#"{"score":0.5,"status":"Success"}"#, true),
        (#"{"score":0.5,"status":"200"}"#, true),
        (#"{"score":0.5,"status":200}"#, true),
        (#"{"score":0.5}"#, true),
        (#"{"score":0.5,"status":null}"#, true),
        (#"{"score":0.5,"status":"okay"}"#, false),
        (#"{"score":0.5,"status":201}"#, false),
        (#"{"score":0.5,"status":"fail"}"#, false),
    ])
    func statusSuccessValues(line: String, isSuccess: Bool) {
        let (outcome, record) = decodeJSON(line)
        #expect(outcome == .record)
        #expect(record.isSuccess == isSuccess)
    }

    @Test(arguments: [
        #"{"id":"a","features":{"x":1}}"#,
        #"{"id":"a","status":"ok"}"#,
        #"{"score":null,"label":null}"#,
        #"{}"#,
    ])
    func neitherPredictionNorLabelIsMissingField(line: String) {
        let (outcome, _) = decodeJSON(line)
        #expect(reason(outcome) == .missingField)
    }

    @Test func nullMeansAbsent() {
        let (outcome, record) = decodeJSON(#"{"ts":null,"id":null,"score":0.4,"latency_ms":null,"label":null}"#)
        #expect(outcome == .record)
        #expect(record.timestampSeconds == nil)
        #expect(record.id == nil)
        #expect(record.latencyMilliseconds == nil)
        #expect(record.label == nil)
    }

    @Test func integerIdIsKeptAsItsDecimalText() {
        let (_, record) = decodeJSON(#"{"id":123456789012345678901,"score":0.5}"#)
        #expect(record.id == "123456789012345678901")
        let (_, small) = decodeJSON(#"{"id":42,"score":0.5,"version":3}"#)
        #expect(small.id == "42")
        #expect(small.version == "3")
    }

    @Test(arguments: [
        (#"{"score":"0.9"}"#, #""score" is a string, expected a number"#),
        (#"{"score":true}"#, #""score" is a bool, expected a number"#),
        (#"{"score":[0.9]}"#, #""score" is an array, expected a number"#),
        (#"{"score":1e999}"#, #""score" is out of range of a double"#),
        (#"{"score":0.9,"features":[1,2]}"#, #""features" is an array, expected an object"#),
        (#"{"score":0.9,"features":"x"}"#, #""features" is a string, expected an object"#),
        (#"{"score":0.9,"ts":{"s":1}}"#, #""ts" is an object, expected a timestamp string or an epoch number"#),
        (#"{"score":0.9,"ts":[1]}"#, #""ts" is an array, expected a timestamp string or an epoch number"#),
        (#"{"score":0.9,"ts":"yesterday"}"#, #""ts" "yesterday" is not a timestamp"#),
        (#"{"score":0.9,"ts":"2026-02-30T00:00:00Z"}"#, #""ts" "2026-02-30T00:00:00Z" is not a timestamp"#),
        (#"{"score":0.9,"id":{"a":1}}"#, #""id" is an object, expected a string or an integer"#),
        (#"{"score":0.9,"id":["a"]}"#, #""id" is an array, expected a string or an integer"#),
        (#"{"score":0.9,"latency_ms":"12"}"#, #""latency_ms" is a string, expected a number"#),
        (#"{"score":0.9,"label":{"y":1}}"#, #""label" is an object, expected a number, a bool or a string"#),
        (#"{"label":[1]}"#, #""label" is an array, expected a number, a bool or a string"#),
        (#"{"score":0.9,"value":"12"}"#, #""value" is a string, expected a number"#),
    ])
    func wrongTypes(line: String, expectedDetail: String) {
        let (outcome, _) = decodeJSON(line)
        #expect(outcome == .malformed(.wrongType, detail: expectedDetail))
    }

    @Test func syntaxErrorWinsOverWrongType() {
        let (outcome, _) = decodeJSON(#"{"score":"high",}"#)
        #expect(reason(outcome) == .invalidJSON)
    }

    @Test func featureValuesOfEveryKind() {
        let (outcome, record) = decodeJSON(
            #"{"score":0.5,"features":{"n":-1.5e3,"s":"x","t":true,"f":false,"z":null,"o":{"a":[1,{"b":2}]},"a":[],"big":1e999,"neg":-1e999}}"#
        )
        #expect(outcome == .record)
        #expect(
            record.features == [
                Feature(name: "n", value: .number(-1500)),
                Feature(name: "s", value: .string("x")),
                Feature(name: "t", value: .bool(true)),
                Feature(name: "f", value: .bool(false)),
                Feature(name: "z", value: .null),
                Feature(name: "o", value: .unsupported),
                Feature(name: "a", value: .unsupported),
                Feature(name: "big", value: .invalidNumber),
                Feature(name: "neg", value: .invalidNumber),
            ])
    }

    @Test func labelAndPredictionKeepTheirWrittenKind() {
        let (_, record) = decodeJSON(#"{"score":0.5,"prediction":"fraud","label":false}"#)
        #expect(record.prediction == .string("fraud"))
        #expect(record.label == .bool(false))
        let (_, overflow) = decodeJSON(#"{"label":1e400}"#)
        #expect(overflow.label == .invalidNumber)
    }

    @Test func flatRecordMakesEveryUnmappedFieldAFeature() {
        let (outcome, record) = decodeJSON(
            #"{"timestamp":1795774502,"id":"r1","y_pred_proba":0.7,"car_value":12000,"salary_range":"20K-30K","repaid":1}"#,
            mapping: Self.flatMapping)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        #expect(record.timestampSeconds == 1795774502)
        #expect(record.score == 0.7)
        #expect(record.label == .number(1))
        #expect(
            record.features == [
                Feature(name: "car_value", value: .number(12000)),
                Feature(name: "salary_range", value: .string("20K-30K")),
            ])
    }

    @Test func flatRecordWithAFeatureListKeepsOnlyThoseFeatures() {
        var mapping = Self.flatMapping
        mapping.features = ["salary_range", "driver_tenure"]
        let (_, record) = decodeJSON(
            #"{"car_value":12000,"salary_range":"20K-30K","y_pred_proba":0.7,"driver_tenure":3,"extra":"x"}"#,
            mapping: mapping)
        #expect(
            record.features == [
                Feature(name: "salary_range", value: .string("20K-30K")),
                Feature(name: "driver_tenure", value: .number(3)),
            ])
    }

    @Test func featureListAlsoFiltersAFeaturesObject() {
        var mapping = FieldMapping()
        mapping.features = ["amount"]
        let (_, record) = decodeJSON(#"{"score":0.5,"features":{"hour":1,"amount":2}}"#, mapping: mapping)
        #expect(record.features == [Feature(name: "amount", value: .number(2))])
    }

    @Test(arguments: [
        #"{"request_path":"/v1","score":0.5,"features":{"x":1}}"#,
        #"{"score":0.5,"features":{"x":1},"request_path":"/v1"}"#,
    ])
    func aFeaturesObjectReplacesFlatFields(line: String) {
        let (outcome, record) = decodeJSON(line)
        #expect(outcome == .record)
        #expect(record.features == [Feature(name: "x", value: .number(1))])
    }

    @Test func repeatedKeysKeepTheLastValue() {
        let (outcome, record) = decodeJSON(
            #"{"score":0.1,"score":0.2,"features":{"x":1,"y":2,"x":3},"id":"a","id":"b"}"#)
        #expect(outcome == .record)
        #expect(record.score == 0.2)
        #expect(record.id == "b")
        #expect(record.features == [Feature(name: "x", value: .number(3)), Feature(name: "y", value: .number(2))])
    }

    @Test func repeatedFeaturesObjectKeepsTheLast() {
        let (_, record) = decodeJSON(#"{"score":0.1,"features":{"x":1},"features":{"y":2}}"#)
        #expect(record.features == [Feature(name: "y", value: .number(2))])
    }

    @Test func keyOrderChangesDoNotChangeResults() {
        let lines = [
            #"{"score":0.1,"features":{"a":1,"b":"x","c":true}}"#,
            #"{"score":0.2,"features":{"c":false,"a":2,"b":"y"}}"#,
            #"{"features":{"b":"z","d":4},"score":0.3}"#,
            #"{"score":0.4,"features":{"a":5,"b":"w","c":true}}"#,
            #"{"score":0.5,"features":{"a":6,"a":7}}"#,
        ]
        let shared = decodeLines(lines)
        // Each line alone, with a fresh decoder, is the reference.
        for (index, line) in lines.enumerated() {
            let alone = decodeJSON(line)
            #expect(shared[index].outcome == alone.outcome)
            #expect(shared[index].record.features == alone.record.features)
            #expect(shared[index].record.score == alone.record.score)
        }
        #expect(
            shared[1].record.features == [
                Feature(name: "c", value: .bool(false)), Feature(name: "a", value: .number(2)),
                Feature(name: "b", value: .string("y")),
            ])
        #expect(shared[2].record.features == [Feature(name: "b", value: .string("z")), Feature(name: "d", value: .number(4))])
        #expect(shared[4].record.features == [Feature(name: "a", value: .number(7))])
    }

    @Test func aFeatureNamedLikeAKnownFieldIsAFeatureOnlyInsideFeatures() {
        let results = decodeLines([
            #"{"features":{"score":1,"x":2},"score":0.1}"#,
            #"{"score":0.5,"x":3}"#,
            #"{"score":0.25,"x":4}"#,
        ])
        #expect(results[0].record.score == 0.1)
        #expect(results[0].record.features == [Feature(name: "score", value: .number(1)), Feature(name: "x", value: .number(2))])
        #expect(results[1].record.score == 0.5)
        #expect(results[1].record.features == [Feature(name: "x", value: .number(3))])
        #expect(results[2].record.score == 0.25)
        #expect(results[2].record.features == [Feature(name: "x", value: .number(4))])
    }

    @Test func flatLinesWithChangingColumns() {
        let lines = [
            #"{"a":1,"b":"x","score":0.1}"#,
            #"{"a":2,"b":"y","score":0.2}"#,
            #"{"b":"z","a":3,"score":0.3,"c":true}"#,
            #"{"a":4,"score":0.4}"#,
        ]
        let shared = decodeLines(lines)
        for (index, line) in lines.enumerated() {
            #expect(shared[index].record.features == decodeJSON(line).record.features)
        }
        #expect(shared[3].record.features == [Feature(name: "a", value: .number(4))])
        #expect(shared[2].record.features.count == 3)
    }

    @Test func knownFieldsMayMoveBetweenLines() {
        let lines = [
            #"{"ts":1795774502,"score":0.1,"features":{"a":1}}"#,
            #"{"score":0.2,"ts":1795774503,"label":1}"#,
            #"{"features":{"a":1},"ts":1795774504,"id":"q","score":0.3}"#,
        ]
        let results = decodeLines(lines)
        #expect(results.map(\.record.timestampSeconds) == [1795774502, 1795774503, 1795774504])
        #expect(results.map(\.record.score) == [0.1, 0.2, 0.3])
        #expect(results[2].record.id == "q")
    }

    @Test func manyDistinctNamesBeyondTheInternTable() {
        // More names than the table keeps: the later ones still decode, repeats still collapse.
        var decoder = RecordDecoder(format: .jsonl)
        var record = Record()
        for batch in 0..<5 {
            var line = #"{"score":0.5,"features":{"#
            for index in 0..<1000 { line += #""f\#(batch)_\#(index)":\#(index),"# }
            line += #""f\#(batch)_7":-1}}"#
            #expect(decoder.decode(line, into: &record) == .record)
            #expect(record.features.count == 1000)
            #expect(record.features[7] == Feature(name: "f\(batch)_7", value: .number(-1)))
            #expect(record.features[999] == Feature(name: "f\(batch)_999", value: .number(999)))
        }
    }

    @Test func recordIsClearedBetweenLines() {
        let results = decodeLines([Self.canonicalLine, #"{"id":"tx-1","label":0}"#])
        let label = results[1].record
        #expect(label.kind == .label)
        #expect(label.features.isEmpty)
        #expect(label.score == nil)
        #expect(label.model == nil)
        #expect(label.timestampSeconds == nil)
        #expect(label.isSuccess)
    }

    @Test(arguments: ["", "   ", "\t \r", "\r"])
    func blankLines(line: String) {
        #expect(decodeJSON(line).outcome == .blank)
    }

    @Test func trailingCarriageReturnIsTolerated() {
        let (outcome, record) = decodeJSON("{\"score\":0.25}\r")
        #expect(outcome == .record)
        #expect(record.score == 0.25)
    }

    @Test func byteOrderMarkIsSkippedOnlyAtTheStartOfAFile() {
        let bom = "\u{FEFF}"
        var decoder = RecordDecoder(format: .jsonl)
        var record = Record()
        #expect(decoder.decode(bom + #"{"score":0.5}"#, into: &record) == .record)
        #expect(decoder.decode(bom + #"{"score":0.5}"#, into: &record) == .malformed(.invalidJSON, detail: "unexpected byte 0xEF at column 1, expected '{'"))
        decoder.restartFile()
        #expect(decoder.decode(bom + #"{"score":0.75}"#, into: &record) == .record)
        #expect(record.score == 0.75)
    }

    @Test func columnsCountTheByteOrderMark() {
        let outcome = decodeJSON("\u{FEFF}{\"score\":0.5,}").outcome
        #expect(outcome == .malformed(.invalidJSON, detail: "trailing comma at column 16"))
    }

    static var flatMapping: FieldMapping {
        var mapping = FieldMapping()
        mapping.id = "id"
        mapping.timestamp = "timestamp"
        mapping.score = "y_pred_proba"
        mapping.prediction = "y_pred"
        mapping.label = "repaid"
        mapping.latencyMilliseconds = "latency"
        return mapping
    }
}
