import Testing
@testable import MonitorEngine

/// Multiclass and regression records (docs/tasks.md): which fields make a prediction record,
/// the `scores` object and the `class_scores` columns, and every shape that is refused.
struct TaskDecodingTests {
    static var multiclass: FieldMapping {
        var mapping = FieldMapping()
        mapping.task = .multiclass
        return mapping
    }

    static var regression: FieldMapping {
        var mapping = FieldMapping()
        mapping.task = .regression
        return mapping
    }

    @Test func aScoresObjectMakesAMulticlassPrediction() {
        let (outcome, record) = decodeJSON(
            #"{"id":"a","features":{"x":1},"scores":{"b":0.25,"a":0.75,"c":null},"prediction":"a"}"#, mapping: Self.multiclass)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        #expect(record.classScores == [ClassScore(name: "b", value: 0.25), ClassScore(name: "a", value: 0.75)])
        #expect(record.prediction == .string("a"))
        #expect(record.features.map(\.name) == ["x"])
    }

    @Test func aClassAloneIsAPredictionAndALabelAloneALabel() {
        #expect(decodeJSON(#"{"id":"a","prediction":"gold"}"#, mapping: Self.multiclass).record.kind == .prediction)
        #expect(decodeJSON(#"{"id":"a","label":"gold"}"#, mapping: Self.multiclass).record.kind == .label)
        // A binary score does not make a multiclass prediction.
        let scored = decodeJSON(#"{"id":"a","score":0.4}"#, mapping: Self.multiclass)
        #expect(reason(scored.outcome) == .missingField)
        #expect(detail(scored.outcome) == #"no "scores", no "prediction", no "label" and no error "status""#)
    }

    @Test(arguments: [
        (#"{"scores":{"a":"0.5"}}"#, #""scores" member "a" is a string, expected a number"#),
        (#"{"scores":{"a":[1]}}"#, #""scores" member "a" is an array, expected a number"#),
        (#"{"scores":{"a":1e999}}"#, #""scores" member "a" is out of range of a double"#),
        (#"{"scores":[0.5,0.5]}"#, #""scores" is an array, expected an object"#),
    ])
    func aScoreThatIsNotANumberIsAWrongType(line: String, message: String) {
        let outcome = decodeJSON(line, mapping: Self.multiclass).outcome
        #expect(reason(outcome) == .wrongType)
        #expect(detail(outcome) == message)
    }

    @Test func aBinaryModelReadsScoresAsAFlatFeature() {
        let (outcome, record) = decodeJSON(#"{"score":0.5,"scores":3}"#)
        #expect(outcome == .record)
        #expect(record.features.map(\.name) == ["scores"])
        #expect(record.classScores.isEmpty)
    }

    @Test func classScoreColumnsAreReadFromCSV() {
        var mapping = Self.multiclass
        mapping.prediction = "y_pred"
        mapping.classScores = [ClassScoreColumn(name: "a", column: "p_a"), ClassScoreColumn(name: "b", column: "p_b")]
        let results = decodeLines(["id,x,p_a,p_b,y_pred", "1,2.5,0.3,0.7,b", "2,1,,0.5,", "3,1,high,0.5,a"], format: .csv, mapping: mapping)
        #expect(results[1].outcome == .record)
        #expect(results[1].record.classScores == [ClassScore(name: "a", value: 0.3), ClassScore(name: "b", value: 0.7)])
        #expect(results[1].record.features.map(\.name) == ["x"])
        #expect(results[1].record.prediction == .string("b"))
        #expect(results[2].record.classScores == [ClassScore(name: "b", value: 0.5)])
        #expect(reason(results[3].outcome) == .wrongType)
        #expect(detail(results[3].outcome) == #""p_b" "high" is not a number"# || detail(results[3].outcome) == #""p_a" "high" is not a number"#)
    }

    @Test func aRegressionPredictsANumber() {
        let (outcome, record) = decodeJSON(#"{"id":"g","prediction":3785.5,"features":{"size":2}}"#, mapping: Self.regression)
        #expect(outcome == .record)
        #expect(record.kind == .prediction)
        #expect(record.prediction == .number(3785.5))
        let text = decodeJSON(#"{"id":"g","prediction":"high"}"#, mapping: Self.regression).outcome
        #expect(reason(text) == .wrongType)
        #expect(detail(text) == #""prediction" is a string, expected a number"#)
        let csv = decodeLines(["id,prediction", "1,high"], format: .csv, mapping: Self.regression)
        #expect(reason(csv[1].outcome) == .wrongType)
        // A label of any type is a label record: the engine counts a non-numeric one.
        #expect(decodeJSON(#"{"id":"g","label":"n/a"}"#, mapping: Self.regression).record.kind == .label)
    }
}
