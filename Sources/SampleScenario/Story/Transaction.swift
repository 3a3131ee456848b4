/// One card payment of the story: what the customer did, what the model saw and said, and the
/// truth that arrives later.
public struct Transaction: Sendable, Hashable {
    /// Zero-based index among champion records; the request id is `tx-` and index + 1.
    public var index: Int
    /// Event time in seconds since the Unix epoch.
    public var timeSeconds: Double
    /// Amount in the card's currency, rounded to cents.
    public var amount: Double
    /// Indices into `CardFraudModel.merchantCategories`, `.countries` and `.devices`.
    public var merchantCategory: Int
    public var country: Int
    public var device: Int
    public var newMerchant: Bool
    /// Local hour of the cardholder, 0-23.
    public var hour: Int
    /// Age of the account in days, as it really is.
    public var accountAgeDays: Int
    /// True when the serving system received `account_age_days` as null.
    public var accountAgeMissing: Bool
    /// Payments on the card in the previous 24 hours.
    public var transactionsLast24h: Int
    /// Fraud probability from the champion (v3) and the shadow challenger (v4), rounded to
    /// four decimals as they are written.
    public var score: Double
    public var shadowScore: Double
    /// The probability of fraud the world actually used to draw `isFraud`.
    public var trueFraudProbability: Double
    public var isFraud: Bool
    public var latencyMilliseconds: Double
    public var shadowLatencyMilliseconds: Double
    /// `ok`, `error` or `timeout`; failed requests carry no score.
    public var status: Status
    /// True when the shadow challenger also scored this request.
    public var hasShadow: Bool
    /// When the label arrives (seconds since the Unix epoch), or `nil` if it never does.
    public var labelArrivalSeconds: Double?
    /// The corruption applied to the champion line, if any.
    public var malformation: MalformedLine.Kind?
    /// The episodes that change this record (those under way, limited to their segment).
    public var episodes: EpisodeSet

    /// The outcome of the request.
    public enum Status: String, Sendable, Hashable {
        case ok
        case error
        case timeout
    }

    /// The request id, `tx-0000001` for index 0 (seven digits, more when needed).
    public var id: String {
        var bytes: [UInt8] = []
        bytes.append(contentsOf: Array("tx-".utf8))
        bytes.append(decimal: UInt64(index + 1), minimumDigits: 7)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The decision the champion served at `threshold`.
    public func prediction(threshold: Double) -> Bool {
        score >= threshold
    }
}
