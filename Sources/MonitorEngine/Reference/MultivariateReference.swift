import DriftStats

/// The reference side of multivariate drift (docs/statistics.md, "Multivariate drift"; NannyML's
/// data reconstruction): how a record's features become one row of numbers, the PCA fitted on
/// the reference's rows, and the reference rows' own errors in file order, for the thresholds.
///
/// Which features take part: every monitored feature, numeric and categorical, except the
/// segment dimensions (the score, label, prediction and class scores are never features), and
/// except a feature the reference never has a value of (scikit-learn's imputer drops such a
/// column). A numeric value is itself, a missing one the reference mean; a category is its share
/// of the reference rows, counting the rows where it was missing as the most frequent category
/// (NannyML imputes before it encodes), an unseen one 0, a missing one the most frequent one's
/// share. Categories folded into `(other)` (past the top K) share one slot: each counts as the
/// mean share of the categories folded there.
public final class MultivariateReference: Sendable {
    /// How one column is made from a record's observation.
    enum Encoding: Sendable, Hashable {
        case numeric(mean: Double)
        case categorical(shareBySlot: [Double], missing: Double)
    }

    /// The scaler and components.
    public let model: PCAReconstruction
    /// The reference features taking part, indices into ``ReferenceSet/features``.
    public let featureIndices: [Int]
    let encodings: [Encoding]
    /// The whole reference's per-row errors, in file order.
    public let errors: ReferenceErrorChunks
    /// The encodings flattened for the per-record path (an enum holding an array would be
    /// retained and released per value): per column, whether numeric, the value of a missing
    /// observation (mean or most frequent share), and where its shares start in `shares`.
    private let isNumeric: [Bool]
    private let missingValues: [Double]
    private let shareStarts: [Int]
    private let shareCounts: [Int]
    private let shares: [Double]
    /// ``model``'s parameters in one array, and its sizes (the struct is not copied per record).
    private let packed: [Double]
    private let columns: Int
    private let components: Int

    init(model: PCAReconstruction, featureIndices: [Int], encodings: [Encoding], errors: ReferenceErrorChunks) {
        self.model = model
        self.featureIndices = featureIndices
        self.encodings = encodings
        self.errors = errors
        var isNumeric: [Bool] = [], missingValues: [Double] = [], shareStarts: [Int] = [], shareCounts: [Int] = []
        var shares: [Double] = []
        for encoding in encodings {
            shareStarts.append(shares.count)
            switch encoding {
            case .numeric(let mean):
                isNumeric.append(true)
                missingValues.append(mean)
                shareCounts.append(0)
            case .categorical(let slotShares, let missing):
                isNumeric.append(false)
                missingValues.append(missing)
                shareCounts.append(slotShares.count)
                shares += slotShares
            }
        }
        self.isNumeric = isNumeric
        self.missingValues = missingValues
        self.shareStarts = shareStarts
        self.shareCounts = shareCounts
        self.shares = shares
        packed = model.packed
        columns = model.columns
        components = model.componentCount
    }

    /// Writes the record's row (``featureIndices`` order) into `row`, `featureIndices.count` long.
    @inline(__always)
    func encode(_ observations: UnsafeBufferPointer<FeatureObservation>, into row: UnsafeMutableBufferPointer<Double>) {
        featureIndices.withUnsafeBufferPointer { features in
        isNumeric.withUnsafeBufferPointer { isNumeric in
        missingValues.withUnsafeBufferPointer { missingValues in
        shareStarts.withUnsafeBufferPointer { shareStarts in
        shareCounts.withUnsafeBufferPointer { shareCounts in
        shares.withUnsafeBufferPointer { shares in
            for column in 0..<features.count {
                let feature = features[column]
                guard feature < observations.count else {
                    row[column] = missingValues[column]
                    continue
                }
                switch observations[feature] {
                case .number(let value, _) where isNumeric[column]:
                    row[column] = value
                case .category(let slot?) where !isNumeric[column]:
                    row[column] = slot < shareCounts[column] ? shares[shareStarts[column] + slot] : 0
                case .category(nil) where !isNumeric[column]:
                    row[column] = 0
                default:
                    row[column] = missingValues[column]
                }
            }
        }
        }
        }
        }
        }
        }
    }

    /// The record's reconstruction error. `row` and `scratch` are working space the caller
    /// keeps (nothing is allocated once they have their size).
    public func error(of observations: [FeatureObservation], row: inout [Double], scratch: inout [Double]) -> Double {
        if row.count != featureIndices.count { row = [Double](repeating: 0, count: featureIndices.count) }
        observations.withUnsafeBufferPointer { observations in
            row.withUnsafeMutableBufferPointer { encode(observations, into: $0) }
        }
        return row.withUnsafeBufferPointer { row in
            packed.withUnsafeBufferPointer { packed in
                PCAReconstruction.error(of: row, packed: packed, columns: columns, components: components, scratch: &scratch)
            }
        }
    }

    /// Appends the record's row (``featureIndices`` order) to `rows`, for
    /// ``errors(ofRows:count:scratch:into:)``.
    func appendRow(of observations: [FeatureObservation], to rows: inout [Double]) {
        let start = rows.count
        rows.append(contentsOf: repeatElement(0, count: featureIndices.count))
        observations.withUnsafeBufferPointer { observations in
            rows.withUnsafeMutableBufferPointer { rows in
                encode(observations, into: UnsafeMutableBufferPointer(rebasing: rows[start...]))
            }
        }
    }

    /// The reconstruction errors of `count` rows appended by ``appendRow(of:to:)``, into
    /// `errors`: each the error ``error(of:row:scratch:)`` gives its record, to the bit.
    func errors(ofRows rows: [Double], count: Int, scratch: inout [Double], into errors: inout [Double]) {
        if errors.count < count { errors = [Double](repeating: 0, count: count) }
        rows.withUnsafeBufferPointer { rows in
            packed.withUnsafeBufferPointer { packed in
                errors.withUnsafeMutableBufferPointer { errors in
                    PCAReconstruction.errors(ofRows: rows, count: count, packed: packed, columns: columns,
                                             components: components, scratch: &scratch, into: errors)
                }
            }
        }
    }

    /// What a reference without a model says instead (shown in the report and the dashboard).
    public enum Unavailable {
        public static let noFeatures = "the reference has no feature to take part"
        public static let noVariance = "no feature varies in the reference"
        /// 65% of the variance needs every component (one feature, or two unrelated ones): a
        /// record is rebuilt exactly and its error is always 0 (NannyML reports those zeros).
        public static let everyComponent = "65% of the reference's variance needs every component, so every record's error would be 0"

        /// A few words for a screen's row.
        public static func short(_ reason: String) -> String {
            switch reason {
            case noFeatures: "no feature"
            case noVariance: "no feature varies"
            case everyComponent: "every component needed"
            default: reason
            }
        }
    }

    /// Fits the model on the reference's rows; the reason it cannot when it cannot.
    static func fitted(
        features: [FeatureReference], readings: [FeatureReading], slotTables: [[String: Int]],
        columns: [ReferenceColumn], frequencies: [[String: Int]?], rowCount: Int, excluded: Set<String>
    ) -> (reference: MultivariateReference?, perRowErrors: [Double], problem: String?) {
        var indices: [Int] = []
        var encodings: [Encoding] = []
        // Per taking-part column: the value of each distinct non-number code, and of numbers
        // in a categorical column, as the stream's observation of it would be encoded.
        var codeValues: [[Double]] = []
        var numberValues: [[Double: Double]] = []
        for (index, feature) in features.enumerated() where !excluded.contains(feature.name) {
            let column = columns[index]
            let reading = readings[index]
            if feature.numeric != nil {
                let numbers = column.finiteNumbers
                guard !numbers.isEmpty else { continue }
                let mean = numbers.reduce(0, +) / Double(numbers.count)
                indices.append(index)
                encodings.append(.numeric(mean: mean))
                codeValues.append(column.others.map { _ in mean })
                numberValues.append([:])
            } else if let counts = frequencies[index], !counts.isEmpty {
                let table = slotTables[index]
                let slots = (table.values.max() ?? 0) + 1
                var countBySlot = [Double](repeating: 0, count: slots)
                var namesBySlot = [Double](repeating: 0, count: slots)
                var present = 0
                for (name, count) in counts {
                    guard let slot = table[name] else { continue }
                    countBySlot[slot] += Double(count)
                    namesBySlot[slot] += 1
                    present += count
                }
                // scikit-learn's most frequent: the largest count, ties to the smallest value.
                let mode = counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!
                let modeSlot = table[mode.key] ?? 0
                countBySlot[modeSlot] += Double(rowCount - present)
                let shares = (0..<slots).map { namesBySlot[$0] > 0 ? countBySlot[$0] / namesBySlot[$0] / Double(rowCount) : 0 }
                let missing = shares[modeSlot]
                let encoding = Encoding.categorical(shareBySlot: shares, missing: missing)
                func value(_ observation: FeatureObservation) -> Double {
                    switch observation {
                    case .category(let slot?): slot < shares.count ? shares[slot] : 0
                    case .category(nil): 0
                    default: missing
                    }
                }
                indices.append(index)
                encodings.append(encoding)
                codeValues.append(column.others.map { value(FeatureObservation($0, reading: reading, categorySlots: table)) })
                var byNumber: [Double: Double] = [:]
                for number in column.finiteNumbers where byNumber[number] == nil {
                    byNumber[number] = value(FeatureObservation(.number(number), reading: reading, categorySlots: table))
                }
                numberValues.append(byNumber)
            }
        }
        guard !indices.isEmpty else { return (nil, [], Unavailable.noFeatures) }
        let width = indices.count
        // Constants for `row`, which the PCA calls for every row and cell from several threads:
        // the variables it would capture instead are boxed, each read checked for exclusive
        // access at run time (a third of the fitting's instructions).
        let rowIndices = indices, rowEncodings = encodings, rowCodeValues = codeValues, rowNumberValues = numberValues
        func row(_ row: Int, _ values: inout [Double]) {
            for column in 0..<width {
                let source = columns[rowIndices[column]]
                if let number = source.number(at: row) {
                    if case .numeric = rowEncodings[column] {
                        values[column] = number
                    } else {
                        values[column] = rowNumberValues[column][number] ?? 0
                    }
                } else {
                    let code = Int(source.code(at: row))
                    if code > 0 {
                        values[column] = rowCodeValues[column][code - 1]
                    } else {
                        switch rowEncodings[column] {
                        case .numeric(let mean): values[column] = mean
                        case .categorical(_, let missing): values[column] = missing
                        }
                    }
                }
            }
        }
        guard let model = PCAReconstruction(rows: rowCount, columns: width, row: row) else {
            return (nil, [], Unavailable.noVariance)
        }
        guard model.componentCount < width else { return (nil, [], Unavailable.everyComponent) }
        var perRow = [Double](repeating: 0, count: rowCount)
        // Each row's error on its own: the rows are split between threads.
        let parts = Parallel.ranges(rowCount, parts: Parallel.parts(forItems: rowCount * width, minimumPerPart: 200_000))
        perRow.withUnsafeMutableBufferPointer { perRow in
            Parallel.forEach(parts.count) { part in
                var values = [Double](repeating: 0, count: width)
                var scratch: [Double] = []
                for index in parts[part] {
                    row(index, &values)
                    perRow[index] = values.withUnsafeBufferPointer { model.error(of: $0, scratch: &scratch) }
                }
            }
        }
        let reference = MultivariateReference(
            model: model, featureIndices: indices, encodings: encodings, errors: ReferenceErrorChunks(errors: perRow))
        return (reference, perRow, nil)
    }
}
