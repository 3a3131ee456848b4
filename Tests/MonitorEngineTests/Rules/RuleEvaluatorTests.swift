import DriftStats
import Testing
@testable import MonitorEngine
@testable import MonitorRules

struct RuleEvaluatorTests {
    typealias F = SnapshotFixture

    static let br = SegmentKey(dimension: "country", value: "BR")
    static let de = SegmentKey(dimension: "country", value: "DE")

    /// A stream with two features, and two segments whose numbers differ from the whole stream's.
    static let snapshot = F.snapshot(
        overall: F.slice(features: [
            F.feature("amount", value: 0.31, band: .drift, missing: 0.01, outOfRange: 0.02),
            F.feature("merchant", kind: .categorical, value: 0.04, band: .ok, missing: 0.07, unseen: 0.03),
        ], psi: 0.25, positiveRate: 0.06, precision: 0.62, recall: 0.41, f1: 0.5, auc: 0.88,
           estimatedPrecision: 0.66, referencePrecision: 0.8, p99: 130, errorRate: 0.02),
        segments: [
            F.slice(segment: br, records: 400, features: [F.feature("amount", records: 400, value: 0.9, band: .drift)],
                    psi: 0.5, positiveRate: 0.2, precision: 0.1, p99: 300),
            F.slice(segment: de, records: 600, features: [F.feature("amount", records: 600, value: 0.02, band: .ok)],
                    psi: 0.02, positiveRate: 0.03, precision: 0.9, p99: 20),
        ],
        secondsSinceLastRecord: 42)

    @Test(arguments: [
        (AlertMetric.psiPrediction, 0.25), (.positiveRate, 0.06), (.precision, 0.62), (.recall, 0.41),
        (.f1, 0.5), (.auc, 0.88), (.estimatedPrecision, 0.66), (.latencyP99, 130), (.errorRate, 0.02),
        (.stale, 42),
    ])
    func globalMetricReadsItsNumber(metric: AlertMetric, expected: Double) throws {
        let rule = F.rule(metric, .global, .above(0))
        let measurements = RuleEvaluator().measure(rule, in: Self.snapshot)
        let only = try #require(measurements.count == 1 ? measurements.first : nil)
        #expect(only.scope == "global")
        #expect(only.value == expected)
        #expect(only.hasEnoughData)
        #expect(only.isBreached)
        #expect(only.alertID == "r/global")
    }

    @Test(arguments: [
        (AlertMetric.drift, ["feature:amount": 0.31, "feature:merchant": 0.04]),
        (.missing, ["feature:amount": 0.01, "feature:merchant": 0.07]),
        // Out of range is numeric only, unseen categorical only: the other kind is not listed.
        (.outOfRange, ["feature:amount": 0.02]),
        (.unseen, ["feature:merchant": 0.03]),
    ])
    func anyFeatureMeasuresEveryFeatureOfItsKind(metric: AlertMetric, expected: [String: Double]) {
        let measurements = RuleEvaluator().measure(F.rule(metric, .anyFeature, .above(0.05)), in: Self.snapshot)
        #expect(Dictionary(uniqueKeysWithValues: measurements.map { ($0.scope, $0.value ?? -1) }) == expected)
        #expect(measurements.allSatisfy { $0.feature != nil && $0.segment == nil })
    }

    @Test func featureScopeNamesOneFeatureAndListsAnAbsentOneWithoutValue() {
        let evaluator = RuleEvaluator()
        let present = evaluator.measure(F.rule(.missing, .feature("merchant"), .above(0.05)), in: Self.snapshot)
        #expect(present.map(\.scope) == ["feature:merchant"])
        #expect(present.map(\.isBreached) == [true])
        let absent = evaluator.measure(F.rule(.missing, .feature("nope"), .above(0.05)), in: Self.snapshot)
        #expect(absent.map(\.scope) == ["feature:nope"])
        #expect(absent.first?.value == nil)
        #expect(absent.first?.isBreached == false)
    }

    @Test func anySegmentMeasuresEverySliceAndEveryFeatureOfEverySlice() {
        let evaluator = RuleEvaluator()
        let slices = evaluator.measure(F.rule(.precision, .anySegment, .below(0.3)), in: Self.snapshot)
        #expect(slices.map(\.scope) == ["segment:country=BR", "segment:country=DE"])
        #expect(slices.map(\.value) == [0.1, 0.9])
        #expect(slices.map(\.isBreached) == [true, false])
        #expect(slices.map(\.segment) == [Self.br, Self.de])
        let features = evaluator.measure(F.rule(.drift, .anySegment, .above(0.2)), in: Self.snapshot)
        #expect(features.map(\.scope) == ["segment:country=BR/feature:amount", "segment:country=DE/feature:amount"])
        #expect(features.map(\.isBreached) == [true, false])
    }

    @Test func segmentScopeMeasuresOneSliceOrListsItEmpty() {
        let evaluator = RuleEvaluator()
        let latency = evaluator.measure(F.rule(.latencyP99, .segment(dimension: "country", value: "BR"), .above(120)),
                                        in: Self.snapshot)
        #expect(latency.map(\.scope) == ["segment:country=BR"])
        #expect(latency.first?.value == 300)
        let drift = evaluator.measure(F.rule(.drift, .segment(dimension: "country", value: "BR"), .above(0.2)),
                                      in: Self.snapshot)
        #expect(drift.map(\.scope) == ["segment:country=BR/feature:amount"])
        #expect(drift.first?.value == 0.9)
        let missing = evaluator.measure(F.rule(.errorRate, .segment(dimension: "country", value: "FR"), .above(0.1)),
                                        in: Self.snapshot)
        #expect(missing.map(\.scope) == ["segment:country=FR"])
        #expect(missing.first?.value == nil)
        #expect(missing.first?.isBreached == false)
    }

    @Test func staleIsAStreamMetricNotASegmentOne() {
        let measurements = RuleEvaluator().measure(F.rule(.stale, .anySegment, .above(1)), in: Self.snapshot)
        #expect(measurements.count == 2)
        #expect(measurements.allSatisfy { $0.value == nil && !$0.isBreached })
    }

    @Test func thinWindowsAndUndefinedValuesDoNotFire() {
        let thin = F.snapshot(overall: F.slice(records: 150, features: [
            F.feature("amount", records: 150, value: 0.9, band: .notEnoughData, missing: 0.5),
        ], psi: 0.9, predictionBand: .notEnoughData, positiveRate: 0.9, labelled: 49, precision: 0.01,
           estimatedPrecision: 0.01, p99: 900, errorRate: 0.9))
        let rules: [AlertRule] = [
            F.rule(.drift, .anyFeature, .above(0.2)), F.rule(.missing, .anyFeature, .above(0.05)),
            F.rule(.psiPrediction, .global, .above(0.2)), F.rule(.positiveRate, .global, .above(0.5)),
            F.rule(.precision, .global, .below(0.5)), F.rule(.estimatedPrecision, .global, .below(0.5)),
            F.rule(.latencyP99, .global, .above(100)), F.rule(.errorRate, .global, .above(0.1)),
        ]
        let measurements = RuleEvaluator().measure(rules, in: thin)
        #expect(measurements.count == rules.count)
        #expect(measurements.allSatisfy { !$0.hasEnoughData && !$0.isBreached })

        let undefined = F.snapshot(overall: F.slice(labelled: 1_000, precision: nil, auc: nil, p99: nil))
        let none = RuleEvaluator().measure([F.rule(.precision, .global, .below(0.5)), F.rule(.auc, .global, .below(0.5)),
                                            F.rule(.latencyP99, .global, .above(0))], in: undefined)
        #expect(none.allSatisfy { $0.value == nil && !$0.isBreached })
    }

    @Test func labelMetricsNeedFiftyLabelsByDefault() {
        let rule = F.rule(.precision, .global, .below(0.5))
        for (labelled, breached) in [(49, false), (50, true)] {
            let snapshot = F.snapshot(overall: F.slice(labelled: labelled, precision: 0.1))
            #expect(RuleEvaluator().measure(rule, in: snapshot).first?.isBreached == breached)
        }
    }

    @Test func testMethodsCompareTheirPValueBelowAlpha() {
        let snapshot = F.snapshot(overall: F.slice(features: [
            F.feature("amount", method: "ks", value: 0.01, band: .drift),
            F.feature("hour", method: "ks", value: 0.3, band: .ok),
            F.feature("country", kind: .categorical, method: "chi2", value: 0.049, band: .drift),
        ]))
        let above = RuleEvaluator().measure(F.rule(.drift, .anyFeature, .above(0.2)), in: snapshot)
        #expect(above.map(\.scope) == ["feature:amount", "feature:country", "feature:hour"])
        #expect(above.map(\.threshold) == [.below(0.05), .below(0.05), .below(0.05)])
        #expect(above.map(\.isBreached) == [true, true, false])
        #expect(above.allSatisfy { $0.thresholdSource == .pValue })
        // A rule written as a p-value limit keeps its own.
        let below = RuleEvaluator().measure(F.rule(.drift, .anyFeature, .below(0.001)), in: snapshot)
        #expect(below.map(\.isBreached) == [false, false, false])
        #expect(below.map(\.threshold) == [.below(0.001), .below(0.001), .below(0.001)])
    }

    @Test func equalToTheThresholdDoesNotFire() {
        let measurement = RuleEvaluator().measure(F.rule(.errorRate, .global, .above(0.02)), in: Self.snapshot)
        #expect(measurement.first?.value == 0.02)
        #expect(measurement.first?.isBreached == false)
    }

    @Test func adaptiveThresholdIsMeanPlusThreeSigmaOfReferenceChunks() throws {
        // Chunks 0.02, 0.04, 0.06, 0.08: mean 0.05, σ (ddof 0) = √0.0005 = 0.0223607, limit 0.117082.
        let chunks = ReferenceChunks(values: [
            .init(metric: .drift, scope: "feature:amount"): [0.02, 0.04, 0.06, 0.08],
            .init(metric: .positiveRate, scope: "global"): [0.05, 0.07],
        ])
        let evaluator = RuleEvaluator(referenceChunks: chunks)
        let drift = evaluator.measure(F.rule(.drift, .anyFeature, .above(0.5), adaptive: true), in: Self.snapshot)
        let amount = try #require(drift.first { $0.scope == "feature:amount" })
        #expect(amount.thresholdSource == .adaptive)
        #expect(abs(amount.threshold.value - 0.1170820393249937) < 1e-12)
        #expect(amount.isBreached)  // 0.31 > 0.117, though below the fixed 0.5
        let merchant = try #require(drift.first { $0.scope == "feature:merchant" })
        #expect(merchant.thresholdSource == .adaptiveUnavailable)
        #expect(merchant.threshold == .above(0.5))
        // Below: mean − 3σ = 0.06 − 0.03 = 0.03.
        let rate = evaluator.measure(F.rule(.positiveRate, .global, .below(0.01), adaptive: true), in: Self.snapshot)
        #expect(abs((rate.first?.threshold.value ?? 0) - 0.03) < 1e-12)
        #expect(rate.first?.isBreached == false)
    }

    @Test func defaultRulesCoverTheDocumentedFailures() {
        let without = AlertRule.defaultRules()
        #expect(without.map(\.name) == ["feature drift", "missing values", "prediction drift", "latency p99",
                                        "error rate", "stale stream"])
        let with = AlertRule.defaultRules(referencePrecision: 0.8)
        #expect(with.map(\.name) == ["feature drift", "missing values", "prediction drift", "precision drop",
                                     "estimated precision drop", "latency p99", "error rate", "stale stream"])
        let drop = with[3]
        #expect(drop.metric == .precision)
        #expect(abs(drop.threshold.value - 0.7) < 1e-12)
        #expect(drop.holdFor == .minutes(15))
        // On the fixture: amount drifts, merchant misses 7%, the score drifts, precision 0.62 < 0.7,
        // estimated 0.66 < 0.7; latency 130 ms, 2% errors and 42 s of silence are fine.
        let breached = RuleEvaluator().measure(with, in: Self.snapshot).filter(\.isBreached).map(\.alertID)
        #expect(breached == ["feature drift/feature:amount", "missing values/feature:merchant",
                             "prediction drift/global", "precision drop/global", "estimated precision drop/global"])
        var config = MonitorConfig()
        #expect(AlertRule.rules(of: config, referencePrecision: nil) == without)
        config.alerts = [F.rule(.stale, .global, .above(1))]
        #expect(AlertRule.rules(of: config, referencePrecision: 0.8) == config.alerts)
    }
}

extension RuleEvaluatorTests {
    /// A slice's multivariate drift with the given error and thresholds.
    static func multivariate(_ error: Double?, lower: Double?, upper: Double?, records: Int = 5_000) -> SliceSnapshot {
        var slice = Self.snapshot.overall
        slice.multivariate = MultivariateSnapshot(
            components: 3, features: 7, records: records, error: error, lower: lower, upper: upper, chunkRows: 5_000,
            alert: nil)
        return slice
    }

    @Test func reconstructionErrorFiresOutsideTheReferencesBandWhicheverSideTheRuleNames() {
        let evaluator = RuleEvaluator()
        for side in [AlertRule.Threshold.above(99), .below(0)] {
            let rule = F.rule(.reconstructionError, .global, side)
            for (error, breached, threshold) in [(1.2, false, AlertRule.Threshold.above(1.4)), (1.5, true, .above(1.4)),
                                                 (0.8, true, .below(0.9))] {
                var snapshot = Self.snapshot
                snapshot.overall = Self.multivariate(error, lower: 0.9, upper: 1.4)
                let only = evaluator.measure(rule, in: snapshot).first
                #expect(only?.value == error)
                #expect(only?.threshold == threshold)
                #expect(only?.isBreached == breached)
                #expect(only?.thresholdSource == .adaptive)
            }
        }
        // Without thresholds the rule's own number stands; a thin window never fires.
        var snapshot = Self.snapshot
        snapshot.overall = Self.multivariate(1.5, lower: nil, upper: nil)
        let fallback = evaluator.measure(F.rule(.reconstructionError, .global, .above(1.2)), in: snapshot).first
        #expect(fallback?.isBreached == true)
        #expect(fallback?.thresholdSource == .adaptiveUnavailable)
        snapshot.overall = Self.multivariate(1.5, lower: 0.9, upper: 1.4, records: 10)
        #expect(evaluator.measure(F.rule(.reconstructionError, .global, .above(1.2)), in: snapshot).first?.isBreached == false)
        // A reference without a PCA: no value.
        #expect(evaluator.measure(F.rule(.reconstructionError, .global, .above(1.2)), in: Self.snapshot).first?.value == nil)
    }
}
