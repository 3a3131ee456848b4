import DriftStats

/// The monitoring engine's state: the reference, event-time buckets of per-slice counts for
/// all four layers, segment slots and the label join (statistics.md, architecture.md).
///
/// Owned by one thread. ``ingest(_:arrivalSeconds:)`` does O(features × slices of the record)
/// work per record, where a record's slices are the whole stream and one slot per segment
/// dimension; ``snapshot(nowSeconds:input:)`` sums the window's buckets.
///
/// Slices are numbered: 0 is the whole stream, then each dimension's slots in order (see
/// ``SegmentDimension``: values, `(other)`, `(missing)`).
///
/// Buckets are kept in "all" mode: the ring holds the sparkline history (at least 60 buckets,
/// and the whole window), and what leaves it is folded into a running total since start, so
/// both a span window and `window: all` are sums of held counts, and the window can change
/// live. Shadow lines (a second version scoring an id already served) count in infrastructure
/// and in their version's numbers, not in the input, prediction and performance layers, so
/// that a challenger does not double the champion's records.
public struct MonitorState: Sendable {
    /// The configuration the engine runs with (its `window` follows ``setWindow(seconds:)``).
    public private(set) var config: MonitorConfig
    /// The reference; `nil` while the first records of the stream are still filling it.
    public private(set) var reference: ReferenceSet?
    /// Sparkline history kept besides the window, in buckets.
    public static let historyBuckets = 60
    /// Most model versions told apart; further versions share the last one's counts.
    public static let maximumVersions = 16
    /// Most names of new features listed; further distinct names are counted, up to
    /// ``maximumNewFeaturesCounted`` (docs/security.md "Bounded work per record").
    public static let maximumNewFeatureNames = 100
    /// Most distinct new feature names counted beyond those listed (by hash: 8 bytes each).
    public static let maximumNewFeaturesCounted = 100_000

    var buckets: EventTimeBuckets<BucketCounts>
    var windowBuckets: Int?
    /// The window's end at the time cursor (exclusive, a bucket key); `nil` is live.
    public private(set) var cursorEnd: Int64?
    var segments: SegmentSlots
    /// First slice index of each dimension.
    var sliceOffsets: [Int] = []
    var sliceCount = 1
    var join: LabelJoin<JoinedPrediction, JoinedLabel>
    /// What the last ``ingest(_:arrivalSeconds:readThroughSeconds:)`` did in the label join,
    /// for a caller that keeps states of its own per chunk (``MonitorRun``).
    public private(set) var lastJoin: JoinEvent = .none
    /// Version names by index; `nil` is "no version field".
    var versionNames: [String?] = []
    var counters = EngineCounters()
    var newFeatureNames: [String] = []
    var newFeatureNameSet: Set<String> = []
    /// Hashes of the distinct new feature names not listed.
    var unlistedNewFeatureHashes: Set<Int> = []
    var unusableLabels = 0
    var firstEventSeconds: Double?
    var newestEventSeconds: Double?
    var lastArrivalSeconds: Double?
    /// The `model` field of the first prediction record that had one.
    var modelName: String?
    /// The model names the prediction records carried, in order of appearance (at most
    /// ``modelsTold``).
    public private(set) var modelsSeen: [String] = []
    /// Prediction records of other models than `config.onlyModel`, skipped.
    public private(set) var otherModelRecords = 0
    static var modelsTold: Int { 8 }
    /// The stream filling the reference, when there is no reference file.
    var pendingReference = ReferenceSample()
    var heldRecords: [HeldRecord] = []

    // Per-record scratch, reused so that ingesting allocates nothing for known values.
    var locator = FeatureLocator()
    var observations: [FeatureObservation] = []
    /// Where each numeric observation falls on its grid.
    var placements: [NumericPlacement] = []
    /// A task's outputs placed on their grids (kept between records for its capacity).
    var outputPlacements: [NumericPlacement] = []
    var slotScratch: [Int] = []
    var sliceScratch: [Int] = []
    /// A joined prediction's slices while its label (or agreement) is credited.
    var creditSliceScratch: [Int] = []
    /// Multiclass: a record's scores in class order, and those of the predictions the join holds.
    var classScoreScratch: [Double] = []
    var calibratedScratch: [Double] = []
    var classScoreRing = ClassScoreRing(classes: 1)
    /// Regression: a record's inputs to the loss models.
    var lossRow: [Double] = []
    /// Multivariate drift: a record's encoded row, and the PCA's working space.
    var multivariateRow: [Double] = []
    var multivariateScratch: [Double] = []

    /// A record kept while the stream fills the reference, replayed once it is built.
    struct HeldRecord: Sendable {
        var record: Record
        var arrivalSeconds: Double
    }

    /// A state comparing the stream with `reference`; `nil` takes the first
    /// `config.referenceRecords` prediction records of the stream as reference.
    /// `historyBuckets` is the buckets kept beyond the window for sparklines: a caller that
    /// draws none (a report over the whole input) keeps fewer, and the older buckets' counts
    /// live on in the running total, so no number changes.
    /// `keepsHistory` keeps the buckets that leave the ring, coarser as they age
    /// (``BucketHistory``), for the time cursor (``moveCursor(_:)``).
    public init(config: MonitorConfig, reference: ReferenceSet?, historyBuckets: Int = MonitorState.historyBuckets,
                keepsHistory: Bool = false) {
        self.config = config
        let bucketSeconds = Double(max(config.bucket.seconds, 1))
        let window = config.window.span.map { max(1, Int((Double($0.seconds) / bucketSeconds).rounded(.up))) }
        windowBuckets = window
        buckets = EventTimeBuckets(
            bucketSeconds: bucketSeconds, windowSeconds: nil,
            historyBuckets: max(historyBuckets, window ?? 0), jumpBuckets: Self.historyBuckets,
            historyTiers: keepsHistory ? BucketHistory<BucketCounts>.standardTiers : nil, empty: BucketCounts(templates: []))
        segments = SegmentSlots(dimensions: config.segments, maxValues: config.segmentValues)
        join = LabelJoin(
            maxPending: config.maxPending, maxEarlyLabels: config.maxPending, horizon: config.labelHorizon,
            predictionTime: { $0.timestampSeconds })
        if let reference { install(reference) }
    }

    /// Changes the window live (`nil` is "all"); the next snapshot sums the new window.
    public mutating func setWindow(seconds: Double?) {
        config.isReplay = false
        if let seconds, seconds.isFinite, seconds > 0 {
            let count = max(1, Int((seconds / buckets.bucketSeconds).rounded(.up)))
            windowBuckets = count
            buckets.reserveCapacity(buckets: count)
            config.window = .span(.seconds(Int(seconds.rounded(.up))))
        } else {
            windowBuckets = nil
            config.window = .all
        }
    }

    /// Moves the time cursor through what the buckets and their history hold: one step (a
    /// bucket, or a coarser entry of the past) or one window back or forward, or to live. The
    /// cursor stops at the oldest end kept and becomes live when it reaches the newest.
    public mutating func moveCursor(_ move: CursorMove) {
        let ends = buckets.cursorEnds
        guard let live = ends.last else { return }
        let current = resolvedCursorEnd ?? live
        let window = Int64(windowBuckets ?? Self.historyBuckets)
        var next: Int64?
        switch move {
        case .live: next = nil
        case .bucketBack: next = ends.last { $0 < current } ?? ends.first
        case .bucketForward: next = ends.first { $0 > current }
        case .windowBack: next = ends.last { $0 <= current - window } ?? ends.first
        case .windowForward: next = ends.first { $0 >= current + window }
        }
        cursorEnd = next == live ? nil : next
    }

    /// Puts the time cursor at the window ending at event time `seconds`: the window ends with
    /// the bucket holding that time, or the last end kept before it (`nil`: live). A time at
    /// or after the newest bucket is live.
    public mutating func setCursor(seconds: Double?) {
        guard let seconds, seconds.isFinite else {
            cursorEnd = nil
            return
        }
        let ends = buckets.cursorEnds
        guard let live = ends.last else { return }
        let wanted = Int64((seconds / buckets.bucketSeconds).rounded(.up))
        let end = ends.last { $0 <= wanted } ?? ends.first
        cursorEnd = end == live ? nil : end
    }

    /// The cursor's end as the buckets now hold it: an end that moved into a coarser part of
    /// the history is taken back to the last end kept before it.
    var resolvedCursorEnd: Int64? {
        guard let cursorEnd else { return nil }
        let ends = buckets.cursorEnds
        guard let live = ends.last else { return nil }
        let end = ends.last { $0 <= cursorEnd } ?? ends.first
        return end == live ? nil : end
    }

    /// Takes the methods and bands of `drift`, keeping the grids and categories the reference
    /// was built on (``EngineCommand/reloadDrift(_:)``).
    public mutating func reloadDrift(_ drift: DriftSettings) {
        var kept = drift
        kept.bins = config.drift.bins
        kept.fineBins = config.drift.fineBins
        kept.topCategories = config.drift.topCategories
        config.drift = kept
    }

    /// The input has ended: a record held far ahead, which nothing will confirm now, is counted
    /// in the running total (``EventTimeBuckets/settleHeldRecord()``).
    public mutating func settleHeldRecord() { buckets.settleHeldRecord() }

    /// The window's length in seconds; `nil` for "all".
    public var windowSeconds: Double? { windowBuckets.map { Double($0) * buckets.bucketSeconds } }

    private mutating func install(_ reference: ReferenceSet) {
        self.reference = reference
        segments = reference.segmentSlots
        sliceOffsets = []
        var next = 1
        for dimension in segments.dimensions {
            sliceOffsets.append(next)
            next += dimension.slotCount
        }
        sliceCount = next
        let emptySlice = SliceCounts(reference: reference, scoreBins: config.scoreBins, keepsVersionScores: false)
        let emptyOverall = SliceCounts(reference: reference, scoreBins: config.scoreBins, keepsVersionScores: true)
        buckets = EventTimeBuckets(
            bucketSeconds: buckets.bucketSeconds, windowSeconds: nil, historyBuckets: buckets.capacity,
            jumpBuckets: buckets.jumpBuckets, historyTiers: buckets.history?.tiers,
            empty: BucketCounts(templates: [emptyOverall] + Array(repeating: emptySlice, count: sliceCount - 1)))
        if let task = reference.task, task.task == .multiclass {
            classScoreScratch = Array(repeating: .nan, count: task.classes.count)
            classScoreRing = ClassScoreRing(classes: task.classes.count)
        }
    }

    // MARK: - Ingest

    /// Counts one record: a prediction (or failed request) in the four layers of its slices
    /// and bucket, or a label credited through the join to its prediction's bucket. A record
    /// without `ts` uses `arrivalSeconds` (wall time) as its event time. `readThroughSeconds`
    /// is the event time up to which every source has been read
    /// (``InputReader/readThroughSeconds``): the clock on which the join's horizon lets go of
    /// what can no longer be matched (``LabelJoin/advanceClock(to:)``), never past the newest
    /// bucket; `nil` takes the newest bucket's end.
    ///
    /// `joins` false counts a prediction without holding it in the join: a chunk's state, whose
    /// labels come from the whole run's join, holds only what that join held.
    public mutating func ingest(_ record: borrowing Record, arrivalSeconds: Double, readThroughSeconds: Double? = nil, joins: Bool = true) {
        var prepared = PreparedRecord()
        ingest(record, prepared: &prepared, arrivalSeconds: arrivalSeconds, readThroughSeconds: readThroughSeconds, joins: joins)
    }

    /// Counts one record as ``ingest(_:arrivalSeconds:readThroughSeconds:joins:)`` does, taking
    /// what `prepared` holds of it when it is ready (``RecordPreparer``, on the same reference)
    /// instead of working that out; `prepared` is left with other contents.
    public mutating func ingest(
        _ record: borrowing Record, prepared: inout PreparedRecord, arrivalSeconds: Double, readThroughSeconds: Double? = nil,
        joins: Bool = true
    ) {
        // No join happened until this record's says otherwise (a record skipped below included:
        // the chunks of `report --chunk-size` read it).
        lastJoin = .none
        // Named even while the records only fill the reference (a log shorter than it).
        if record.kind == .prediction, let model = record.model {
            if modelName == nil { modelName = model }
            if modelsSeen.count < Self.modelsTold, model != modelsSeen.last, !modelsSeen.contains(model) {
                modelsSeen.append(model)
            }
            if MonitorConfig.leavesOut(record, onlyModel: config.onlyModel) {
                otherModelRecords += 1
                return
            }
        }
        guard reference != nil else {
            fillReference(record, arrivalSeconds: arrivalSeconds)
            return
        }
        lastArrivalSeconds = arrivalSeconds
        let time: Double
        if let stamp = record.timestampSeconds {
            time = stamp
        } else {
            counters.recordsWithoutTimestamp += 1
            time = arrivalSeconds
        }
        // The newest bucket's end bounds the clock: a record with a wild time does not move it
        // until the buckets confirm the jump.
        if let newest = buckets.windowEndSeconds { join.advanceClock(to: min(readThroughSeconds ?? newest, newest)) }
        switch record.kind {
        case .prediction: ingestPrediction(record, prepared: &prepared, time: time, joins: joins)
        case .label: ingestLabel(record)
        }
    }

    /// The end (event time) of the newest bucket when `record` opens a newer one: the moment
    /// that bucket is complete, at which the alert rules are judged. `nil` for a record in a
    /// bucket already open, a label, and before the reference is known.
    ///
    /// Inlined: called on a run's state in place, once for every record, the whole state (over
    /// 2 KB) was copied to lend it to the call.
    @inline(__always)
    public func bucketEnd(closedBy record: borrowing Record, arrivalSeconds: Double) -> Double? {
        guard reference != nil, record.kind == .prediction, let newest = buckets.newestBucketKey,
              let key = buckets.bucketKey(at: record.timestampSeconds ?? arrivalSeconds), key > newest else { return nil }
        return buckets.windowEndSeconds
    }

    /// Where the newest bucket ends (event time), once the reference is known; `nil` before.
    public var newestBucketEndSeconds: Double? { reference == nil ? nil : buckets.windowEndSeconds }

    /// The length of a bucket, in seconds.
    public var bucketSeconds: Double { buckets.bucketSeconds }

    /// Credits a label to the predictions of `id` this state holds, without holding the label
    /// when there are none: how a chunk's state learns of a label the whole run's join matched
    /// to one of the chunk's predictions. Returns the predictions (versions) credited.
    @discardableResult
    public mutating func creditLabel(id: String, _ label: JoinedLabel, timestampSeconds: Double?) -> Int {
        guard reference != nil else { return 0 }
        var first: JoinedPrediction?
        var more: [JoinedPrediction] = []
        join.recordLabel(id: id, timestampSeconds: timestampSeconds, label, holdsUnmatched: false) { prediction, _ in
            if first == nil { first = prediction } else { more.append(prediction) }
        }
        credit(first: first, more: more, label: label)
        return (first == nil ? 0 : 1) + more.count
    }

    /// Predictions added to the join so far, and let go from its front (evicted or expired,
    /// matched or not), in the order they were added: a prediction added as the n-th is no
    /// longer held once `predictionsLetGo >= n`.
    public var predictionsJoined: Int { join.predictionsAdded }
    public var predictionsLetGo: Int { join.predictionsLetGo }
    /// Predictions held without a label.
    public var pendingPredictions: Int { join.pendingPredictions }

    private mutating func fillReference(_ record: borrowing Record, arrivalSeconds: Double) {
        heldRecords.append(HeldRecord(record: copy record, arrivalSeconds: arrivalSeconds))
        guard record.kind == .prediction, record.isSuccess || record.score != nil else { return }
        pendingReference.add(record)
        guard pendingReference.count >= max(config.referenceRecords, 1) else { return }
        install(ReferenceSet(sample: pendingReference, config: config, path: nil))
        pendingReference = ReferenceSample()
        let held = heldRecords
        heldRecords = []
        for entry in held { ingest(entry.record, arrivalSeconds: entry.arrivalSeconds) }
    }

    private mutating func versionIndex(of name: String?) -> Int {
        if let last = versionNames.last, last == name { return versionNames.count - 1 }
        if let index = versionNames.firstIndex(where: { $0 == name }) { return index }
        guard versionNames.count < Self.maximumVersions else { return Self.maximumVersions - 1 }
        versionNames.append(name)
        return versionNames.count - 1
    }

    /// Counts a prediction record, in named steps. The order matters where a step reads what
    /// an earlier one left: the join says whether the record is a shadow before it is counted.
    private mutating func ingestPrediction(_ record: borrowing Record, prepared: inout PreparedRecord, time: Double, joins: Bool) {
        guard let reference else { return }
        // A record prepared on another reference is worked out here.
        let isPrepared = prepared.isReady && prepared.referenceSerial == reference.serial
        // Taken once: after the swaps below it holds the last record's arrays.
        prepared.isReady = false
        noteEventTime(time)
        let features = record.features
        let newFeatures = isPrepared ? prepared.newFeatures : locator.locate(features, in: reference)
        if newFeatures > 0 { noteNewFeatures(features, in: reference) }
        let packedSlots = assignSlices(features, known: isPrepared ? prepared.segmentSlots : [])
        var facts = PredictionFacts(
            record, task: config.task, threshold: config.threshold, positiveLabel: config.positiveLabel,
            version: versionIndex(of: record.version), newFeatures: newFeatures)
        var joined = JoinedPrediction(
            timestampSeconds: time, score: facts.score ?? .nan, packedSlots: packedSlots, version: UInt16(facts.version),
            decision: facts.decision ?? false, isShadow: false)
        let holds = joins && facts.takesPart && record.id != nil && time.isFinite
        if let task = reference.task, facts.takesPart {
            readTask(record, task: task, prepared: &prepared, isPrepared: isPrepared, into: &facts)
            switch task.task {
            case .multiclass:
                var ordinal = 0
                if holds, !facts.classScores.isEmpty {
                    ordinal = join.predictionsAdded + 1
                    classScoreRing.store(facts.classScores, ordinal: ordinal, letGo: join.predictionsLetGo)
                }
                joined = JoinedPrediction(
                    timestampSeconds: time, predictedClass: facts.predictedClass, scoresOrdinal: ordinal,
                    packedSlots: packedSlots, version: UInt16(facts.version), isShadow: false)
            case .regression, .binary:
                joined.score = facts.regressionPrediction ?? .nan
            }
        }
        var met = JoinMeeting()
        if holds, let id = record.id {
            met = meetJoin(joined, id: id, version: record.version, time: time)
        }
        facts.isShadow = met.isShadow
        joined.isShadow = met.isShadow
        if isPrepared {
            swap(&observations, &prepared.observations)
            swap(&placements, &prepared.placements)
        } else {
            reference.read(features, positions: locator.positions, into: &observations)
            reference.place(observations, into: &placements)
        }
        if let task = reference.task, let prediction = facts.regressionPrediction, !met.isShadow {
            facts.losses = isPrepared
                ? prepared.losses : task.losses(observations: observations, prediction: prediction, row: &lossRow)
        }
        if let multivariate = reference.multivariate, facts.takesPart, !met.isShadow {
            facts.reconstructionError = isPrepared
                ? prepared.reconstructionError
                : multivariate.error(of: observations, row: &multivariateRow, scratch: &multivariateScratch)
        }
        // Placed and calibrated once: the slices count what the facts carry (a record that does
        // not take part, or a shadow, never reaches the score's counts).
        // Prepared, they come with the record; else the state's scratch lends its capacity.
        if isPrepared {
            swap(&facts.outputPlacements, &prepared.outputPlacements)
        } else {
            swap(&facts.outputPlacements, &outputPlacements)
        }
        if facts.takesPart, !met.isShadow {
            if isPrepared {
                // Worked out exactly when the facts have a score (finite, taking part).
                facts.scorePlacement = prepared.scorePlacement
                facts.calibratedProbability = prepared.calibratedProbability
            } else {
                facts.place(onScoreGrid: reference.scoreGrid, calibration: reference.calibration)
                if let task = reference.task { facts.placeOutputs(task) }
            }
        }
        count(&facts, at: time, task: reference.task)
        if isPrepared {
            swap(&facts.outputPlacements, &prepared.outputPlacements)
        } else {
            swap(&facts.outputPlacements, &outputPlacements)
        }
        // Agreement with the version that served the id, in that prediction's bucket.
        if let served = met.served, !served.isShadow, facts.takesPart, reference.task == nil {
            credit(agreementOf: joined, with: served)
        }
        if let label = met.earlyLabel {
            credit(joined, label: label, businessValues: config.business)
            lastJoin = .predictionMatched(label)
        }
    }

    /// Freshness, and the late count: a prediction older than the window when it arrived.
    private mutating func noteEventTime(_ time: Double) {
        // A time no bucket can hold (NaN, 1e300) is dropped when counted; it must not move
        // freshness.
        guard let key = buckets.bucketKey(at: time) else { return }
        newestEventSeconds = max(newestEventSeconds ?? time, time)
        firstEventSeconds = min(firstEventSeconds ?? time, time)
        if let windowBuckets, let newestKey = buckets.newestBucketKey, key <= newestKey - Int64(windowBuckets) {
            counters.lateRecords += 1
        }
    }

    // MARK: Features the reference never had

    /// Lists the names of `features` the reference never had, in order.
    private mutating func noteNewFeatures(_ features: borrowing [Feature], in reference: ReferenceSet) {
        for index in features.indices where reference.featureIndex(named: features[index].name) == nil {
            noteNewFeature(features[index].name)
        }
    }

    /// Lists a name the reference never had, or counts it beyond the list, within the bounds.
    private mutating func noteNewFeature(_ name: String) {
        guard !newFeatureNameSet.contains(name) else { return }
        if newFeatureNameSet.count < Self.maximumNewFeatureNames {
            newFeatureNameSet.insert(name)
            newFeatureNames.append(name)
        } else if unlistedNewFeatureHashes.count < Self.maximumNewFeaturesCounted {
            unlistedNewFeatureHashes.insert(name.hashValue)
        }
    }

    // MARK: Slices, the join, the counts

    /// Puts the record's slices (0, the whole stream, then each dimension's slot) in
    /// `sliceScratch`, and returns the slots packed as the join keeps them; `known` holds the
    /// slots a preparer already found (``SegmentSlots/assign(_:known:into:)``).
    private mutating func assignSlices(_ features: borrowing [Feature], known: [Int]) -> UInt64 {
        segments.assign(features, known: known, into: &slotScratch)
        sliceScratch.removeAll(keepingCapacity: true)
        sliceScratch.append(0)
        for (dimension, slot) in slotScratch.enumerated() {
            sliceScratch.append(sliceOffsets[dimension] + slot)
        }
        return JoinedPrediction.pack(slotScratch)
    }

    /// What the join told a prediction when it came.
    struct JoinMeeting {
        /// Another version of the id is held: this one is a shadow.
        var isShadow = false
        /// The version its agreement is measured against.
        var served: JoinedPrediction?
        /// Its label, which had come first.
        var earlyLabel: JoinedLabel?
    }

    /// Holds the prediction in the join (shadow agreement, and labels that came first).
    private mutating func meetJoin(_ prediction: JoinedPrediction, id: String, version: String?, time: Double) -> JoinMeeting {
        var met = JoinMeeting()
        let outcome = join.recordPrediction(
            id: id, version: version, timestampSeconds: time, prediction,
            onLabel: { _, label in met.earlyLabel = label },
            onOtherVersion: { earlier, _ in
                met.isShadow = true
                if met.served == nil || earlier.isShadow == false { met.served = earlier }
            })
        if outcome == .pending { lastJoin = .predictionHeld }
        return met
    }

    /// A multiclass record's decision and scores, or a regression's prediction, into `facts`;
    /// what cannot be used is counted by reason (docs/tasks.md "Bad input").
    private mutating func readTask(_ record: borrowing Record, task: TaskReference, prepared: inout PreparedRecord,
                                   isPrepared: Bool, into facts: inout PredictionFacts) {
        switch task.task {
        case .multiclass:
            let reading: MulticlassReading
            if isPrepared, let read = prepared.multiclass {
                reading = read
                swap(&classScoreScratch, &prepared.classScores)
                swap(&calibratedScratch, &prepared.calibratedScores)
            } else {
                reading = task.readMulticlass(record, scores: &classScoreScratch, calibrated: &calibratedScratch)
            }
            if let problem = reading.problem { counters.taskProblems[problem.rawValue, default: 0] += 1 }
            if reading.usable {
                facts.classScores = classScoreScratch
                if task.calibration != nil { facts.calibratedScores = calibratedScratch }
            }
            facts.predictedClass = reading.predictedClass
            if reading.unknownClass {
                counters.taskProblems[TaskReference.ScoreProblem.unknownClass.rawValue, default: 0] += 1
            }
        case .regression, .binary:
            facts.regressionPrediction = record.prediction.flatMap(TaskReference.number)
        }
    }

    /// Counts `facts` in each of the record's slices (`sliceScratch`) of the bucket at `time`.
    ///
    /// `facts` is taken `inout` (and left unchanged): captured by the bucket's closure as a
    /// value, they were copied into it (their arrays retained) for every record.
    private mutating func count(_ facts: inout PredictionFacts, at time: Double, task: TaskReference?) {
        // `withBucket` has `self.buckets` open for writing while the closure runs, so the
        // closure may not read `self`: the arrays it needs are lent to a static function beside
        // the buckets (copied out first, they were retained and released for every record).
        let outcome = Self.count(&facts, in: &buckets, at: time, slices: sliceScratch, observations: observations,
                                 placements: placements, task: task)
        switch outcome {
        case .invalidTime, .tooOld: counters.droppedRecords += 1
        default: break
        }
    }

    private static func count(
        _ facts: inout PredictionFacts, in buckets: inout EventTimeBuckets<BucketCounts>, at time: Double, slices: [Int],
        observations: [FeatureObservation], placements: [NumericPlacement], task: TaskReference?
    ) -> BucketOutcome {
        // The closure captures buffers and a pointer: capturing the arrays and the task
        // themselves, it had each retained and released around the bucket's call, and each
        // array lent on to a slice's count retained again.
        slices.withUnsafeBufferPointer { slices in
            observations.withUnsafeBufferPointer { observations in
                placements.withUnsafeBufferPointer { placements in
                    withUnsafePointer(to: task) { task in
                        buckets.withBucket(at: time) { bucket in
                            for slice in slices where slice < bucket.slices.count {
                                facts.count(into: &bucket.slices[slice], observations: observations,
                                            placements: placements, task: task.pointee)
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func ingestLabel(_ record: borrowing Record) {
        guard let joinedLabel = readLabel(record), let id = record.id else {
            unusableLabels += 1
            return
        }
        var first: JoinedPrediction?
        var more: [JoinedPrediction] = []
        join.recordLabel(id: id, timestampSeconds: record.timestampSeconds, joinedLabel) { prediction, _ in
            if first == nil { first = prediction } else { more.append(prediction) }
        }
        credit(first: first, more: more, label: joinedLabel)
        if first != nil { lastJoin = .labelMatched(joinedLabel, versions: 1 + more.count) }
    }

    /// What a label record says, as the join keeps it; `nil` when it cannot be used (counted by
    /// reason for a multiclass or regression model).
    private mutating func readLabel(_ record: borrowing Record) -> JoinedLabel? {
        guard let label = record.label else { return nil }
        guard let task = reference?.task else {
            guard let actual = BinaryOutcome.isPositive(label, positiveLabel: config.positiveLabel) else { return nil }
            return JoinedLabel(isPositive: actual, value: record.value)
        }
        switch task.task {
        case .multiclass:
            guard let actual = task.classIndex(of: label) else {
                if TaskReference.classText(label) != nil { counters.taskProblems["unknown_label_class", default: 0] += 1 }
                return nil
            }
            return JoinedLabel(isPositive: false, value: record.value, target: Double(actual))
        case .regression, .binary:
            guard let actual = TaskReference.number(label) else {
                counters.taskProblems["non_numeric_label", default: 0] += 1
                return nil
            }
            var joined = JoinedLabel(isPositive: false, value: record.value, target: actual)
            joined.isRegression = true
            return joined
        }
    }

    /// Credits a label to the version that served the id first and, as shadows, to the others.
    private mutating func credit(first: JoinedPrediction?, more: [JoinedPrediction], label: JoinedLabel) {
        let businessValues = config.business
        if let first { credit(first, label: label, businessValues: businessValues) }
        // The join keeps the copy stored before the prediction knew it was a shadow; every
        // version after the first to score the id is one, and must not count as labelled twice.
        for var prediction in more {
            prediction.isShadow = true
            credit(prediction, label: label, businessValues: businessValues)
        }
    }

    /// Static, with the offsets passed: a method called from a mutating one copied the whole
    /// state (over 2 KB) to lend it, once per label.
    private static func slices(of prediction: JoinedPrediction, offsets: [Int], into result: inout [Int]) {
        result.removeAll(keepingCapacity: true)
        result.append(0)
        for dimension in offsets.indices {
            if let slot = prediction.slot(ofDimension: dimension, dimensions: offsets.count) {
                result.append(offsets[dimension] + slot)
            }
        }
    }

    /// The slices of a joined prediction (``slices(of:offsets:into:)``) in the state's scratch array,
    /// taken out for the caller and put back by ``returnSlices(_:)``: a label allocates none.
    private mutating func borrowSlices(of prediction: JoinedPrediction) -> [Int] {
        var slices: [Int] = []
        swap(&slices, &creditSliceScratch)
        Self.slices(of: prediction, offsets: sliceOffsets, into: &slices)
        return slices
    }

    private mutating func returnSlices(_ slices: consuming [Int]) {
        creditSliceScratch = slices
    }

    /// Credits a label to its prediction's bucket, slices and version.
    private mutating func credit(_ prediction: JoinedPrediction, label: JoinedLabel, businessValues: BusinessValues?) {
        if let task = reference?.task {
            creditTask(prediction, label: label, task: task)
            return
        }
        let slices = borrowSlices(of: prediction)
        defer { returnSlices(slices) }
        let worth = businessValues?.evaluate(predicted: prediction.decision, actual: label.isPositive, value: label.value)
        buckets.withBucket(at: prediction.timestampSeconds) { bucket in
            for slice in slices {
                guard slice < bucket.slices.count else { continue }
                bucket.slices[slice].withVersion(Int(prediction.version)) { counts in
                    counts.confusion.record(predictedPositive: prediction.decision, actualPositive: label.isPositive)
                    counts.recordLabelled(score: prediction.score, actualPositive: label.isPositive)
                }
                guard !prediction.isShadow else { continue }
                bucket.slices[slice].labelled += 1
                if label.isPositive { bucket.slices[slice].positiveLabels += 1 }
                bucket.slices[slice].confusion.record(predictedPositive: prediction.decision, actualPositive: label.isPositive)
                if !prediction.score.isNaN {
                    bucket.slices[slice].classScores.record(score: prediction.score, actualPositive: label.isPositive)
                }
                if let worth { bucket.slices[slice].businessValue += worth }
            }
        }
    }

    /// Credits a multiclass or regression label to its prediction's bucket, slices and version.
    private mutating func creditTask(_ prediction: JoinedPrediction, label: JoinedLabel, task: TaskReference) {
        guard !label.target.isNaN else { return }
        let slices = borrowSlices(of: prediction)
        defer { returnSlices(slices) }
        switch task.task {
        case .multiclass:
            let actual = Int(label.target)
            guard actual >= 0, actual < task.classes.count else { return }
            let predicted = prediction.predictedClass.flatMap { $0 < task.classes.count ? $0 : nil }
            var scores: [Double] = []
            if prediction.scoresOrdinal > 0 {
                classScoreRing.scores(ordinal: prediction.scoresOrdinal, into: &classScoreScratch)
                if classScoreScratch.allSatisfy(\.isFinite) { scores = classScoreScratch }
            }
            let labelSlot = actual < task.labelSlots.count ? task.labelSlots[actual] : nil
            let classCount = task.classes.count
            let worth = predicted.flatMap { predicted in
                config.business?.evaluate(actualClass: task.classes[actual], predictedClass: task.classes[predicted], value: label.value)
            }
            buckets.withBucket(at: prediction.timestampSeconds) { bucket in
                for slice in slices {
                    guard slice < bucket.slices.count else { continue }
                    bucket.slices[slice].withVersion(Int(prediction.version)) { counts in
                        guard let predicted else { return }
                        if counts.classConfusion == nil { counts.classConfusion = MulticlassConfusionCounts(classCount: classCount) }
                        counts.classConfusion!.record(predictedClass: predicted, actualClass: actual)
                    }
                    guard !prediction.isShadow, bucket.slices[slice].task != nil else { continue }
                    bucket.slices[slice].labelled += 1
                    if let predicted { bucket.slices[slice].task!.confusion.record(predictedClass: predicted, actualClass: actual) }
                    if !scores.isEmpty { bucket.slices[slice].task!.rocHistograms.record(scores: scores, actualClass: actual) }
                    if let labelSlot { bucket.slices[slice].task!.labels?.record(.category(labelSlot)) }
                    if let worth { bucket.slices[slice].businessValue += worth }
                }
            }
        case .regression, .binary:
            let actual = label.target
            let predicted = prediction.score
            let worth = predicted.isFinite ? config.business?.evaluate(absoluteError: abs(actual - predicted), value: label.value) : nil
            // Placed once for the prediction's slices.
            // Optional chaining reads the grids in place; `flatMap` copied each reference.
            let labelPlacement = actual.isFinite ? task.label?.numeric?.grid.placement(of: actual) : nil
            let residual = predicted - actual
            let residualPlacement = residual.isFinite ? task.residual?.numeric?.grid.placement(of: residual) : nil
            // The error terms once for the version's and the task's counts in every slice.
            let terms = RegressionCounts.Terms(prediction: predicted, label: actual)
            buckets.withBucket(at: prediction.timestampSeconds) { bucket in
                for slice in slices {
                    guard slice < bucket.slices.count else { continue }
                    if predicted.isFinite {
                        bucket.slices[slice].withVersion(Int(prediction.version)) { counts in
                            if counts.regression == nil { counts.regression = RegressionCounts() }
                            if let terms { counts.regression!.record(terms) }
                        }
                    }
                    guard !prediction.isShadow, bucket.slices[slice].task != nil else { continue }
                    bucket.slices[slice].labelled += 1
                    if let labelPlacement {
                        bucket.slices[slice].task!.labels?.record(.number(actual, outOfRange: false), at: labelPlacement)
                    } else {
                        bucket.slices[slice].task!.labels?.record(.number(actual, outOfRange: false))
                    }
                    guard predicted.isFinite else { continue }
                    if let terms { bucket.slices[slice].task!.regression.record(terms) }
                    if let worth { bucket.slices[slice].businessValue += worth }
                    if let residualPlacement {
                        bucket.slices[slice].task!.residuals?.record(.number(residual, outOfRange: false), at: residualPlacement)
                    } else {
                        bucket.slices[slice].task!.residuals?.record(.number(residual, outOfRange: false))
                    }
                }
            }
        }
    }

    /// Credits a shadow prediction's agreement with the version that served the id first.
    private mutating func credit(agreementOf shadow: JoinedPrediction, with served: JoinedPrediction) {
        let slices = borrowSlices(of: served)
        defer { returnSlices(slices) }
        buckets.withBucket(at: served.timestampSeconds) { bucket in
            for slice in slices {
                guard slice < bucket.slices.count else { continue }
                bucket.slices[slice].withVersion(Int(shadow.version)) { counts in
                    counts.compared += 1
                    if shadow.decision == served.decision { counts.sameDecision += 1 }
                    if !served.score.isNaN, !shadow.score.isNaN {
                        counts.scoreDifferences += 1
                        counts.absoluteScoreDifferenceSum += abs(shadow.score - served.score)
                    }
                }
            }
        }
    }
}

/// What one record did in the label join (``MonitorState/lastJoin``).
public enum JoinEvent: Sendable {
    /// Nothing matched.
    case none
    /// A label record found its prediction, in `versions` versions.
    case labelMatched(JoinedLabel, versions: Int)
    /// A prediction record was held to wait for its label.
    case predictionHeld
    /// A prediction record found its label, which had come first.
    case predictionMatched(JoinedLabel)
}
