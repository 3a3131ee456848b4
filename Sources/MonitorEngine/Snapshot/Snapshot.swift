import DriftStats

/// Everything the screens and the report can show at one moment: an immutable value the engine
/// publishes (architecture.md "Threads and time"). Building one costs
/// O(features × bins × segments), never O(records).
public struct Snapshot: Sendable {
    /// The model's name (config `model`, else the records' `model`, else "default").
    public var model: String
    /// What the model predicts (`task`): binary unless configured.
    public var task: ModelTask = .binary
    /// Wall-clock time the snapshot was built, seconds since the Unix epoch.
    public var builtAtSeconds: Double
    /// Ingest health: records, malformed lines by reason with examples, per-source counts.
    public var input: InputTally
    /// The current window: its length and the event-time span it covers.
    public var window: WindowInfo
    /// What the current data is compared with.
    public var reference: ReferenceInfo
    /// Freshness of the stream (docs/statistics.md "Infrastructure layer").
    public var freshness: Freshness
    /// Width of one time bucket in seconds: the resolution of every series below.
    public var bucketSeconds: Double
    /// The four layers for the whole stream.
    public var overall: SliceSnapshot
    /// The four layers for each kept segment value of each configured dimension, in dimension
    /// order, then by records (most first); `(other)` last.
    public var segments: [SliceSnapshot]
    /// The configured segment dimensions, in configuration order.
    public var dimensions: [String]
    /// Alert occurrences to show: firing, pending, and recently resolved, most severe first.
    public var alerts: [AlertSnapshot]
    /// Why alert acknowledgements and history are not being kept (the store cannot be opened or
    /// written), or `nil` when all is well: shown, never a silent loss.
    public var alertStoreError: String? = nil
    /// Why alerts are not reaching Alertmanager (unreachable, a notice refused), when one is
    /// configured and something is wrong.
    public var alertDeliveryProblem: String? = nil
    /// Bookkeeping counters of the engine (late records, label join).
    public var counters: EngineCounters
    /// Progress while reading what the files already held, before following them live.
    public var catchUp: CatchUpProgress?
    /// What looks like a mistake in the set-up rather than in the model (a reference too small
    /// to judge drift, labels that match nothing, several models mixed, an alert store shared
    /// with other inputs), one sentence each: shown on screen and in the report.
    public var notices: [String] = []
    /// Whether the tests' bands and rules use the Benjamini–Hochberg adjusted p-value
    /// (`drift.fdr`, docs/statistics.md "Many tests at once"); the screens show that one first.
    public var usesAdjustedPValues: Bool = true
    /// The kept past and where the time cursor stands in it; `nil` when no history is kept.
    public var history: HistoryInfo? = nil
    /// Why multivariate drift cannot be measured (no feature takes part, none varies in the
    /// reference); `nil` when it can, or before there is a reference.
    public var multivariateProblem: String? = nil
    /// Set when the counts are a fleet's, read from Prometheus (`--source`).
    public var fleet: FleetInfo? = nil

    public init(
        model: String, builtAtSeconds: Double, input: InputTally, window: WindowInfo,
        reference: ReferenceInfo, freshness: Freshness, bucketSeconds: Double,
        overall: SliceSnapshot, segments: [SliceSnapshot], dimensions: [String],
        alerts: [AlertSnapshot], counters: EngineCounters, catchUp: CatchUpProgress?
    ) {
        self.model = model
        self.builtAtSeconds = builtAtSeconds
        self.input = input
        self.window = window
        self.reference = reference
        self.freshness = freshness
        self.bucketSeconds = bucketSeconds
        self.overall = overall
        self.segments = segments
        self.dimensions = dimensions
        self.alerts = alerts
        self.counters = counters
        self.catchUp = catchUp
    }

    /// The slice for a segment, or the whole stream for `nil`.
    public func slice(_ key: SegmentKey?) -> SliceSnapshot? {
        guard let key else { return overall }
        return segments.first { $0.segment == key }
    }
}

/// One value of one segment dimension, e.g. `country=BR`.
public struct SegmentKey: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var dimension: String
    public var value: String

    public init(dimension: String, value: String) {
        self.dimension = dimension
        self.value = value
    }

    /// `dimension=value`, as the header and the alert scopes write it.
    public var description: String { "\(dimension)=\(value)" }

    public static func < (lhs: SegmentKey, rhs: SegmentKey) -> Bool {
        (lhs.dimension, lhs.value) < (rhs.dimension, rhs.value)
    }
}

/// The current window.
public struct WindowInfo: Sendable, Hashable {
    /// The configured length in seconds; `nil` means "all" (everything since the start).
    public var lengthSeconds: Double?
    /// Event time of the window's start and end (seconds since the epoch); `nil` before data.
    public var fromSeconds: Double?
    public var toSeconds: Double?
    /// Prediction records in the window (whole stream).
    public var records: Int
    /// The window was chosen for a replayed log (`MonitorConfig.isReplay`).
    public var isReplay: Bool
    /// The fewest records a slice's window needs before drift and estimates mean anything
    /// (`drift.min_records`); screens show neither below it, only the count.
    public var minimumRecords: Int
    /// The time cursor's end when the window is one of the past (`report --at`, `[` on the
    /// dashboard); `nil` for the live window.
    public var cursorSeconds: Double? = nil

    public init(
        lengthSeconds: Double?, fromSeconds: Double?, toSeconds: Double?, records: Int, isReplay: Bool = false,
        minimumRecords: Int = 0
    ) {
        self.lengthSeconds = lengthSeconds
        self.fromSeconds = fromSeconds
        self.toSeconds = toSeconds
        self.records = records
        self.isReplay = isReplay
        self.minimumRecords = minimumRecords
    }
}

/// The past the time cursor can reach (README.md, "History you can scrub"): event times in seconds
/// since the epoch.
public struct HistoryInfo: Sendable, Hashable {
    /// Where the oldest kept bucket starts.
    public var startSeconds: Double
    /// The live window's end: the newest bucket's.
    public var liveEndSeconds: Double
    /// The window's end at the cursor; `nil` when live.
    public var cursorSeconds: Double?
    /// The width of one step of the cursor there (a bucket, or a coarser entry of the past).
    public var stepSeconds: Double

    public init(startSeconds: Double, liveEndSeconds: Double, cursorSeconds: Double?, stepSeconds: Double) {
        self.startSeconds = startSeconds
        self.liveEndSeconds = liveEndSeconds
        self.cursorSeconds = cursorSeconds
        self.stepSeconds = stepSeconds
    }

    /// Whether the screens show the past.
    public var isLive: Bool { cursorSeconds == nil }
}

/// What the current data is compared with (docs/log-format.md "The reference").
public struct ReferenceInfo: Sendable, Hashable {
    /// The reference file, or `nil` when the first records of the stream serve as reference.
    public var path: String?
    /// Records in the reference (so far, while the stream is still filling it).
    public var records: Int
    /// How many stream records the reference wants when it is taken from the stream.
    public var wanted: Int?
    /// True once the reference is fixed and drift can be computed.
    public var isReady: Bool

    public init(path: String?, records: Int, wanted: Int?, isReady: Bool) {
        self.path = path
        self.records = records
        self.wanted = wanted
        self.isReady = isReady
    }
}

/// How fresh the stream is.
public struct Freshness: Sendable, Hashable {
    /// Wall-clock seconds since the newest record arrived; `nil` before any.
    public var secondsSinceLastRecord: Double?
    /// Event-time lag: now minus the newest event time, in seconds; `nil` before any.
    public var eventLagSeconds: Double?
    /// Newest event time seen, seconds since the epoch.
    public var newestEventSeconds: Double?

    public init(secondsSinceLastRecord: Double?, eventLagSeconds: Double?, newestEventSeconds: Double?) {
        self.secondsSinceLastRecord = secondsSinceLastRecord
        self.eventLagSeconds = eventLagSeconds
        self.newestEventSeconds = newestEventSeconds
    }
}

/// Progress of reading what the files held before following them.
public struct CatchUpProgress: Sendable, Hashable {
    public var bytesRead: Int
    public var bytesTotal: Int

    public init(bytesRead: Int, bytesTotal: Int) {
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
    }

    public var fraction: Double { bytesTotal > 0 ? min(1, Double(bytesRead) / Double(bytesTotal)) : 1 }
}

/// Counters of the engine's bookkeeping, shown so that nothing is lost silently.
public struct EngineCounters: Sendable, Hashable {
    /// Records older than the window when they arrived, added to their own bucket.
    public var lateRecords: Int = 0
    /// Records too old for any held bucket: counted, not added.
    public var droppedRecords: Int = 0
    /// Records without a usable event time (arrival time used instead).
    public var recordsWithoutTimestamp: Int = 0
    /// Label join (docs/statistics.md "Business outcomes layer").
    public var matchedLabels: Int = 0
    public var pendingPredictions: Int = 0
    public var heldLabels: Int = 0
    public var evictedPredictions: Int = 0
    public var unmatchedLabels: Int = 0
    public var duplicateLabels: Int = 0
    public var duplicatePredictions: Int = 0
    /// How long, in event time, a prediction waits for its label (``LabelHorizon``): `nil`
    /// while only `max_pending` bounds the join.
    public var labelHorizonSeconds: Double?
    /// How long a label waits for its prediction (``LabelJoin/labelHorizonSeconds``): the
    /// horizon, or shorter when learned. `nil` while only `max_pending` bounds the join.
    public var labelWaitSeconds: Double?
    /// Where that comes from: `learned`, `learning` (not enough matches yet), `untimed` (matches
    /// came, but a source without times keeps the clock from moving), `configured`, or `none`
    /// (`label_ttl: none`).
    public var labelHorizonSource: String = "learning"
    /// Label records without an id or with a label that is neither class (docs/statistics.md
    /// "Which records count where"): counted, not joined.
    public var unusableLabels: Int = 0
    /// Multiclass and regression records whose prediction or label could not be used, per
    /// reason (docs/tasks.md "Bad input"): `unknown_class`, `scores_sum` (prediction records:
    /// counted in the other layers without their scores or class), `unknown_label_class`,
    /// `non_numeric_label` (label records, not joined).
    public var taskProblems: [String: Int] = [:]
    /// Prediction records carrying a feature the reference never had, and the first such names
    /// (counted and listed, not monitored).
    public var recordsWithNewFeatures: Int = 0
    public var newFeatures: [String] = []
    /// Distinct new feature names beyond those listed (at most
    /// `MonitorState.maximumNewFeaturesCounted`).
    public var unlistedNewFeatures: Int = 0

    public init() {}
}

/// Where a fleet's snapshot came from (`--source prometheus://...`, docs/fleet.md).
public struct FleetInfo: Sendable, Hashable {
    /// The agents Prometheus scrapes for the model.
    public var agents: Int
    /// Seconds since the oldest of their latest scrapes.
    public var scrapeAgeSeconds: Double?
    /// Prometheus' address.
    public var source: String
    /// Why the last reading failed, when it did (the snapshot is then the one before).
    public var error: String?

    public init(agents: Int, scrapeAgeSeconds: Double?, source: String, error: String? = nil) {
        self.agents = agents
        self.scrapeAgeSeconds = scrapeAgeSeconds
        self.source = source
        self.error = error
    }
}
