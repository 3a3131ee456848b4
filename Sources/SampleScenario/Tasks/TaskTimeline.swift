/// When things happen in the multiclass and regression stories: the event-time axis, a steady
/// traffic rate, the start of the one episode, how long labels take, and how fast a live demo
/// plays event time against the wall clock.
///
/// `story(events:)` is the fixed four-hour story behind `modeltop generate --task ...`;
/// `live(...)` is an endless stream whose event time runs `speed` times the wall clock, so that
/// the default rules' holds (5 and 15 minutes of event time) pass within a few minutes.
public struct TaskTimeline: Sendable, Hashable {
    /// Event time of the first instant, in seconds since the Unix epoch (UTC).
    public var startSeconds: Double
    /// Length of the story in seconds; `nil` for an endless stream.
    public var durationSeconds: Double?
    /// Number of prediction records; `nil` for an endless stream.
    public var events: Int?
    /// Records per second of event time.
    public var eventsPerSecond: Double
    /// Offset (seconds of event time after `startSeconds`) at which the episode starts; it lasts
    /// to the end of the story.
    public var episodeSeconds: Double
    /// Median delay between a prediction and its label, in seconds of event time (lognormal).
    public var labelDelayMedianSeconds: Double
    /// Log-scale spread of the label delay.
    public var labelDelaySigma: Double
    /// The shortest label delay, in seconds of event time.
    public var labelDelayMinimumSeconds: Double
    /// Seconds of event time per second of wall time when played live (1 for files).
    public var speed: Double

    /// A timeline from all of its parts; see the properties.
    public init(
        startSeconds: Double, durationSeconds: Double?, events: Int?, eventsPerSecond: Double,
        episodeSeconds: Double, labelDelayMedianSeconds: Double, labelDelaySigma: Double,
        labelDelayMinimumSeconds: Double, speed: Double
    ) {
        precondition(eventsPerSecond > 0, "eventsPerSecond must be positive")
        precondition(speed > 0, "speed must be positive")
        precondition((events == nil) == (durationSeconds == nil), "events and durationSeconds go together")
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.events = events
        self.eventsPerSecond = eventsPerSecond
        self.episodeSeconds = episodeSeconds
        self.labelDelayMedianSeconds = labelDelayMedianSeconds
        self.labelDelaySigma = labelDelaySigma
        self.labelDelayMinimumSeconds = labelDelayMinimumSeconds
        self.speed = speed
    }

    /// The generated story: `events` records at a steady rate over four hours from
    /// 2026-11-02T08:00Z (as the card-fraud story), the episode from 10:00, labels a median
    /// three minutes after their prediction.
    public static func story(events: Int = ScenarioTimeline.defaultEvents) -> TaskTimeline {
        precondition(events > 0, "events must be positive")
        let duration = ScenarioTimeline.storyDurationSeconds
        return TaskTimeline(
            startSeconds: ScenarioTimeline.storyStartSeconds, durationSeconds: duration, events: events,
            eventsPerSecond: Double(events) / duration, episodeSeconds: duration / 2,
            labelDelayMedianSeconds: 180, labelDelaySigma: 0.6, labelDelayMinimumSeconds: 20, speed: 1)
    }

    /// Event time runs this many times the wall clock in a live demo by default.
    public static let defaultSpeed: Double = 20

    /// An endless stream for a live demo starting at `startSeconds` (the wall clock when the
    /// demo starts): `linesPerSecond` prediction lines a second of wall time, event time
    /// running `speed` times the wall clock, the episode after `driftAfterSeconds` of wall
    /// time. Labels come a median three minutes of event time after their prediction.
    public static func live(
        startSeconds: Double, linesPerSecond: Double = 50, speed: Double = defaultSpeed,
        driftAfterSeconds: Double = 60
    ) -> TaskTimeline {
        precondition(driftAfterSeconds > 0, "driftAfterSeconds must be positive")
        return TaskTimeline(
            startSeconds: startSeconds, durationSeconds: nil, events: nil,
            eventsPerSecond: linesPerSecond / speed, episodeSeconds: driftAfterSeconds * speed,
            labelDelayMedianSeconds: 180, labelDelaySigma: 0.6, labelDelayMinimumSeconds: 20, speed: speed)
    }

    /// Event time (seconds since the Unix epoch) at which the episode starts.
    public var episodeStart: Double { startSeconds + episodeSeconds }

    /// The wall-clock time at which a line of event time `seconds` is due in a live demo.
    public func wallSeconds(atEventTime seconds: Double) -> Double {
        startSeconds + (seconds - startSeconds) / speed
    }
}
