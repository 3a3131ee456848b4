import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MonitorEngine

/// `--source prometheus://HOST:PORT`: a fleet's counts read back from Prometheus' HTTP API
/// (`/api/v1/query`), summed over every agent of one model (docs/fleet.md, "The fleet view").
///
/// Over a window of all, each family is `sum by (...)` of the counters as they stand: exact, the
/// counts of one modeltop reading every agent's log (since the agents started). Over a span, it
/// is `round(increase(...[span]))` per series, summed: Prometheus extrapolates to the window's
/// edges and takes restarts in its stride, so a span's counts are its estimate, not exact.
public struct PrometheusSource: Sendable {
    public let baseURL: String
    public let timeoutSeconds: Double

    /// `prometheus://HOST:PORT` (or `http://HOST:PORT`, with an optional path prefix).
    public init(_ text: String, timeoutSeconds: Double = 10) throws(FleetError) {
        var url = text
        if url.hasPrefix("prometheus://") { url = "http://" + url.dropFirst("prometheus://".count) }
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), let parsed = URL(string: url), parsed.host != nil,
              parsed.query == nil else {
            throw FleetError("--source takes prometheus://HOST:PORT, got '\(text)'")
        }
        while url.hasSuffix("/") { url.removeLast() }
        baseURL = url
        self.timeoutSeconds = timeoutSeconds
    }

    /// One sample of an instant vector.
    public struct Sample: Sendable {
        public var labels: [String: String]
        public var value: Double
    }

    /// An instant query's vector (a scalar is one sample without labels).
    public func query(_ promql: String) throws(FleetError) -> [Sample] {
        var components = URLComponents(string: baseURL + "/api/v1/query")
        components?.queryItems = [URLQueryItem(name: "query", value: promql)]
        // `+` is a space to a form decoder: PromQL's plus must travel as %2B.
        let encoded = components?.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        components?.percentEncodedQuery = encoded
        guard let url = components?.url else { throw FleetError("cannot make a query URL of \(baseURL)") }
        let body = try get(url)
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw FleetError("\(baseURL) answered with something that is not Prometheus' JSON")
        }
        guard json["status"] as? String == "success", let data = json["data"] as? [String: Any] else {
            throw FleetError("Prometheus refused the query: \(json["error"] as? String ?? "unknown error")")
        }
        func number(_ pair: Any?) -> Double? {
            guard let pair = pair as? [Any], pair.count == 2, let text = pair[1] as? String else { return nil }
            return Double(text)
        }
        if data["resultType"] as? String == "scalar" {
            return number(data["result"]).map { [Sample(labels: [:], value: $0)] } ?? []
        }
        return (data["result"] as? [[String: Any]] ?? []).compactMap { entry in
            number(entry["value"]).map { Sample(labels: entry["metric"] as? [String: String] ?? [:], value: $0) }
        }
    }

    private func get(_ url: URL) throws(FleetError) -> Data {
        var request = URLRequest(url: url)
        request.timeoutInterval = timeoutSeconds
        let done = DispatchSemaphore(value: 0)
        let answer = LockedValue<Result<Data, FleetError>>(.failure(FleetError("\(baseURL) did not answer within \(Int(timeoutSeconds))s")))
        let base = baseURL
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            let result: Result<Data, FleetError>
            if let error {
                result = .failure(FleetError("cannot reach Prometheus at \(base): \(error.localizedDescription)"))
            } else if let response = response as? HTTPURLResponse, let data, response.statusCode == 200 || response.statusCode == 400 || response.statusCode == 422 {
                result = .success(data)
            } else {
                result = .failure(FleetError("Prometheus at \(base) answered \((response as? HTTPURLResponse)?.statusCode ?? 0)"))
            }
            answer.withLock { $0 = result }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + timeoutSeconds + 1) == .timedOut { task.cancel() }
        return try answer.withLock { $0 }.get()
    }

    // MARK: - The fleet's counts

    /// What the fleet view reads: the summed counts, the agents and how fresh their scrapes are.
    public struct Reading: Sendable {
        public var totals: FleetTotals
        public var model: String
        /// Each agent (Prometheus' `instance`) and its records and labels read.
        public var input: InputTally
        /// Seconds since the oldest of the agents' latest scrapes.
        public var scrapeAgeSeconds: Double?
        public var categoriesHashed: Bool
        /// When the earliest of the agents started (wall clock).
        public var startSeconds: Double?
        /// Agents that restarted within the window (their logs read again count in it).
        public var restartedAgents: [String] = []
    }

    /// The model to read: the one named, else the only one Prometheus has.
    public func model(named wanted: String?) throws(FleetError) -> String {
        if let wanted { return wanted }
        let models = Set(try query("count by (model) (modeltop_reference_info)").compactMap { $0.labels["model"] })
        guard models.count == 1, let only = models.first else {
            throw FleetError(models.isEmpty
                ? "Prometheus at \(baseURL) has no modeltop agent (no modeltop_reference_info series): is it scraping them?"
                : "Prometheus has several models (\(models.sorted().joined(separator: ", "))): --model NAME chooses one")
        }
        return only
    }

    /// The fleet's counts of `model` over the last `windowSeconds` (`nil`: since the agents
    /// started), checked against the local reference's SHA-256 and bin count.
    public func read(model: String, windowSeconds: Double?, referenceSHA256: String?, bins: Int,
                     categories: [String: String]) throws(FleetError) -> Reading {
        let selector = "model=\"\(Self.escaped(model))\""
        // The agents and their references.
        let infos = try query("modeltop_reference_info{\(selector)}")
        guard !infos.isEmpty else { throw FleetError("Prometheus has no modeltop agent of model '\(model)'") }
        let byReference = Dictionary(grouping: infos) {
            "\($0.labels["reference_sha256"] ?? "?") (\($0.labels["bins"] ?? "?") bins, categories \($0.labels["categories"] ?? "plain"))"
        }
        if byReference.count > 1 {
            let detail = byReference.keys.sorted().map { key in
                "\(key): \(byReference[key]!.compactMap { $0.labels["instance"] }.sorted().joined(separator: ", "))"
            }.joined(separator: "; ")
            throw FleetError("the agents of '\(model)' use different references: \(detail)")
        }
        let theirs = infos[0].labels["reference_sha256"] ?? ""
        if let referenceSHA256, theirs != referenceSHA256 {
            throw FleetError("the agents' reference (sha256 \(theirs.prefix(12))…) is not this configuration's (\(referenceSHA256.prefix(12))…): give --config the agents' reference")
        }
        if let agentBins = infos[0].labels["bins"].flatMap({ Int($0) }), agentBins != bins {
            throw FleetError("the agents count \(agentBins) bins, this configuration \(bins): use the agents' drift.bins")
        }
        let theirCategories = infos[0].labels["categories"] ?? "plain"
        if theirCategories != (categories.isEmpty ? "plain" : "hashed") {
            throw FleetError("the agents write categories \(theirCategories), this configuration \(categories.isEmpty ? "plain" : "hashed"): use the agents' metrics.categories")
        }

        // Counts are rounded per series over a span (increase() extrapolates); float sums are not.
        func vector(_ family: String, by labels: [String], extra: String = "", rounds: Bool = true) throws(FleetError) -> [Sample] {
            let series = "\(family){\(selector)\(extra)}"
            let inner = windowSeconds.map {
                let increase = "increase(\(series)[\(Int($0.rounded(.up)))s])"
                return rounds ? "round(\(increase))" : increase
            } ?? series
            return try query("sum by (\(labels.joined(separator: ","))) (\(inner))")
        }
        // A count as Prometheus holds it, a float: never negative, NaN or beyond exact integers.
        func int(_ value: Double) -> Int {
            guard value.isFinite, value > 0 else { return 0 }
            return Int(min(value, 0x1p52).rounded())
        }
        func finite(_ value: Double) -> Double { value.isFinite ? value : 0 }
        // A hashed segment value the reference has is named again (its slot, its reference).
        func segment(_ sample: Sample) -> String {
            let label = sample.labels["segment"] ?? ""
            guard !categories.isEmpty, let equals = label.firstIndex(of: "=") else { return label }
            let hash = String(label[label.index(after: equals)...])
            return categories[hash].map { String(label[...equals]) + $0 } ?? label
        }

        var totals = FleetTotals()
        totals.agents = infos.count
        let hashed = !categories.isEmpty
        for sample in try vector("modeltop_slice_records_total", by: ["segment"]) {
            totals.sliceRecords[segment(sample), default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_feature_bin_total", by: ["segment", "feature", "bin"]) {
            guard let feature = sample.labels["feature"], let bin = sample.labels["bin"] else { continue }
            let name = hashed ? (categories[bin] ?? bin) : bin
            totals.featureBins[segment(sample), default: [:]][feature, default: [:]][name, default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_feature_cell_total", by: ["feature", "cell"]) {
            guard let feature = sample.labels["feature"], let cell = sample.labels["cell"].flatMap({ Int($0) }) else { continue }
            totals.cells[feature, default: [:]][cell, default: FleetTotals.Cell()].count = int(sample.value)
        }
        for sample in try vector("modeltop_feature_cell_offset_total", by: ["feature", "cell"], rounds: false) {
            guard let feature = sample.labels["feature"], let cell = sample.labels["cell"].flatMap({ Int($0) }) else { continue }
            totals.cells[feature, default: [:]][cell, default: FleetTotals.Cell()].offset = max(0, finite(sample.value))
        }
        for sample in try vector("modeltop_feature_cell_edge_total", by: ["feature", "cell"]) {
            guard let feature = sample.labels["feature"], let cell = sample.labels["cell"].flatMap({ Int($0) }) else { continue }
            totals.cells[feature, default: [:]][cell, default: FleetTotals.Cell()].edge = int(sample.value)
        }
        for sample in try vector("modeltop_requests_total", by: ["version", "status"]) {
            let version = sample.labels["version"] ?? ""
            var entry = totals.requests[version] ?? (0, 0)
            if sample.labels["status"] == "error" { entry.error += int(sample.value) } else { entry.ok += int(sample.value) }
            totals.requests[version] = entry
        }
        for sample in try vector("modeltop_latency_seconds_bucket", by: ["le"]) {
            guard let le = sample.labels["le"].flatMap({ Double($0.replacingOccurrences(of: "+Inf", with: "inf")) }) else { continue }
            totals.latencyBuckets.append((le, int(sample.value)))
        }
        totals.latencyBuckets.sort { $0.le < $1.le }
        totals.latencyCount = int(try vector("modeltop_latency_seconds_count", by: []).first?.value ?? 0)
        totals.latencySum = max(0, finite(try vector("modeltop_latency_seconds_sum", by: [], rounds: false).first?.value ?? 0))
        for sample in try vector("modeltop_score_bin_total", by: ["segment", "bin"]) {
            guard let bin = sample.labels["bin"].flatMap({ Int($0) }) else { continue }
            totals.scoreBins[segment(sample), default: [:]][bin, default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_predictions_decided_total", by: ["segment", "version"]) {
            totals.decided[segment(sample), default: [:]][sample.labels["version"] ?? "", default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_predictions_positive_total", by: ["segment", "version"]) {
            totals.positives[segment(sample), default: [:]][sample.labels["version"] ?? "", default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_outcomes_total", by: ["segment", "outcome"], extra: ",class=\"\"") {
            guard let outcome = sample.labels["outcome"] else { continue }
            totals.outcomes[segment(sample), default: [:]][outcome, default: 0] += int(sample.value)
        }
        for sample in try vector("modeltop_malformed_lines_total", by: ["reason"]) {
            if let reason = sample.labels["reason"].flatMap(MalformedReason.init(rawValue:)) { totals.malformed[reason, default: 0] += int(sample.value) }
        }
        // Each agent's records, as the report's sources.
        var sources: [String: SourceTally] = [:]
        for (index, info) in infos.enumerated() {
            let instance = info.labels["instance"] ?? "agent \(index + 1)"
            sources[instance] = SourceTally(id: index, path: instance)
        }
        for sample in try vector("modeltop_records_total", by: ["instance", "kind"]) {
            guard let instance = sample.labels["instance"], sources[instance] != nil else { continue }
            let count = int(sample.value)
            if sample.labels["kind"] == "label" {
                sources[instance]!.labels = count
                totals.labels += count
            } else {
                sources[instance]!.predictions = count
                totals.predictions += count
            }
            sources[instance]!.records += count
        }
        let age = try query("max(time() - timestamp(modeltop_reference_info{\(selector)}))").first?.value
        // An agent that started within the window re-read its logs from their start: the span
        // counts what it read again.
        var restarted: [String] = []
        if let windowSeconds {
            restarted = try query("changes(modeltop_start_time_seconds{\(selector)}[\(Int(windowSeconds.rounded(.up)))s]) > 0")
                .compactMap { $0.labels["instance"] }.sorted()
        }
        let start = try query("min(modeltop_start_time_seconds{\(selector)})").first?.value
        totals.lastRecordSeconds = try query("max(modeltop_last_record_time_seconds{\(selector)})").first.flatMap { $0.value.isFinite ? $0.value : nil }
        return Reading(totals: totals, model: model, input: InputTally(sources: sources.values.sorted { $0.id < $1.id }),
                       scrapeAgeSeconds: age, categoriesHashed: hashed, startSeconds: start, restartedAgents: restarted)
    }

    static func escaped(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

/// A fleet that cannot be read: Prometheus unreachable, no agent, references that disagree.
public struct FleetError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
