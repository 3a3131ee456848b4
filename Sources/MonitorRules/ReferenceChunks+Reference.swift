import Foundation
import MonitorEngine

extension ReferenceChunks {
    /// The chunk values of the adaptive `rules`, computed the way statistics.md says: the
    /// reference file cut into chunks of `chunkRecords` rows (the window's size), each run
    /// through the engine against the whole `reference` as if it were a window, and each rule
    /// measured on it in every scope. Rows go in file order; a last, shorter chunk is left out.
    ///
    /// Empty (every adaptive rule falls back to its fixed threshold) when no rule is adaptive,
    /// the reference is not a file, it cannot be read, or it gives fewer than two chunks.
    public static func computed(rules: [AlertRule], reference: ReferenceSet, config: MonitorConfig,
                                chunkRecords: Int) -> ReferenceChunks {
        let adaptive = rules.filter(\.adaptive)
        guard !adaptive.isEmpty, chunkRecords > 0, let path = reference.path,
              reference.rowCount >= 2 * chunkRecords,
              let data = FileManager.default.contents(atPath: path) else { return ReferenceChunks() }
        var chunkConfig = config
        chunkConfig.window = .all
        chunkConfig.alerts = []
        let evaluator = RuleEvaluator(settings: config.drift)
        var values: [Key: [Double]] = [:]
        var decoder = RecordDecoder(format: config.format ?? .inferred(fromPath: path), mapping: config.readMapping)
        var record = Record()
        var state = MonitorState(config: chunkConfig, reference: reference)
        var rows = 0
        // Rows carry no time of their own here: one fixed instant puts a chunk in one bucket.
        let instant = 0.0
        func finishChunk() {
            let snapshot = state.snapshot(nowSeconds: instant)
            for measurement in evaluator.measure(adaptive, in: snapshot) where measurement.hasEnoughData {
                guard let value = measurement.value, value.isFinite,
                      let rule = adaptive.first(where: { $0.name == measurement.rule }) else { continue }
                values[Key(metric: rule.metric, scope: measurement.scope), default: []].append(value)
            }
            state = MonitorState(config: chunkConfig, reference: reference)
            rows = 0
        }
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                if case .record = decoder.decode(line, into: &record), record.kind == .prediction {
                    state.ingest(record, arrivalSeconds: instant)
                    rows += 1
                    if rows == chunkRecords { finishChunk() }
                }
                start = end + 1
            }
        }
        return ReferenceChunks(values: values)
    }
}
