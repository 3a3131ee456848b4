import DriftStats
import Foundation
@testable import MonitorEngine
@testable import MonitorMetrics
import Testing

/// An exposition of awkward names: an empty version beside records without one, segment values
/// and categories written like the reserved `(other)`, `(missing)`, `__unseen__`, `__missing__`.
/// No two samples may share a name and labels (Prometheus would drop one, and a fleet's sums
/// would be wrong), and `hashed` leaves no value of the logs in clear.
@Suite struct ExpositionSeriesTests {
    static func prediction(ts: Double, id: String, version: String?, country: String, merchant: String, score: Double) -> Record {
        var record = Record(kind: .prediction)
        record.timestampSeconds = ts
        record.id = id
        record.version = version
        record.score = score
        record.isSuccess = true
        record.status = "ok"
        record.latencyMilliseconds = 12
        record.features = [
            Feature(name: "amount", value: .number(Double(Int(ts) % 97))),
            Feature(name: "country", value: .string(country)),
            Feature(name: "merchant", value: .string(merchant)),
        ]
        return record
    }

    static func totals() -> RunningTotals {
        var config = MonitorConfig()
        config.segments = ["country"]
        config.referenceRecords = 200
        var state = MonitorState(config: config, reference: nil)
        let countries = ["BR", "(other)", "(missing)", "\\x", "US"]
        let merchants = ["shop", "(other)", "__unseen__", "__missing__", "\\y"]
        for index in 0..<600 {
            let version: String? = [nil, "", "v1"][index % 3]
            state.ingest(prediction(ts: Double(index), id: "r\(index)", version: version, country: countries[index % 5],
                                    merchant: index < 200 ? merchants[index % 5] : merchants[(index / 5) % 5] + (index % 7 == 0 ? "!" : ""),
                                    score: Double(index % 10) / 10), arrivalSeconds: 0)
        }
        return state.runningTotals()!
    }

    static func series(_ text: String) -> [String] {
        text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in String(line[..<line.lastIndex(of: " ")!]) }
    }

    @Test(arguments: [MetricsCategories.plain, .hashed], [ExpositionWriter.Format.prometheus, .openMetrics])
    func noTwoSamplesShareASeries(categories: MetricsCategories, format: ExpositionWriter.Format) {
        var marks = MetricsExposition.HighWaterMarks()
        let exposition = MetricsExposition(referenceSHA256: "abc", categories: categories)
        let text = exposition.render(totals: Self.totals(), input: InputTally(), snapshot: nil, format: format, marks: &marks).text
        let all = Self.series(text)
        let duplicates = Dictionary(grouping: all, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "\(duplicates.prefix(5))")
        #expect(all.contains { $0.contains("version=\"(empty)\"") })
        #expect(all.contains { $0.contains("version=\"(none)\"") })
        if categories == .plain {
            #expect(all.contains { $0.contains("segment=\"country=\\\\(other)\"") }, "the value (other) kept apart from the slot")
            #expect(all.contains { $0.contains("bin=\"\\\\__unseen__\"") })
        } else {
            for value in ["BR", "US", "shop"] { #expect(!text.contains("=\"\(value)\"") && !text.contains("=\(value)\"")) }
        }
    }

    @Test func hashedScopesHideTheSegmentValue() {
        let exposition = MetricsExposition(referenceSHA256: nil, categories: .hashed)
        #expect(exposition.scopeLabel("segment:country=BR/feature:amount") == "segment:country=bbaf83524427/feature:amount")
        #expect(exposition.scopeLabel("global") == "global")
        #expect(MetricsExposition(referenceSHA256: nil, categories: .plain).scopeLabel("segment:country=BR") == "segment:country=BR")
    }
}
