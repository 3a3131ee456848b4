/// Finds YAML aliases (`*name`) in configuration text before it is composed.
///
/// The configuration has no use for aliases, and they are a hazard: Yams shares aliased nodes,
/// but hashes mapping keys in full, so a few lines of nested aliases used as a key ("billion
/// laughs") take exponential time. Refusing aliases up front keeps a hostile or mistaken file
/// from hanging the program. The scan follows enough of YAML's lexical rules (quotes, comments,
/// flow collections, block scalars) that a `*` inside a value such as `logs/*.jsonl` is not
/// mistaken for one. Theme files are scanned the same way.
///
/// It also stops at flow collections nested more than ``maximumFlowDepth`` deep: Yams hashes a
/// collection used as a mapping key recursively, and a key of a few hundred nested `[` overflows
/// the stack (found by the configuration fuzz target under the address sanitizer).
public enum AliasScan {
    /// What the scan stops at.
    public enum Hazard: Sendable, Equatable {
        /// `*name`.
        case alias
        /// `[` or `{` nested more than ``maximumFlowDepth`` deep.
        case deepNesting
    }

    /// The deepest flow collections (`[...]`, `{...}`) a file may nest.
    public static var maximumFlowDepth: Int { 64 }

    /// The 1-based line and column (in Unicode scalars) of the first alias, if any, before any
    /// nesting deeper than ``maximumFlowDepth``.
    public static func firstAlias(in yaml: String) -> (line: Int, column: Int)? {
        guard let found = firstHazard(in: yaml), found.hazard == .alias else { return nil }
        return (found.line, found.column)
    }

    /// The first alias or too deep nesting, with its 1-based line and column (in Unicode scalars).
    public static func firstHazard(in yaml: String) -> (hazard: Hazard, line: Int, column: Int)? {
        let bytes = Array(yaml.utf8)
        let newline = UInt8(ascii: "\n")
        var index = 0
        var line = 1
        var lineStart = 0
        var flowDepth = 0
        var atNodeStart = true
        var blockScalarParentIndent: Int?

        func isBlank(_ position: Int) -> Bool {
            position >= bytes.count || bytes[position] == 0x20 || bytes[position] == 0x09
                || bytes[position] == newline || bytes[position] == 0x0D
        }
        func indentation(from start: Int) -> Int {
            var end = start
            while end < bytes.count, bytes[end] == 0x20 { end += 1 }
            return end - start
        }
        func column(of position: Int) -> Int {
            bytes[lineStart..<position].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == newline {
                index += 1
                line += 1
                lineStart = index
                atNodeStart = true
                // Lines of a block scalar (`|`, `>`) are text: skip them whole.
                while let parent = blockScalarParentIndent, lineStart < bytes.count {
                    let indent = indentation(from: lineStart)
                    let first = lineStart + indent
                    guard first >= bytes.count || bytes[first] == newline || bytes[first] == 0x0D || indent > parent else {
                        blockScalarParentIndent = nil
                        break
                    }
                    while index < bytes.count, bytes[index] != newline { index += 1 }
                    if index < bytes.count {
                        index += 1
                        line += 1
                        lineStart = index
                    } else {
                        lineStart = index
                    }
                }
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "#"), index == lineStart || isBlank(index - 1) {
                while index < bytes.count, bytes[index] != newline { index += 1 }
                continue
            }
            if atNodeStart {
                switch byte {
                case UInt8(ascii: "*"):
                    return (.alias, line, column(of: index))
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    index = skipQuoted(bytes, from: index, line: &line, lineStart: &lineStart)
                    atNodeStart = false
                    continue
                case UInt8(ascii: "|") where flowDepth == 0, UInt8(ascii: ">") where flowDepth == 0:
                    blockScalarParentIndent = indentation(from: lineStart)
                    while index < bytes.count, bytes[index] != newline { index += 1 }
                    continue
                case UInt8(ascii: "-") where isBlank(index + 1), UInt8(ascii: "?") where isBlank(index + 1),
                     UInt8(ascii: ":") where isBlank(index + 1):
                    index += 1
                    continue
                case UInt8(ascii: "&"), UInt8(ascii: "!"):
                    // An anchor or tag comes before the node it names.
                    while !isBlank(index) { index += 1 }
                    continue
                default:
                    break
                }
            }
            switch byte {
            case UInt8(ascii: "[") where flowDepth > 0 || atNodeStart, UInt8(ascii: "{") where flowDepth > 0 || atNodeStart:
                flowDepth += 1
                if flowDepth > maximumFlowDepth { return (.deepNesting, line, column(of: index)) }
                atNodeStart = true
            case UInt8(ascii: "]") where flowDepth > 0, UInt8(ascii: "}") where flowDepth > 0:
                flowDepth -= 1
                atNodeStart = false
            case UInt8(ascii: ",") where flowDepth > 0:
                atNodeStart = true
            case UInt8(ascii: ":") where isBlank(index + 1) || (flowDepth > 0 && index + 1 < bytes.count
                    && [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(bytes[index + 1])):
                atNodeStart = true
            default:
                atNodeStart = false
            }
            index += 1
        }
        return nil
    }

    /// The index just past the quoted scalar starting at `start`, counting the lines it spans.
    private static func skipQuoted(_ bytes: [UInt8], from start: Int, line: inout Int, lineStart: inout Int) -> Int {
        let quote = bytes[start]
        var index = start + 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            } else if quote == UInt8(ascii: "\""), byte == UInt8(ascii: "\\") {
                index += 2
                continue
            } else if byte == quote {
                // '' inside single quotes is an escaped quote, not the end.
                if quote == UInt8(ascii: "'"), index + 1 < bytes.count, bytes[index + 1] == quote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return index
    }
}
