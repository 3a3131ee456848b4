import Foundation

/// When things happen in the card-fraud story: the event-time axis, the traffic rate, the start
/// of each episode and how long labels take to arrive.
///
/// Offsets are seconds of event time after `startSeconds`. `story(events:)` is the fixed
/// four-hour story behind `modeltop generate`; `live(...)` compresses it so that a live demo
/// shows every episode within its first few minutes.
public struct ScenarioTimeline: Sendable, Hashable {
    /// Event time of the first instant, in seconds since the Unix epoch (UTC).
    public var startSeconds: Double
    /// Length of the story in seconds; `nil` for an endless stream.
    public var durationSeconds: Double?
    /// Number of champion prediction records; `nil` for an endless stream.
    public var events: Int?
    /// Mean rate of champion records per second, used when the stream is endless.
    public var eventsPerSecond: Double
    /// Relative amplitude of the daily traffic pattern, in [0, 0.9]: the rate is
    /// `1 + a sin(2π (t - 08:00 UTC) / 1 day)` times the mean, peaking at 14:00 UTC.
    public var dailyAmplitude: Double
    /// Offsets (seconds) during which latency spikes.
    public var latencySpikeSeconds: Range<Double>
    /// Offset (seconds) at which each episode other than the latency spike starts; they last
    /// to the end of the story.
    public var amountDriftSeconds: Double
    public var conceptDriftSeconds: Double
    public var missingFeatureSeconds: Double
    public var fraudRateRiseSeconds: Double
    /// Median delay between a prediction and its label, in seconds (lognormal).
    public var labelDelayMedianSeconds: Double
    /// Log-scale spread of the label delay (sigma of its logarithm).
    public var labelDelaySigma: Double
    /// The shortest label delay, in seconds.
    public var labelDelayMinimumSeconds: Double
    /// The prediction lines to corrupt, sorted by record index.
    public var malformedLines: [MalformedLine]

    /// A timeline from all of its parts; see the properties.
    public init(
        startSeconds: Double,
        durationSeconds: Double?,
        events: Int?,
        eventsPerSecond: Double,
        dailyAmplitude: Double,
        latencySpikeSeconds: Range<Double>,
        amountDriftSeconds: Double,
        conceptDriftSeconds: Double,
        missingFeatureSeconds: Double,
        fraudRateRiseSeconds: Double,
        labelDelayMedianSeconds: Double,
        labelDelaySigma: Double,
        labelDelayMinimumSeconds: Double,
        malformedLines: [MalformedLine]
    ) {
        precondition(dailyAmplitude >= 0 && dailyAmplitude <= 0.9, "dailyAmplitude must be in [0, 0.9]")
        precondition(eventsPerSecond > 0, "eventsPerSecond must be positive")
        precondition((events == nil) == (durationSeconds == nil), "events and durationSeconds go together")
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.events = events
        self.eventsPerSecond = eventsPerSecond
        self.dailyAmplitude = dailyAmplitude
        self.latencySpikeSeconds = latencySpikeSeconds
        self.amountDriftSeconds = amountDriftSeconds
        self.conceptDriftSeconds = conceptDriftSeconds
        self.missingFeatureSeconds = missingFeatureSeconds
        self.fraudRateRiseSeconds = fraudRateRiseSeconds
        self.labelDelayMedianSeconds = labelDelayMedianSeconds
        self.labelDelaySigma = labelDelaySigma
        self.labelDelayMinimumSeconds = labelDelayMinimumSeconds
        self.malformedLines = malformedLines.sorted { $0.recordIndex < $1.recordIndex }
    }

    /// 2026-11-02T08:00:00Z, the start of the generated story.
    public static let storyStartSeconds: Double = 1_793_606_400
    /// Four hours of event time.
    public static let storyDurationSeconds: Double = 4 * 3600
    /// The number of champion records `modeltop generate` writes by default.
    public static let defaultEvents = 10_000

    /// The generated story: `events` champion records over four hours from
    /// 2026-11-02T08:00Z. The episodes start at fixed fractions of the story (latency spike
    /// 0:40-0:50, amount drift 1:20, concept drift 2:00, missing feature 2:40, fraud-rate rise
    /// 3:20), so any `events` tells the same story at a different rate. Six lines are
    /// corrupted at fixed fractions of the records.
    public static func story(events: Int = defaultEvents) -> ScenarioTimeline {
        precondition(events > 0, "events must be positive")
        let duration = storyDurationSeconds
        let fractions: [(Double, MalformedLine.Kind)] = [
            (0.12, .truncatedJSON), (0.27, .invalidUTF8), (0.41, .scoreAsString),
            (0.58, .truncatedJSON), (0.74, .invalidUTF8), (0.89, .scoreAsString),
        ]
        var malformed: [MalformedLine] = []
        for (fraction, kind) in fractions {
            let index = Int(Double(events) * fraction)
            if index < events && !malformed.contains(where: { $0.recordIndex == index }) {
                malformed.append(MalformedLine(recordIndex: index, kind: kind))
            }
        }
        return ScenarioTimeline(
            startSeconds: storyStartSeconds,
            durationSeconds: duration,
            events: events,
            eventsPerSecond: Double(events) / duration,
            dailyAmplitude: 0.3,
            latencySpikeSeconds: (duration / 6)..<(duration * 5 / 24),
            amountDriftSeconds: duration / 3,
            conceptDriftSeconds: duration / 2,
            missingFeatureSeconds: duration * 2 / 3,
            fraudRateRiseSeconds: duration * 5 / 6,
            labelDelayMedianSeconds: 6 * 3600,
            labelDelaySigma: 1.0,
            labelDelayMinimumSeconds: 300,
            malformedLines: malformed
        )
    }

    /// An endless stream for a live demo at `eventsPerSecond`, starting at `startSeconds`
    /// (the wall clock when the demo starts): the latency spike at half of `driftAfterSeconds`
    /// for a sixth of it, then amount drift at `driftAfterSeconds` and the other episodes every
    /// half of it. Labels arrive after about 20 seconds. One line in 5,000 is corrupted, in turn,
    /// over the first million requests.
    public static func live(
        startSeconds: Double,
        eventsPerSecond: Double = 50,
        driftAfterSeconds: Double = 60
    ) -> ScenarioTimeline {
        precondition(driftAfterSeconds > 0, "driftAfterSeconds must be positive")
        let kinds = MalformedLine.Kind.allCases
        let malformed = (0..<200).map { MalformedLine(recordIndex: 4_999 + 5_000 * $0, kind: kinds[$0 % kinds.count]) }
        let step = driftAfterSeconds / 2
        return ScenarioTimeline(
            startSeconds: startSeconds,
            durationSeconds: nil,
            events: nil,
            eventsPerSecond: eventsPerSecond,
            dailyAmplitude: 0,
            latencySpikeSeconds: step..<(step + driftAfterSeconds / 6),
            amountDriftSeconds: driftAfterSeconds,
            conceptDriftSeconds: driftAfterSeconds + step,
            missingFeatureSeconds: driftAfterSeconds + 2 * step,
            fraudRateRiseSeconds: driftAfterSeconds + 3 * step,
            labelDelayMedianSeconds: 20,
            labelDelaySigma: 0.6,
            labelDelayMinimumSeconds: 2,
            malformedLines: malformed
        )
    }

    /// Offset (seconds after `startSeconds`) at which `episode` starts.
    public func startOffset(of episode: Episode) -> Double {
        switch episode {
        case .latencySpike: latencySpikeSeconds.lowerBound
        case .amountDrift: amountDriftSeconds
        case .conceptDrift: conceptDriftSeconds
        case .missingFeature: missingFeatureSeconds
        case .fraudRateRise: fraudRateRiseSeconds
        }
    }

    /// Event time (seconds since the Unix epoch) at which `episode` starts.
    public func start(of episode: Episode) -> Double {
        startSeconds + startOffset(of: episode)
    }

    /// The episodes under way at `offset` seconds (regardless of segment).
    public func activeEpisodes(atOffset offset: Double) -> EpisodeSet {
        var set: EpisodeSet = []
        if latencySpikeSeconds.contains(offset) { set.insert(EpisodeSet(.latencySpike)) }
        if offset >= amountDriftSeconds { set.insert(EpisodeSet(.amountDrift)) }
        if offset >= conceptDriftSeconds { set.insert(EpisodeSet(.conceptDrift)) }
        if offset >= missingFeatureSeconds { set.insert(EpisodeSet(.missingFeature)) }
        if offset >= fraudRateRiseSeconds { set.insert(EpisodeSet(.fraudRateRise)) }
        return set
    }

    // MARK: Traffic intensity

    /// Phase of the daily pattern at the start: 0 at 08:00 UTC.
    private var startPhase: Double {
        let secondsOfDay = (startSeconds - 8 * 3600).truncatingRemainder(dividingBy: 86_400)
        return 2 * Double.pi * secondsOfDay / 86_400
    }

    /// Relative traffic rate at `offset` (mean 1 over a day).
    func intensity(atOffset offset: Double) -> Double {
        1 + dailyAmplitude * sin(startPhase + 2 * Double.pi * offset / 86_400)
    }

    /// The integral of `intensity` from 0 to `offset`: the expected number of records up to
    /// `offset`, divided by the mean rate.
    func cumulativeIntensity(atOffset offset: Double) -> Double {
        let phase = startPhase
        return offset + dailyAmplitude * 86_400 / (2 * Double.pi)
            * (cos(phase) - cos(phase + 2 * Double.pi * offset / 86_400))
    }

    /// Records per unit of cumulative intensity: the mean rate that puts exactly `events`
    /// records in `durationSeconds`, or `eventsPerSecond` for an endless stream.
    var recordsPerIntensity: Double {
        if let events, let durationSeconds {
            return Double(events) / cumulativeIntensity(atOffset: durationSeconds)
        }
        return eventsPerSecond
    }

    /// The offset at which the cumulative intensity reaches `mass` (Newton's method from
    /// `guess`; the intensity is at least 0.1, so it converges in a few steps).
    func offset(atCumulativeIntensity mass: Double, from guess: Double) -> Double {
        var offset = guess
        for _ in 0..<8 {
            let step = (cumulativeIntensity(atOffset: offset) - mass) / intensity(atOffset: offset)
            offset -= step
            if abs(step) < 1e-6 { break }
        }
        return offset
    }
}
