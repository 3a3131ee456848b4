/// Whether isotonic calibration helps a score: NannyML 0.13.1's `needs_calibration`, reproduced
/// deterministically (docs/statistics.md, "Estimated performance before labels arrive").
///
/// The rule, for the scores of one class against its one-vs-rest labels:
/// 1. keep the raw score when every label is the same, or when the score's ROC AUC is above 0.999;
/// 2. otherwise cut the records ten times with scikit-learn's
///    `StratifiedShuffleSplit(n_splits=10, test_size=0.1, random_state=42)` — mirrored draw for
///    draw: NumPy's legacy `RandomState(42)` (MT19937), its `permutation`, and scikit-learn's
///    `_approximate_mode` — fit the isotonic map on each training part and apply it to its test part;
/// 3. over the ten test parts put together, compare the expected calibration error (ECE) of the raw
///    and of the calibrated scores: the records sorted by the score, cut into 10 bins of equal
///    numbers of records, ECE = Σ_bins (records in bin / records) · |mean score − mean label|;
/// 4. calibrate when the ECE of the raw score is larger than that of the calibrated one.
///
/// One deviation: NannyML sorts with `np.argsort`, whose order among equal scores is unspecified
/// (it depends on NumPy's SIMD sort of the machine), so a bin edge that falls inside a run of
/// equal scores takes an arbitrary part of its labels. Here such a run counts in each bin in
/// proportion to the records of it the bin holds, with the run's mean label — the average over
/// all orders of the run — so the decision depends on the scores only. Scores given with two
/// decimals tie everywhere, and where the two errors are within about 1e-4 the machine's order
/// can flip NannyML's own decision. Where NannyML raises (a label value held by fewer than two
/// records, fewer than two records in either part) the raw score is kept.
public enum CalibrationDecision {
    /// Whether the isotonic map lowers the cross-validated expected calibration error of `scores`.
    ///
    /// - Parameters:
    ///   - scores: the scores of the reference; no NaN.
    ///   - labels: whether each record is of the positive class.
    public static func needsCalibration(scores: [Double], labels: [Bool], binCount: Int = 10,
                                        splitCount: Int = 10, testShare: Double = 0.1,
                                        seed: UInt32 = 42) -> Bool {
        precondition(scores.count == labels.count, "CalibrationDecision: \(scores.count) scores for \(labels.count) labels")
        guard let errors = crossValidatedErrors(scores: scores, labels: labels, binCount: binCount,
                                                splitCount: splitCount, testShare: testShare, seed: seed) else { return false }
        return errors.raw > errors.calibrated
    }

    /// The expected calibration errors of the raw and the calibrated scores over the ten test
    /// parts put together (steps 2 and 3 above); `nil` where the rule keeps the raw score first.
    static func crossValidatedErrors(scores: [Double], labels: [Bool], binCount: Int = 10, splitCount: Int = 10,
                                     testShare: Double = 0.1, seed: UInt32 = 42) -> (raw: Double, calibrated: Double)? {
        let n = scores.count
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < n else { return nil }
        // One sort of the rows serves the ROC AUC, every fold's fit and the raw scores' error.
        let labelValues = labels.map { $0 ? 1.0 : 0.0 }
        // A fit order leaves out NaN scores, which the rule has none of; should one come, every
        // part is sorted on its own, as before.
        guard let order = IsotonicCalibration.fitOrder(scores: scores, labels: labelValues), order.count == n else {
            return errorsSortingEachPart(scores: scores, labels: labels, binCount: binCount,
                                         splitCount: splitCount, testShare: testShare, seed: seed)
        }
        if exactROCAUC(scores: scores, labels: labels, order: order) > 0.999 { return nil }

        let folds = stratifiedShuffleSplit(labels: labels, splitCount: splitCount, testShare: testShare, seed: seed)
        guard !folds.isEmpty else { return nil }
        // Each fold's test rows are taken in score order, so that its calibrated scores, through
        // a map that never decreases, come as one ascending run: the sort of all of them merges
        // ten runs. The raw scores of the test rows are the rows in score order, each as many
        // times as it is in a test part. Either error depends only on the (score, label) pairs,
        // not on their order (labels are 0 or 1: their sums are exact in any order).
        var timesTested = [Int](repeating: 0, count: n)
        var calibrated: [(score: Double, label: Double)] = []
        calibrated.reserveCapacity(folds.count * (folds.first?.test.count ?? 0))
        var included = [Bool](repeating: false, count: n)
        var tested = [Bool](repeating: false, count: n)
        for (train, test) in folds {
            for i in train { included[i] = true }
            let fitted = IsotonicCalibration(scores: scores, labels: labelValues, order: order, including: included)
            for i in train { included[i] = false }
            guard let calibration = fitted else { return nil }
            for i in test {
                tested[i] = true
                timesTested[i] += 1
            }
            for i in order where tested[i] {
                calibrated.append((calibration.probability(at: scores[i]), labelValues[i]))
            }
            for i in test { tested[i] = false }
        }
        var rawScores: [Double] = []
        var rawLabels: [Double] = []
        rawScores.reserveCapacity(calibrated.count)
        rawLabels.reserveCapacity(calibrated.count)
        for i in order {
            for _ in 0 ..< timesTested[i] {
                rawScores.append(scores[i])
                rawLabels.append(labelValues[i])
            }
        }
        calibrated.sort { $0.score < $1.score }
        let raw = expectedCalibrationError(sortedScores: rawScores, sortedLabels: rawLabels, binCount: binCount)
        let after = expectedCalibrationError(sortedScores: calibrated.map(\.score), sortedLabels: calibrated.map(\.label),
                                             binCount: binCount)
        return (raw, after)
    }

    /// ``crossValidatedErrors(scores:labels:binCount:splitCount:testShare:seed:)`` with every
    /// part sorted on its own: where the rows have no common fit order (a score of −0, which
    /// sorts as +0), and, in the tests, the plain computation the one-sort path must equal.
    static func errorsSortingEachPart(scores: [Double], labels: [Bool], binCount: Int = 10, splitCount: Int = 10,
                                      testShare: Double = 0.1, seed: UInt32 = 42) -> (raw: Double, calibrated: Double)? {
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < scores.count else { return nil }
        if exactROCAUC(scores: scores, labels: labels) > 0.999 { return nil }
        let folds = stratifiedShuffleSplit(labels: labels, splitCount: splitCount, testShare: testShare, seed: seed)
        guard !folds.isEmpty else { return nil }
        var testLabels: [Double] = []
        var testScores: [Double] = []
        var calibratedScores: [Double] = []
        for (train, test) in folds {
            guard let calibration = IsotonicCalibration(scores: train.map { scores[$0] },
                                                        labels: train.map { labels[$0] ? 1 : 0 }) else { return nil }
            for i in test {
                testLabels.append(labels[i] ? 1 : 0)
                testScores.append(scores[i])
                calibratedScores.append(calibration.probability(at: scores[i]))
            }
        }
        return (expectedCalibrationError(scores: testScores, labels: testLabels, binCount: binCount),
                expectedCalibrationError(scores: calibratedScores, labels: testLabels, binCount: binCount))
    }

    /// ROC AUC with ties counting one half (`roc_auc_score`); NaN without both classes.
    static func exactROCAUC(scores: [Double], labels: [Bool]) -> Double {
        exactROCAUC(scores: scores, labels: labels, order: scores.indices.sorted { scores[$0] < scores[$1] })
    }

    /// ``exactROCAUC(scores:labels:)`` with the rows already in an `order` of ascending score
    /// (equal scores in any order: each run of them counts as one).
    static func exactROCAUC(scores: [Double], labels: [Bool], order: [Int]) -> Double {
        var negativesBelow = 0.0
        var area = 0.0
        var positives = 0.0
        var i = 0
        while i < order.count {
            var j = i
            var groupPositives = 0.0
            var groupNegatives = 0.0
            while j < order.count && scores[order[j]] == scores[order[i]] {
                if labels[order[j]] { groupPositives += 1 } else { groupNegatives += 1 }
                j += 1
            }
            area += groupPositives * (negativesBelow + groupNegatives / 2)
            negativesBelow += groupNegatives
            positives += groupPositives
            i = j
        }
        return area / (positives * negativesBelow)
    }

    /// NannyML's `_get_bin_index_edges`: `binCount` bins of ⌊length / binCount⌋ records, the last
    /// one taking the rest (fewer bins, of two records, when there are at most 2 · binCount records).
    static func binEdges(length: Int, binCount: Int) -> [(Int, Int)] {
        var bins = binCount
        if length <= 2 * bins { bins = length / 2 }
        guard bins >= 2 else { return [] }
        let width = length / bins
        var edges = Array(stride(from: 0, through: length, by: width))
        edges[edges.count - 1] = length
        return zip(edges, edges.dropFirst()).map { ($0, $1) }
    }

    /// Expected calibration error on bins of equal numbers of records sorted by score; a run of
    /// equal scores cut by a bin edge shares its mean label out in proportion (see the type).
    static func expectedCalibrationError(scores: [Double], labels: [Double], binCount: Int) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        return expectedCalibrationError(sortedScores: order.map { scores[$0] }, sortedLabels: order.map { labels[$0] },
                                        binCount: binCount)
    }

    /// ``expectedCalibrationError(scores:labels:binCount:)`` of scores already in ascending
    /// order, each with its label; labels of 0 or 1 give the same error in any order within a
    /// run of equal scores.
    static func expectedCalibrationError(sortedScores: [Double], sortedLabels: [Double], binCount: Int) -> Double {
        let n = sortedScores.count
        // Runs of equal scores: first position, and labels summed before and within.
        var runStarts: [Int] = []
        var labelsBefore: [Double] = []
        var runLabels: [Double] = []
        var cumulative = 0.0
        var i = 0
        while i < n {
            var j = i
            var sum = 0.0
            while j < n && sortedScores[j] == sortedScores[i] {
                sum += sortedLabels[j]
                j += 1
            }
            runStarts.append(i)
            labelsBefore.append(cumulative)
            runLabels.append(sum)
            cumulative += sum
            i = j
        }
        // Expected labels among the first k sorted records.
        func labelsUpTo(_ k: Int) -> Double {
            if k >= n { return cumulative }
            var low = 0
            var high = runStarts.count - 1
            while low < high {
                let middle = (low + high + 1) >> 1
                if runStarts[middle] <= k { low = middle } else { high = middle - 1 }
            }
            let runEnd = low + 1 < runStarts.count ? runStarts[low + 1] : n
            let inRun = Double(k - runStarts[low])
            return labelsBefore[low] + inRun * runLabels[low] / Double(runEnd - runStarts[low])
        }
        var error = 0.0
        for (left, right) in binEdges(length: n, binCount: binCount) {
            let size = Double(right - left)
            var scoreSum = 0.0
            for k in left..<right { scoreSum += sortedScores[k] }
            let meanLabel = (labelsUpTo(right) - labelsUpTo(left)) / size
            error += size / Double(n) * abs(scoreSum / size - meanLabel)
        }
        return error
    }

    /// The (train, test) index sets of scikit-learn's `StratifiedShuffleSplit(n_splits,
    /// test_size, random_state=seed).split(X, labels)`, in its order; empty where it raises.
    static func stratifiedShuffleSplit(labels: [Bool], splitCount: Int, testShare: Double,
                                       seed: UInt32) -> [(train: [Int], test: [Int])] {
        let n = labels.count
        // np.unique sorts the classes: False (0) before True (1); indices ascending in each.
        let classIndices = [labels.indices.filter { !labels[$0] }, labels.indices.filter { labels[$0] }]
        let classCounts = classIndices.map(\.count)
        let testCount = Int((testShare * Double(n)).rounded(.up))
        let trainCount = n - testCount
        guard classCounts.allSatisfy({ $0 >= 2 }), trainCount >= 2, testCount >= 2 else { return [] }
        var random = NumPyRandomState(seed: seed)
        var folds: [(train: [Int], test: [Int])] = []
        for _ in 0..<splitCount {
            let trainPerClass = approximateMode(classCounts, draws: trainCount, random: &random)
            let remaining = zip(classCounts, trainPerClass).map { $0 - $1 }
            let testPerClass = approximateMode(remaining, draws: testCount, random: &random)
            var train: [Int] = []
            var test: [Int] = []
            for c in classIndices.indices {
                let permutation = random.permutation(classCounts[c])
                let shuffled = permutation.map { classIndices[c][$0] }
                train.append(contentsOf: shuffled[..<trainPerClass[c]])
                test.append(contentsOf: shuffled[trainPerClass[c] ..< trainPerClass[c] + testPerClass[c]])
            }
            random.shuffle(&train)
            random.shuffle(&test)
            folds.append((train, test))
        }
        return folds
    }

    /// scikit-learn's `_approximate_mode`: the counts drawn per class, floors of the proportional
    /// share, the rest given by largest remainder with ties broken by `rng.choice`.
    static func approximateMode(_ classCounts: [Int], draws: Int, random: inout NumPyRandomState) -> [Int] {
        let total = Double(classCounts.reduce(0, +))
        let continuous = classCounts.map { Double($0) / total * Double(draws) }
        var floored = continuous.map { $0.rounded(.down) }
        var needToAdd = Int(Double(draws) - floored.reduce(0, +))
        if needToAdd > 0 {
            let remainder = zip(continuous, floored).map { $0 - $1 }
            for value in Set(remainder).sorted(by: >) {
                let candidates = remainder.indices.filter { remainder[$0] == value }
                let addNow = Swift.min(candidates.count, needToAdd)
                // rng.choice(candidates, addNow, replace=False) = candidates[permutation(count)[:addNow]]
                for k in random.permutation(candidates.count).prefix(addNow) { floored[candidates[k]] += 1 }
                needToAdd -= addNow
                if needToAdd == 0 { break }
            }
        }
        return floored.map { Int($0) }
    }
}

/// NumPy's legacy `RandomState` as far as `StratifiedShuffleSplit` draws from it: MT19937 seeded
/// by `init_genrand`, bounded integers by masked rejection (`random_interval`) and the
/// Fisher-Yates shuffle of `permutation`.
struct NumPyRandomState {
    private var state = [UInt32](repeating: 0, count: 624)
    private var position = 624

    init(seed: UInt32) {
        state[0] = seed
        for i in 1..<624 {
            state[i] = 1_812_433_253 &* (state[i - 1] ^ (state[i - 1] >> 30)) &+ UInt32(i)
        }
    }

    mutating func nextUInt32() -> UInt32 {
        if position == 624 { generate() }
        var y = state.withUnsafeBufferPointer { $0[position] }
        position += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// The next 624 words of the state (MT19937's twist), once every 624 draws.
    private mutating func generate() {
        state.withUnsafeMutableBufferPointer { state in
            @inline(__always)
            func twist(_ i: Int, _ next: Int, _ far: Int) {
                let y = (state[i] & 0x8000_0000) | (state[next] & 0x7FFF_FFFF)
                var value = state[far] ^ (y >> 1)
                if y & 1 != 0 { value ^= 0x9908_B0DF }
                state[i] = value
            }
            for i in 0 ..< 227 { twist(i, i + 1, i + 397) }
            for i in 227 ..< 623 { twist(i, i + 1, i - 227) }
            twist(623, 0, 396)
        }
        position = 0
    }

    /// A uniform integer in 0...max (`random_interval`); `max` below 2^32.
    mutating func interval(_ max: Int) -> Int {
        if max == 0 { return 0 }
        var mask = UInt32(max)
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        while true {
            let value = nextUInt32() & mask
            if value <= UInt32(max) { return Int(value) }
        }
    }

    /// Shuffles in place as `RandomState.shuffle` does a one-dimensional array.
    mutating func shuffle<T>(_ array: inout [T]) {
        array.withUnsafeMutableBufferPointer { array in
            var i = array.count - 1
            while i >= 1 {
                let j = interval(i)
                array.swapAt(i, j)
                i -= 1
            }
        }
    }

    /// `RandomState.permutation(n)`.
    mutating func permutation(_ n: Int) -> [Int] {
        var result = Array(0..<n)
        shuffle(&result)
        return result
    }
}
