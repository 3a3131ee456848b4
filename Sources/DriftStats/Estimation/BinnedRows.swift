/// How one input column of `GradientBoostedTrees` is cut into bins (at most 255, the missing
/// bin included), fixed on the training rows.
struct ColumnBins: Sendable, Hashable {
    /// Whether the column holds category codes rather than numbers.
    let categorical: Bool
    /// Numeric: the upper bound of each value bin, ascending; the last is +∞. A value x falls in
    /// the first bin b with x ≤ `upperBounds[b]`.
    let upperBounds: [Double]
    /// Numeric: the bin of NaN, after the value bins, when the training rows had any.
    let missingBin: Int?
    /// Categorical: the code of each category bin, most frequent first. The bin after them,
    /// `codes.count`, holds everything else (NaN, codes too rare for a bin of their own); it is
    /// never split off on its own, as LightGBM's.
    let codes: [Double]
    /// Categorical: whether training rows fell in the last bin (LightGBM then counts it among
    /// the column's bins when choosing between one-against-rest and ordered splits).
    let hasOtherRows: Bool
    private let codeBins: [Double: Int]
    /// Categorical: the bin of each code 0, 1, 2, … when every code is a whole number below
    /// 4,096 (as category codes are), else empty: read by index rather than hashed.
    private let binOfCode: [Int32]

    /// Bins in all.
    var binCount: Int { categorical ? codes.count + 1 : upperBounds.count + (missingBin == nil ? 0 : 1) }
    /// Numeric: the value bins (the missing bin excluded).
    var valueBinCount: Int { upperBounds.count }

    /// A numeric column by quantiles: each distinct value a bin of its own when they fit,
    /// otherwise bins of about equal counts (a value is never cut in two), with bounds halfway
    /// between neighbouring values, as LightGBM's.
    init(numeric values: [Double], maxBins: Int) {
        var sorted = values.filter { !$0.isNaN }
        let hasMissing = sorted.count < values.count
        RadixSort.sortFinite(&sorted)
        var distinct: [Double] = []
        var counts: [Int] = []
        for value in sorted {
            if let last = distinct.last, last == value {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(value)
                counts.append(1)
            }
        }
        let slots = max(1, maxBins - (hasMissing ? 1 : 0))
        var bounds: [Double] = []
        func halfway(_ a: Double, _ b: Double) -> Double {
            let middle = a + (b - a) / 2
            return middle < b && middle >= a ? middle : a
        }
        if distinct.count <= slots {
            for i in 0 ..< max(0, distinct.count - 1) { bounds.append(halfway(distinct[i], distinct[i + 1])) }
        } else {
            // Greedy: close a bin once it holds its share of the rows left to bin, or when every
            // value left can have a bin of its own.
            var rowsLeft = sorted.count
            var slotsLeft = slots
            var inBin = 0
            for i in 0 ..< distinct.count - 1 where slotsLeft > 1 {
                inBin += counts[i]
                let valuesLeft = distinct.count - 1 - i
                if Double(inBin) * Double(slotsLeft) >= Double(rowsLeft) || valuesLeft <= slotsLeft - 1 {
                    bounds.append(halfway(distinct[i], distinct[i + 1]))
                    rowsLeft -= inBin
                    slotsLeft -= 1
                    inBin = 0
                }
            }
        }
        bounds.append(.infinity)
        categorical = false
        upperBounds = bounds
        missingBin = hasMissing ? bounds.count : nil
        codes = []
        hasOtherRows = false
        codeBins = [:]
        binOfCode = []
    }

    /// A categorical column: a bin per code seen, the most frequent first, up to `maxBins − 1`;
    /// NaN, negative codes and the rarest codes beyond that share the last bin.
    init(categorical values: [Double], maxBins: Int) {
        var counts: [Double: Int] = [:]
        for value in values where value >= 0 { counts[value, default: 0] += 1 }
        let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        codes = ordered.prefix(max(1, maxBins - 1)).map(\.key)
        var bins: [Double: Int] = [:]
        for (bin, code) in codes.enumerated() { bins[code] = bin }
        codeBins = bins
        var table: [Int32] = []
        if let largest = codes.max(), largest < 4_096, codes.allSatisfy({ $0 >= 0 && $0 == $0.rounded() }) {
            table = [Int32](repeating: Int32(codes.count), count: Int(largest) + 1)
            for (bin, code) in codes.enumerated() { table[Int(code)] = Int32(bin) }
        }
        binOfCode = table
        hasOtherRows = values.count > codes.reduce(0) { $0 + counts[$1, default: 0] }
        categorical = true
        upperBounds = []
        missingBin = nil
    }

    /// The bin of a value.
    func bin(_ value: Double) -> Int {
        if categorical {
            // A whole code in the table's range (−0 is 0); anything else is hashed.
            if value >= 0, value < Double(binOfCode.count), value == value.rounded(.towardZero) {
                return Int(binOfCode[Int(value)])
            }
            return codeBins[value] ?? codes.count
        }
        if value.isNaN { return missingBin ?? upperBounds.count - 1 }
        // The first bound ≥ value, halving by a choice rather than a branch (which way a
        // training value goes cannot be predicted): the bound sought lies in
        // base ..< base + count, and the last bound, +∞, is ≥ every value that is not NaN.
        return upperBounds.withUnsafeBufferPointer { bounds in
            var base = 0
            var count = bounds.count
            while count > 1 {
                let half = count / 2
                base = bounds[base + half - 1] < value ? base + half : base
                count -= half
            }
            return base
        }
    }
}

/// Training rows cut into bins: one byte per value, row-major, and where each column's bins
/// start in a histogram of all columns.
struct BinnedRows: Sendable {
    let rowCount: Int
    let columnCount: Int
    let columns: [ColumnBins]
    let bins: [UInt8]
    /// Start of each column's bins in a histogram; the last entry is the total.
    let offsets: [Int]

    /// Bins row-major rows (`rowCount × columnCount` values).
    init(rows: [Double], columnCount: Int, categorical: [Bool], maxBins: Int) {
        precondition(columnCount > 0 && rows.count % columnCount == 0,
                     "BinnedRows: \(rows.count) values are not rows of \(columnCount) columns")
        precondition(categorical.count == columnCount,
                     "BinnedRows: \(categorical.count) categorical flags for \(columnCount) columns")
        let rowCount = rows.count / columnCount
        // Each column binned on its own, the columns split between the cores (its sort is most
        // of it); each part writes its columns' bins column by column, interleaved once after.
        var built = [(binning: ColumnBins, bins: [UInt8])?](repeating: nil, count: columnCount)
        let parts = Parallel.ranges(
            columnCount, parts: Parallel.parts(forItems: columnCount * rowCount, minimumPerPart: 100_000))
        rows.withUnsafeBufferPointer { rows in
            built.withUnsafeMutableBufferPointer { built in
                Parallel.forEach(parts.count) { part in
                    var column = [Double](repeating: 0, count: rowCount)
                    for f in parts[part] {
                        for r in 0 ..< rowCount { column[r] = rows[r * columnCount + f] }
                        let binning = categorical[f] ? ColumnBins(categorical: column, maxBins: maxBins)
                                                     : ColumnBins(numeric: column, maxBins: maxBins)
                        built[f] = (binning, column.map { UInt8(binning.bin($0)) })
                    }
                }
            }
        }
        let columns = built.map { $0!.binning }
        var bins = [UInt8](repeating: 0, count: rows.count)
        bins.withUnsafeMutableBufferPointer { bins in
            for f in 0 ..< columnCount {
                built[f]!.bins.withUnsafeBufferPointer { column in
                    for r in 0 ..< rowCount { bins[r * columnCount + f] = column[r] }
                }
            }
        }
        var offsets = [0]
        for binning in columns { offsets.append(offsets[offsets.count - 1] + binning.binCount) }
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.columns = columns
        self.bins = bins
        self.offsets = offsets
    }
}
