import Testing

@testable import MonitorEngine

/// Reused texts must be exactly the texts of the line, whatever their length and place.
struct RecentTextsTests {
    /// Texts of 0 to 20 bytes, at the end of a CSV line (fewer than 16 readable bytes after
    /// them) and inside a JSON line, each decoded twice so the second read comes from the cache.
    @Test(arguments: Array(0...20))
    func textsOfEveryLength(length: Int) {
        let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(97 + $0 % 26))) })
        let csv = decodeLines(["score,x", "0.5," + text, "0.5," + text, "0.5," + text + "z"], format: .csv)
        let expected: FeatureValue = length == 0 ? .null : .string(text)
        #expect(csv[1].record.features == [Feature(name: "x", value: expected)])
        #expect(csv[2].record.features == [Feature(name: "x", value: expected)])
        #expect(csv[3].record.features == [Feature(name: "x", value: .string(text + "z"))])

        let line = #"{"score":0.5,"model":""# + text + #"","features":{"x":""# + text + #""}}"#
        let json = decodeLines([line, line])
        for result in json {
            #expect(result.record.model == text)
            #expect(result.record.features == [Feature(name: "x", value: .string(text))])
        }
    }

    @Test func manyDistinctValuesSharingSlots() {
        // More distinct values than slots: evicted and colliding entries must never be confused.
        let values = (0..<3000).map { "value-\($0)" } + (0..<3000).reversed().map { "value-\($0)" }
        let lines = ["score,x"] + values.map { "0.5," + $0 }
        let results = decodeLines(lines, format: .csv)
        for (index, value) in values.enumerated() {
            #expect(results[index + 1].record.features == [Feature(name: "x", value: .string(value))])
        }
    }

    @Test func multibyteTexts() {
        let results = decodeLines(["score,x", "0.5,café", "0.5,cafè", "0.5,café", "0.5,日本語のテキスト"], format: .csv)
        #expect(results.dropFirst().map(\.record.features[0].value) == [
            .string("café"), .string("cafè"), .string("café"), .string("日本語のテキスト"),
        ])
    }
}
