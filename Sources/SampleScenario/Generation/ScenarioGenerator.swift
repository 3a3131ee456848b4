/// Writes the card-fraud story one line at a time, in time order: prediction lines in event
/// time, and label lines interleaved at their arrival time.
///
/// The same seed and timeline always give the same lines. `modeltop generate` routes the
/// prediction lines to `predictions.jsonl` and the label lines to `labels.jsonl`; a live demo
/// can pace the same calls against the wall clock using `ScenarioLine.timeSeconds`.
///
/// ```swift
/// var generator = ScenarioGenerator(seed: 7, timeline: .story(events: 10_000))
/// var bytes: [UInt8] = []
/// while let line = generator.next(into: &bytes) { ... }
/// ```
public struct ScenarioGenerator: Sendable {
    public let timeline: ScenarioTimeline
    let model: CardFraudModel
    private var rng: Xoshiro256StarStar
    private var nextRecordIndex = 0
    private var lastOffset = 0.0
    private var malformedCursor = 0
    private var labels = PendingLabels<(isFraud: Bool, amount: Double)>()
    private var current: Transaction?
    private var shadowPending = false
    private let recordsPerIntensity: Double
    /// Each name written as its bytes once, so lines are assembled without `String` work.
    private let countryBytes: [[UInt8]]
    private let deviceBytes: [[UInt8]]
    private let categoryBytes: [[UInt8]]

    /// A generator of the story told by `timeline`, with random draws seeded by `seed`.
    public init(seed: UInt64, timeline: ScenarioTimeline) {
        self.timeline = timeline
        self.model = CardFraudModel()
        self.rng = Xoshiro256StarStar(seed: seed)
        self.recordsPerIntensity = timeline.recordsPerIntensity
        countryBytes = CardFraudModel.countries.map { Array($0.utf8) }
        deviceBytes = CardFraudModel.devices.map { Array($0.utf8) }
        categoryBytes = CardFraudModel.merchantCategories.map { Array($0.utf8) }
    }

    /// The number of champion records drawn so far.
    public var recordsDrawn: Int { nextRecordIndex }

    /// Appends the next line (with its newline) to `line` and describes it; `nil` when the
    /// story is over (never for an endless timeline).
    public mutating func next(into line: inout [UInt8]) -> ScenarioLine? {
        if current == nil, let transaction = drawNext() {
            current = transaction
            shadowPending = false
        }
        if let label = labels.first, current == nil || Double(label.arrivalMilliseconds) / 1000 <= current!.timeSeconds {
            _ = labels.removeFirst()
            writeLabel(label, into: &line)
            return ScenarioLine(
                kind: .label, timeSeconds: Double(label.arrivalMilliseconds) / 1000,
                recordIndex: label.recordIndex, isShadow: false, malformation: nil, isFailed: false, isFraud: label.truth.isFraud, episodes: [])
        }
        guard let transaction = current else { return nil }
        if shadowPending {
            writePrediction(transaction, shadow: true, into: &line)
            current = nil
            return ScenarioLine(
                kind: .prediction, timeSeconds: transaction.timeSeconds, recordIndex: transaction.index,
                isShadow: true, malformation: nil, isFailed: false, isFraud: nil, episodes: transaction.episodes)
        }
        writePrediction(transaction, shadow: false, into: &line)
        if transaction.hasShadow {
            shadowPending = true
        } else {
            current = nil
        }
        return ScenarioLine(
            kind: .prediction, timeSeconds: transaction.timeSeconds, recordIndex: transaction.index,
            isShadow: false, malformation: transaction.malformation,
            isFailed: transaction.status != .ok, isFraud: nil, episodes: transaction.episodes)
    }

    /// Draws the next champion record with its time, corruption and label, or `nil` when the
    /// timeline's record count is reached.
    private mutating func drawNext() -> Transaction? {
        if let events = timeline.events, nextRecordIndex >= events { return nil }
        let index = nextRecordIndex
        nextRecordIndex += 1
        // Stratified arrival: record i falls in the i-th slice of cumulative intensity, so
        // exactly `events` records fill the story and times never decrease.
        let mass = (Double(index) + rng.nextUnit()) / recordsPerIntensity
        let offset = max(lastOffset, timeline.offset(atCumulativeIntensity: mass, from: lastOffset))
        lastOffset = offset
        let milliseconds = Int64(((timeline.startSeconds + offset) * 1000).rounded(.down))
        let time = Double(milliseconds) / 1000
        var transaction = model.drawTransaction(
            index: index, timeSeconds: time, active: timeline.activeEpisodes(atOffset: offset), using: &rng)
        let malformed = timeline.malformedLines
        while malformedCursor < malformed.count && malformed[malformedCursor].recordIndex < index {
            malformedCursor += 1
        }
        if malformedCursor < malformed.count && malformed[malformedCursor].recordIndex == index {
            transaction.malformation = malformed[malformedCursor].kind
        }
        // Labels exist for served, readable predictions; a tenth never arrives.
        if transaction.status == .ok && transaction.malformation == nil
            && rng.nextBool(probability: CardFraudModel.labelShare)
        {
            let delay = max(
                timeline.labelDelayMinimumSeconds,
                rng.nextLogNormal(median: timeline.labelDelayMedianSeconds, sigma: timeline.labelDelaySigma))
            let arrival = milliseconds + Int64((delay * 1000).rounded(.down))
            transaction.labelArrivalSeconds = Double(arrival) / 1000
            labels.insert(.init(arrivalMilliseconds: arrival, recordIndex: index, truth: (transaction.isFraud, transaction.amount)))
        }
        return transaction
    }

    // MARK: Writing lines

    private func writeId(_ index: Int, into line: inout [UInt8]) {
        line.append(ascii: "\"tx-")
        line.append(decimal: UInt64(index + 1), minimumDigits: 7)
        line.append(UInt8(ascii: "\""))
    }

    private func writeLabel(_ label: PendingLabels<(isFraud: Bool, amount: Double)>.Entry, into line: inout [UInt8]) {
        line.append(ascii: "{\"ts\":\"")
        line.append(timestampMilliseconds: label.arrivalMilliseconds)
        line.append(ascii: "\",\"id\":")
        writeId(label.recordIndex, into: &line)
        line.append(ascii: ",\"label\":")
        line.append(label.truth.isFraud ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        line.append(ascii: ",\"value\":")
        line.append(fixed: label.truth.amount, decimals: 2)
        line.append(ascii: "}\n")
    }

    private func writePrediction(_ transaction: Transaction, shadow: Bool, into line: inout [UInt8]) {
        let lineStart = line.count
        let malformation = shadow ? nil : transaction.malformation
        line.append(ascii: "{\"ts\":\"")
        line.append(timestampMilliseconds: Int64((transaction.timeSeconds * 1000).rounded()))
        line.append(ascii: "\",\"id\":")
        writeId(transaction.index, into: &line)
        line.append(ascii: ",\"model\":\"fraud-detector\",\"version\":")
        line.append(ascii: shadow ? "\"v4\"" : "\"v3\"")
        line.append(ascii: ",\"features\":{\"amount\":")
        line.append(fixed: transaction.amount, decimals: 2)
        line.append(ascii: ",\"merchant_category\":\"")
        let category = categoryBytes[transaction.merchantCategory]
        if malformation == .invalidUTF8 {
            // 0xFF never occurs in UTF-8.
            line.append(contentsOf: category.prefix(3))
            line.append(0xFF)
            line.append(contentsOf: category.dropFirst(3))
        } else {
            line.append(contentsOf: category)
        }
        line.append(ascii: "\",\"new_merchant\":")
        line.append(ascii: transaction.newMerchant ? "true" : "false")
        line.append(ascii: ",\"country\":\"")
        line.append(contentsOf: countryBytes[transaction.country])
        line.append(ascii: "\",\"device\":\"")
        line.append(contentsOf: deviceBytes[transaction.device])
        line.append(ascii: "\",\"hour\":")
        line.append(decimal: transaction.hour)
        line.append(ascii: ",\"account_age_days\":")
        if transaction.accountAgeMissing {
            line.append(ascii: "null")
        } else {
            line.append(decimal: transaction.accountAgeDays)
        }
        line.append(ascii: ",\"tx_last_24h\":")
        line.append(decimal: transaction.transactionsLast24h)
        line.append(UInt8(ascii: "}"))
        if transaction.status == .ok {
            let score = shadow ? transaction.shadowScore : transaction.score
            if malformation == .scoreAsString {
                line.append(ascii: ",\"score\":\"")
                line.append(fixed: score, decimals: 4)
                line.append(UInt8(ascii: "\""))
            } else {
                line.append(ascii: ",\"score\":")
                line.append(fixed: score, decimals: 4)
            }
            line.append(ascii: ",\"prediction\":")
            line.append(score >= CardFraudModel.threshold ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        }
        line.append(ascii: ",\"latency_ms\":")
        line.append(fixed: shadow ? transaction.shadowLatencyMilliseconds : transaction.latencyMilliseconds, decimals: 1)
        line.append(ascii: ",\"status\":\"")
        switch transaction.status {
        case .ok: line.append(ascii: "ok")
        case .error: line.append(ascii: "error")
        case .timeout: line.append(ascii: "timeout")
        }
        line.append(ascii: "\"}")
        if malformation == .truncatedJSON {
            // A writer killed mid-line: the object stops halfway.
            line.removeLast((line.count - lineStart) / 2)
        }
        line.append(UInt8(ascii: "\n"))
    }
}
