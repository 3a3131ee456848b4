import DriftStats

/// The multiple-testing pass over a finished snapshot (docs/statistics.md, "Many tests at once"):
/// the Benjamini–Hochberg adjustment of every feature's own test in one window, and, with
/// `drift.fdr` on, the bands and values of the test methods on the adjusted p-value.
///
/// The family is each feature's own test, Kolmogorov-Smirnov for a numeric feature and
/// chi-square for a categorical one, in the whole stream and in every segment slice (`(other)`
/// included), wherever the feature is judged (``FeatureSnapshot/isJudged``: at least
/// `drift.min_records` values and reference rows). A segment's own dimension has no test
/// inside it; the score's and the versions' tests are not features and stay out. Each snapshot
/// is one window, so each report chunk (a state of its own) is a family of its own.
///
/// Costs O(tests · log tests) once per snapshot, never per record.
enum DriftTestFamily {
    /// Adjusts every test of the family in place: `pValueAdjusted` always, so both values can
    /// be shown; with `drift.fdr` on, a test method's value, drift band and band follow the
    /// adjusted p-value, and each slice's features are sorted worst first again.
    static func adjust(_ slices: inout [SliceSnapshot], drift: DriftSettings) {
        var members: [(slice: Int, feature: Int)] = []
        var pValues: [Double] = []
        for (s, slice) in slices.enumerated() {
            for (f, feature) in slice.features.enumerated() where feature.isJudged {
                guard let p = feature.testPValue, p >= 0, p <= 1 else { continue }
                members.append((s, f))
                pValues.append(p)
            }
        }
        let adjusted = BenjaminiHochberg.adjusted(pValues)
        let thresholds = drift.pValueThresholds
        for (member, p) in zip(members, adjusted) {
            var feature = slices[member.slice].features[member.feature]
            if feature.ks != nil { feature.ks?.pValueAdjusted = p } else { feature.chiSquare?.pValueAdjusted = p }
            if drift.fdr, feature.method == DriftMethod.ks.name || feature.method == DriftMethod.chi2.name {
                feature.value = p
                // Judged, so the window is large enough: the band is the p-value's alone.
                feature.driftBand = DriftBand(pValue: p, thresholds: thresholds, windowCount: drift.minRecords,
                                              minimumWindow: drift.minRecords)
                feature.band = DataQuality.combined(drift: feature.driftBand, quality: feature.qualityBand)
            }
            slices[member.slice].features[member.feature] = feature
        }
        if drift.fdr {
            for s in slices.indices { slices[s].features.sort(by: SliceSnapshotBuilder.worstFirst) }
        }
    }
}
