import DriftStats

/// A fleet's counts as Prometheus sums them over its agents (docs/fleet.md's families), for one
/// window: what ``MonitorState/loadFleet(_:fromSeconds:toSeconds:)`` turns into the counts a
/// snapshot is built from, by the same code as a log's.
///
/// Segments are keyed by their label (`""` for the whole stream, `DIM=VALUE` for a slice);
/// versions by theirs (`""` for the served stream).
public struct FleetTotals: Sendable {
    public var agents = 0
    /// When the last record reached any agent (wall clock); `nil` before one.
    public var lastRecordSeconds: Double?
    public var predictions = 0
    public var labels = 0
    public var malformed: [MalformedReason: Int] = [:]
    /// Segment → records that took part.
    public var sliceRecords: [String: Int] = [:]
    /// Segment → feature → bin → records.
    public var featureBins: [String: [String: [String: Int]]] = [:]
    /// Feature → fine cell → count, offset from the inner edge, values on the upper edge (whole stream).
    public var cells: [String: [Int: Cell]] = [:]
    /// Version → requests, errors (whole stream).
    public var requests: [String: (ok: Int, error: Int)] = [:]
    /// The latency histogram: cumulative counts by bound (seconds), count and sum (seconds).
    public var latencyBuckets: [(le: Double, count: Int)] = []
    public var latencyCount = 0
    public var latencySum = 0.0
    /// Segment → score bin → scores.
    public var scoreBins: [String: [Int: Int]] = [:]
    /// Segment → version → decided and positive predictions.
    public var decided: [String: [String: Int]] = [:]
    public var positives: [String: [String: Int]] = [:]
    /// Segment → outcome (tp, fp, fn, tn) → labelled predictions.
    public var outcomes: [String: [String: Int]] = [:]

    public struct Cell: Sendable {
        public var count = 0
        public var offset = 0.0
        public var edge = 0
        public init() {}
    }

    public init() {}

    /// Bin labels of the exposition that are not a category's own name.
    public static let reservedBins: Set<String> = [CategoricalReference.otherName, "__unseen__", "__missing__"]

    /// A category's bin label: its name, with a `\` in front when the name is a reserved bin's
    /// (or starts with `\`), so that no two bins share a label.
    public static func binLabel(category name: String) -> String {
        reservedBins.contains(name) || name.hasPrefix("\\") ? "\\" + name : name
    }

    /// A version's label: `(none)` without a version field, `(empty)` for an empty one, `(other)`
    /// past the versions told apart; a version named like one of those (or starting with `\`)
    /// with a `\` in front.
    public static func versionLabel(_ name: String?) -> String {
        guard let name else { return "(none)" }
        if name.isEmpty { return "(empty)" }
        return ["(none)", "(empty)", "(other)"].contains(name) || name.hasPrefix("\\") ? "\\" + name : name
    }

    /// A segment value's label: with a `\` in front when it is written like the slot of the
    /// rest or of none (or starts with `\`) without being it.
    public static func segmentLabel(value: String, isValueSlot: Bool) -> String {
        guard isValueSlot else { return value }
        return value == SegmentDimension.otherName || value == SegmentDimension.missingName || value.hasPrefix("\\") ? "\\" + value : value
    }
}

extension MonitorState {
    /// Replaces the counts by a fleet's, as one bucket ending at `toSeconds`: the next
    /// ``snapshot(nowSeconds:input:series:segments:atCursor:)`` shows them as its window (the
    /// fleet's counts are already the window's). Segment values the reference never seeded take free slots as records' would (beyond
    /// `segment_values`, `(other)`, where the fleet's own `(other)` goes too). A segment's KS and
    /// Wasserstein need fine cells the exposition keeps for the whole stream only:
    /// ``fleetNotHeld`` says what the fleet's snapshot cannot show.
    public mutating func loadFleet(_ fleet: FleetTotals, fromSeconds: Double, toSeconds: Double) {
        guard let reference else { return }
        var built = buckets.empty
        // Most records first (then by name), as slots go to values in a stream: the same slots
        // whatever order Prometheus answered in; labels sharing a slot (`(other)`) are summed.
        let labels = Set(fleet.sliceRecords.filter { $0.value > 0 }.keys).union(fleet.outcomes.keys)
            .sorted { (fleet.sliceRecords[$0] ?? 0, $1) > (fleet.sliceRecords[$1] ?? 0, $0) }
        for label in labels {
            guard let index = fleetSlice(label), index < built.slices.count else { continue }
            var slice = buckets.empty.slices[index]
            fill(&slice, index: index, label: label, fleet: fleet, reference: reference)
            built.slices[index].merge(slice)
        }
        buckets = EventTimeBuckets(
            bucketSeconds: buckets.bucketSeconds, windowSeconds: nil, historyBuckets: 1, empty: buckets.empty)
        buckets.withBucket(at: max(fromSeconds, toSeconds - 1e-3)) { $0.merge(built) }
        firstEventSeconds = fromSeconds
        newestEventSeconds = toSeconds
        // Freshness (the `stale` rule) from the agents' own last record.
        lastArrivalSeconds = fleet.lastRecordSeconds
    }

    /// The slice index of a segment label, claiming a slot for a value not seen before.
    private mutating func fleetSlice(_ label: String) -> Int? {
        if label.isEmpty { return 0 }
        guard let equals = label.firstIndex(of: "=") else { return nil }
        let name = String(label[..<equals]), value = String(label[label.index(after: equals)...])
        guard let dimension = segments.index(ofDimension: name) else { return nil }
        // A value escaped by the exposition (FleetTotals.segmentLabel) is a value, not `(other)`.
        let slot = value.hasPrefix("\\")
            ? segments.slot(dimension: dimension, value: String(value.dropFirst()))
            : segments.slot(dimension: dimension, named: value)
        return sliceOffsets[dimension] + slot
    }

    private mutating func fill(_ slice: inout SliceCounts, index: Int, label: String, fleet: FleetTotals, reference: ReferenceSet) {
        slice.records = fleet.sliceRecords[label] ?? 0
        let bins = fleet.featureBins[label] ?? [:]
        for (position, feature) in reference.features.enumerated() where position < slice.features.count {
            let counts = bins[feature.name] ?? [:]
            var numeric: NumericCounts?
            var categorical: CategoricalCounts?
            if let grid = feature.numeric?.grid {
                let coarse = (0..<grid.coarseBinCount).map { counts[String($0)] ?? 0 }
                var fine: [Int] = [], sums: [Double] = [], edges: [Int] = []
                if index == 0, let cells = fleet.cells[feature.name], !grid.fineEdges.isEmpty {
                    fine = Array(repeating: 0, count: grid.fineCellCount)
                    sums = Array(repeating: 0, count: grid.fineCellCount)
                    edges = Array(repeating: 0, count: grid.fineCellCount)
                    for (cell, value) in cells {
                        guard let inner = grid.innerEdge(ofFineCell: cell) else { continue }
                        fine[cell] = value.count
                        edges[cell] = value.edge
                        // The cell's sum from its inner edge (the exposition's offset).
                        let n = Double(value.count)
                        sums[cell] = inner.isUpper ? n * inner.value - value.offset : n * inner.value + value.offset
                    }
                }
                numeric = NumericCounts(grid: grid, coarseCounts: coarse, fineCounts: fine, fineSums: sums, fineUpperEdgeCounts: edges)
            } else if let categories = feature.categorical {
                var names = categories.categories.map { FleetTotals.binLabel(category: $0) }
                if categories.hasOther { names.append(CategoricalReference.otherName) }
                categorical = CategoricalCounts(slotCounts: names.map { counts[$0] ?? 0 }, unseen: counts["__unseen__"] ?? 0)
            }
            slice.features[position] = FeatureCounts(reference: feature, numeric: numeric, categorical: categorical,
                                                     missing: counts["__missing__"] ?? 0)
        }
        let grid = reference.scoreGrid
        let scores = fleet.scoreBins[label] ?? [:]
        slice.score = NumericCounts(grid: grid, coarseCounts: (0..<grid.coarseBinCount).map { scores[$0] ?? 0 },
                                    fineCounts: [], fineSums: [], fineUpperEdgeCounts: [])
        slice.decided = fleet.decided[label]?[""] ?? 0
        slice.positives = fleet.positives[label]?[""] ?? 0
        let outcomes = fleet.outcomes[label] ?? [:]
        slice.confusion = ConfusionCounts(
            truePositives: outcomes["tp"] ?? 0, falsePositives: outcomes["fp"] ?? 0,
            falseNegatives: outcomes["fn"] ?? 0, trueNegatives: outcomes["tn"] ?? 0)
        slice.labelled = slice.confusion.total
        slice.positiveLabels = slice.confusion.truePositives + slice.confusion.falseNegatives
        // Versions: their requests (whole stream) and decisions, by name.
        var names = Set((fleet.decided[label] ?? [:]).keys.filter { !$0.isEmpty })
        if index == 0 { names.formUnion(fleet.requests.keys) }
        for name in names.sorted() {
            let version = versionIndex(fleetVersion: name)
            // Added, not set: versions past the 16 told apart share the last one's counts.
            slice.withVersion(version) { counts in
                counts.decided += fleet.decided[label]?[name] ?? 0
                counts.positives += fleet.positives[label]?[name] ?? 0
                counts.records += fleet.decided[label]?[name] ?? 0
                if index == 0, let requests = fleet.requests[name] {
                    counts.requests += requests.ok + requests.error
                    counts.errors += requests.error
                }
            }
        }
        if index == 0 {
            slice.requests = fleet.requests.values.reduce(0) { $0 + $1.ok + $1.error }
            slice.errors = fleet.requests.values.reduce(0) { $0 + $1.error }
            let sketch = LatencySketch()
            let cumulative = fleet.latencyBuckets.filter { $0.le > 0 && ($0.le * 1_000).isFinite }.map {
                (index: sketch.bucketIndex(nearest: $0.le * 1_000), count: $0.count)
            }
            slice.latency = LatencySketch(cumulative: cumulative, count: fleet.latencyCount, sum: fleet.latencySum * 1_000)
        } else {
            slice.requests = slice.records
        }
    }

    /// The index of a version named in the fleet's labels (`(none)`: no version field).
    private mutating func versionIndex(fleetVersion name: String) -> Int {
        let wanted: String? = name == "(none)" ? nil : name == "(empty)" ? "" : (name.hasPrefix("\\") ? String(name.dropFirst()) : name)
        if let index = versionNames.firstIndex(where: { $0 == wanted }) { return index }
        guard versionNames.count < Self.maximumVersions else { return Self.maximumVersions - 1 }
        versionNames.append(wanted)
        return versionNames.count - 1
    }

    /// What a fleet's snapshot cannot show, the exposition not keeping it.
    public static let fleetNotHeld = "not held by Prometheus, so not shown: a segment's KS and Wasserstein, requests, errors and latency, the score histogram on screen and mean score, ROC AUC, the confidence-based estimate, multivariate drift, business value, out-of-range and type counts; latency percentiles are read from the histogram's bounds"
}
