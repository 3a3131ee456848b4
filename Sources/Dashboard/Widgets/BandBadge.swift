import DriftStats

/// A drift band as colour AND symbol (`✔ ok`, `▲ warning`, `✖ drift`, `· n/a`; ASCII `ok`, `!`,
/// `X`, `-`), so that it reads without colour.
public struct BandBadge: Sendable {
    public var band: DriftBand
    /// Draw the word after the symbol.
    public var showsWord: Bool
    public var context: RenderContext

    /// The badge of `band`, with its word unless `showsWord` is false.
    public init(_ band: DriftBand, showsWord: Bool = true, context: RenderContext) {
        self.band = band
        self.showsWord = showsWord
        self.context = context
    }

    /// The band's word.
    public static func word(_ band: DriftBand) -> String {
        switch band {
        case .ok: "ok"
        case .warning: "warning"
        case .drift: "drift"
        case .notEnoughData: "n/a"
        }
    }

    /// The badge's text: the symbol, and the word when asked (the ASCII `ok` symbol is a word
    /// already).
    public var text: String {
        let symbol = context.symbol(band)
        guard showsWord else { return symbol }
        return symbol == Self.word(band) ? symbol : "\(symbol) \(Self.word(band))"
    }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        Label(text, style: context.style(band), ellipsis: nil).render(in: area, into: &buffer)
    }
}
