import DriftStats
import Foundation
import Testing
@testable import MonitorEngine

/// The label join end to end, through the files, the reader and the run that `report
/// --chunk-size` uses, against a brute-force join written here: random streams of predictions
/// and labels (labels before and after their prediction, in the same file or in files of their
/// own, listed first or last, with and without times, duplicated, and for ids that never
/// come), every file layout, and the counts of the whole input and of every chunk.
struct LabelJoinPropertyTests {
    enum Layout: CaseIterable, CustomStringConvertible {
        /// Labels in a file of their own under `labels:`.
        case labelFile
        /// Labels in a file of their own listed under `predictions:` before the predictions.
        case labelFileListedFirst
        /// The same, listed after the predictions.
        case labelFileListedLast
        /// Labels in the prediction file, each anywhere before or after its prediction.
        case sameFile
        /// Labels split at random between two files of their own.
        case twoLabelFiles

        var description: String {
            switch self {
            case .labelFile: "label file"
            case .labelFileListedFirst: "label file listed first"
            case .labelFileListedLast: "label file listed last"
            case .sameFile: "same file"
            case .twoLabelFiles: "two label files"
            }
        }
    }

    struct Prediction {
        var id: String
        var time: Int
        var score: Double
        var decision: Bool
        var line: String
    }

    struct Label {
        var id: String
        var positive: Bool
        var line: String
        /// Where the line sits among the predictions (same-file layout): before this index.
        var position: Int
    }

    struct Stream {
        var predictions: [Prediction]
        var labels: [Label]
    }

    /// Predictions one every 10 s with a few exact duplicates; labels for about 80% of ids
    /// (delays of 0 to `maxDelay` s), a few duplicated, a few for ids never predicted.
    static func stream(seed: UInt64, count: Int, timed: Bool, maxDelay: Int) -> Stream {
        var random = SplitMix64(seed: seed)
        var predictions: [Prediction] = []
        var labels: [Label] = []
        let start = 1_800_000_000
        for index in 0..<count {
            let time = start + index * 10
            let score = Double(Int.random(in: 0...100, using: &random)) / 100
            let decision = Bool.random(using: &random) ? score >= 0.5 : score >= 0.3
            let id = "p\(index)"
            let device = index % 3 == 0 ? "web" : "ios"
            let line = #"{"ts":\#(time),"id":"\#(id)","score":\#(score),"prediction":\#(decision ? 1 : 0),"features":{"amount":\#(index % 300),"device":"\#(device)"}}"#
            let prediction = Prediction(id: id, time: time, score: score, decision: decision, line: line)
            predictions.append(prediction)
            if Int.random(in: 0..<40, using: &random) == 0 { predictions.append(prediction) }
            guard Int.random(in: 0..<10, using: &random) < 8 else { continue }
            let positive = Double.random(in: 0..<1, using: &random) < score
            let delay = Int.random(in: 0...maxDelay, using: &random)
            let stamp = timed ? #""ts":\#(time + delay),"# : ""
            let labelLine = #"{\#(stamp)"id":"\#(id)","label":\#(positive ? 1 : 0)}"#
            // Anywhere from well before the prediction to a while after it.
            let position = max(0, min(count, index + Int.random(in: -40...60, using: &random)))
            labels.append(Label(id: id, positive: positive, line: labelLine, position: position))
            if Int.random(in: 0..<25, using: &random) == 0 {
                labels.append(Label(id: id, positive: positive, line: labelLine, position: min(count, position + 3)))
            }
        }
        for ghost in 0..<(count / 50) {
            let stamp = timed ? #""ts":\#(start + ghost * 500),"# : ""
            labels.append(Label(id: "ghost\(ghost)", positive: true, line: #"{\#(stamp)"id":"ghost\#(ghost)","label":1}"#,
                                position: min(count, ghost * 50)))
        }
        // Label files are in arrival order (the time the line was written); untimed, in the
        // order of the positions.
        labels.sort { $0.position < $1.position }
        return Stream(predictions: predictions, labels: labels)
    }

    /// Writes the layout's files and returns the configuration that reads them.
    static func write(_ stream: Stream, layout: Layout, seed: UInt64) throws -> (URL, MonitorConfig) {
        var (directory, config) = try LiveEngineTests.files(count: 0)
        func file(_ name: String, _ lines: [String]) throws -> String {
            let url = directory.appendingPathComponent(name)
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let predictionLines = stream.predictions.map(\.line)
        let labelLines = stream.labels.map(\.line)
        config.labels = []
        switch layout {
        case .labelFile:
            config.predictions = [try file("predictions.jsonl", predictionLines)]
            config.labels = [try file("labels.jsonl", labelLines)]
        case .labelFileListedFirst:
            config.predictions = [try file("labels.jsonl", labelLines), try file("predictions.jsonl", predictionLines)]
        case .labelFileListedLast:
            config.predictions = [try file("predictions.jsonl", predictionLines), try file("labels.jsonl", labelLines)]
        case .sameFile:
            var lines: [String] = []
            var next = 0
            var predictionIndex = 0
            for prediction in stream.predictions {
                while next < stream.labels.count, stream.labels[next].position <= predictionIndex {
                    lines.append(stream.labels[next].line)
                    next += 1
                }
                lines.append(prediction.line)
                predictionIndex += 1
            }
            lines += stream.labels[next...].map(\.line)
            config.predictions = [try file("predictions.jsonl", lines)]
        case .twoLabelFiles:
            var random = SplitMix64(seed: seed ^ 0xABCD)
            var first: [String] = []
            var second: [String] = []
            for line in labelLines {
                if Bool.random(using: &random) { first.append(line) } else { second.append(line) }
            }
            config.predictions = [try file("predictions.jsonl", predictionLines)]
            config.labels = [try file("labels-a.jsonl", first), try file("labels-b.jsonl", second)]
        }
        return (directory, config)
    }

    /// The join done by brute force: the first prediction of an id counts, every label line of
    /// an id carries the same outcome, and each chunk holds `size` prediction lines in file order.
    struct Expected: Equatable {
        var matchedLabels = 0
        var heldLabels = 0
        var duplicateLabels = 0
        var duplicatePredictions = 0
        /// Per chunk: labelled, TP, FP, FN, TN.
        var chunks: [[Int]] = []
    }

    static func expected(_ stream: Stream, chunkSize: Int) -> Expected {
        var outcome: [String: Bool] = [:]
        for label in stream.labels { outcome[label.id] = label.positive }
        var expected = Expected()
        var seen = Set<String>()
        var chunk = [0, 0, 0, 0, 0]
        for (index, prediction) in stream.predictions.enumerated() {
            if seen.insert(prediction.id).inserted {
                if let positive = outcome[prediction.id] {
                    chunk[0] += 1
                    switch (prediction.decision, positive) {
                    case (true, true): chunk[1] += 1
                    case (true, false): chunk[2] += 1
                    case (false, true): chunk[3] += 1
                    case (false, false): chunk[4] += 1
                    }
                }
            } else {
                expected.duplicatePredictions += 1
            }
            if (index + 1) % chunkSize == 0 || index == stream.predictions.count - 1 {
                expected.chunks.append(chunk)
                chunk = [0, 0, 0, 0, 0]
            }
        }
        expected.matchedLabels = outcome.keys.filter { seen.contains($0) }.count
        expected.heldLabels = outcome.count - expected.matchedLabels
        expected.duplicateLabels = stream.labels.count - outcome.count
        return expected
    }

    static func run(_ stream: Stream, layout: Layout, seed: UInt64, chunkSize: Int, horizon: LabelHorizon) throws -> Expected {
        var (directory, config) = try write(stream, layout: layout, seed: seed)
        defer { try? FileManager.default.removeItem(at: directory) }
        config.labelHorizon = horizon
        let outcome = try MonitorRun.run(config: config, reader: LiveEngineTests.reader(config, follow: false), chunkSize: chunkSize, wallClock: { 0 })
        let counters = outcome.snapshot.counters
        var actual = Expected()
        actual.matchedLabels = counters.matchedLabels
        // Labels for ids never predicted wait until a bound lets them go.
        actual.heldLabels = counters.heldLabels + counters.unmatchedLabels
        actual.duplicateLabels = counters.duplicateLabels
        actual.duplicatePredictions = counters.duplicatePredictions
        actual.chunks = outcome.chunks.map {
            let realized = $0.snapshot.overall.performance.realized
            return [realized.labelled, realized.truePositives, realized.falsePositives, realized.falseNegatives, realized.trueNegatives]
        }
        return actual
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func everyLayoutJoinsAsTheBruteForceJoin(seed: UInt64) throws {
        for timed in [true, false] {
            let stream = Self.stream(seed: seed, count: 700, timed: timed, maxDelay: 600)
            let expected = Self.expected(stream, chunkSize: 97)
            #expect(expected.duplicateLabels > 0 && expected.duplicatePredictions > 0 && expected.heldLabels > 0)
            for layout in Layout.allCases {
                let actual = try Self.run(stream, layout: layout, seed: seed, chunkSize: 97, horizon: .learned)
                #expect(actual == expected, "seed \(seed), \(timed ? "timed" : "untimed") labels, \(layout)")
            }
        }
    }

    /// Enough labels for the horizon to be learned, read anywhere from 400 s before their
    /// prediction to 600 s after (files out of order): the horizon, learned from how long
    /// matches waited, lets go of nothing that could still match.
    @Test(arguments: [5 as UInt64, 6])
    func aLearnedHorizonLosesNothingWithinIt(seed: UInt64) throws {
        let stream = Self.stream(seed: seed, count: 3_000, timed: true, maxDelay: 120)
        let expected = Self.expected(stream, chunkSize: 500)
        for layout in Layout.allCases {
            let actual = try Self.run(stream, layout: layout, seed: seed, chunkSize: 500, horizon: .learned)
            #expect(actual == expected, "seed \(seed), \(layout)")
        }
    }
}

/// Lines with wild times must not move the join's clock: one label or prediction stamped in
/// 2096 would otherwise let go of every prediction waiting for its label.
struct LabelJoinClockTests {
    @Test func aWildTimeDoesNotExpireWhatWaits() throws {
        var (directory, config) = try LiveEngineTests.files(count: 0)
        defer { try? FileManager.default.removeItem(at: directory) }
        var lines: [String] = []
        let start = 1_800_000_000
        for index in 0..<3_000 {
            lines.append(#"{"ts":\#(start + index),"id":"p\#(index)","score":0.4,"features":{"amount":\#(index % 300),"device":"ios"}}"#)
            // Labels 10 s later: the horizon is learned early, at its 15-minute minimum.
            if index >= 10 { lines.append(#"{"ts":\#(start + index),"id":"p\#(index - 10)","label":0}"#) }
            if index == 2_000 {
                lines.append(#"{"ts":4000000000,"id":"wild-label","label":1}"#)
                lines.append(#"{"ts":4000000000,"id":"wild-prediction","score":0.4,"features":{"amount":1,"device":"ios"}}"#)
            }
        }
        // The last ten labels come much later in the file, still within the horizon.
        for index in 2_990..<3_000 { lines.append(#"{"ts":\#(start + 3_000 + 600),"id":"p\#(index)","label":1}"#) }
        let path = directory.appendingPathComponent("mixed.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: path, atomically: true, encoding: .utf8)
        config.predictions = [path.path]
        let outcome = try MonitorRun.run(config: config, reader: LiveEngineTests.reader(config, follow: false), wallClock: { 0 })
        let join = outcome.state.join
        #expect(join.horizonSeconds == LabelJoin<JoinedPrediction, JoinedLabel>.learnedHorizonMinimumSeconds)
        #expect(outcome.snapshot.counters.matchedLabels == 3_000)
        #expect(join.counts.expiredPredictions == 0)
    }
}
