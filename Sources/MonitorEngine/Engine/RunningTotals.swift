import DriftStats

/// Everything counted since the engine started, whatever the window: what a metrics
/// exposition serves as counters (fleet.md), so that Prometheus can sum agents and take
/// windows as differences. Built on demand (``MonitorState/runningTotals()``), in
/// O(held buckets × counts), never per record.
public struct RunningTotals: Sendable {
    /// One slice's counts since start and its reference.
    public struct Slice: Sendable {
        /// `nil` for the whole stream.
        public var segment: SegmentKey?
        public var counts: SliceCounts
        public var reference: SliceReference
    }

    public var model: String
    public var task: ModelTask
    /// The reference the counts are binned on.
    public var reference: ReferenceSet
    /// Version names by index (``VersionCounts`` in each slice); `nil` is "no version field".
    public var versionNames: [String?]
    /// The whole stream first, then every used segment slot, in slot order.
    public var slices: [Slice]
    /// Class names of a multiclass model, in the order of its counts.
    public var classes: [String]
    /// When the last record arrived (wall clock); `nil` before one.
    public var lastRecordSeconds: Double? = nil
}

extension MonitorState {
    /// The counts of every record since start (the ring's buckets and the running total of
    /// those that left it), per slice; `nil` while the reference is still being filled.
    /// O(counts × buckets opened since the last call) (``EventTimeBuckets/sinceStart()``).
    public mutating func runningTotals() -> RunningTotals? {
        guard let reference else { return nil }
        let totals = buckets.sinceStart()
        var slices: [RunningTotals.Slice] = []
        if let overall = totals.slice(0) {
            slices.append(RunningTotals.Slice(segment: nil, counts: overall, reference: reference.global))
        }
        for (dimensionIndex, dimension) in segments.dimensions.enumerated() {
            for slot in 0..<dimension.slotCount {
                let index = sliceOffsets[dimensionIndex] + slot
                guard let counts = totals.slice(index), counts.requests > 0 || counts.labelled > 0,
                      let value = dimension.name(ofSlot: slot) else { continue }
                // A value written like the slots of the rest or of none keeps a label of its own.
                let name = FleetTotals.segmentLabel(value: value, isValueSlot: slot != dimension.otherSlot && slot != dimension.missingSlot)
                slices.append(RunningTotals.Slice(
                    segment: SegmentKey(dimension: dimension.name, value: name), counts: counts,
                    reference: reference.reference(dimension: dimensionIndex, slot: slot)))
            }
        }
        var result = RunningTotals(
            model: config.model ?? modelName ?? "default", task: config.task, reference: reference,
            versionNames: versionNames, slices: slices, classes: reference.task?.classes ?? [])
        result.lastRecordSeconds = lastArrivalSeconds
        return result
    }
}
