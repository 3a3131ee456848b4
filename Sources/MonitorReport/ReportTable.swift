import MonitorEngine
import MonitorRules

/// A table of the Markdown and text reports: headers, one alignment per column, rows of cells.
public struct ReportTable: Sendable, Hashable {
    /// How a column is aligned.
    public enum Alignment: Sendable, Hashable {
        case left
        case right
    }

    /// A cell's text and, for the terminal, how it should be coloured.
    public struct Cell: Sendable, Hashable, ExpressibleByStringLiteral {
        /// The colours the text report uses when stdout is a terminal.
        public enum Tone: Sendable, Hashable {
            case bad
            case warning
            case good
            case muted
        }

        public var text: String
        public var tone: Tone?

        public init(_ text: String, tone: Tone? = nil) {
            self.text = text
            self.tone = tone
        }

        public init(stringLiteral value: String) { self.init(value) }
    }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[Cell]]

    public init(headers: [String], alignments: [Alignment], rows: [[Cell]] = []) {
        precondition(headers.count == alignments.count, "ReportTable: \(headers.count) headers, \(alignments.count) alignments")
        self.headers = headers
        self.alignments = alignments
        self.rows = rows
    }

    /// The table in GitHub-flavoured Markdown, every cell escaped (`MarkdownText`): a value from
    /// a log can neither end its row nor become markup.
    public var markdown: [String] {
        var lines = ["| " + headers.map(Self.escaped).joined(separator: " | ") + " |"]
        lines.append("|" + alignments.map { $0 == .right ? " ---: |" : " --- |" }.joined())
        for row in rows {
            lines.append("| " + row.map { Self.escaped($0.text) }.joined(separator: " | ") + " |")
        }
        return lines
    }

    /// The table aligned in columns two spaces apart, indented by `indent`; with `colour`, toned
    /// cells get ANSI colours (after padding, so that columns stay aligned). Cells are shown
    /// safely (`SafeText`): the only escape sequences are the colours.
    public func text(indent: String = "  ", colour: Bool) -> [String] {
        let rows = rows.map { row in row.map { Cell(SafeText.sanitized($0.text), tone: $0.tone) } }
        var widths = headers.map(Self.width)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], Self.width(cell.text))
            }
        }
        func line(_ cells: [Cell]) -> String {
            var parts: [String] = []
            for (column, cell) in cells.enumerated() where column < widths.count {
                let gap = String(repeating: " ", count: widths[column] - Self.width(cell.text))
                let isLast = column == cells.count - 1
                var padded = alignments[column] == .right ? gap + cell.text : cell.text + (isLast ? "" : gap)
                if colour, let tone = cell.tone { padded = Self.coloured(padded, tone) }
                parts.append(padded)
            }
            return indent + parts.joined(separator: "  ")
        }
        var lines = [line(headers.map { Cell(SafeText.sanitized($0), tone: .muted) })]
        lines += rows.map(line)
        return lines
    }

    /// Columns a text takes in a terminal: one per character (the report's symbols are all
    /// narrow).
    static func width(_ text: String) -> Int { text.count }

    static func escaped(_ text: String) -> String { MarkdownText.escaped(text) }

    static func coloured(_ text: String, _ tone: Cell.Tone) -> String {
        let code = switch tone {
        case .bad: "31;1"
        case .warning: "33"
        case .good: "32"
        case .muted: "2"
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
