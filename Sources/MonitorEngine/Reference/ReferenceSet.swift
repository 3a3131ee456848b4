import DriftStats
import Foundation

/// Everything the current data is compared with, fixed once from the reference (log-format.md,
/// "The reference"; statistics.md): monitored features with their kinds, grids, categories and
/// ranges; the score distribution; the positive rates and the performance on labelled rows; the
/// calibration behind estimated performance; and per segment value its own counts when it has
/// enough rows.
///
/// Immutable once built, and a class so that the per-record path hands it around with one
/// reference count instead of copying a dozen arrays' references.
public final class ReferenceSet: Sendable {
    /// A segment value needs this many reference rows to be compared with its own rows.
    public static let minimumSegmentRows = 200
    /// A feature needs more distinct numbers than this to be inferred numeric.
    public static let maximumCategoricalDistinctNumbers = 10

    /// The reference file; `nil` when the first records of the stream serve as reference.
    public let path: String?
    /// Rows read.
    public let rowCount: Int
    /// Lines of the reference file that could not be read (not counted in ``rowCount``).
    public let malformedLines: Int
    /// The monitored features, in configuration order (else in order of first appearance).
    public let features: [FeatureReference]
    /// The reference scores on their grids; `nil` when the reference has no scores.
    public let score: NumericReference?
    /// The grid the stream's scores are counted on: the reference's, else deciles over [0, 1].
    public let scoreGrid: NumericGrid
    /// Isotonic calibration of label on score (CBPE); `nil` without scores and labels of both classes.
    public let calibration: IsotonicCalibration?
    /// The whole reference as one slice.
    public let global: SliceReference
    /// Segment slots seeded with the reference's values, most frequent first.
    public let segmentSlots: SegmentSlots
    /// Per dimension, per slot: the slot's own reference when it has enough rows.
    public let segmentReferences: [[SliceReference?]]

    private let featureIndexByName: [String: Int]

    /// The reference a segment slot is compared with: its own rows, or the whole reference.
    public func reference(dimension: Int, slot: Int) -> SliceReference {
        guard segmentReferences.indices.contains(dimension),
              segmentReferences[dimension].indices.contains(slot),
              let own = segmentReferences[dimension][slot] else { return global }
        return own
    }

    /// The index of a monitored feature in ``features``.
    public func featureIndex(named name: String) -> Int? { featureIndexByName[name] }

    /// Reads a CSV or JSONL reference file with the configuration's field mapping and builds
    /// the reference. Malformed lines are counted and skipped.
    ///
    /// - Throws: ``ReferenceError`` when the file cannot be read or holds no row.
    public static func load(path: String, config: MonitorConfig) throws(ReferenceError) -> ReferenceSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ReferenceError(path: path, problem: exists ? "cannot be read" : "no such file")
        }
        var decoder = RecordDecoder(format: config.format ?? .inferred(fromPath: path), mapping: config.fields)
        var sample = ReferenceSample()
        var malformed = 0
        var record = Record()
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var start = 0
            let count = bytes.count
            while start < count {
                var end = start
                while end < count, bytes[end] != 0x0A { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
                switch decoder.decode(line, into: &record) {
                case .record:
                    sample.add(record)
                case .malformed(.missingField, _):
                    // A reference row may hold only features: the decoder asks for a score or
                    // a label to call a line a log record, but the row is complete.
                    sample.add(record)
                case .malformed:
                    malformed += 1
                case .header, .blank:
                    break
                }
                start = end + 1
            }
        }
        guard sample.count > 0 else {
            throw ReferenceError(path: path, problem: malformed > 0 ? "no rows (\(malformed) malformed lines)" : "no rows")
        }
        return ReferenceSet(sample: sample, config: config, path: path, malformedLines: malformed)
    }

    /// Builds the reference from rows (a file's, or the first records of the stream).
    public init(sample: ReferenceSample, config: MonitorConfig, path: String?, malformedLines: Int = 0) {
        self.path = path
        self.rowCount = sample.count
        self.malformedLines = malformedLines
        let rows = sample.rows

        // Feature names and a per-row value matrix, so each later pass is a plain array walk.
        var names: [String] = config.features ?? []
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = index }
        if config.features == nil {
            for row in rows {
                for feature in row.features where indexByName[feature.name] == nil {
                    indexByName[feature.name] = names.count
                    names.append(feature.name)
                }
            }
        }
        var values = Array(repeating: [FeatureValue?](repeating: nil, count: rows.count), count: names.count)
        for (rowIndex, row) in rows.enumerated() {
            for feature in row.features {
                guard let index = indexByName[feature.name], values[index][rowIndex] == nil else { continue }
                values[index][rowIndex] = feature.value
            }
        }
        featureIndexByName = indexByName

        var features: [FeatureReference] = []
        features.reserveCapacity(names.count)
        for (index, name) in names.enumerated() {
            let column = values[index]
            let kind = config.featureKinds[name].map { $0 == .numeric ? FeatureSnapshot.Kind.numeric : .categorical }
                ?? Self.inferredKind(column)
            switch kind {
            case .numeric:
                let numbers = column.lazy.compactMap { value -> Double? in
                    if case .number(let number)? = value { return number }
                    return nil
                }
                let reference = NumericReference(values: numbers, coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
                features.append(FeatureReference(name: name, numeric: reference, configuredRange: config.ranges[name]))
            case .categorical:
                var frequencies: [String: Int] = [:]
                for value in column {
                    guard let value, let text = Self.categoryText(value) else { continue }
                    frequencies[text, default: 0] += 1
                }
                features.append(FeatureReference(
                    name: name, categorical: CategoricalReference(frequencies: frequencies, topK: config.drift.topCategories)))
            }
        }
        self.features = features

        let scores = rows.compactMap { $0.score }.filter(\.isFinite)
        if scores.isEmpty {
            score = nil
            scoreGrid = Self.uniformScoreGrid(coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
        } else {
            let reference = NumericReference(values: scores, coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
            score = reference
            scoreGrid = reference.grid
        }

        var calibrationScores: [Double] = []
        var calibrationLabels: [Double] = []
        for row in rows {
            guard let score = row.score, score.isFinite, let label = row.label,
                  let positive = BinaryOutcome.isPositive(label, positiveLabel: config.positiveLabel) else { continue }
            calibrationScores.append(score)
            calibrationLabels.append(positive ? 1 : 0)
        }
        calibration = calibrationScores.isEmpty ? nil : IsotonicCalibration(scores: calibrationScores, labels: calibrationLabels)

        let builder = SliceBuilder(features: features, values: values, rows: rows, scoreGrid: scoreGrid, config: config)
        global = builder.slice(rows: Array(rows.indices), scope: .global)

        var slots = SegmentSlots(dimensions: config.segments, maxValues: config.segmentValues)
        var segmentReferences: [[SliceReference?]] = []
        for (dimension, name) in config.segments.enumerated() {
            let column = indexByName[name].map { values[$0] } ?? Array(repeating: nil, count: rows.count)
            var counts: [String: Int] = [:]
            for value in column {
                guard let value, let text = SegmentDimension.text(of: value) else { continue }
                if case .number(let number) = value, !number.isFinite { continue }
                counts[text, default: 0] += 1
            }
            slots.seed(dimension: name, counts: counts)
            let seeded = slots.dimensions[dimension]
            var rowsBySlot = Array(repeating: [Int](), count: seeded.slotCount)
            for (rowIndex, value) in column.enumerated() {
                rowsBySlot[seeded.existingSlot(for: value)].append(rowIndex)
            }
            segmentReferences.append(rowsBySlot.map { slotRows in
                slotRows.count >= Self.minimumSegmentRows ? builder.slice(rows: slotRows, scope: .segment) : nil
            })
        }
        segmentSlots = slots
        self.segmentReferences = segmentReferences
    }

    /// The category a value counts as: strings as written, bools `true`/`false` (whether a
    /// JSON bool or CSV text), numbers as ``SegmentDimension/text(of:)`` renders them.
    public static func categoryText(_ value: FeatureValue) -> String? {
        if case .number(let number) = value, !number.isFinite { return nil }
        return SegmentDimension.text(of: value)
    }

    /// Numeric when every non-null value is a number and there are more than a handful of
    /// distinct ones; otherwise categorical (bools and strings always are).
    static func inferredKind(_ column: [FeatureValue?]) -> FeatureSnapshot.Kind {
        var distinct = Set<Double>()
        var sawNumber = false
        for value in column {
            switch value {
            case .none, .null?, .invalidNumber?, .unsupported?:
                continue
            case .number(let number)?:
                sawNumber = true
                if distinct.count <= maximumCategoricalDistinctNumbers { distinct.insert(number) }
            case .string?, .bool?:
                return .categorical
            }
        }
        return sawNumber && distinct.count > maximumCategoricalDistinctNumbers ? .numeric : .categorical
    }

    /// Deciles and 1/256 cells over [0, 1], for scores when the reference has none.
    static func uniformScoreGrid(coarseBins: Int, fineCells: Int) -> NumericGrid {
        let coarse = (1..<max(coarseBins, 1)).map { Double($0) / Double(max(coarseBins, 1)) }
        let fine = (0...max(fineCells, 1)).map { Double($0) / Double(max(fineCells, 1)) }
        return NumericGrid(coarseEdges: coarse, fineEdges: fine)
    }
}

/// Counts one subset of the reference rows on the whole reference's grids and categories.
private struct SliceBuilder {
    let features: [FeatureReference]
    let values: [[FeatureValue?]]
    let rows: [ReferenceSample.Row]
    let scoreGrid: NumericGrid
    let config: MonitorConfig

    func slice(rows subset: [Int], scope: ReferenceScope) -> SliceReference {
        var numeric: [NumericCounts?] = []
        var categorical: [CategoricalCounts?] = []
        for (index, feature) in features.enumerated() {
            if let reference = feature.numeric {
                var counts = reference.emptyCounts()
                for row in subset {
                    if case .number(let number)? = values[index][row] { counts.record(number) }
                }
                numeric.append(counts)
                categorical.append(nil)
            } else if let reference = feature.categorical {
                var counts = reference.emptyCounts()
                for row in subset {
                    guard let value = values[index][row], let text = ReferenceSet.categoryText(value) else { continue }
                    counts.record(slot: reference.slot(of: text))
                }
                numeric.append(nil)
                categorical.append(counts)
            }
        }
        var scoreCounts = NumericCounts(grid: scoreGrid)
        var display = Array(repeating: 0, count: max(config.scoreBins, 1))
        var decided = 0
        var positives = 0
        var labelled = 0
        var positiveLabels = 0
        var confusion = ConfusionCounts()
        var classes = ClassScoreHistograms()
        for index in subset {
            let row = rows[index]
            if let score = row.score, score.isFinite {
                scoreCounts.record(score)
                display[ScoreDisplay.bin(of: score, bins: display.count)] += 1
            }
            let decision = Decision.of(prediction: row.prediction, score: row.score, config: config)
            if let decision {
                decided += 1
                if decision { positives += 1 }
            }
            if let label = row.label, let actual = BinaryOutcome.isPositive(label, positiveLabel: config.positiveLabel) {
                labelled += 1
                if actual { positiveLabels += 1 }
                if let decision { confusion.record(predictedPositive: decision, actualPositive: actual) }
                if let score = row.score, score.isFinite { classes.record(score: score, actualPositive: actual) }
            }
        }
        var performance: EstimatedPerformance?
        if confusion.total > 0 {
            let metrics = confusion.metrics
            performance = EstimatedPerformance(
                precision: metrics.precision, recall: metrics.recall, f1: metrics.f1,
                accuracy: metrics.accuracy, rocAUC: classes.rocAUC)
        }
        return SliceReference(
            rows: subset.count, scope: scope, numeric: numeric, categorical: categorical,
            score: scoreCounts.count > 0 ? scoreCounts : nil, scoreDisplay: display,
            positiveRate: decided > 0 ? Double(positives) / Double(decided) : nil,
            positiveLabelRate: labelled > 0 ? Double(positiveLabels) / Double(labelled) : nil,
            performance: performance)
    }
}
