import Testing
import Foundation
@testable import DriftStats

/// The multiclass confidence-based estimate against NannyML 0.13.1 on its own multiclass data
/// (Fixtures/make_cbpe_fixtures.py), and by hand (docs/statistics.md, "Estimated performance
/// before labels arrive").
struct MulticlassCBPETests {
    /// The calibration fitted on the fixture's 12,000 reference records, once.
    static let calibration: MulticlassCalibration = {
        let reference = Fixtures.cbpe.reference
        return MulticlassCalibration(classScores: reference.scores, labels: reference.labels)!
    }()

    /// The estimate of analysis records `range`.
    static func estimate(_ range: Range<Int>) -> MulticlassConfidenceEstimate {
        let fixture = Fixtures.cbpe
        var estimate = MulticlassConfidenceEstimate(classCount: fixture.classes.count)
        for i in range {
            estimate.record(scores: fixture.analysisScores(i), predictedClass: fixture.analysis.predicted[i],
                            calibration: calibration)
        }
        return estimate
    }

    @Test("the folds are StratifiedShuffleSplit(10, test_size=0.1, random_state=42)'s")
    func folds() {
        let labels = Fixtures.cbpe.reference.labels.map { $0 == 0 }
        let folds = CalibrationDecision.stratifiedShuffleSplit(labels: labels, splitCount: 10, testShare: 0.1, seed: 42)
        #expect(folds.count == 10)
        for expected in Fixtures.cbpe.folds {
            let fold = folds[expected.split]
            #expect(fold.train.count == expected.trainCount && fold.test.count == expected.testCount)
            #expect(Array(fold.train.prefix(expected.train.count)) == expected.train, "split \(expected.split) train")
            #expect(Array(fold.test.prefix(expected.test.count)) == expected.test, "split \(expected.split) test")
        }
    }

    @Test("NumPy's RandomState and scikit-learn's _approximate_mode are mirrored draw for draw")
    func randomState() {
        var random = NumPyRandomState(seed: 42)
        #expect(random.permutation(10) == [8, 1, 5, 0, 7, 2, 9, 4, 3, 6])
        random = NumPyRandomState(seed: 0)
        #expect(random.permutation(20) == [18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12])
        // The examples of _approximate_mode's docstring.
        random = NumPyRandomState(seed: 0)
        #expect(CalibrationDecision.approximateMode([4, 2], draws: 3, random: &random) == [2, 1])
        random = NumPyRandomState(seed: 0)
        #expect(CalibrationDecision.approximateMode([5, 2], draws: 4, random: &random) == [3, 1])
        random = NumPyRandomState(seed: 0)
        #expect(CalibrationDecision.approximateMode([2, 2, 2, 1], draws: 2, random: &random) == [0, 1, 1, 0])
        random = NumPyRandomState(seed: 42)
        #expect(CalibrationDecision.approximateMode([2, 2, 2, 1], draws: 2, random: &random) == [1, 1, 0, 0])
    }

    @Test("the classes calibrated side by side give the calibration of one thread")
    func calibratingOnSeveralThreadsChangesNothing() {
        let reference = Fixtures.cbpe.reference
        let fits = [1, 2, 3].map { parts in
            Parallel.$forcedParts.withValue(parts) {
                MulticlassCalibration(classScores: reference.scores, labels: reference.labels)
            }
        }
        #expect(fits[0] != nil && fits[0] == fits[1] && fits[0] == fits[2])
    }

    @Test("each class is calibrated or not as NannyML decides")
    func decisions() {
        #expect(Self.calibration.calibrated == Fixtures.cbpe.calibrated)
    }

    @Test("calibrated, normalised probabilities equal NannyML's")
    func probabilities() {
        let fixture = Fixtures.cbpe
        var p: [Double] = []
        for (row, expected) in zip(fixture.probabilityRows, fixture.probabilities) {
            Self.calibration.probabilities(scores: fixture.analysisScores(row), into: &p)
            for c in expected.indices {
                #expect(abs(p[c] - expected[c]) <= 1e-12, "row \(row) class \(c): \(p[c]) vs NannyML's \(expected[c])")
            }
        }
    }

    @Test("per chunk, the estimated metrics agree with NannyML's", arguments: 0..<3)
    func chunk(index: Int) throws {
        let size = Fixtures.cbpe.chunkSize
        let estimate = Self.estimate(index * size ..< (index + 1) * size)
        let expected = Fixtures.cbpe.chunks[index].estimated
        #expect(estimate.count == size)
        // Same expected counts as NannyML's: only the rounding of the sums differs.
        #expect(abs(try #require(estimate.accuracy) - expected.accuracy) <= 1e-9)
        #expect(abs(try #require(estimate.macroPrecision) - expected.macroPrecision) <= 1e-9)
        #expect(abs(try #require(estimate.macroRecall) - expected.macroRecall) <= 1e-9)
        #expect(abs(try #require(estimate.macroF1) - expected.macroF1) <= 1e-9)
        // Binned, ties within a bin counting one half, against NannyML's order of np.argsort: the
        // scores have two decimals, so each has a bin of its own and only the order inside a run
        // of equal scores differs.
        let auc = try #require(estimate.rocAUC)
        #expect(abs(auc - expected.rocAUC) <= 1e-5, "ROC AUC \(auc) vs NannyML's \(expected.rocAUC)")
    }

    @Test("merging two halves equals recording all of them")
    func merge() throws {
        let size = Fixtures.cbpe.chunkSize
        let whole = Self.estimate(0 ..< 2 * size)
        let merged = Self.estimate(0 ..< 1_234) + Self.estimate(1_234 ..< 2 * size)
        #expect(merged.count == whole.count)
        for (a, b) in zip(merged.cells, whole.cells) { #expect(abs(a - b) <= 1e-9) }
        for c in 0..<whole.classCount {
            for (a, b) in zip(merged.expectedPositives[c].weights, whole.expectedPositives[c].weights) {
                #expect(abs(a - b) <= 1e-9)
            }
            for (a, b) in zip(merged.expectedNegatives[c].weights, whole.expectedNegatives[c].weights) {
                #expect(abs(a - b) <= 1e-9)
            }
        }
        let mergedF1 = try #require(merged.macroF1)
        let wholeF1 = try #require(whole.macroF1)
        #expect(abs(mergedF1 - wholeF1) <= 1e-12)
        let mergedAUC = try #require(merged.rocAUC)
        let wholeAUC = try #require(whole.rocAUC)
        #expect(abs(mergedAUC - wholeAUC) <= 1e-12)
    }

    @Test func normalisationAndItsZeroCase() {
        let identity = MulticlassCalibration(calibrations: [nil, nil, nil])
        #expect(identity.probabilities(scores: [0.2, 0.2, 0.4]) == [0.25, 0.25, 0.5])
        let third: Double = 1.0 / 3
        #expect(identity.probabilities(scores: [0, 0, 0]) == [third, third, third])
        // A class calibrated to 0 everywhere leaves the others to share 1.
        let zero = IsotonicCalibration(scores: [0, 1], labels: [0, 0])
        let calibration = MulticlassCalibration(calibrations: [zero, nil, nil])
        let expected: [Double] = [0, 0.5, 0.5]
        #expect(calibration.probabilities(scores: [0.9, 0.05, 0.05]) == expected)
        #expect(identity.probabilities(scores: [.nan, 0.5, 0.5]).allSatisfy { $0.isNaN })
        // Raw scores outside [0, 1] that sum to 1 (all the input check asks) are clipped first:
        // [0, 0.5, 0.75] / 1.25, never a negative expected count.
        #expect(identity.probabilities(scores: [-0.25, 0.5, 0.75]) == [0, 0.4, 0.6])
        #expect(identity.probabilities(scores: [1.5, -0.5, 0]) == [1, 0, 0])
    }

    /// Clipped probabilities are never negative, so a bucket's histogram whose weights would
    /// have cancelled to a total of 0 (and been skipped when buckets merge) keeps its bins: two
    /// buckets merged are the records counted in one.
    @Test func scoresOutsideTheUnitIntervalMergeAsCountedInOne() throws {
        let identity = MulticlassCalibration(calibrations: [nil, nil])
        let records: [(scores: [Double], served: Int)] = [([-0.25, 1.25], 1), ([0.25, 0.75], 1), ([0.6, 0.4], 0)]
        var first = MulticlassConfidenceEstimate(classCount: 2)
        var second = MulticlassConfidenceEstimate(classCount: 2)
        var whole = MulticlassConfidenceEstimate(classCount: 2)
        for (index, record) in records.enumerated() {
            if index < 2 {
                first.record(scores: record.scores, predictedClass: record.served, calibration: identity)
            } else {
                second.record(scores: record.scores, predictedClass: record.served, calibration: identity)
            }
            whole.record(scores: record.scores, predictedClass: record.served, calibration: identity)
        }
        for histogram in first.expectedPositives + first.expectedNegatives {
            #expect(histogram.weights.allSatisfy { $0 >= 0 })
        }
        #expect(first.merged(with: second) == whole)
        #expect(second.merged(with: first) == whole)
        // The first record's class 0 is p = 0 (clipped from −0.25), class 1 is p = 1.
        #expect(first.cells == [0, 0.25, 0, 1.75])
    }

    /// Two records, raw scores kept: [0.5, 0.3, 0.2] served class 0, [0.1, 0.6, 0.3] served class 1.
    @Test func byHand() throws {
        var estimate = MulticlassConfidenceEstimate(classCount: 3)
        let identity = MulticlassCalibration(calibrations: [nil, nil, nil])
        estimate.record(scores: [0.5, 0.3, 0.2], predictedClass: 0, calibration: identity)
        estimate.record(scores: [0.1, 0.6, 0.3], predictedClass: 1, calibration: identity)
        estimate.record(scores: [.nan, 0.6, 0.3], predictedClass: 1, calibration: identity)
        #expect(estimate.count == 2)
        #expect(estimate.cells == [0.5, 0.1, 0, 0.3, 0.6, 0, 0.2, 0.3, 0])
        // Accuracy: the mean probability of the class served, (0.5 + 0.6) / 2.
        #expect(abs(try #require(estimate.accuracy) - 0.55) <= 1e-15)
        // Class 0: TP 0.5, FP 0.5, FN 0.1; class 1: TP 0.6, FP 0.4, FN 0.3; class 2: never
        // served, TP 0, FP 0, FN 0.5 — no precision (NannyML would count 0), recall 0, F1 0.
        #expect(abs(try #require(estimate.macroPrecision) - (0.5 + 0.6) / 2) <= 1e-15)
        let recall: Double = (0.5 / 0.6 + 0.6 / 0.9 + 0) / 3
        let f1: Double = (1.0 / 1.6 + 1.2 / 1.9 + 0) / 3
        #expect(abs(try #require(estimate.macroRecall) - recall) <= 1e-15)
        #expect(abs(try #require(estimate.macroF1) - f1) <= 1e-15)
        // Class 0's AUC: expected positives 0.1 at score 0.1 and 0.5 at 0.5, negatives 0.9 and 0.5:
        // (0.1 · 0.45 + 0.5 · (0.9 + 0.25)) / (0.6 · 1.4).
        let auc0 = try #require(estimate.classROCAUCs[0])
        #expect(abs(auc0 - 0.62 / 0.84) <= 1e-12)
    }

    /// The ROC histograms are keyed by the raw score, NannyML's order, not by the normalised
    /// probability: class 0 calibrated to 0.5 everywhere, class 1 kept raw, so record A (raw
    /// [0.6, 0.9]) has p₀ = 0.5 / 1.4 and record B (raw [0.2, 0.1]) p₀ = 0.5 / 0.6: B is below A
    /// by raw score, above it by probability.
    @Test func rocHistogramsFollowTheRawScore() throws {
        let flat = IsotonicCalibration(scores: [0, 0, 1, 1], labels: [0, 1, 0, 1])
        let calibration = MulticlassCalibration(calibrations: [flat, nil])
        var estimate = MulticlassConfidenceEstimate(classCount: 2)
        estimate.record(scores: [0.6, 0.9], predictedClass: 1, calibration: calibration)
        estimate.record(scores: [0.2, 0.1], predictedClass: 0, calibration: calibration)
        let pA = 0.5 / 1.4
        let pB = 0.5 / 0.6
        let area = pB * (1 - pB) / 2 + pA * ((1 - pB) + (1 - pA) / 2)
        let expected = area / ((pA + pB) * ((1 - pA) + (1 - pB)))
        let auc = try #require(estimate.classROCAUCs[0])
        #expect(abs(auc - expected) <= 1e-12, "class 0's AUC \(auc) vs \(expected)")
    }

    @Test func calibrationDecisionByHand() {
        // One run of four equal scores cut in two bins: each bin gets half the run's one positive.
        #expect(abs(CalibrationDecision.expectedCalibrationError(scores: [0.1, 0.1, 0.1, 0.1], labels: [1, 0, 0, 0],
                                                                 binCount: 2) - 0.15) <= 1e-15)
        #expect(CalibrationDecision.binEdges(length: 25, binCount: 10).count == 12)
        #expect(CalibrationDecision.binEdges(length: 20, binCount: 10).map(\.1) == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20])
        let scores = (0..<200).map { Double($0) / 200 }
        // One label only, or a score that separates the classes (AUC > 0.999): keep the raw score.
        #expect(!CalibrationDecision.needsCalibration(scores: scores, labels: scores.map { _ in true }))
        #expect(!CalibrationDecision.needsCalibration(scores: scores, labels: scores.map { $0 >= 0.5 }))
        // Scores far from the label rates: calibration helps.
        #expect(CalibrationDecision.needsCalibration(scores: scores, labels: scores.indices.map { $0 % 4 == 0 }))
    }

    /// The decision sorts the rows once (the ROC AUC, every fold's fit, the raw test scores) and
    /// merges the folds' calibrated runs; the errors must be those of sorting every part on its
    /// own, bit for bit: scores with two decimals (runs of ties across bin edges), three, and
    /// with a zero among them, over label rates from rare to even.
    @Test("one sort of the rows gives the errors of sorting every part", arguments: [2, 3, 17])
    func oneSortEqualsSortingEachPart(seed: UInt64) throws {
        var generator = SplitMix64(seed: seed)
        for (rows, decimals, rate) in [(2_000, 2.0, 0.5), (5_000, 3.0, 0.1), (997, 1.0, 0.03), (4_000, 2.0, 0.8)] {
            let scale = pow(10, decimals)
            let scores = (0..<rows).map { _ in (Double(generator.next() % 1_000_000) / 1e6 * scale).rounded() / scale }
            // Labels that follow the score loosely, so that neither error is zero.
            let labels = scores.map { Double(generator.next() % 1_000_000) / 1e6 < rate * (0.5 + $0) }
            let shared = CalibrationDecision.crossValidatedErrors(scores: scores, labels: labels)
            let plain = CalibrationDecision.errorsSortingEachPart(scores: scores, labels: labels)
            let one = try #require(shared, "rows \(rows): no errors")
            let other = try #require(plain)
            #expect(one.raw == other.raw && one.calibrated == other.calibrated,
                    "rows \(rows), \(decimals) decimals: \(one) against \(other)")
            #expect(one.raw > 0 && one.calibrated > 0)
        }
    }
}

