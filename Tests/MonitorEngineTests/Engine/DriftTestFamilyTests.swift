import DriftStats
import Testing
@testable import MonitorEngine
@testable import MonitorRules

/// The Benjamini–Hochberg family of one window (statistics.md, "Many tests at once"): which
/// tests are in it, that the adjusted p-values are those of the family, and that bands and rules
/// decide on them with `drift.fdr` on and on the raw ones with it off.
struct DriftTestFamilyTests {
    typealias Base = MonitorStateTests

    static func config(fdr: Bool) -> MonitorConfig {
        var config = Base.config()
        config.drift.numeric = .ks
        config.drift.categorical = .chi2
        config.drift.minRecords = 40
        config.drift.fdr = fdr
        return config
    }

    /// 300 records in one bucket: BR amounts shifted up (drift), US amounts as the reference's,
    /// and a country mix unlike the reference's 3:1.
    static func snapshot(fdr: Bool, segments: Bool = true) -> Snapshot {
        let config = config(fdr: fdr)
        var state = MonitorState(config: config, reference: Base.reference(config: config))
        for index in 0..<300 {
            let isBR = index % 2 == 0
            let amount = isBR ? Double(index * 7 % 300) + 60 : Double(300 + index % 100)
            state.ingest(Base.prediction(ts: 60 + Double(index) / 10, amount: amount, country: isBR ? "BR" : "US"),
                         arrivalSeconds: 0)
        }
        return state.snapshot(nowSeconds: 200, segments: segments)
    }

    /// Every (slice, feature) whose test is in the family, whole stream first.
    static func members(_ snapshot: Snapshot) -> [FeatureSnapshot] {
        ([snapshot.overall] + snapshot.segments).flatMap { slice in
            slice.features.filter { $0.isJudged && $0.testPValue != nil }
        }
    }

    @Test func theFamilyIsEveryJudgedFeatureTestOfTheStreamAndItsSegments() throws {
        let snapshot = Self.snapshot(fdr: true)
        let members = Self.members(snapshot)
        // amount (KS) and country (chi-square) in the stream; amount in BR and US, country
        // being the segments' own dimension.
        #expect(members.count == 4)
        let adjusted = BenjaminiHochberg.adjusted(members.compactMap(\.testPValue))
        #expect(members.map(\.testPValueAdjusted) == adjusted)
        for slice in snapshot.segments {
            let country = try #require(slice.feature(named: "country"))
            #expect(country.chiSquare == nil && country.testPValueAdjusted == nil)
        }
        // The score's test is no feature's: not in the family.
        #expect(snapshot.overall.prediction.ks != nil)
        #expect(snapshot.overall.prediction.ks?.pValueAdjusted == nil)
    }

    @Test func withFDRTheTestsValueAndBandAreTheAdjustedPValues() {
        let thresholds = PValueThresholds(warn: 0.15, alert: 0.05)
        for member in Self.members(Self.snapshot(fdr: true)) {
            #expect(member.value == member.testPValueAdjusted)
            #expect(member.driftBand == DriftBand(pValue: member.testPValueAdjusted, thresholds: thresholds,
                                                  windowCount: 40, minimumWindow: 40))
        }
        for member in Self.members(Self.snapshot(fdr: false)) {
            // Both values shown, the raw one deciding.
            #expect(member.testPValueAdjusted != nil)
            #expect(member.value == member.testPValue)
            #expect(member.driftBand == DriftBand(pValue: member.testPValue, thresholds: thresholds,
                                                  windowCount: 40, minimumWindow: 40))
        }
    }

    @Test func aSnapshotWithoutSegmentsAdjustsOverTheSameFamily() {
        let with = Self.snapshot(fdr: true)
        let without = Self.snapshot(fdr: true, segments: false)
        #expect(without.segments.isEmpty)
        #expect(without.overall.features == with.overall.features)
    }

    @Test func withoutATestMethodASnapshotWithoutSegmentsHasNoAdjustedPValue() throws {
        var config = Base.config()
        config.drift.minRecords = 40
        var state = MonitorState(config: config, reference: Base.reference(config: config))
        for index in 0..<300 {
            state.ingest(Base.prediction(ts: 60 + Double(index) / 10, amount: Double(index), country: index % 2 == 0 ? "BR" : "US"),
                         arrivalSeconds: 0)
        }
        let amount = try #require(state.snapshot(nowSeconds: 200, segments: false).overall.feature(named: "amount"))
        // PSI decides: the segments are not built for the family, and half a family adjusts nothing.
        #expect(amount.ks != nil && amount.testPValueAdjusted == nil)
        let whole = try #require(state.snapshot(nowSeconds: 200).overall.feature(named: "amount"))
        #expect(whole.testPValueAdjusted != nil)
    }

    @Test func aDriftRuleMeasuresThePValueThatDecides() throws {
        let rule = AlertRule(name: "drift", metric: .drift, scope: .anyFeature, threshold: .above(0.2))
        for fdr in [true, false] {
            let snapshot = Self.snapshot(fdr: fdr)
            let evaluator = RuleEvaluator(settings: Self.config(fdr: fdr).drift)
            let amount = try #require(snapshot.overall.feature(named: "amount"))
            let measured = evaluator.measure(rule, in: snapshot).first { $0.feature == "amount" }
            #expect(measured?.value == (fdr ? amount.testPValueAdjusted : amount.testPValue))
            #expect(measured?.threshold == .below(0.05))
        }
    }
}
