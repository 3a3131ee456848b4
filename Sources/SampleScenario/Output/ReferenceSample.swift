import DriftStats

/// The reference the model was validated on: payments drawn from the calm period's
/// distribution, with the champion's score and the true label, as CSV.
public struct ReferenceSample: Sendable {
    /// The CSV header: the eight features, then `score` and `label`.
    public static let header = "amount,merchant_category,new_merchant,country,device,hour,account_age_days,tx_last_24h,score,label"

    private var rng: Xoshiro256StarStar
    private let model = CardFraudModel()
    private var drawn = 0

    /// A reference drawn with its own random stream, derived from `seed` but independent of
    /// the prediction stream's.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed ^ 0x5245_4645_5245_4E43)
        rng = Xoshiro256StarStar(seed: mixer.next())
    }

    /// Appends the header line to `text`.
    public func writeHeader(into text: inout [UInt8]) {
        text.append(contentsOf: Array(Self.header.utf8))
        text.append(UInt8(ascii: "\n"))
    }

    /// Draws one calm payment and appends its CSV row to `text`; returns whether it is fraud.
    @discardableResult
    public mutating func writeRow(into text: inout [UInt8]) -> Bool {
        let row = model.drawTransaction(index: drawn, timeSeconds: 0, active: [], using: &rng)
        drawn += 1
        text.append(fixed: row.amount, decimals: 2)
        text.append(UInt8(ascii: ","))
        text.append(contentsOf: Array(CardFraudModel.merchantCategories[row.merchantCategory].utf8))
        text.append(UInt8(ascii: ","))
        text.append(ascii: row.newMerchant ? "true" : "false")
        text.append(UInt8(ascii: ","))
        text.append(contentsOf: Array(CardFraudModel.countries[row.country].utf8))
        text.append(UInt8(ascii: ","))
        text.append(contentsOf: Array(CardFraudModel.devices[row.device].utf8))
        text.append(UInt8(ascii: ","))
        text.append(decimal: row.hour)
        text.append(UInt8(ascii: ","))
        text.append(decimal: row.accountAgeDays)
        text.append(UInt8(ascii: ","))
        text.append(decimal: row.transactionsLast24h)
        text.append(UInt8(ascii: ","))
        text.append(fixed: row.score, decimals: 4)
        text.append(UInt8(ascii: ","))
        text.append(row.isFraud ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        text.append(UInt8(ascii: "\n"))
        return row.isFraud
    }
}
