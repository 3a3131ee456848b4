/// One feature's values over the rows of a ``ReferenceSample``, stored by column: finite numbers
/// in a `[Double]`, every other value as a small code into the column's distinct values.
///
/// Rows where the feature is absent cost nothing until a later row has it (both arrays grow
/// lazily), and a numeric column holds no codes at all: a wide reference of numbers costs
/// 8 bytes per value instead of a `Feature` with its name.
struct ReferenceColumn: Sendable {
    /// Per row, the finite number, else NaN; shorter than the rows when the last rows hold none.
    private(set) var numbers: [Double] = []
    /// Per row, 0 for a finite number or an absent value, else 1 + the index in ``others``;
    /// shorter than the rows when the last rows hold no other value.
    private(set) var codes: [UInt32] = []
    /// The distinct values that are not finite numbers, in order of first appearance.
    private(set) var others: [FeatureValue] = []
    private var codeByOther: [FeatureValue: UInt32] = [:]
    /// NaN is never equal to itself, so it gets one code of its own rather than one per row.
    private var nanCode: UInt32 = 0
    private var lastRow = -1

    /// Sets the value of `row`; rows come in ascending order, and a second value for the same
    /// row (a repeated feature name) is ignored, as the first one counts.
    mutating func set(_ value: FeatureValue, row: Int) {
        guard row > lastRow else { return }
        lastRow = row
        if case .number(let number) = value, number.isFinite {
            if numbers.count < row { numbers.append(contentsOf: repeatElement(.nan, count: row - numbers.count)) }
            numbers.append(number)
            return
        }
        if codes.count < row { codes.append(contentsOf: repeatElement(0, count: row - codes.count)) }
        codes.append(code(of: value))
    }

    /// Appends the rows of `later`, a column of the rows that follow this one's `rows` rows: the
    /// column one would have had setting all of them in order. Its other values keep their
    /// order of first appearance: this column's first, then those `later` adds.
    mutating func append(_ later: borrowing ReferenceColumn, after rows: Int) {
        // Grown to the rows' exact number, not doubled: the column is complete.
        if !later.numbers.isEmpty {
            numbers.reserveCapacity(rows + later.numbers.count)
            if numbers.count < rows { numbers.append(contentsOf: repeatElement(.nan, count: rows - numbers.count)) }
            numbers.append(contentsOf: later.numbers)
        }
        if !later.codes.isEmpty {
            // Each of `later`'s codes as this column numbers its value.
            var mapped: [UInt32] = [0]
            mapped.reserveCapacity(later.others.count + 1)
            for value in later.others { mapped.append(code(of: value)) }
            codes.reserveCapacity(rows + later.codes.count)
            if codes.count < rows { codes.append(contentsOf: repeatElement(0, count: rows - codes.count)) }
            for code in later.codes { codes.append(mapped[Int(code)]) }
        }
        if later.lastRow >= 0 { lastRow = rows + later.lastRow }
    }

    private mutating func code(of value: FeatureValue) -> UInt32 {
        if case .number(let number) = value, number.isNaN {
            if nanCode == 0 {
                others.append(value)
                nanCode = UInt32(others.count)
            }
            return nanCode
        }
        if let code = codeByOther[value] { return code }
        others.append(value)
        let code = UInt32(others.count)
        codeByOther[value] = code
        return code
    }

    /// The finite number of `row`, or `nil`.
    @inline(__always)
    func number(at row: Int) -> Double? {
        guard row < numbers.count else { return nil }
        let number = numbers[row]
        return number.isNaN ? nil : number
    }

    /// The code of `row` (0: a finite number or absent).
    @inline(__always)
    func code(at row: Int) -> UInt32 { row < codes.count ? codes[row] : 0 }

    /// The value of `row` as read, `nil` when the row lacks the feature.
    func value(at row: Int) -> FeatureValue? {
        if let number = number(at: row) { return .number(number) }
        let code = code(at: row)
        return code > 0 ? others[Int(code) - 1] : nil
    }

    /// The finite numbers, in row order.
    var finiteNumbers: [Double] {
        var result: [Double] = []
        result.reserveCapacity(numbers.count)
        for number in numbers where !number.isNaN { result.append(number) }
        return result
    }

    /// Numeric when every value present is a number and there are more than `maximumDistinct`
    /// distinct ones; otherwise categorical (bools and strings always are).
    func isNumeric(maximumDistinct: Int) -> Bool {
        var distinct = Set<Double>()
        var sawNumber = false
        for value in others {
            switch value {
            case .string, .bool: return false
            case .number(let number):
                sawNumber = true
                distinct.insert(number)
            case .null, .invalidNumber, .unsupported: continue
            }
        }
        for number in numbers where !number.isNaN {
            sawNumber = true
            if distinct.count > maximumDistinct { break }
            distinct.insert(number)
        }
        return sawNumber && distinct.count > maximumDistinct
    }
}

extension ReferenceColumn: Equatable {
    /// The same values row for row (numbers by their bits: NaN marks an absent number). Here,
    /// where the lookups are visible, for the checks that a file read in parts gives the columns
    /// of reading it in order.
    static func == (lhs: ReferenceColumn, rhs: ReferenceColumn) -> Bool {
        lhs.numbers.map(\.bitPattern) == rhs.numbers.map(\.bitPattern) && lhs.codes == rhs.codes
            && lhs.others == rhs.others && lhs.codeByOther == rhs.codeByOther && lhs.nanCode == rhs.nanCode
            && lhs.lastRow == rhs.lastRow
    }
}
