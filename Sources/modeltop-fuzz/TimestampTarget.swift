import MonitorEngine

/// `Timestamp.parse`: a value is finite, and the ways of writing one instant agree:
/// - the bytes and the same text as a `String` parse alike;
/// - `T`, `t` and a space between date and time are the same;
/// - no zone is UTC: appending `Z`, `z`, `+00:00` or `-0000` changes nothing;
/// - `+HH:MM` and `+HHMM` are the same offset, and an offset moves the instant by itself;
/// - a fraction lies within the second it refines;
/// - an epoch number is the value the standard library reads from the same text (seconds, or
///   milliseconds past 1e11).
enum TimestampTarget {
    static func run(_ input: UnsafeRawBufferPointer) {
        let value = Timestamp.parse(input)
        if let value { require(value.isFinite, "parsed as \(value)") }
        guard let text = String(validating: input, as: UTF8.self) else { return }
        let fromText = Timestamp.parse(text)
        require(same(fromText, value), "\(quoted(text)): \(show(value)) from bytes, \(show(fromText)) from text")

        if let calendar = CalendarText(text) {
            checkCalendar(calendar, text: text, value: value)
        } else if isPlainNumber(text), !looksLikeADate(input) {
            let number = Double(text)
            let expected = number.flatMap { Timestamp.seconds(fromEpochNumber: $0) }
            require(same(value, expected), "\(quoted(text)): \(show(value)), but the number reads as \(show(number))")
        }
    }

    static func checkCalendar(_ calendar: CalendarText, text: String, value: Double?) {
        for separator in ["T", "t", " "] where separator != calendar.separator {
            var other = calendar
            other.separator = separator
            let swapped = Timestamp.parse(other.text)
            require(same(swapped, value), "\(quoted(text)): \(show(value)), with '\(separator)': \(show(swapped))")
        }
        guard let value else { return }
        if calendar.zone.isEmpty {
            for zone in ["Z", "z", "+00:00", "-0000", "+00"] {
                var other = calendar
                other.zone = zone
                let zoned = Timestamp.parse(other.text)
                require(same(zoned, value), "\(quoted(text)): \(show(value)) as UTC, \(show(zoned)) with \(zone)")
            }
        }
        if calendar.zone.count == 6, calendar.zone.dropFirst(3).first == ":" {
            var other = calendar
            other.zone = String(calendar.zone.prefix(3) + calendar.zone.suffix(2))
            let compact = Timestamp.parse(other.text)
            require(same(compact, value), "\(quoted(text)): \(show(value)), with the offset written \(other.zone): \(show(compact))")
        }
        var utc = calendar
        utc.zone = "Z"
        utc.fraction = ""
        guard let whole = Timestamp.parse(utc.text) else {
            require(false, "\(quoted(text)) parses, but not with its fraction and zone left out (\(quoted(utc.text)))")
            return
        }
        var offset = 0.0
        if let sign = calendar.zone.first, sign == "+" || sign == "-" {
            let digits = calendar.zone.filter(\.isNumber).compactMap(\.wholeNumberValue)
            let hours = digits[0] * 10 + digits[1]
            let minutes = digits.count >= 4 ? digits[2] * 10 + digits[3] : 0
            offset = Double(hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        let second = whole - offset
        if calendar.fraction.isEmpty || calendar.fraction.allSatisfy({ $0 == "0" }) {
            require(value == second, "\(quoted(text)): \(show(value)), but its second is \(show(second))")
        } else {
            require(value >= second && value <= second + 1,
                    "\(quoted(text)): \(show(value)) is outside its second \(show(second))")
        }
    }

    /// Text of the shape `YYYY-MM-DD?HH:MM:SS[.digits][zone]` cut into its parts (the fields
    /// are not range-checked here: the parser does that).
    struct CalendarText {
        var date: String
        var separator: String
        var time: String
        var fraction: String
        var zone: String

        var text: String { date + separator + time + (fraction.isEmpty ? "" : "." + fraction) + zone }

        init?(_ text: String) {
            let bytes = Array(text.utf8)
            func isDigit(_ index: Int) -> Bool { index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 }
            let shape = "dddd-dd-dd_dd:dd:dd"
            guard bytes.count >= shape.utf8.count else { return nil }
            for (index, expected) in shape.utf8.enumerated() {
                switch expected {
                case UInt8(ascii: "d"): guard isDigit(index) else { return nil }
                case UInt8(ascii: "_"):
                    guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[index]) else { return nil }
                default: guard bytes[index] == expected else { return nil }
                }
            }
            var index = 19
            var fraction = ""
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let start = index
                while isDigit(index) { index += 1 }
                guard index > start else { return nil }
                fraction = String(decoding: bytes[start..<index], as: UTF8.self)
            }
            let zone = String(decoding: bytes[index...], as: UTF8.self)
            let isZone = zone.isEmpty || zone == "Z" || zone == "z"
                || (zone.count >= 3 && (zone.first == "+" || zone.first == "-")
                    && zone.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":") }
                    && [3, 5, 6].contains(zone.count)
                    && (zone.count != 6 || Array(zone)[3] == ":") && (zone.count == 6 || !zone.contains(":")))
            guard isZone else { return nil }
            date = String(decoding: bytes[0..<10], as: UTF8.self)
            separator = String(decoding: bytes[10..<11], as: UTF8.self)
            time = String(decoding: bytes[11..<19], as: UTF8.self)
            self.fraction = fraction
            self.zone = zone
        }
    }

    /// Text a standard library `Double` and the lenient reader both read the same way: a sign,
    /// digits with at most one point, an optional exponent; no spaces, words or hex.
    static func isPlainNumber(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E")
                || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-")
        }
    }

    /// Whether the parser takes the text for a date (`YYYY-MM-DD...`) rather than a number.
    static func looksLikeADate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (let a?, let b?): a == b || (a.isNaN && b.isNaN)
        default: false
        }
    }

    static func show(_ value: Double?) -> String { value.map { "\($0)" } ?? "nil" }

    static func quoted(_ text: String) -> String {
        text.count > 80 ? String(text.prefix(80)).debugDescription + "… (\(text.utf8.count) bytes)" : text.debugDescription
    }
}
