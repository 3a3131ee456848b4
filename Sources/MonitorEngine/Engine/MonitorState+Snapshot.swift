import DriftStats

extension MonitorState {
    /// Everything the screens and the report show now: the window's sums of every slice
    /// compared with its reference, the per-bucket series, freshness and counters.
    ///
    /// O(features × bins × slices × held buckets), never O(records). `alerts` is left empty
    /// for the alert system to fill.
    ///
    /// - Parameters:
    ///   - nowSeconds: wall time, for freshness.
    ///   - input: ingest health, kept by whoever reads the sources.
    ///   - series: whether to build the per-bucket series (the sparklines); without them a
    ///     snapshot costs O(features × bins × slices × window buckets), what judging the alert
    ///     rules at every bucket end needs.
    ///   - segments: whether to show the segment slices (rules that name no segment need none).
    ///     When a test method decides on adjusted p-values (`drift.fdr` on, `ks` or `chi2`
    ///     configured) they are built all the same, their tests being in the family that
    ///     adjusts the whole stream's (``DriftTestFamily``); otherwise a snapshot without
    ///     segments has no adjusted p-value at all rather than one over part of the family.
    ///
    /// At the time cursor (``cursorEnd``), the window is the one ending there, summed from the
    /// ring and the history (``EventTimeBuckets/total(endingAt:span:)``); freshness and the
    /// counters stay live.
    ///   - atCursor: `false` builds the live window whatever the cursor: what the alert rules
    ///     are judged on (they watch the stream, not the past on screen).
    ///   - forRules: build only what the alert rules read (the measured values, bands and
    ///     references' performance; no histograms, versions or other methods' values): the
    ///     snapshot judged at every bucket end, never shown.
    public func snapshot(nowSeconds: Double, input: InputTally = InputTally(), series: Bool = true,
                         segments includesSegments: Bool = true, atCursor: Bool = true, forRules: Bool = false) -> Snapshot {
        let cursor = atCursor ? resolvedCursorEnd : nil
        var window = windowInfo()
        let freshness = Freshness(
            secondsSinceLastRecord: lastArrivalSeconds.map { max(0, nowSeconds - $0) },
            eventLagSeconds: newestEventSeconds.map { nowSeconds - $0 },
            newestEventSeconds: newestEventSeconds)
        var counters = self.counters
        let joinCounts = join.counts
        counters.matchedLabels = joinCounts.matchedLabels
        counters.pendingPredictions = join.pendingPredictions
        counters.heldLabels = join.heldLabels
        counters.evictedPredictions = joinCounts.evictedPredictions + joinCounts.expiredPredictions
        counters.unmatchedLabels = joinCounts.unmatchedLabels
        counters.duplicateLabels = joinCounts.duplicateLabels
        counters.duplicatePredictions = joinCounts.duplicatePredictions
        counters.labelHorizonSeconds = join.horizonSeconds
        counters.labelWaitSeconds = join.labelHorizonSeconds
        switch join.horizon {
        case .learned:
            if join.horizonSeconds != nil {
                counters.labelHorizonSource = "learned"
            } else {
                // Matches came but none could be timed: a source without times holds the clock.
                let untimed = join.waitsSeen == 0 && join.counts.matchedLabels >= LabelJoin<JoinedPrediction, JoinedLabel>.waitsToLearn
                counters.labelHorizonSource = untimed ? "untimed" : "learning"
            }
        case .fixed: counters.labelHorizonSource = "configured"
        case .unbounded: counters.labelHorizonSource = "none"
        }
        counters.unusableLabels = unusableLabels
        counters.newFeatures = newFeatureNames
        counters.unlistedNewFeatures = unlistedNewFeatureHashes.count
        counters.droppedRecords += buckets.outcomes.aheadDiscarded
        let model = config.model ?? modelName ?? "default"

        guard let reference else {
            let info = ReferenceInfo(path: nil, records: pendingReference.count, wanted: config.referenceRecords, isReady: false)
            let empty = SliceSnapshot(
                segment: nil, records: 0, share: 1, referenceScope: .global,
                infrastructure: InfrastructureSnapshot(), features: [], prediction: PredictionSnapshot(),
                performance: PerformanceSnapshot())
            var snapshot = Snapshot(
                model: model, builtAtSeconds: nowSeconds, input: input, window: window, reference: info,
                freshness: freshness, bucketSeconds: buckets.bucketSeconds, overall: empty, segments: [],
                dimensions: config.segments, alerts: [], counters: counters, catchUp: nil)
            snapshot.notices = notices(input: input, referenceRows: .max, matchedLabels: counters.matchedLabels)
            snapshot.task = config.task
            return snapshot
        }

        let totals: BucketCounts
        var held: [BucketCounts] = []
        var seconds = coveredSeconds()
        var stepSeconds = buckets.bucketSeconds
        if let cursor {
            let (counts, start) = buckets.total(endingAt: cursor, span: windowBuckets)
            totals = counts
            let (list, width) = buckets.series(endingAt: cursor, count: series ? Self.historyBuckets : 1)
            if series { held = list }
            stepSeconds = Double(width) * buckets.bucketSeconds
            window.fromSeconds = Double(start) * buckets.bucketSeconds
            window.toSeconds = Double(cursor) * buckets.bucketSeconds
            window.cursorSeconds = window.toSeconds
            seconds = max(1, Double(cursor - start) * buckets.bucketSeconds)
        } else {
            totals = windowBuckets.map { buckets.total(ofLastBuckets: $0) } ?? buckets.window
            held = series ? buckets.buckets.map(\.counts) : []
        }
        let decidesOnFamily = config.drift.fdr && (config.drift.numeric.isTest || config.drift.categorical.isTest)
        let builder = SliceSnapshotBuilder(
            config: config, reference: reference, versionNames: versionNames,
            bucketSeconds: stepSeconds, windowSeconds: seconds, forRules: forRules, testsDecide: decidesOnFamily)

        let overallCounts = totals.slice(0)
        var overall = builder.slice(
            counts: overallCounts, series: held.map { $0.slice(0) }, reference: reference.global,
            segment: nil, overallRecords: overallCounts?.records ?? 0)
        counters.recordsWithNewFeatures = overallCounts?.recordsWithNewFeatures ?? 0
        overall.share = 1

        var segmentSlices: [SliceSnapshot] = []
        let buildsSegments = includesSegments || decidesOnFamily
        for (dimensionIndex, dimension) in segments.dimensions.enumerated() where buildsSegments {
            var slices: [(slot: Int, slice: SliceSnapshot)] = []
            for slot in 0..<dimension.slotCount {
                let index = sliceOffsets[dimensionIndex] + slot
                guard let counts = totals.slice(index),
                      counts.requests > 0 || counts.labelled > 0,
                      let name = dimension.name(ofSlot: slot) else { continue }
                let slice = builder.slice(
                    counts: counts, series: held.map { $0.slice(index) },
                    reference: reference.reference(dimension: dimensionIndex, slot: slot),
                    segment: SegmentKey(dimension: dimension.name, value: name),
                    overallRecords: overallCounts?.records ?? 0)
                slices.append((slot, slice))
            }
            slices.sort { lhs, rhs in
                let lhsOther = lhs.slot == dimension.otherSlot
                let rhsOther = rhs.slot == dimension.otherSlot
                if lhsOther != rhsOther { return rhsOther }
                if lhs.slice.records != rhs.slice.records { return lhs.slice.records > rhs.slice.records }
                return (lhs.slice.segment?.value ?? "") < (rhs.slice.segment?.value ?? "")
            }
            segmentSlices.append(contentsOf: slices.map(\.slice))
        }
        // One window, one family of tests: the whole stream's and every segment's. A snapshot
        // for the rules has the tests only where they decide.
        if buildsSegments, !forRules || decidesOnFamily {
            var family = [overall] + segmentSlices
            DriftTestFamily.adjust(&family, drift: config.drift)
            overall = family[0]
            segmentSlices = includesSegments ? Array(family.dropFirst()) : []
        }

        var info = ReferenceInfo(path: reference.path, records: reference.rowCount, wanted: nil, isReady: true)
        if reference.path == nil { info.wanted = config.referenceRecords }
        var windowInfo = window
        windowInfo.records = overall.records
        var snapshot = Snapshot(
            model: model, builtAtSeconds: nowSeconds, input: input, window: windowInfo, reference: info,
            freshness: freshness, bucketSeconds: stepSeconds, overall: overall,
            segments: segmentSlices, dimensions: config.segments, alerts: [], counters: counters, catchUp: nil)
        snapshot.notices = notices(input: input, referenceRows: reference.rowCount, matchedLabels: counters.matchedLabels)
        snapshot.history = historyInfo(cursor: cursor, stepSeconds: stepSeconds)
        snapshot.multivariateProblem = reference.multivariateProblem
        snapshot.usesAdjustedPValues = config.drift.fdr
        snapshot.task = config.task
        return snapshot
    }

    /// The past kept and the cursor in it; `nil` when no history is kept.
    func historyInfo(cursor: Int64?, stepSeconds: Double) -> HistoryInfo? {
        guard let history = buckets.history, let newest = buckets.newestBucketKey, let first = buckets.cursorEnds.first else { return nil }
        let b = buckets.bucketSeconds
        let firstStart = min(history.startKey ?? (first - 1), first - 1)
        return HistoryInfo(startSeconds: Double(firstStart) * b, liveEndSeconds: Double(newest + 1) * b,
                           cursorSeconds: cursor.map { Double($0) * b }, stepSeconds: stepSeconds)
    }

    /// The set-up mistakes the counts show (``Snapshot/notices``).
    func notices(input: InputTally, referenceRows: Int, matchedLabels: Int) -> [String] {
        var notices: [String] = []
        let minimum = config.drift.minRecords
        if reference?.leftOutFeatures == true {
            notices.append("the reference names more than \(NumberText.grouped(ReferenceSample.maximumFeatures)) features: the first \(NumberText.grouped(ReferenceSample.maximumFeatures)) are monitored, the others counted as unmonitored")
        }
        if referenceRows < minimum {
            notices.append("the reference has \(referenceRows) record\(referenceRows == 1 ? "" : "s"), fewer than drift.min_records (\(minimum)): drift is not judged")
        }
        let predictions = input.predictions, labels = input.labels
        if predictions == 0, labels > 0 {
            notices.append("\(NumberText.grouped(labels)) labels read but no prediction record: are the prediction files the right ones?")
        } else if labels >= 100, predictions >= 100, matchedLabels == 0 {
            notices.append("\(NumberText.grouped(labels)) labels read, none matched a prediction's id: are the ids in the same field?")
        }
        if let only = config.onlyModel {
            if otherModelRecords > 0 {
                let others = modelsSeen.filter { $0 != only }
                notices.append("\(NumberText.grouped(otherModelRecords)) prediction records of other models skipped (\(others.joined(separator: ", "))): --model \(only)")
            }
        } else if modelsSeen.count > 1 {
            let more = modelsSeen.count >= Self.modelsTold ? " and more" : ""
            notices.append("records of \(modelsSeen.count) models are mixed (\(modelsSeen.joined(separator: ", "))\(more)): --model NAME keeps one")
        }
        return notices
    }

    /// The window's event-time span: whole buckets for a span window; the first and newest
    /// event times seen for "all".
    func windowInfo() -> WindowInfo {
        var info = WindowInfo(lengthSeconds: windowSeconds, fromSeconds: nil, toSeconds: nil, records: 0, isReplay: config.isReplay,
                              minimumRecords: config.drift.minRecords)
        guard let newestKey = buckets.newestBucketKey else { return info }
        if let windowBuckets {
            info.fromSeconds = Double(newestKey - Int64(windowBuckets) + 1) * buckets.bucketSeconds
            info.toSeconds = Double(newestKey + 1) * buckets.bucketSeconds
        } else {
            info.fromSeconds = firstEventSeconds
            info.toSeconds = newestEventSeconds
        }
        return info
    }

    /// Seconds of event time the window's records span: from the window's start (or the first
    /// record, when the stream started inside it) to the newest record, at least one second. Not
    /// whole buckets: counting the newest bucket as full while it fills made the throughput saw
    /// from a fraction of the rate to all of it every bucket.
    func coveredSeconds() -> Double {
        guard let newest = newestEventSeconds, let first = firstEventSeconds else { return buckets.bucketSeconds }
        var start = first
        if let windowBuckets, let newestKey = buckets.newestBucketKey {
            start = max(start, Double(newestKey - Int64(windowBuckets) + 1) * buckets.bucketSeconds)
        }
        return max(1, newest - start)
    }
}

extension MonitorState {
    /// The live window's snapshot without the per-bucket series, for judging the alert rules
    /// when `record` ends the newest bucket (``bucketEnd(closedBy:arrivalSeconds:)``): as
    /// ``snapshot(nowSeconds:input:series:segments:atCursor:forRules:)`` with `series` and
    /// `atCursor` false and only what the rules read. When the record will open the next bucket, a report's ring of one bucket adds
    /// that bucket to the running total first (``EventTimeBuckets/retireNewest()``), which the
    /// record would do next anyway: the window is then the total itself, not a copy of it.
    public mutating func bucketEndSnapshot(
        closedBy record: borrowing Record, arrivalSeconds: Double, nowSeconds: Double, segments includesSegments: Bool
    ) -> Snapshot {
        if opensNewerBucket(record, arrivalSeconds: arrivalSeconds) { buckets.retireNewest() }
        return snapshot(nowSeconds: nowSeconds, series: false, segments: includesSegments, atCursor: false, forRules: true)
    }

    /// Whether ``ingest(_:arrivalSeconds:readThroughSeconds:joins:)`` of `record` would open a
    /// newer bucket of a window of all: a prediction of the monitored model, once the reference
    /// is known, at a time the buckets move forward to. (A span window is summed from the ring,
    /// where the newest bucket must stay.)
    func opensNewerBucket(_ record: borrowing Record, arrivalSeconds: Double) -> Bool {
        guard windowBuckets == nil, reference != nil, record.kind == .prediction else { return false }
        if MonitorConfig.leavesOut(record, onlyModel: config.onlyModel) { return false }
        return buckets.opensNewerBucket(at: record.timestampSeconds ?? arrivalSeconds)
    }
}
