import MonitorEngine
import MonitorRules

/// A sentence of the Markdown and text reports that keeps apart what the program wrote (its
/// words and its `**bold**` and `` `code` `` marks) from the values it quotes (feature names,
/// segments, models, paths: written by whoever writes the logs). Each rendering treats the
/// values as text: escaped for Markdown (`MarkdownText`), shown visibly for a terminal
/// (`SafeText`), exact for JSON.
///
/// Written as a string: literal parts are markup, interpolations are values; `\(code: name)`
/// is a value in a code span.
///
///     let summary: ReportText = "\(code: feature) drift in \(segment)"
public struct ReportText: Sendable, Hashable, ExpressibleByStringInterpolation {
    /// One part of the sentence.
    public enum Piece: Sendable, Hashable {
        /// The program's own words, with Markdown's `**` and `` ` `` marks.
        case markup(String)
        /// A value, shown as text.
        case value(String)
        /// A value shown as code.
        case code(String)
    }

    public var pieces: [Piece]

    public init(pieces: [Piece]) { self.pieces = pieces }

    /// `text` as the program's own words.
    public init(stringLiteral text: String) { pieces = text.isEmpty ? [] : [.markup(text)] }

    /// A value alone.
    public static func value(_ text: String) -> ReportText { ReportText(pieces: [.value(text)]) }

    public init(stringInterpolation: Interpolation) { pieces = stringInterpolation.pieces }

    public struct Interpolation: StringInterpolationProtocol {
        var pieces: [Piece] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { pieces.append(.markup(literal)) }
        }

        public mutating func appendInterpolation(_ value: String) { pieces.append(.value(value)) }

        public mutating func appendInterpolation<Value: CustomStringConvertible>(_ value: Value) {
            pieces.append(.value(value.description))
        }

        public mutating func appendInterpolation(code value: String) { pieces.append(.code(value)) }

        public mutating func appendInterpolation(_ text: ReportText) { pieces += text.pieces }
    }

    public static func + (lhs: ReportText, rhs: ReportText) -> ReportText { ReportText(pieces: lhs.pieces + rhs.pieces) }

    public static func += (lhs: inout ReportText, rhs: ReportText) { lhs.pieces += rhs.pieces }

    public var isEmpty: Bool { pieces.isEmpty }

    /// Whether the last piece ends with `suffix`.
    public func hasSuffix(_ suffix: String) -> Bool {
        switch pieces.last {
        case .markup(let text)?, .value(let text)?, .code(let text)?: text.hasSuffix(suffix)
        case nil: false
        }
    }

    /// For Markdown: marks kept, values escaped, code in code spans.
    public var markdown: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .markup(let text): out += text
            case .value(let text): out += MarkdownText.escaped(text)
            case .code(let text): out += MarkdownText.code(text)
            }
        }
        return out
    }

    /// For a terminal: marks dropped, values shown safely.
    public var plain: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .markup(let text): out += String(text.replacing("**", with: "").filter { $0 != "`" })
            case .value(let text), .code(let text): out += SafeText.sanitized(text)
            }
        }
        return out
    }

    /// For JSON: marks kept, values exact (code in single backticks), for the JSON writer to
    /// escape.
    public var raw: String {
        var out = ""
        for piece in pieces {
            switch piece {
            case .markup(let text), .value(let text): out += text
            case .code(let text): out += "`" + text + "`"
            }
        }
        return out
    }
}

extension Array where Element == ReportText {
    /// The sentences joined by `separator` (the program's words).
    public func joined(separator: String) -> ReportText {
        var out = ReportText(pieces: [])
        for (index, text) in enumerated() {
            if index > 0 { out.pieces.append(.markup(separator)) }
            out.pieces += text.pieces
        }
        return out
    }
}
