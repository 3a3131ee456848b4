import DriftStats

/// The counts of the four layers for one slice (the whole stream or one segment value) in one
/// bucket of event time. Every statistic of a snapshot is a function of these, summed over the
/// window's buckets.
public struct SliceCounts: Sendable, Mergeable {
    // Infrastructure: every prediction line, failed ones included.
    public var requests = 0
    /// Requests whose status is not a success.
    public var errors = 0
    public var latency = LatencySketch()

    // Input layer: records that take part in the other layers (not failed without a score,
    // not a second version of an id already served).
    public var records = 0
    /// Per monitored feature, in the reference's order.
    public var features: [FeatureCounts]
    /// Records carrying at least one feature the reference never had.
    public var recordsWithNewFeatures = 0
    /// The sum and count of records' PCA reconstruction errors (multivariate drift: the
    /// window's value is their mean).
    public var reconstructionErrorSum = 0.0
    public var reconstructionErrors = 0

    // Prediction layer.
    public var decided = 0
    public var positives = 0
    public var scored = 0
    public var scoreSum = 0.0
    /// Scores on the reference score grid (PSI, JS, KS of the score).
    public var score: NumericCounts
    /// Scores on the display bins over [0, 1].
    public var scoreDisplay: [Int]
    /// A multiclass or regression model's own prediction and business counts; `nil` for a
    /// binary model.
    public var task: TaskCounts?

    // Business outcomes layer: labels credited to the prediction's bucket.
    public var labelled = 0
    public var positiveLabels = 0
    public var confusion = ConfusionCounts()
    public var classScores = ClassScoreHistograms()
    public var businessValue = 0.0
    /// CBPE at prediction time; empty without a calibration (stored, not optional, so that
    /// recording does not copy its 16 KB).
    public var expected = ConfidenceEstimate()
    public let hasCalibration: Bool

    /// Per model version (index into the engine's version names).
    public var versions: [VersionCounts] = [] {
        didSet { mayHaveUnfiled = true }
    }
    /// False when every version's confusion counts are filed under a bucket: filing then has
    /// nothing to do, which a running total crediting a late label to each of its slices (a
    /// hundred, most untouched) must learn without summing each slice's versions.
    private var mayHaveUnfiled = false
    /// Whether ``fileUnblocked(under:)`` may have anything to file (false: it would return at
    /// once; an unused slice has no version, so nothing to file either).
    var mayHaveUnfiledCounts: Bool { mayHaveUnfiled }
    /// Whether version counts keep score histograms (the whole stream only).
    public let keepsVersionScores: Bool
    /// The confusion counts of every version (by index) per bucket of event time, by bucket key
    /// (shifted right by `blockShift`): the blocks a versions comparison resamples
    /// (docs/statistics.md, "Versions side by side"). A bucket's own counts are not filed (see
    /// ``confusionBlocks``); a sum of buckets (a window, the running total of a window of all)
    /// files each bucket's, and a late label's, under the label's prediction's bucket. At most
    /// ``maxVersionBlocks``: beyond, adjacent buckets are filed together (the shift grows).
    public private(set) var versionBlocks: [Int64: [ConfusionCounts]] = [:]
    public private(set) var blockShift = 0
    /// Each version's confusion counts over `versionBlocks`.
    private var versionBlockSums: [ConfusionCounts] = []
    /// At most 128 blocks × 16 versions × 32 bytes per slice.
    public static let maxVersionBlocks = 128

    /// Empty counts on a reference's grids and categories.
    public init(reference: ReferenceSet, scoreBins: Int, keepsVersionScores: Bool) {
        features = reference.features.map { FeatureCounts(reference: $0) }
        score = NumericCounts(grid: reference.scoreGrid)
        scoreDisplay = Array(repeating: 0, count: max(scoreBins, 1))
        task = reference.task.map { TaskCounts(reference: $0) }
        hasCalibration = reference.calibration != nil
        self.keepsVersionScores = keepsVersionScores
    }

    /// CBPE at prediction time; `nil` without a calibration.
    public var estimate: ConfidenceEstimate? { hasCalibration ? expected : nil }

    /// Whether anything was counted here (an unused slice holds no count: the shared empty
    /// template, or its own arrays emptied in place).
    public var isUsed: Bool { requests > 0 || labelled > 0 || !versions.isEmpty }

    /// The counts of one version, created on first use.
    public mutating func withVersion(_ index: Int, _ body: (inout VersionCounts) -> Void) {
        while versions.count <= index { versions.append(VersionCounts(keepsScores: keepsVersionScores)) }
        body(&versions[index])
    }

    /// The blocks in bucket order, then what is filed under no bucket (a bucket's own counts)
    /// as one block more.
    public var confusionBlocks: [[ConfusionCounts]] {
        var blocks = versionBlocks.keys.sorted().map { versionBlocks[$0]! }
        if let rest = unblocked { blocks.append(rest) }
        return blocks
    }

    /// Each version's counts not filed under a bucket; `nil` when there are none.
    private var unblocked: [ConfusionCounts]? {
        // Without allocating: a late label passes every slice of its bucket here.
        var filed = true
        for index in versions.indices where versions[index].confusion.total != (index < versionBlockSums.count ? versionBlockSums[index].total : 0) {
            filed = false
            break
        }
        if filed { return nil }
        var any = false
        let rest = versions.indices.map { index in
            let inBlocks = index < versionBlockSums.count ? versionBlockSums[index] : ConfusionCounts()
            let version = versions[index].confusion
            let rest = ConfusionCounts(
                truePositives: version.truePositives - inBlocks.truePositives,
                falsePositives: version.falsePositives - inBlocks.falsePositives,
                falseNegatives: version.falseNegatives - inBlocks.falseNegatives,
                trueNegatives: version.trueNegatives - inBlocks.trueNegatives)
            if rest.total > 0 { any = true }
            return rest
        }
        return any ? rest : nil
    }

    /// Files the counts under no bucket under bucket `key`: what ``unblocked`` holds is added to
    /// the block and to the sums, in place (a late label passes here for each of its slices).
    public mutating func fileUnblocked(under key: Int64) {
        guard mayHaveUnfiled else { return }
        mayHaveUnfiled = false
        var filed = true
        for index in versions.indices where versions[index].confusion.total != (index < versionBlockSums.count ? versionBlockSums[index].total : 0) {
            filed = false
            break
        }
        if filed { return }
        while versionBlockSums.count < versions.count { versionBlockSums.append(ConfusionCounts()) }
        let blocks = versionBlocks.count
        // One lookup: the block is changed in place, created when new.
        Self.addUnfiled(of: versions, to: &versionBlocks[key >> Int64(blockShift), default: []], sums: &versionBlockSums)
        // Only a new block can take the blocks past their bound.
        if versionBlocks.count > blocks { while versionBlocks.count > Self.maxVersionBlocks { coarsen() } }
    }

    /// Adds each version's counts not yet in `sums` to `block` (as long as the longer of it and
    /// the versions, as `adding` leaves it) and to `sums`.
    private static func addUnfiled(of versions: [VersionCounts], to block: inout [ConfusionCounts], sums: inout [ConfusionCounts]) {
        while block.count < versions.count { block.append(ConfusionCounts()) }
        for index in versions.indices {
            let version = versions[index].confusion
            let inBlocks = sums[index]
            let rest = ConfusionCounts(
                truePositives: version.truePositives - inBlocks.truePositives,
                falsePositives: version.falsePositives - inBlocks.falsePositives,
                falseNegatives: version.falseNegatives - inBlocks.falseNegatives,
                trueNegatives: version.trueNegatives - inBlocks.trueNegatives)
            // Counts only grow, and the sums are of what they held: never negative.
            assert(rest.truePositives >= 0 && rest.falsePositives >= 0 && rest.falseNegatives >= 0 && rest.trueNegatives >= 0)
            block[index] = block[index] + rest
            sums[index] = inBlocks + rest
        }
    }

    private mutating func file(_ counts: [ConfusionCounts], under shiftedKey: Int64) {
        versionBlocks[shiftedKey] = Self.adding(versionBlocks[shiftedKey] ?? [], counts)
        while versionBlocks.count > Self.maxVersionBlocks { coarsen() }
    }

    /// Files adjacent buckets together: the shift grows by one.
    private mutating func coarsen() {
        var coarser: [Int64: [ConfusionCounts]] = [:]
        for (key, counts) in versionBlocks { coarser[key >> 1] = Self.adding(coarser[key >> 1] ?? [], counts) }
        versionBlocks = coarser
        blockShift += 1
    }

    private static func adding(_ lhs: [ConfusionCounts], _ rhs: [ConfusionCounts]) -> [ConfusionCounts] {
        (0..<max(lhs.count, rhs.count)).map { index in
            (index < lhs.count ? lhs[index] : ConfusionCounts()) + (index < rhs.count ? rhs[index] : ConfusionCounts())
        }
    }

    /// Adds bucket `key`'s counts; what is filed under no bucket then is filed under `key`
    /// (a sum's own unfiled counts, none in a window or a running total, would join them).
    public mutating func merge(_ other: SliceCounts, bucket key: Int64) {
        merge(other)
        fileUnblocked(under: key)
    }

    /// Adds another bucket's or slice's counts on the same reference.
    public mutating func merge(_ other: SliceCounts) {
        guard other.isUsed else { return }
        guard isUsed else {
            self = other
            return
        }
        requests += other.requests
        errors += other.errors
        latency.merge(other.latency)
        records += other.records
        for index in features.indices where index < other.features.count { features[index].merge(other.features[index]) }
        recordsWithNewFeatures += other.recordsWithNewFeatures
        reconstructionErrorSum += other.reconstructionErrorSum
        reconstructionErrors += other.reconstructionErrors
        decided += other.decided
        positives += other.positives
        scored += other.scored
        scoreSum += other.scoreSum
        score.merge(other.score)
        for index in scoreDisplay.indices where index < other.scoreDisplay.count { scoreDisplay[index] += other.scoreDisplay[index] }
        if let theirs = other.task { task?.merge(theirs) }
        labelled += other.labelled
        positiveLabels += other.positiveLabels
        confusion.merge(other.confusion)
        classScores.merge(other.classScores)
        businessValue += other.businessValue
        if hasCalibration { expected.merge(other.expected) }
        for (index, version) in other.versions.enumerated() {
            if index < versions.count { versions[index].merge(version) } else { versions.append(version) }
        }
        // Blocks of both, on the coarser of their shifts.
        while blockShift < other.blockShift { coarsen() }
        for (key, counts) in other.versionBlocks { file(counts, under: key >> Int64(blockShift - other.blockShift)) }
        versionBlockSums = Self.adding(versionBlockSums, other.versionBlockSums)
    }
}

extension SliceCounts: Recyclable {
    /// Nothing counted: what every count of a slice goes with (a prediction's request, a
    /// label, a version's counts) is in ``isUsed``, on which merging already relies.
    public var isClear: Bool { !isUsed }

    /// Empty again, in the arrays it has (``Mergeable/reset(to:)``). The versions and their
    /// blocks start over (a bucket creates them on first use).
    public mutating func clear() {
        requests = 0
        errors = 0
        latency.clear()
        records = 0
        features.clearEach()
        recordsWithNewFeatures = 0
        reconstructionErrorSum = 0
        reconstructionErrors = 0
        decided = 0
        positives = 0
        scored = 0
        scoreSum = 0
        score.clear()
        if !Recycling.isZero(scoreDisplay) { Recycling.zero(&scoreDisplay) }
        task.clear()
        labelled = 0
        positiveLabels = 0
        confusion = ConfusionCounts()
        classScores.clear()
        businessValue = 0
        expected.clear()
        if !versions.isEmpty { versions = [] }
        // After `versions`, whose observer sets it.
        mayHaveUnfiled = false
        if !versionBlocks.isEmpty { versionBlocks = [:] }
        blockShift = 0
        if !versionBlockSums.isEmpty { versionBlockSums = [] }
    }
}
