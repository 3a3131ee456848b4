import Yams

/// Reads typed values out of the YAML nodes of a configuration file, turning every problem into
/// a `ConfigError` at the node's line and column.
///
/// It also remembers where each key's value sits, so that checks which tie several keys
/// together (`MonitorConfig.validate`) can still point at a line.
struct ConfigReader {
    /// The file as named by the user, for messages.
    let file: String
    /// Position of the value of every key path read so far (`drift.bins`, `alerts[0].above`).
    var positions: [String: ConfigPosition] = [:]

    init(file: String) {
        self.file = file
    }

    // MARK: Errors

    /// An error at `node`'s position about `key`.
    func error(_ message: String, at node: Node?, key: String?) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line, column: node?.mark?.column, key: key, message: message)
    }

    /// How a value is quoted in a message: its text for a scalar, its shape otherwise.
    static func shown(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            let short = text.count > 40 ? String(text.prefix(40)) + "..." : text
            return "'\(short)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    // MARK: Shapes

    /// Whether the node is YAML null (`~`, `null`, or nothing at all): the key takes its default.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// One entry of a mapping, in file order.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
    }

    /// The entries of the mapping at `keyPath` (nil for the top level), refusing keys that are
    /// not plain names and keys not in `allowed`, with a suggestion for a near miss. `allowed`
    /// `nil` takes any plain name (a mapping keyed by the user's names, such as classes).
    mutating func entries(of node: Node, keyPath: String?, allowed: [String]?,
                          topLevelKeys: [String]) throws(ConfigError) -> [Entry] {
        guard case .mapping(let mapping) = node else {
            let what = keyPath.map { "'\($0)'" } ?? "the configuration"
            let keys = allowed.map { " (\($0.joined(separator: ", ")))" } ?? ""
            throw error("\(what) must be a mapping of keys\(keys), got \(Self.shown(node))",
                        at: node, key: keyPath)
        }
        var result: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                throw error("keys must be plain names, got \(Self.shown(keyNode)) as a key"
                            + (keyPath.map { " in '\($0)'" } ?? ""), at: keyNode, key: keyPath)
            }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                var message = "unknown key '\(key)'" + (keyPath.map { " in '\($0)'" } ?? "")
                if let near = Self.nearest(to: key, among: allowed) {
                    message += " (did you mean '\(near)'?)"
                } else if keyPath != nil, let near = Self.nearest(to: key, among: topLevelKeys) {
                    message += " (did you mean '\(near)'? it is a top-level key: check the indentation)"
                } else {
                    message += "; known keys: " + allowed.joined(separator: ", ")
                }
                throw error(message, at: keyNode, key: keyPath.map { "\($0).\(key)" } ?? key)
            }
            let path = keyPath.map { "\($0).\(key)" } ?? key
            if let mark = value.mark ?? keyNode.mark {
                positions[path] = ConfigPosition(line: mark.line, column: mark.column)
            }
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// The items of a list.
    func items(of node: Node, key: String, what: String) throws(ConfigError) -> [Node] {
        guard case .sequence(let sequence) = node else {
            throw error("'\(key)' must be a list of \(what), got \(Self.shown(node))", at: node, key: key)
        }
        return Array(sequence)
    }

    // MARK: Scalars

    /// The text of a non-null scalar, refusing empty text.
    func text(_ node: Node, key: String, what: String = "a text") throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            throw error("'\(key)' must be \(what), got \(Self.isNull(node) ? "nothing" : Self.shown(node))",
                        at: node, key: key)
        }
        guard !scalar.string.isEmpty else {
            throw error("'\(key)' must not be empty", at: node, key: key)
        }
        return scalar.string
    }

    /// A finite number, written plainly (`0.5`, `2`, `1e-3`, `-5`, `10_000`).
    func number(_ node: Node, key: String, requirement: String = "a number") throws(ConfigError) -> Double {
        guard case .scalar(let scalar) = node,
              let value = Double(scalar.string.trimmingSpaces.replacingUnderscores), value.isFinite
        else {
            throw error("'\(key)' must be \(requirement), got \(Self.shown(node))", at: node, key: key)
        }
        return value
    }

    /// A whole number (`10`, `2_000_000`).
    func integer(_ node: Node, key: String, requirement: String = "a whole number") throws(ConfigError) -> Int {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingSpaces.replacingUnderscores) else {
            throw error("'\(key)' must be \(requirement), got \(Self.shown(node))", at: node, key: key)
        }
        return value
    }

    /// `true`/`false` (also `yes`/`no`, `on`/`off`, as YAML 1.1 has them).
    func bool(_ node: Node, key: String) throws(ConfigError) -> Bool {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        throw error("'\(key)' must be true or false, got \(Self.shown(node))", at: node, key: key)
    }

    /// A duration (`30s`, `15m`, `1h`, `7d`, `1h30m`); a bare number other than 0 gets a hint
    /// about units.
    func timeSpan(_ node: Node, key: String) throws(ConfigError) -> TimeSpan {
        if case .scalar(let scalar) = node, let span = TimeSpan(parsing: scalar.string) {
            return span
        }
        if case .scalar(let scalar) = node, let number = Double(scalar.string.trimmingSpaces), number.isFinite {
            let amount = scalar.string.trimmingSpaces
            throw error("'\(key)' needs a unit: \(amount)s, \(amount)m, \(amount)h or \(amount)d, got '\(amount)'",
                        at: node, key: key)
        }
        throw error("'\(key)' must be a duration such as 30s, 15m, 1h, 7d or 1h30m, got \(Self.shown(node))",
                    at: node, key: key)
    }

    /// A size (`1MiB`, `512KiB`, `1GB`, `4096`).
    func byteSize(_ node: Node, key: String) throws(ConfigError) -> ByteSize {
        if case .scalar(let scalar) = node, let size = ByteSize(parsing: scalar.string) {
            return size
        }
        throw error("'\(key)' must be a size such as 1MiB, 512KiB, 1GB or a number of bytes, got \(Self.shown(node))",
                    at: node, key: key)
    }

    /// One name or a list of names (`predictions: x.jsonl` or `predictions: [a, b]`).
    func names(_ node: Node, key: String, allowSingle: Bool, what: String, plural: String) throws(ConfigError) -> [String] {
        if allowSingle, case .scalar = node {
            return [try text(node, key: key, what: what)]
        }
        guard case .sequence(let sequence) = node else {
            throw error("'\(key)' must be \(allowSingle ? "\(what) or " : "")a list of \(plural), got \(Self.shown(node))",
                        at: node, key: key)
        }
        var result: [String] = []
        // A set, not `result.contains`: a long list (a hostile file) would take quadratic time.
        var seen: Set<String> = []
        for (index, item) in sequence.enumerated() {
            let itemKey = "\(key)[\(index)]"
            let name = try text(item, key: itemKey, what: what)
            guard seen.insert(name).inserted else {
                throw error("'\(name)' is listed twice in '\(key)'", at: item, key: itemKey)
            }
            result.append(name)
        }
        return result
    }

    // MARK: Suggestions

    /// The allowed word closest to `word`, if it is close enough to be a typo (edit distance at
    /// most 2, and less than half the word).
    static func nearest(to word: String, among candidates: [String]) -> String? {
        var best: (word: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(word, candidate)
            if distance <= 2, distance * 2 < max(word.count, candidate.count),
               best == nil || distance < best!.distance {
                best = (candidate, distance)
            }
        }
        return best?.word
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
    /// neighbouring characters each cost 1 (`windw` → `window` is 1, `bisn` → `bins` is 1).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// Where a value sits in the configuration file (1-based line and column).
struct ConfigPosition: Sendable, Hashable {
    let line: Int
    let column: Int
}

extension String {
    /// The text without `_` digit separators (`2_000_000`).
    var replacingUnderscores: String {
        String(filter { $0 != "_" })
    }
}
