import MonitorEngine
import MonitorRules

/// A piece of the Markdown and text reports: both are rendered from the same list of blocks,
/// so that they say the same things in the same order.
public enum ReportBlock: Sendable, Hashable {
    /// A section heading (`##` in Markdown, underlined in text); level 1 is the title.
    case heading(ReportText, level: Int)
    /// A paragraph; `**bold**` and `` `code` `` marks are kept in Markdown and dropped in text,
    /// the values it quotes escaped for each (`ReportText`).
    case paragraph(ReportText)
    case table(ReportTable)
    /// Text already rendered per format, values already escaped (the input section renders
    /// itself).
    case prerendered(markdown: String, text: String)

    /// The blocks as Markdown, a blank line between blocks.
    public static func markdown(_ blocks: [ReportBlock]) -> String {
        blocks.map { block in
            switch block {
            case let .heading(title, level): String(repeating: "#", count: level) + " " + title.markdown + "\n"
            case let .paragraph(text): text.markdown + "\n"
            case let .table(table): table.markdown.joined(separator: "\n") + "\n"
            case let .prerendered(markdown, _): markdown.hasSuffix("\n") ? markdown : markdown + "\n"
            }
        }.joined(separator: "\n")
    }

    /// The blocks as plain text for a terminal: headings underlined, tables aligned, ANSI colours
    /// only with `colour`.
    public static func text(_ blocks: [ReportBlock], colour: Bool) -> String {
        blocks.map { block in
            switch block {
            case let .heading(title, level):
                let plain = title.plain
                let rule = String(repeating: level == 1 ? "=" : "-", count: plain.count)
                return (colour ? "\u{1B}[1m\(plain)\u{1B}[0m" : plain) + "\n" + rule + "\n"
            case let .paragraph(text): return text.plain + "\n"
            case let .table(table): return table.text(colour: colour).joined(separator: "\n") + "\n"
            case let .prerendered(_, text): return text.hasSuffix("\n") ? text : text + "\n"
            }
        }.joined(separator: "\n")
    }
}
