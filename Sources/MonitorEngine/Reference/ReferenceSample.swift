/// The rows a reference is built from, kept until it is built: the lines of a reference file,
/// or the first `reference_records` prediction records of the stream.
///
/// Only what the reference needs is copied, by column: each feature's values (numbers as
/// `Double`s, other values as codes), the score, the served decision and the label.
public struct ReferenceSample: Sendable {
    /// Most features a reference holds (docs/security.md "Bounded work per record"): every
    /// record costs work per reference feature (its missing rate counts the absent ones), and
    /// the sample a column per feature as long as the rows. A name first seen past this many is
    /// not kept; in the stream it is counted as an unmonitored feature.
    public static let maximumFeatures = 1_000

    /// Rows held.
    public private(set) var count = 0
    /// Whether a row named a feature past ``maximumFeatures``, left out.
    public private(set) var leftOutFeatures = false
    /// Feature names in order of first appearance.
    private(set) var names: [String] = []
    /// The values of the feature `names[i]`.
    private(set) var columns: [ReferenceColumn] = []
    /// Per row, the score (NaN when absent: every use of a score wants a finite one).
    private(set) var scores: [Double] = []
    /// Per row, the served decision as read.
    private(set) var predictions: [FeatureValue?] = []
    /// Per row, the label as read.
    private(set) var labels: [FeatureValue?] = []
    /// Per row, the class probabilities as read (multiclass; empty otherwise).
    private(set) var classScores: [[ClassScore]] = []
    private var columnByName: [String: Int] = [:]
    /// The column of the feature at each position of the last row: rows of one file list their
    /// features in the same order, so a name is compared, not hashed.
    private var columnByPosition: [Int] = []

    /// An empty sample.
    public init() {}

    /// Adds a record's features, score, decision and label as one row.
    public mutating func add(_ record: borrowing Record) {
        let row = count
        for (position, feature) in record.features.enumerated() {
            let column: Int
            if position < columnByPosition.count, names[columnByPosition[position]] == feature.name {
                column = columnByPosition[position]
            } else {
                guard let added = columnIndex(adding: feature.name) else { continue }
                column = added
                if position < columnByPosition.count {
                    columnByPosition[position] = column
                } else {
                    columnByPosition.append(column)
                }
            }
            columns[column].set(feature.value, row: row)
        }
        scores.append(record.score ?? .nan)
        predictions.append(record.prediction)
        labels.append(record.label)
        classScores.append(record.classScores)
        count += 1
    }

    /// Appends the rows of `later`, a sample of the rows that follow these: the sample one
    /// would have had adding all of them in order (its features in order of first appearance,
    /// the same features left out past ``maximumFeatures``), provided `later` left out none of
    /// its own (it cannot know which names come first overall). `later` is left empty, each of
    /// its columns let go once appended, so that the rows are held about once throughout.
    public mutating func append(emptying later: inout ReferenceSample) {
        let rows = count
        var columnOfLater: [Int?] = []
        columnOfLater.reserveCapacity(later.names.count)
        var laterColumns: [ReferenceColumn] = []
        swap(&laterColumns, &later.columns)
        for (index, name) in later.names.enumerated() {
            let column = columnIndex(adding: name)
            columnOfLater.append(column)
            // Moved out of `later` first, so that each column's rows are held once at a time.
            var moved = ReferenceColumn()
            swap(&moved, &laterColumns[index])
            if let column { columns[column].append(moved, after: rows) }
        }
        leftOutFeatures = leftOutFeatures || later.leftOutFeatures
        scores.append(contentsOf: later.scores)
        predictions.append(contentsOf: later.predictions)
        labels.append(contentsOf: later.labels)
        classScores.append(contentsOf: later.classScores)
        // Where the last row's features were: a guess checked by name (`add`), kept valid.
        columnByPosition = later.columnByPosition.map { columnOfLater[$0] ?? 0 }
        count += later.count
        later = ReferenceSample()
    }

    /// The column of `name`, added when new; `nil` when new past ``maximumFeatures``.
    private mutating func columnIndex(adding name: String) -> Int? {
        if let index = columnByName[name] { return index }
        guard names.count < Self.maximumFeatures else {
            leftOutFeatures = true
            return nil
        }
        let index = names.count
        names.append(name)
        columns.append(ReferenceColumn())
        columnByName[name] = index
        return index
    }

    /// The column of a feature, `nil` when no row has it.
    func column(named name: String) -> ReferenceColumn? {
        columnByName[name].map { columns[$0] }
    }

    /// The score of `row` when it is finite.
    @inline(__always)
    func score(at row: Int) -> Double? {
        let score = scores[row]
        return score.isFinite ? score : nil
    }
}
