@testable import MonitorEngine
import Testing

struct InputReaderTests {
    /// One label as `poll` handed it over: its time and how far the sources had been read.
    struct SeenLabel: Equatable {
        var time: Double
        var readThrough: Double
    }

    @Test func predictionsAndLabelsAreReadSideBySideInEventTime() throws {
        let directory = try TemporaryDirectory()
        let predictions = directory.file("predictions.jsonl")
        let labels = directory.file("labels.jsonl")
        let padding = String(repeating: "x", count: 300)
        // 10,000 predictions of about 370 bytes (3.7 MB) and their labels 30 s later at about
        // 40 bytes (0.4 MB): read by bytes, in slices of 512 kB, thousands of labels would come
        // before their predictions.
        try writeFile(predictions, (0..<10_000).map {
            #"{"ts":\#($0),"id":"p\#($0)","score":0.5,"features":{"pad":"\#(padding)"}}"# + "\n"
        }.joined())
        try writeFile(labels, ((0..<10_000).map { #"{"ts":\#($0 + 30),"id":"p\#($0)","label":1}"# + "\n" }
            + (0..<4_000).map { #"{"ts":\#(50_000 + $0),"id":"late\#($0)","label":0}"# + "\n" }).joined())
        let reader = try InputReader(
            predictions: [predictions], labels: [labels], format: nil, mapping: FieldMapping(),
            maxLineBytes: 1 << 20, follow: false)
        var newestPrediction = -Double.infinity
        var newest = -Double.infinity
        var outOfOrder = 0
        var seen: [SeenLabel] = []
        var mostAhead = 0
        reader.readToEnd { record in
            let time = record.timestampSeconds!
            if time < newest { outOfOrder += 1 }
            newest = max(newest, time)
            switch record.kind {
            case .prediction:
                newestPrediction = time
            case .label:
                seen.append(SeenLabel(time: time, readThrough: reader.readThroughSeconds))
                // Labels whose prediction has not been handed out yet: those a join would hold.
                if time < 50_000 { mostAhead = max(mostAhead, Int(time - 30 - newestPrediction)) }
            }
        }
        #expect(seen.count == 14_000)
        // Slices of labels run ahead of the predictions, but the records come out in event time.
        #expect(outOfOrder == 0)
        #expect(mostAhead == 0, "\(mostAhead) labels came before their predictions")
        // Each label came out once every source had been read to its time.
        for label in seen.prefix(10_000) where label.readThrough < label.time {
            Issue.record("label at \(label.time) handed out with the sources read through \(label.readThrough) only")
        }
        // Once the predictions are read to their end, only the labels file is left.
        #expect(seen.last == SeenLabel(time: 53_999, readThrough: 53_999))
    }
}
