import Testing

@testable import MonitorEngine

/// JSON is read strictly (RFC 8259): every departure is `invalid_json` with its column.
struct JSONStrictnessTests {
    @Test(arguments: [
        (#"{"score":0.5,}"#, "trailing comma at column 13"),
        (#"{"score":0.5,"features":{"a":1,}}"#, "trailing comma at column 31"),
        (#"{"score":0.5,"features":{"a":[1,2,]}}"#, "trailing comma at column 34"),
        (#"{'score':0.5}"#, "single quotes are not JSON, at column 2"),
        (#"{"id":'a',"score":0.5}"#, "single quotes are not JSON, at column 7"),
        (#"{"score":0.5} x"#, "text after the object: 'x' at column 15"),
        (#"{"score":0.5}{"score":0.6}"#, "text after the object: '{' at column 14"),
        (#"{"id":"a\x","score":0.5}"#, #"invalid escape \'x' at column 9"#),
        (#"{"id":"a\u12G4","score":0.5}"#, #"\u needs four hex digits, at column 9"#),
        (#"{"id":"\uD800","score":0.5}"#, #"lone surrogate \uD800 at column 8"#),
        (#"{"id":"\uD800\u0041","score":0.5}"#, #"lone surrogate \uD800 at column 8"#),
        (#"{"id":"\uDC00\uD800","score":0.5}"#, #"lone surrogate \uDC00 at column 8"#),
        (#"{"id":"ab\"#, "unfinished escape at column 10"),
        (#"{"score":01}"#, "leading zero in a number at column 10"),
        (#"{"score":-01.5}"#, "leading zero in a number at column 11"),
        (#"{"score":.5}"#, "unexpected '.' at column 10, expected a value"),
        (#"{"score":+1}"#, "unexpected '+' at column 10, expected a value"),
        (#"{"score":1.}"#, "expected a digit after '.' at column 12"),
        (#"{"score":1e}"#, "expected a digit in the exponent at column 12"),
        (#"{"score":-}"#, "expected a digit after '-' at column 11"),
        (#"{"score":0x10}"#, "unexpected 'x' at column 11, expected ',' or '}'"),
        (#"{"score":NaN}"#, "unexpected 'N' at column 10, expected a value"),
        (#"{"score":Infinity}"#, "unexpected 'I' at column 10, expected a value"),
        (#"{"score":tru}"#, "unexpected '}' at column 13, expected true"),
        (#"{"score":0.5"#, "unexpected end of line at column 13, expected ',' or '}'"),
        (#"{"score":0.5,"id":"abc"#, "unclosed string (opened at column 19) at end of line, column 23"),
        (#"{"score" 0.5}"#, "unexpected '0' at column 10, expected ':'"),
        (#"{score:0.5}"#, "unexpected 's' at column 2, expected a quoted key"),
        (#"{"a":1 "score":0.5}"#, "unexpected '\"' at column 8, expected ',' or '}'"),
        ("{\"id\":\"a\tb\",\"score\":0.5}", "control character 0x09 in a string at column 9"),
        ("{\"id\":\"a\u{1}b\",\"score\":0.5}", "control character 0x01 in a string at column 9"),
        (#"[1]"#, "the line is an array, expected an object, at column 1"),
        (#"42"#, "the line is a number, expected an object, at column 1"),
        (#""text""#, "the line is a string, expected an object, at column 1"),
        (#"null"#, "the line is null, expected an object, at column 1"),
        (#"hello"#, "unexpected 'h' at column 1, expected '{'"),
        (#"'a'"#, "single quotes are not JSON, at column 1"),
        (#"}"#, "unexpected '}' at column 1, expected '{'"),
        (#"{"score":0.5,"features":{"a":{"b":1}"#, "unexpected end of line at column 37, expected ',' or '}'"),
    ])
    func invalidJSON(line: String, expectedDetail: String) {
        #expect(decodeJSON(line).outcome == .malformed(.invalidJSON, detail: expectedDetail))
    }

    @Test func nestingIsBounded() {
        let ok = #"{"score":0.5,"features":{"deep":"# + String(repeating: "[", count: 62)
            + String(repeating: "]", count: 62) + "}}"
        let (outcome, record) = decodeJSON(ok)
        #expect(outcome == .record)
        #expect(record.features == [Feature(name: "deep", value: .unsupported)])

        let tooDeep = #"{"score":0.5,"features":{"deep":"# + String(repeating: "[", count: 63)
            + String(repeating: "]", count: 63) + "}}"
        #expect(decodeJSON(tooDeep).outcome == .malformed(.invalidJSON, detail: "nesting deeper than 64 levels at column 95"))

        // A hostile line must neither crash nor take long.
        let hostile = #"{"a":"# + String(repeating: "[", count: 500_000)
        #expect(reason(decodeJSON(hostile).outcome) == .invalidJSON)
    }

    /// Nests a million levels deep, built in memory (a line may be a megabyte): `invalid_json`,
    /// found at the 65th level without recursing further or reading on.
    @Test(arguments: [
        #"{"score":0.5,"features":{"a":"# + String(repeating: "[", count: 1_000_000)
            + String(repeating: "]", count: 1_000_000) + "}}",
        String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000),
        String(repeating: #"{"a":"#, count: 200_000) + "1" + String(repeating: "}", count: 200_000),
        #"{"score":0.5,"x":"# + String(repeating: #"[{"a":"#, count: 150_000),
    ])
    func megabyteNestsAreRefused(line: String) {
        #expect(reason(decodeJSON(line).outcome) == .invalidJSON)
    }

    @Test(arguments: [
        (#"{"id":"q\"q","score":0.5}"#, "q\"q"),
        (#"{"id":"b\\s","score":0.5}"#, "b\\s"),
        (#"{"id":"a\/b","score":0.5}"#, "a/b"),
        (#"{"id":"\b\f\n\r\t","score":0.5}"#, "\u{8}\u{C}\n\r\t"),
        (#"{"id":"\u0041\u00e9\u20AC","score":0.5}"#, "Aé€"),
        (#"{"id":"\u0000","score":0.5}"#, "\u{0}"),
        (#"{"id":"\uD83D\uDE00!","score":0.5}"#, "😀!"),
        (#"{"id":"\ud834\udd1e","score":0.5}"#, "𝄞"),
        (#"{"id":"héllo wörld ✓ 日本","score":0.5}"#, "héllo wörld ✓ 日本"),
        (#"{"id":"a long identifier with a \"quote\" in it","score":0.5}"#, "a long identifier with a \"quote\" in it"),
    ])
    func escapes(line: String, id: String) {
        let (outcome, record) = decodeJSON(line)
        #expect(outcome == .record)
        #expect(record.id == id)
    }

    @Test func escapedKeysMatchTheirDecodedNames() {
        let (outcome, record) = decodeJSON(#"{"sc\u006Fre":0.5,"features":{"\u00e9t\u00e9":1,"\"q\"":2}}"#)
        #expect(outcome == .record)
        #expect(record.score == 0.5)
        #expect(record.features == [Feature(name: "été", value: .number(1)), Feature(name: "\"q\"", value: .number(2))])
    }

    @Test func whitespaceAroundTokensIsAllowed() {
        let (outcome, record) = decodeJSON(" \t{ \"score\" : 0.5 , \"features\" : { \"a\" : [ 1 , 2 ] } } \t")
        #expect(outcome == .record)
        #expect(record.score == 0.5)
        #expect(record.features == [Feature(name: "a", value: .unsupported)])
    }

    @Test func emptyObjectsAndArrays() {
        let (outcome, record) = decodeJSON(#"{"score":0.5,"features":{},"extra":{"a":[],"b":{}}}"#)
        #expect(outcome == .record)
        #expect(record.features.isEmpty)
    }

    /// Truncating a valid line at every byte never crashes, and every prefix is either a
    /// blank line or invalid JSON.
    @Test func everyPrefixOfAValidLineIsInvalid() {
        let line = JSONRecordTests.canonicalLine
        let bytes = Array(line.utf8)
        for length in 0..<bytes.count {
            let outcome = decodeBytes(Array(bytes[0..<length]))
            if length == 0 {
                #expect(outcome == .blank)
            } else {
                #expect(reason(outcome) == .invalidJSON, "prefix of \(length) bytes")
            }
        }
        #expect(decodeBytes(bytes) == .record)
    }
}
