import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorRules

/// The snapshot judged at every bucket end holds only what the rules read
/// (`snapshot(...forRules: true)`): every metric a rule may name, in every scope, measures the
/// same on it as on the full snapshot, to the last bit, whatever the drift methods and whether
/// the family of tests decides.
@Suite struct RuleSnapshotTests {
    /// Every metric in every scope that expands over the snapshot: the whole stream, each
    /// feature, each segment (and each feature of each segment), each dimension, each class.
    static let rules: [AlertRule] = AlertMetric.known.flatMap { metric -> [AlertRule] in
        var scopes: [AlertScope] = [.global, .anySegment]
        if metric.isPerFeature { scopes.append(.anyFeature) }
        if metric == .fairnessGap { scopes = [.global] }
        return scopes.flatMap { scope -> [AlertRule] in
            let rule = AlertRule(name: "\(metric.name) \(scope)", metric: metric, scope: scope, threshold: .above(0))
            guard metric == .fairnessGap else { return [rule] }
            return FairnessRate.allCases.map { rate in
                var one = rule
                one.name += " \(rate)"
                one.rate = rate
                return one
            }
        }
    }

    /// Rules naming one thing each: a feature, a segment, a dimension and a class of the
    /// snapshot, with every metric that applies.
    static func named(in snapshot: Snapshot) -> [AlertRule] {
        var scopes: [AlertScope] = []
        if let feature = snapshot.overall.features.first?.name { scopes.append(.feature(feature)) }
        if let segment = snapshot.segments.first?.segment {
            scopes.append(.segment(dimension: segment.dimension, value: segment.value))
        }
        scopes.append(.segment(dimension: "country", value: "nowhere"))
        if let dimension = snapshot.dimensions.first { scopes.append(.dimension(dimension)) }
        if let name = snapshot.overall.task?.classes.first { scopes.append(.modelClass(name)) }
        return scopes.flatMap { scope in
            AlertMetric.known.map { metric in
                AlertRule(name: "\(metric.name) \(scope)", metric: metric, scope: scope, threshold: .below(1))
            }
        }
    }

    /// A measurement as text, its value by its bits (a NaN equals itself here).
    static func text(_ measurement: RuleMeasurement) -> String {
        let m = measurement
        return "\(m.rule) \(m.scope) \(m.value.map { String($0.bitPattern) } ?? "nil") \(m.threshold) "
            + "\(m.hasEnoughData) \(m.feature ?? "-") \(m.segment.map { "\($0)" } ?? "-") \(m.thresholdSource.map { "\($0)" } ?? "-")"
    }

    /// Reads `config`'s logs and, at every `every`-th bucket end and at the end, measures every
    /// rule on both snapshots; returns how many measurements had a value.
    @discardableResult
    static func expectSameMeasurements(_ config: MonitorConfig, every: Int = 7) throws -> Int {
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var state = MonitorState(config: config, reference: reference)
        let evaluator = RuleEvaluator(settings: config.drift)
        var ends = 0
        var valued = 0
        var clock = 1_000.0
        func compare(_ state: MonitorState) {
            for segments in [true, false] {
                let full = state.snapshot(nowSeconds: clock, series: false, segments: segments, atCursor: false)
                let lean = state.snapshot(
                    nowSeconds: clock, series: false, segments: segments, atCursor: false, forRules: true)
                // The default rules are drawn from the snapshot (the references' performance).
                var noRules = config
                noRules.alerts = []
                let defaults = AlertRule.rules(
                    of: noRules, referencePrecision: full.overall.performance.reference?.precision, task: full.overall.task)
                let leanDefaults = AlertRule.rules(
                    of: noRules, referencePrecision: lean.overall.performance.reference?.precision, task: lean.overall.task)
                #expect(leanDefaults == defaults)
                #expect(lean.window.records == full.window.records)
                let rules = Self.rules + defaults + Self.named(in: full)
                let expected = evaluator.measure(rules, in: full)
                let measured = evaluator.measure(rules, in: lean)
                #expect(measured.count == expected.count)
                let differing = zip(measured.map(Self.text), expected.map(Self.text)).filter { $0 != $1 }
                #expect(differing.isEmpty, "\(differing.count) differ, first: \(differing.prefix(2))")
                valued += expected.filter { $0.value != nil && $0.hasEnoughData }.count
            }
        }
        try LiveEngineTests.reader(config, follow: false).readToEnd { record in
            clock += 0.001
            if state.bucketEnd(closedBy: record, arrivalSeconds: clock) != nil {
                ends += 1
                if ends % every == 0 { compare(state) }
            }
            state.ingest(record, arrivalSeconds: clock)
        }
        state.settleHeldRecord()
        compare(state)
        #expect(ends > 10)
        return valued
    }

    static func sample(numeric: DriftMethod, categorical: DriftMethod, fdr: Bool) throws -> MonitorConfig {
        var config = try MonitorConfig.load(
            path: PreparedRecordTests.sampleData.appendingPathComponent("modeltop.yaml").path, environment: [:])
        config.drift.numeric = numeric
        config.drift.categorical = categorical
        config.drift.fdr = fdr
        return config
    }

    /// The sample data (two versions, segments, a PCA, a calibration, labels, an hour's window)
    /// with each method, the tests deciding on the family or on their own p-values.
    @Test(arguments: [
        (DriftMethod.psi, DriftMethod.psi, true), (.ks, .chi2, true), (.ks, .chi2, false),
        (.js, .js, true), (.wasserstein, .chi2, true), (.ks, .psi, true),
    ])
    func theSampleDataMeasuresTheSame(numeric: DriftMethod, categorical: DriftMethod, fdr: Bool) throws {
        let config = try Self.sample(numeric: numeric, categorical: categorical, fdr: fdr)
        #expect(try Self.expectSameMeasurements(config, every: 29) > 1_000)
    }

    @Test func aWindowOfAllMeasuresTheSame() throws {
        var config = try Self.sample(numeric: .psi, categorical: .chi2, fdr: true)
        config.window = .all
        #expect(try Self.expectSameMeasurements(config, every: 53) > 1_000)
    }

    @Test(arguments: [ModelTask.multiclass, .regression])
    func aTaskMeasuresTheSame(task: ModelTask) throws {
        var config = TaskStreamTests.config(task)
        config.drift.minRecords = 20
        for methods in [(DriftMethod.psi, DriftMethod.psi), (.ks, .chi2)] {
            config.drift.numeric = methods.0
            config.drift.categorical = methods.1
            #expect(try Self.expectSameMeasurements(config, every: 1) > 10)
        }
    }

    /// What the rules do not read is left out: the snapshot is smaller, not merely equal where
    /// it is read.
    @Test func theRulesSnapshotLeavesOutWhatNoRuleReads() throws {
        let config = try Self.sample(numeric: .psi, categorical: .psi, fdr: true)
        let reference = try ReferenceSet.load(path: try #require(config.reference), config: config)
        var state = MonitorState(config: config, reference: reference)
        var clock = 1_000.0
        try LiveEngineTests.reader(config, follow: false).readToEnd { record in
            clock += 0.001
            state.ingest(record, arrivalSeconds: clock)
        }
        let full = state.snapshot(nowSeconds: clock, series: false, atCursor: false)
        let lean = state.snapshot(nowSeconds: clock, series: false, atCursor: false, forRules: true)
        let amount = try #require(full.overall.feature(named: "amount"))
        let leanAmount = try #require(lean.overall.feature(named: "amount"))
        #expect(amount.ks != nil && amount.wasserstein != nil && !amount.histogram.labels.isEmpty)
        #expect(leanAmount.ks == nil && leanAmount.wasserstein == nil && leanAmount.histogram.labels.isEmpty)
        #expect(leanAmount.psi == amount.psi && leanAmount.band == amount.band)
        #expect(!full.overall.prediction.versions.isEmpty && lean.overall.prediction.versions.isEmpty)
        #expect(lean.overall.prediction.psi == full.overall.prediction.psi)
    }
}
