/// Why a line could not be decoded, with a detail that names the place (1-based byte column).
///
/// Thrown only on bad input, so building the detail text costs nothing on good lines.
struct LineError: Error {
    var reason: MalformedReason
    var detail: String

    init(_ reason: MalformedReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// How a byte is shown in a detail: the character when printable ASCII, else its hex value.
    static func describe(byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + hex(byte)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return digits.count == 1 ? "0" + digits : digits
    }

    /// A short quotation of bad field text for a detail, cut so one huge field cannot flood the
    /// screen of examples.
    static func quote(_ bytes: UnsafeRawBufferPointer) -> String {
        let limit = 40
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return "\"" + text + (bytes.count > limit ? "…\"" : "\"")
    }
}
