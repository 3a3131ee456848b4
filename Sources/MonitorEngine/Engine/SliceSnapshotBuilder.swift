import DriftStats

/// Turns the window's counts of one slice, and its per-bucket counts, into a ``SliceSnapshot``
/// with every metric computed by DriftStats against the slice's reference.
struct SliceSnapshotBuilder {
    let config: MonitorConfig
    let reference: ReferenceSet
    let versionNames: [String?]
    let bucketSeconds: Double
    /// Event time the window's records span, for throughput.
    let windowSeconds: Double
    /// Whether to build only what the alert rules read (`RuleEvaluator`, `FairnessGap`, and
    /// `AlertMonitor`'s default rules and adaptive thresholds: the references' performance, the
    /// window's records): the snapshot judged at every bucket end, a thousand and more times
    /// over a day's log, is never shown. Each feature's configured method, its band and data
    /// quality, the prediction's PSI and rates, the realized and estimated metrics but the
    /// multiclass AUCs and the estimated ones, the references' performance, the infrastructure
    /// and multivariate layers are as in a full snapshot, bit for bit; histograms, versions, the
    /// label's drift, multiclass class scores, the other methods' values and (unless the tests
    /// decide) the adjusted p-values are left out. PSI is always computed (`psi_prediction`
    /// reads a task's output's PSI whatever the method).
    var forRules = false
    /// Whether the window's family of tests decides bands (``DriftTestFamily``): then every
    /// feature's test is computed, for the rules too.
    var testsDecide = false

    /// Whether a snapshot for the rules needs the value of `method`, or of the family's tests.
    private func computes(_ name: String, of method: DriftMethod) -> Bool {
        !forRules || method.name == name || (testsDecide && (name == DriftMethod.ks.name || name == DriftMethod.chi2.name))
    }

    func slice(
        counts: SliceCounts?, series: [SliceCounts?], reference sliceReference: SliceReference,
        segment: SegmentKey?, overallRecords: Int
    ) -> SliceSnapshot {
        let records = counts?.records ?? 0
        var features: [FeatureSnapshot] = []
        for index in reference.features.indices {
            features.append(feature(index, counts: counts, series: series, reference: sliceReference, segment: segment))
        }
        features.sort(by: Self.worstFirst)
        var snapshot = SliceSnapshot(
            segment: segment, records: records,
            share: overallRecords > 0 ? Double(records) / Double(overallRecords) : 0,
            referenceScope: sliceReference.scope,
            infrastructure: infrastructure(counts, series: series),
            features: features,
            prediction: prediction(counts, series: series, reference: sliceReference),
            performance: performance(counts, series: series, reference: sliceReference))
        if let task = reference.task {
            snapshot.task = self.task(task, counts: counts, series: series, segment: segment)
        }
        snapshot.multivariate = multivariate(counts, reference: sliceReference)
        return snapshot
    }

    /// Rows per reference chunk when the window is `all`.
    static let multivariateChunkRows = 5_000

    /// The slice's mean reconstruction error and its thresholds, from reference chunks of the
    /// slice's records in the window (at least the minimum window), or of 5,000 rows when the
    /// window is `all`, or of the chunk size in one of `report --chunk-size`'s chunks (as
    /// NannyML cuts the reference into chunks of the analysis chunks' size).
    func multivariate(_ counts: SliceCounts?, reference sliceReference: SliceReference) -> MultivariateSnapshot? {
        guard let model = reference.multivariate, let errors = sliceReference.multivariateErrors else { return nil }
        let records = counts?.reconstructionErrors ?? 0
        let error = records > 0 ? (counts?.reconstructionErrorSum ?? 0) / Double(records) : nil
        let chunkRows: Int
        switch config.window {
        case .all: chunkRows = config.chunkRecords ?? Self.multivariateChunkRows
        case .span: chunkRows = max(records, config.drift.minRecords, 1)
        }
        let thresholds = errors.thresholds(chunkSize: chunkRows)
        var alert: Bool?
        if let error, let thresholds, records >= config.drift.minRecords { alert = thresholds.isAlert(error) }
        return MultivariateSnapshot(
            components: model.model.componentCount, features: model.featureIndices.count, records: records,
            error: error, lower: thresholds?.lower, upper: thresholds?.upper, chunkRows: chunkRows, alert: alert)
    }

    // MARK: - Input layer

    static func worstFirst(_ lhs: FeatureSnapshot, _ rhs: FeatureSnapshot) -> Bool {
        if lhs.band != rhs.band { return lhs.band.severityRank < rhs.band.severityRank }
        switch (lhs.value, rhs.value) {
        case let (l?, r?) where l != r:
            let isTest = lhs.method == "ks" || lhs.method == "chi2"
            return isTest ? l < r : l > r
        case (.some, .none): return true
        case (.none, .some): return false
        default: return lhs.name < rhs.name
        }
    }

    func method(for kind: FeatureSnapshot.Kind) -> DriftMethod {
        kind == .numeric ? config.drift.numeric : config.drift.categorical
    }

    var distanceThresholds: DistanceThresholds { DistanceThresholds(warn: config.drift.warn, alert: config.drift.alert) }
    var pValueThresholds: PValueThresholds { config.drift.pValueThresholds }

    /// What a feature (or a model output) is compared with: its definition and the reference's
    /// counts of it in the slice.
    struct Baseline {
        let definition: FeatureReference
        let numeric: NumericCounts?
        let categorical: CategoricalCounts?
        /// Rows of the reference slice.
        let rows: Int
    }

    /// The configured method's value for a feature's counts against its reference counts.
    func methodValue(_ current: FeatureCounts, baseline: Baseline) -> Double? {
        switch baseline.definition.kind {
        case .numeric:
            guard let ref = baseline.numeric, let cur = current.numeric, cur.count > 0 else { return nil }
            switch config.drift.numeric.name {
            case "ks": return KolmogorovSmirnov(reference: ref, current: cur)?.pValue
            case "js": return JensenShannon.numeric(reference: ref, current: cur)
            case "wasserstein": return Wasserstein.normalized(reference: ref, current: cur)
            default: return PSI.numeric(reference: ref, current: cur)
            }
        case .categorical:
            guard let ref = baseline.categorical, let cur = current.categorical, cur.count > 0 else { return nil }
            switch config.drift.categorical.name {
            case "chi2": return ChiSquare(reference: ref, current: cur)?.pValue
            case "js": return JensenShannon.categorical(reference: ref, current: cur)
            default: return PSI.categorical(reference: ref, current: cur)
            }
        }
    }

    func feature(_ index: Int, counts: SliceCounts?, series: [SliceCounts?], reference sliceReference: SliceReference,
                 segment: SegmentKey? = nil) -> FeatureSnapshot {
        let baseline = Baseline(
            definition: reference.features[index],
            numeric: sliceReference.numeric.indices.contains(index) ? sliceReference.numeric[index] : nil,
            categorical: sliceReference.categorical.indices.contains(index) ? sliceReference.categorical[index] : nil,
            rows: sliceReference.rows)
        return feature(
            baseline, current: counts.flatMap { index < $0.features.count ? $0.features[index] : nil },
            records: counts?.records ?? 0,
            series: series.map { bucket in bucket.flatMap { index < $0.features.count ? $0.features[index] : nil } },
            segment: segment)
    }

    /// A feature's (or a model output's) snapshot: drift against `baseline`, data quality,
    /// histogram, band. `records` is the slice's records, the denominator of the missing rate.
    func feature(_ baseline: Baseline, current: FeatureCounts?, records: Int, series: [FeatureCounts?],
                 segment: SegmentKey? = nil) -> FeatureSnapshot {
        let definition = baseline.definition
        let method = method(for: definition.kind)
        var snapshot = FeatureSnapshot(name: definition.name, kind: definition.kind, method: method.name)
        snapshot.records = records
        snapshot.driftSeries = series.map { bucket in bucket.flatMap { methodValue($0, baseline: baseline) } }
        guard let current else { return snapshot }
        snapshot.missingRate = records > 0 ? Double(current.missing) / Double(records) : nil
        snapshot.typeViolations = current.typeViolations
        snapshot.invalidValues = current.invalid
        let present = current.present
        switch definition.kind {
        case .numeric:
            if let cur = current.numeric {
                snapshot.outOfRangeRate = cur.count > 0 ? Double(current.outOfRange) / Double(cur.count) : nil
                if let ref = baseline.numeric, cur.count > 0 {
                    snapshot.psi = PSI.numeric(reference: ref, current: cur)
                    if computes("js", of: method) {
                        snapshot.jensenShannon = JensenShannon.numeric(reference: ref, current: cur)
                    }
                    if computes("wasserstein", of: method) {
                        snapshot.wasserstein = Wasserstein.normalized(reference: ref, current: cur)
                    }
                    if computes("ks", of: method) {
                        snapshot.ks = KolmogorovSmirnov(reference: ref, current: cur).map {
                            KSSnapshot(statistic: $0.statistic, pValue: $0.pValue, bound: $0.errorBound)
                        }
                    }
                }
                if forRules { break }
                snapshot.histogram = HistogramSnapshot(
                    labels: Self.binLabels(definition.numeric?.grid.coarseEdges ?? []),
                    reference: baseline.numeric?.coarseProportions ?? [],
                    current: cur.coarseProportions ?? Array(repeating: 0, count: cur.coarseCounts.count))
            }
        case .categorical:
            if let cur = current.categorical, let categories = definition.categorical {
                snapshot.unseenRate = cur.unseenRate
                if let ref = baseline.categorical, cur.count > 0 {
                    snapshot.psi = PSI.categorical(reference: ref, current: cur)
                    if computes("js", of: method) {
                        snapshot.jensenShannon = JensenShannon.categorical(reference: ref, current: cur)
                    }
                    if computes("chi2", of: method) {
                        snapshot.chiSquare = ChiSquare(reference: ref, current: cur).map {
                            ChiSquareSnapshot(statistic: $0.statistic, pValue: $0.pValue, degreesOfFreedom: $0.degreesOfFreedom)
                        }
                    }
                }
                if forRules { break }
                var labels = categories.categories
                if categories.hasOther { labels.append(CategoricalReference.otherName) }
                labels.append("(unseen)")
                snapshot.histogram = HistogramSnapshot(
                    labels: labels,
                    reference: Self.proportions(baseline.categorical?.binsWithUnseen ?? []),
                    current: Self.proportions(cur.binsWithUnseen))
            }
        }
        if segment?.dimension == definition.name {
            // The segment's own dimension has one value inside the segment: its test says
            // nothing (statistics.md, "Many tests at once"), and stays out of the family.
            snapshot.ks = nil
            snapshot.chiSquare = nil
        }
        snapshot.value = switch method.name {
        case "psi": snapshot.psi
        case "js": snapshot.jensenShannon
        case "wasserstein": snapshot.wasserstein
        case "ks": snapshot.ks?.pValue
        case "chi2": snapshot.chiSquare?.pValue
        default: nil
        }
        snapshot.driftBand = method.isTest
            ? DriftBand(pValue: snapshot.value, thresholds: pValueThresholds, windowCount: present, minimumWindow: config.drift.minRecords)
            : DriftBand(distance: snapshot.value, thresholds: distanceThresholds, windowCount: present, minimumWindow: config.drift.minRecords)
        // Too small a reference to compare with: no drift band, whatever the value.
        if baseline.rows < config.drift.minRecords { snapshot.driftBand = .notEnoughData }
        // Judged: enough records here and in the reference. Only a judged test joins the
        // window's family (DriftTestFamily), which may then band it again on the adjusted p.
        snapshot.isJudged = present >= config.drift.minRecords && baseline.rows >= config.drift.minRecords
        snapshot.qualityBand = DataQuality.band(
            rates: [snapshot.missingRate, snapshot.outOfRangeRate, snapshot.unseenRate], records: records,
            minimumRecords: config.drift.minRecords)
        snapshot.band = DataQuality.combined(drift: snapshot.driftBand, quality: snapshot.qualityBand)
        return snapshot
    }

    static func proportions(_ counts: [Int]) -> [Double] {
        let total = counts.reduce(0, +)
        guard total > 0 else { return Array(repeating: 0, count: counts.count) }
        return counts.map { Double($0) / Double(total) }
    }

    /// `≤ e1`, `(e1, e2]`, ..., `> e_last`: the coarse bins, open at both ends.
    static func binLabels(_ edges: [Double]) -> [String] {
        guard let first = edges.first, let last = edges.last else { return ["all"] }
        var labels = ["≤ \(compact(first))"]
        for index in edges.indices.dropFirst() {
            labels.append("(\(compact(edges[index - 1])), \(compact(edges[index]))]")
        }
        labels.append("> \(compact(last))")
        return labels
    }

    /// A number with at most four significant digits, integers without a fraction.
    static func compact(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = Int((abs(value)).log10Floor)
        let digits = max(0, 3 - magnitude)
        var scale = 1.0
        for _ in 0..<min(digits, 12) { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return "\(rounded)"
    }

    // MARK: - Prediction layer

    func prediction(_ counts: SliceCounts?, series: [SliceCounts?], reference sliceReference: SliceReference) -> PredictionSnapshot {
        var snapshot = PredictionSnapshot()
        snapshot.referencePositiveRate = sliceReference.positiveRate
        if let counts {
            // What a rule reads first: PSI and its band, the positive rate and the mean score.
            snapshot.records = counts.records
            if let ref = sliceReference.score, counts.score.count > 0 {
                snapshot.psi = PSI.numeric(reference: ref, current: counts.score)
            }
            snapshot.band = DriftBand(
                distance: snapshot.psi, thresholds: distanceThresholds, windowCount: counts.score.count,
                minimumWindow: config.drift.minRecords)
            snapshot.positiveRate = counts.decided > 0 ? Double(counts.positives) / Double(counts.decided) : nil
            snapshot.meanScore = counts.scored > 0 ? counts.scoreSum / Double(counts.scored) : nil
        }
        if forRules { return snapshot }
        let bins = max(config.scoreBins, 1)
        snapshot.scoreHistogram.labels = (0..<bins).map { bin in
            "\(Self.compact(Double(bin) / Double(bins)))–\(Self.compact(Double(bin + 1) / Double(bins)))"
        }
        snapshot.scoreHistogram.reference = Self.proportions(sliceReference.scoreDisplay)
        snapshot.positiveRateSeries = series.map { bucket in
            guard let bucket, bucket.decided > 0 else { return nil }
            return Double(bucket.positives) / Double(bucket.decided)
        }
        snapshot.psiSeries = series.map { bucket in
            guard let bucket, bucket.score.count > 0, let ref = sliceReference.score else { return nil }
            return PSI.numeric(reference: ref, current: bucket.score)
        }
        guard let counts else {
            snapshot.scoreHistogram.current = Array(repeating: 0, count: bins)
            return snapshot
        }
        snapshot.scoreHistogram.current = Self.proportions(counts.scoreDisplay)
        if let ref = sliceReference.score, counts.score.count > 0 {
            snapshot.jensenShannon = JensenShannon.numeric(reference: ref, current: counts.score)
            snapshot.ks = KolmogorovSmirnov(reference: ref, current: counts.score).map {
                KSSnapshot(statistic: $0.statistic, pValue: $0.pValue, bound: $0.errorBound)
            }
        }
        snapshot.versions = versions(counts)
        if config.task == .binary { snapshot.comparison = comparison(counts) }
        return snapshot
    }

    func versionName(_ index: Int) -> String {
        index < versionNames.count ? (versionNames[index] ?? "default") : "default"
    }

    /// The challenger against the champion over the window (docs/statistics.md, "Versions side
    /// by side"): the configured versions, else the two with the most records (ties: the
    /// smaller name). `nil` with fewer than two versions, or when a configured one has no record
    /// in the slice. The bootstrap's blocks are the window's buckets (``SliceCounts/confusionBlocks``).
    func comparison(_ counts: SliceCounts) -> VersionComparison? {
        let present = counts.versions.indices
            .filter { counts.versions[$0].records > 0 }
            .map { (index: $0, name: versionName($0), records: counts.versions[$0].records) }
            .sorted { $0.records != $1.records ? $0.records > $1.records : $0.name < $1.name }
        func chosen(_ configured: String?, besides other: Int?) -> Int? {
            if let configured { return present.first { $0.name == configured }?.index }
            return present.first { $0.index != other }?.index
        }
        guard let championIndex = chosen(config.champion, besides: nil),
              let challengerIndex = chosen(config.challenger, besides: championIndex),
              championIndex != challengerIndex else { return nil }
        let champion = counts.versions[championIndex]
        let challenger = counts.versions[challengerIndex]
        var result = VersionComparison(champion: versionName(championIndex), challenger: versionName(challengerIndex))
        if let test = TwoProportionTest(firstSuccesses: champion.positives, firstTrials: champion.decided,
                                        secondSuccesses: challenger.positives, secondTrials: challenger.decided) {
            result.positiveRateDifference = test.difference
            result.z = test.z
            result.pValue = test.pValue
        }
        if champion.confusion.total > 0, challenger.confusion.total > 0 {
            var pairs: [(ConfusionCounts, ConfusionCounts)] = counts.confusionBlocks.map { block in
                (championIndex < block.count ? block[championIndex] : ConfusionCounts(),
                 challengerIndex < block.count ? block[challengerIndex] : ConfusionCounts())
            }
            pairs.removeAll { $0.0.total == 0 && $0.1.total == 0 }
            let ratios: [(ConfusionCounts) -> (Int, Int)] = [
                { ($0.truePositives, $0.truePositives + $0.falsePositives) },
                { ($0.truePositives, $0.truePositives + $0.falseNegatives) },
                { ($0.truePositives + $0.trueNegatives, $0.total) },
            ]
            let blocks = ratios.map { ratio in
                pairs.map { pair in
                    let first = ratio(pair.0), second = ratio(pair.1)
                    return BootstrapDifference.Block(firstNumerator: first.0, firstDenominator: first.1,
                                                     secondNumerator: second.0, secondDenominator: second.1)
                }
            }
            let intervals = BootstrapDifference.intervals(blocks).map { interval in
                interval.map { VersionComparison.Difference(value: $0.value, lower: $0.lower, upper: $0.upper) }
            }
            result.precision = intervals[0]
            result.recall = intervals[1]
            result.accuracy = intervals[2]
        }
        if let first = champion.classScores, let second = challenger.classScores,
           let test = ScoreHistogramKS.test(first.positives + first.negatives, second.positives + second.negatives) {
            result.ks = KSSnapshot(statistic: test.statistic, pValue: test.pValue, bound: test.errorBound)
        }
        return result
    }

    func versions(_ counts: SliceCounts) -> [VersionSnapshot] {
        var result: [VersionSnapshot] = []
        for (index, version) in counts.versions.enumerated() where version.records > 0 {
            let name = versionName(index)
            var snapshot = VersionSnapshot(version: name, records: version.records)
            snapshot.positiveRate = version.decided > 0 ? Double(version.positives) / Double(version.decided) : nil
            snapshot.meanScore = version.scored > 0 ? version.scoreSum / Double(version.scored) : nil
            snapshot.agreement = version.compared > 0 ? Double(version.sameDecision) / Double(version.compared) : nil
            snapshot.meanAbsoluteScoreDifference = version.scoreDifferences > 0
                ? version.absoluteScoreDifferenceSum / Double(version.scoreDifferences) : nil
            snapshot.precision = version.confusion.metrics.precision
            snapshot.rocAUC = version.classScores?.rocAUC
            result.append(snapshot)
        }
        result.sort { $0.records != $1.records ? $0.records > $1.records : $0.version < $1.version }
        // Agreement is measured against the version that served the id first: the champion
        // has none.
        if !result.isEmpty {
            result[0].agreement = nil
            result[0].meanAbsoluteScoreDifference = nil
        }
        return result
    }

    // MARK: - Business outcomes layer

    func performance(_ counts: SliceCounts?, series: [SliceCounts?], reference sliceReference: SliceReference) -> PerformanceSnapshot {
        var snapshot = PerformanceSnapshot()
        snapshot.reference = sliceReference.performance
        snapshot.realized.referencePositiveLabelRate = sliceReference.positiveLabelRate
        snapshot.precisionSeries = series.map { $0?.confusion.metrics.precision }
        if reference.calibration != nil {
            snapshot.estimatedPrecisionSeries = series.map { $0?.estimate?.metrics.precision }
        }
        if config.business != nil {
            snapshot.businessValueSeries = series.map { bucket in
                guard let bucket, bucket.labelled > 0 else { return nil }
                return bucket.businessValue
            }
        }
        guard let counts else { return snapshot }
        var realized = snapshot.realized
        realized.labelled = counts.labelled
        realized.coverage = counts.decided > 0 ? Double(counts.labelled) / Double(counts.decided) : nil
        realized.truePositives = counts.confusion.truePositives
        realized.falsePositives = counts.confusion.falsePositives
        realized.falseNegatives = counts.confusion.falseNegatives
        realized.trueNegatives = counts.confusion.trueNegatives
        let metrics = counts.confusion.metrics
        realized.precision = metrics.precision
        realized.recall = metrics.recall
        realized.f1 = metrics.f1
        realized.accuracy = metrics.accuracy
        realized.specificity = metrics.specificity
        realized.rocAUC = counts.classScores.rocAUC
        realized.positiveLabelRate = counts.labelled > 0 ? Double(counts.positiveLabels) / Double(counts.labelled) : nil
        realized.businessValue = config.business != nil ? counts.businessValue : nil
        snapshot.realized = realized
        if let estimate = counts.estimate, estimate.count > 0 {
            let expected = estimate.metrics
            snapshot.estimated = EstimatedPerformance(
                precision: expected.precision, recall: expected.recall, f1: expected.f1,
                accuracy: expected.accuracy, rocAUC: forRules ? nil : estimate.rocAUC)
        }
        return snapshot
    }

    // MARK: - Infrastructure layer

    func infrastructure(_ counts: SliceCounts?, series: [SliceCounts?]) -> InfrastructureSnapshot {
        var snapshot = InfrastructureSnapshot()
        snapshot.throughputSeries = series.map { Double($0?.requests ?? 0) / bucketSeconds }
        snapshot.latencyP99Series = series.map { $0?.latency.p99 }
        snapshot.errorRateSeries = series.map { bucket in
            guard let bucket, bucket.requests > 0 else { return nil }
            return Double(bucket.errors) / Double(bucket.requests)
        }
        guard let counts, counts.requests > 0 else { return snapshot }
        snapshot.requests = counts.requests
        snapshot.throughputPerSecond = Double(counts.requests) / max(windowSeconds, 1)
        snapshot.latencyP50Milliseconds = counts.latency.p50
        snapshot.latencyP95Milliseconds = counts.latency.p95
        snapshot.latencyP99Milliseconds = counts.latency.p99
        snapshot.latencyMaxMilliseconds = counts.latency.count > 0 ? counts.latency.maximum : nil
        snapshot.errorRate = Double(counts.errors) / Double(counts.requests)
        return snapshot
    }
}

extension Double {
    /// ⌊log10(|self|)⌋ without Foundation, for a positive finite number.
    var log10Floor: Double {
        var magnitude = 0.0
        var x = Swift.abs(self)
        guard x > 0, x.isFinite else { return 0 }
        while x >= 10 { x /= 10; magnitude += 1 }
        while x < 1 { x *= 10; magnitude -= 1 }
        return magnitude
    }
}
