import DriftStats
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything the current data is compared with, fixed once from the reference (docs/log-format.md,
/// "The reference"; docs/statistics.md): monitored features with their kinds, grids, categories and
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

    /// A number no other reference of this process has: how a prepared record names the
    /// reference it was prepared on (``PreparedRecord``) without holding it. A reference
    /// counted on both threads, once a record on each, bounced its count's cache line between
    /// the cores.
    let serial = ReferenceSet.serials.withLock { last in
        last += 1
        return last
    }
    private static let serials = LockedValue<UInt64>(0)

    /// The reference file; `nil` when the first records of the stream serve as reference.
    public let path: String?
    /// Rows read.
    public let rowCount: Int
    /// Lines of the reference file that could not be read (not counted in ``rowCount``).
    public let malformedLines: Int
    /// Whether the rows named more features than a reference holds
    /// (``ReferenceSample/maximumFeatures``): the first ones are monitored.
    public let leftOutFeatures: Bool
    /// The monitored features, in configuration order (else in order of first appearance).
    public let features: [FeatureReference]
    /// The reference scores on their grids; `nil` when the reference has no scores.
    public let score: NumericReference?
    /// The grid the stream's scores are counted on: the reference's, else deciles over [0, 1].
    public let scoreGrid: NumericGrid
    /// Isotonic calibration of label on score (CBPE); `nil` without scores and labels of both classes.
    public let calibration: IsotonicCalibration?
    /// A multiclass or regression model's classes and outputs; `nil` for a binary model.
    public let task: TaskReference?
    /// The whole reference as one slice.
    public let global: SliceReference
    /// Segment slots seeded with the reference's values, most frequent first.
    public let segmentSlots: SegmentSlots
    /// ``segmentSlots``' text slots by their bytes (``SegmentSlots/textTable()``).
    let segmentTexts: CategorySlotTable
    /// Per dimension, per slot: the slot's own reference when it has enough rows.
    public let segmentReferences: [[SliceReference?]]
    /// The PCA behind multivariate drift (docs/statistics.md, "Multivariate drift"); `nil` when
    /// it cannot be fitted, and ``multivariateProblem`` says why.
    public let multivariate: MultivariateReference?
    /// Why there is no ``multivariate``; `nil` when there is one.
    public let multivariateProblem: String?

    private let featureIndexByName: [String: Int]
    /// Per feature, its reading (kind and range as plain values).
    public let readings: [FeatureReading]
    /// Per feature, its grid when numeric (``place(_:into:)``).
    private let grids: [NumericGrid?]
    /// Per feature, its categories' slots (empty for a numeric feature): held apart from the
    /// references so that looking a value up copies no reference.
    private let categorySlotTables: [[String: Int]]
    /// The same slots by bytes, for the common case of ASCII categories.
    private let categorySlots: CategorySlotTable

    /// The reference a segment slot is compared with: its own rows, or the whole reference.
    public func reference(dimension: Int, slot: Int) -> SliceReference {
        guard segmentReferences.indices.contains(dimension),
              segmentReferences[dimension].indices.contains(slot),
              let own = segmentReferences[dimension][slot] else { return global }
        return own
    }

    /// The index of a monitored feature in ``features``.
    public func featureIndex(named name: String) -> Int? { featureIndexByName[name] }

    /// Reads one record's value of every monitored feature, in ``features`` order, replacing
    /// the contents of `observations`.
    ///
    /// - Parameters:
    ///   - features: the record's features.
    ///   - positions: per monitored feature, the position of its value in `features`, or a
    ///     negative number when the record lacks it.
    public func read(_ features: borrowing [Feature], positions: borrowing [Int], into observations: inout [FeatureObservation]) {
        let count = Swift.min(positions.count, readings.count, categorySlotTables.count)
        if observations.count != count {
            observations.removeAll(keepingCapacity: true)
            observations.append(contentsOf: repeatElement(.missing, count: count))
        }
        // Through buffers: an element read through an array's subscript is copied (its text
        // and table retained and released) before it is passed on, and an append checks the
        // array's uniqueness and capacity every time.
        features.withUnsafeBufferPointer { values in
            readings.withUnsafeBufferPointer { readings in
                categorySlotTables.withUnsafeBufferPointer { tables in
                    positions.withUnsafeBufferPointer { positions in
                        observations.withUnsafeMutableBufferPointer { observations in
                            for index in 0..<count {
                                let position = positions[index]
                                guard position >= 0, position < values.count else {
                                    observations[index] = .missing
                                    continue
                                }
                                let reading = readings[index]
                                if !reading.isNumeric, case .string(let text) = values[position].value {
                                    switch categorySlots.lookup(feature: index, text) {
                                    case .slot(let slot):
                                        observations[index] = .category(slot)
                                        continue
                                    case .unseen:
                                        observations[index] = .category(nil)
                                        continue
                                    case .undecided:
                                        break
                                    }
                                }
                                observations[index] = FeatureObservation(
                                    values[position].value, reading: reading, categorySlots: tables[index])
                            }
                        }
                    }
                }
            }
        }
    }

    /// Places each numeric observation on its feature's grid (``NumericGrid/placement(of:)``),
    /// once for a record counted in several slices; other observations get a placement unused.
    public func place(_ observations: borrowing [FeatureObservation], into placements: inout [NumericPlacement]) {
        let count = Swift.min(observations.count, grids.count)
        if placements.count != count {
            placements.removeAll(keepingCapacity: true)
            placements.append(contentsOf: repeatElement(NumericPlacement(), count: count))
        }
        observations.withUnsafeBufferPointer { observations in
            grids.withUnsafeBufferPointer { grids in
                placements.withUnsafeMutableBufferPointer { placements in
                    for index in 0..<count {
                        if case .number(let value, _) = observations[index], let grid = grids[index] {
                            placements[index] = grid.placement(of: value)
                        }
                    }
                }
            }
        }
    }

    /// Reads a CSV or JSONL reference file with the configuration's field mapping and builds
    /// the reference. Malformed lines are counted and skipped.
    ///
    /// A large file is read in parts, one per core, cut at line ends: each part's rows are
    /// decoded into a sample of their own (a CSV part's decoder first reads the file's header),
    /// and the samples are put end to end, which gives the sample of reading the file in order.
    ///
    /// - Throws: ``ReferenceError`` when the file cannot be read or holds no row.
    public static func load(path: String, config: MonitorConfig) throws(ReferenceError) -> ReferenceSet {
        let (sample, malformed) = try sample(ofFile: path, config: config)
        return ReferenceSet(sample: sample, config: config, path: path, malformedLines: malformed)
    }

    /// The rows of a reference file and its malformed lines, read as ``load(path:config:)`` says.
    static func sample(ofFile path: String, config: MonitorConfig) throws(ReferenceError)
        -> (sample: ReferenceSample, malformed: Int) {
        let decoder = RecordDecoder(format: config.format ?? .inferred(fromPath: path), mapping: config.readMapping)
        // Task-local values do not reach the parts' threads.
        let pieceBytes = pieceBytes
        // Each part's columns grow on their own, so the parts hold about twice the rows' memory
        // at their peak: a file larger than `largestFileInParts` is read in order (the 51 MB
        // reference of 100 features: 131 MB of peak memory read in order, 172 MB in two parts).
        let size = fileSize(path) ?? 0
        let starts = partStarts(
            ofFile: path, parts: size <= largestFileInParts ? Parallel.parts(forItems: size, minimumPerPart: 1 << 20) : 1)
        var parts = [(sample: ReferenceSample, malformed: Int)?](repeating: nil, count: starts.count)
        parts.withUnsafeMutableBufferPointer { parts in
            Parallel.forEach(starts.count) { part in
                var decoder = decoder
                let end = part + 1 < starts.count ? starts[part + 1] : nil
                if part > 0, !prime(&decoder, withStartOf: path, before: starts[part], pieceBytes: pieceBytes) { return }
                parts[part] = readSample(of: path, from: starts[part], to: end, decoder: decoder, pieceBytes: pieceBytes)
            }
        }
        var sample = ReferenceSample()
        var malformed = 0
        // A part that could not be read, a CSV header past the first part, or a later part that
        // met the feature limit on its own (it may have left out a feature an earlier part has):
        // read in order.
        if parts.contains(where: { $0 == nil }) || parts.dropFirst().contains(where: { $0!.sample.leftOutFeatures }) {
            parts = []
            guard let whole = readSample(of: path, from: 0, to: nil, decoder: decoder, pieceBytes: pieceBytes) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw ReferenceError(path: path, problem: exists ? "cannot be read" : "no such file")
            }
            (sample, malformed) = whole
        } else {
            for index in parts.indices {
                // Taken out of `parts`, so that the part's columns are held once and let go one at a time.
                var part = parts[index].take()!
                malformed += part.malformed
                if index == 0 { swap(&sample, &part.sample) } else { sample.append(emptying: &part.sample) }
            }
        }
        guard sample.count > 0 else {
            throw ReferenceError(path: path, problem: malformed > 0 ? "no rows (\(malformed) malformed lines)" : "no rows")
        }
        return (sample, malformed)
    }

    /// The largest reference file read in parts: 32 MiB.
    static let largestFileInParts = 32 << 20

    /// The rows of the file's lines from byte `start` to `end` (the end of the file when `nil`),
    /// decoded by `decoder`; `nil` when the file cannot be read.
    private static func readSample(of path: String, from start: Int, to end: Int?, decoder: RecordDecoder,
                                   pieceBytes: Int) -> (sample: ReferenceSample, malformed: Int)? {
        var decoder = decoder
        var sample = ReferenceSample()
        var malformed = 0
        var record = Record()
        let read = forEachLine(ofFile: path, pieceBytes: pieceBytes, from: start, to: end) { line in
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
            return true
        }
        return read ? (sample, malformed) : nil
    }

    /// Readies a decoder for the lines from byte `start` on as reading the file from its start
    /// would leave it: past the first line (a byte order mark is skipped there only) and, for
    /// CSV, past the header. False when the file has no header before `start`, or cannot be read.
    private static func prime(_ decoder: inout RecordDecoder, withStartOf path: String, before start: Int,
                              pieceBytes: Int) -> Bool {
        var primed = false
        var record = Record()
        // Small reads: the first lines are all it takes, mostly.
        let read = forEachLine(ofFile: path, pieceBytes: min(pieceBytes, 64 << 10), from: 0, to: start) { line in
            let outcome = decoder.decode(line, into: &record)
            if decoder.format == .jsonl { primed = true } else if case .header = outcome { primed = true }
            return !primed
        }
        return read && primed
    }

    /// The size of the file at `path`, `nil` when it is not a regular file.
    private static func fileSize(_ path: String) -> Int? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// Where each of `parts` parts of the file starts: 0, then the byte after the first newline
    /// at or past each even share of its size. Fewer when parts would be empty.
    static func partStarts(ofFile path: String, parts: Int) -> [Int] {
        guard parts > 1, let size = fileSize(path), size > 0 else { return [0] }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [0] }
        defer { close(descriptor) }
        var starts = [0]
        var window = [UInt8](repeating: 0, count: 64 << 10)
        for part in 1 ..< parts {
            var offset = max(size / parts * part, starts[starts.count - 1])
            var found: Int?
            while found == nil, offset < size {
                let count = window.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                found = window.withUnsafeBytes { bytes in
                    memchr(bytes.baseAddress!, 0x0A, count).map { offset + bytes.baseAddress!.distance(to: UnsafeRawPointer($0)) }
                }
                offset += count
            }
            guard let newline = found, newline + 1 < size else { break }
            if newline + 1 > starts[starts.count - 1] { starts.append(newline + 1) }
        }
        return starts
    }

    /// A feature's reference from its column: numeric or categorical as the configuration
    /// says, else as the column looks; a categorical feature's category frequencies with it.
    private static func feature(
        named name: String, column: ReferenceColumn, rows rowCount: Int, config: MonitorConfig
    ) -> (reference: FeatureReference, frequencies: [String: Int]?) {
        let kind = config.featureKinds[name].map { $0 == .numeric ? FeatureSnapshot.Kind.numeric : .categorical }
            ?? (column.isNumeric(maximumDistinct: maximumCategoricalDistinctNumbers) ? .numeric : .categorical)
        switch kind {
        case .numeric:
            let reference = NumericReference(
                finiteValues: column.finiteNumbers, coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
            return (FeatureReference(name: name, numeric: reference, configuredRange: config.ranges[name]), nil)
        case .categorical:
            let counts = categoryFrequencies(column, rows: rowCount)
            return (FeatureReference(
                name: name, categorical: CategoricalReference(frequencies: counts, topK: config.drift.topCategories)), counts)
        }
    }

    /// The size of one read of the reference file: 4 MiB; smaller for checks that lines come
    /// out whole wherever a read ends (tests, the fuzz harness).
    @TaskLocal package static var pieceBytes = 4 << 20

    /// Calls `body` with each line of the file at `path` from byte `start` (a line's first) to
    /// `end` (just past a newline, or the end of the file when `nil`), without its newline (the
    /// last line also when no newline ends it), until `body` returns false. Read `pieceBytes` at
    /// a time (a longer line grows the buffer): the file is never held whole, so memory is the
    /// rows' columns, not their text as well. False when the file cannot be opened or read.
    static func forEachLine(ofFile path: String, pieceBytes: Int, from start: Int, to end: Int?,
                            _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        if start > 0, lseek(descriptor, off_t(start), SEEK_SET) < 0 { return false }
        var left = end.map { $0 - start } ?? Int.max
        var buffer = [UInt8](repeating: 0, count: max(pieceBytes, 1))
        var held = 0
        // Bytes of the held part line already searched for a newline (none there).
        var searched = 0
        var going = true
        while going {
            if held == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let wanted = min(buffer.count - held, left)
            let count = wanted == 0 ? 0 : buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + held, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                return false
            }
            left -= count
            let end = held + count
            let consumed = buffer.withUnsafeBytes { bytes -> Int in
                var start = 0
                var from = searched
                while going, from < end, let newline = memchr(bytes.baseAddress! + from, 0x0A, end - from) {
                    let stop = bytes.baseAddress!.distance(to: UnsafeRawPointer(newline))
                    going = body(UnsafeRawBufferPointer(rebasing: bytes[start..<stop]))
                    start = stop + 1
                    from = start
                }
                if going, count == 0, start < end {
                    going = body(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
                    start = end
                }
                return start
            }
            if count == 0 { return true }
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { bytes in
                    let rest = end - consumed
                    if rest > 0 { memmove(bytes.baseAddress!, bytes.baseAddress! + consumed, rest) }
                }
            }
            held = end - consumed
            searched = held
        }
        return true
    }

    /// Builds the reference from rows (a file's, or the first records of the stream).
    public init(sample: ReferenceSample, config: MonitorConfig, path: String?, malformedLines: Int = 0) {
        self.path = path
        leftOutFeatures = config.features == nil && sample.leftOutFeatures
        self.rowCount = sample.count
        self.malformedLines = malformedLines
        let rowCount = sample.count

        let names: [String] = config.features ?? sample.names
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = index }
        featureIndexByName = indexByName
        let columns = names.map { sample.column(named: $0) ?? ReferenceColumn() }

        // Each feature's reference on its own (sorting a numeric column is most of it): the
        // features are split between threads, a column of numbers weighing about three of another.
        var built = [(reference: FeatureReference, frequencies: [String: Int]?)?](repeating: nil, count: names.count)
        let featureParts = Parallel.ranges(
            names.count, parts: Parallel.parts(forItems: names.count * rowCount, minimumPerPart: 50_000),
            weight: { columns[$0].numbers.isEmpty ? 1 : 3 })
        built.withUnsafeMutableBufferPointer { built in
            Parallel.forEach(featureParts.count) { part in
                for index in featureParts[part] {
                    built[index] = Self.feature(named: names[index], column: columns[index], rows: rowCount, config: config)
                }
            }
        }
        let features = built.map { $0!.reference }
        let frequencies = built.map { $0!.frequencies }
        self.features = features
        readings = features.map { FeatureReading(reference: $0) }
        grids = features.map { $0.numeric?.grid }
        categorySlotTables = features.map { $0.categorical?.slotTable ?? [:] }
        categorySlots = CategorySlotTable(slotTables: categorySlotTables)

        var finiteScores: [Double] = []
        finiteScores.reserveCapacity(rowCount)
        for score in sample.scores where score.isFinite { finiteScores.append(score) }
        if finiteScores.isEmpty {
            score = nil
            scoreGrid = Self.uniformScoreGrid(coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
        } else {
            let reference = NumericReference(finiteValues: finiteScores, coarseBins: config.drift.bins, fineCells: config.drift.fineBins)
            score = reference
            scoreGrid = reference.grid
        }

        // The calibration and the task's reference (a regression's loss models, a multiclass
        // model's calibration) beside the segments, slices and PCA: each stretch is what one
        // thread computes, and each splits itself where it can.
        let scoreGrid = scoreGrid
        let categorySlotTables = categorySlotTables
        let readings = readings
        let ((calibration, task), segmented) = Parallel.both({
            var calibrationScores: [Double] = []
            var calibrationLabels: [Double] = []
            for row in 0..<rowCount {
                guard let score = sample.score(at: row), let label = sample.labels[row],
                      let positive = BinaryOutcome.isPositive(label, positiveLabel: config.positiveLabel) else { continue }
                calibrationScores.append(score)
                calibrationLabels.append(positive ? 1 : 0)
            }
            let calibration = calibrationScores.isEmpty
                ? nil : IsotonicCalibration(scores: calibrationScores, labels: calibrationLabels)
            return (calibration, TaskReference(sample: sample, config: config, features: features))
        }, {
            Self.segmented(
                sample: sample, config: config, features: features, readings: readings, columns: columns,
                categorySlotTables: categorySlotTables, frequencies: frequencies, scoreGrid: scoreGrid)
        })
        self.calibration = calibration
        self.task = task
        segmentSlots = segmented.slots
        segmentTexts = segmented.slots.textTable()
        multivariate = segmented.multivariate
        multivariateProblem = segmented.multivariateProblem
        let slices = segmented.slices
        let sliceOfSlot = segmented.sliceOfSlot
        global = slices[0]
        segmentReferences = sliceOfSlot.map { bySlot in bySlot.map { $0 >= 0 ? slices[$0] : nil } }
    }

    /// The segment slots, every slice's reference (the whole reference first) and the PCA.
    private static func segmented(
        sample: ReferenceSample, config: MonitorConfig, features: [FeatureReference], readings: [FeatureReading],
        columns: [ReferenceColumn], categorySlotTables: [[String: Int]], frequencies: [[String: Int]?], scoreGrid: NumericGrid
    ) -> (slots: SegmentSlots, slices: [SliceReference], sliceOfSlot: [[Int]], multivariate: MultivariateReference?,
          multivariateProblem: String?) {
        let rowCount = sample.count
        // Segment slots, and which reference slices each row counts in: the whole reference
        // (slice 0) and, per dimension, its slot's own slice when the slot has enough rows.
        var slots = SegmentSlots(dimensions: config.segments, maxValues: config.segmentValues)
        let dimensions = config.segments.count
        var sliceOfRow = [Int32](repeating: -1, count: rowCount * dimensions)
        var sliceRows = [rowCount]
        var sliceOfSlot: [[Int]] = []
        for (dimension, name) in config.segments.enumerated() {
            let column = sample.column(named: name) ?? ReferenceColumn()
            var counts: [String: Int] = [:]
            for row in 0..<rowCount {
                guard let value = column.value(at: row), let text = SegmentDimension.text(of: value) else { continue }
                if case .number(let number) = value, !number.isFinite { continue }
                counts[text, default: 0] += 1
            }
            slots.seed(dimension: name, counts: counts)
            let seeded = slots.dimensions[dimension]
            var slotOfRow = [Int](repeating: 0, count: rowCount)
            var rowsPerSlot = [Int](repeating: 0, count: seeded.slotCount)
            for row in 0..<rowCount {
                let slot = seeded.existingSlot(for: column.value(at: row))
                slotOfRow[row] = slot
                rowsPerSlot[slot] += 1
            }
            var sliceBySlot = [Int](repeating: -1, count: seeded.slotCount)
            for (slot, rows) in rowsPerSlot.enumerated() where rows >= Self.minimumSegmentRows {
                sliceBySlot[slot] = sliceRows.count
                sliceRows.append(rows)
            }
            for row in 0..<rowCount { sliceOfRow[row * dimensions + dimension] = Int32(sliceBySlot[slotOfRow[row]]) }
            sliceOfSlot.append(sliceBySlot)
        }

        var slices = SliceBuilder(
            features: features, columns: columns, sample: sample, scoreGrid: scoreGrid, config: config,
            sliceRows: sliceRows, sliceOfRow: sliceOfRow, dimensions: dimensions
        ).slices()

        // Multivariate drift: one PCA on the whole reference; each slice's reference rows keep
        // their errors under it, in file order, for the slice's thresholds.
        let fitted = MultivariateReference.fitted(
            features: features, readings: readings, slotTables: categorySlotTables, columns: columns,
            frequencies: frequencies, rowCount: rowCount, excluded: Set(config.segments))
        if fitted.reference != nil {
            var perSlice = [[Double]](repeating: [], count: slices.count)
            for row in 0..<rowCount {
                let error = fitted.perRowErrors[row]
                perSlice[0].append(error)
                for dimension in 0..<dimensions {
                    let slice = Int(sliceOfRow[row * dimensions + dimension])
                    if slice > 0, slice < perSlice.count { perSlice[slice].append(error) }
                }
            }
            for index in slices.indices { slices[index].multivariateErrors = ReferenceErrorChunks(errors: perSlice[index]) }
        }
        return (slots, slices, sliceOfSlot, fitted.reference, fitted.problem)
    }

    /// The reference's count per category of a categorical column: each distinct value is
    /// rendered once, not once per row.
    static func categoryFrequencies(_ column: ReferenceColumn, rows: Int) -> [String: Int] {
        var perCode = [Int](repeating: 0, count: column.others.count + 1)
        var perNumber: [Double: Int] = [:]
        for row in 0..<rows {
            if let number = column.number(at: row) {
                perNumber[number, default: 0] += 1
            } else {
                perCode[Int(column.code(at: row))] += 1
            }
        }
        var frequencies: [String: Int] = [:]
        for (index, value) in column.others.enumerated() where perCode[index + 1] > 0 {
            guard let text = categoryText(value) else { continue }
            frequencies[text, default: 0] += perCode[index + 1]
        }
        for (number, count) in perNumber {
            guard let text = categoryText(.number(number)) else { continue }
            frequencies[text, default: 0] += count
        }
        return frequencies
    }

    /// The category a value counts as: strings as written, bools `true`/`false` (whether a
    /// JSON bool or CSV text), numbers as ``SegmentDimension/text(of:)`` renders them.
    public static func categoryText(_ value: FeatureValue) -> String? {
        if case .number(let number) = value, !number.isFinite { return nil }
        return SegmentDimension.text(of: value)
    }

    /// Deciles and 1/256 cells over [0, 1], for scores when the reference has none.
    static func uniformScoreGrid(coarseBins: Int, fineCells: Int) -> NumericGrid {
        let coarse = (1..<max(coarseBins, 1)).map { Double($0) / Double(max(coarseBins, 1)) }
        let fine = (0...max(fineCells, 1)).map { Double($0) / Double(max(fineCells, 1)) }
        return NumericGrid(coarseEdges: coarse, fineEdges: fine)
    }
}
