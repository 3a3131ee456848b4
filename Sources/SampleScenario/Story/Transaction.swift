/// One card payment of the story: what the customer did, what the model saw and said, and the
/// truth that arrives later.
struct Transaction: Sendable, Hashable {
    /// Zero-based index among champion records; the request id is `tx-` and index + 1.
    var index: Int
    /// Event time in seconds since the Unix epoch.
    var timeSeconds: Double
    /// Amount in the card's currency, rounded to cents.
    var amount: Double
    /// Indices into `CardFraudModel.merchantCategories`, `.countries` and `.devices`.
    var merchantCategory: Int
    var country: Int
    var device: Int
    var newMerchant: Bool
    /// Local hour of the cardholder, 0-23.
    var hour: Int
    /// Age of the account in days, as it really is.
    var accountAgeDays: Int
    /// True when the serving system received `account_age_days` as null.
    var accountAgeMissing: Bool
    /// Payments on the card in the previous 24 hours.
    var transactionsLast24h: Int
    /// Fraud probability from the champion (v3) and the shadow challenger (v4), rounded to
    /// four decimals as they are written.
    var score: Double
    var shadowScore: Double
    /// The probability of fraud the world actually used to draw `isFraud`.
    var trueFraudProbability: Double
    var isFraud: Bool
    var latencyMilliseconds: Double
    var shadowLatencyMilliseconds: Double
    /// `ok`, `error` or `timeout`; failed requests carry no score.
    var status: Status
    /// True when the shadow challenger also scored this request.
    var hasShadow: Bool
    /// When the label arrives (seconds since the Unix epoch), or `nil` if it never does.
    var labelArrivalSeconds: Double?
    /// The corruption applied to the champion line, if any.
    var malformation: MalformedLine.Kind?
    /// The episodes that change this record (those under way, limited to their segment).
    var episodes: EpisodeSet

    /// The outcome of the request.
    enum Status: String, Sendable, Hashable {
        case ok
        case error
        case timeout
    }
}
