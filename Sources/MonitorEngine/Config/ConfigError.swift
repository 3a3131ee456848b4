/// A configuration that cannot be used, with where it went wrong: the file, the line and column
/// (1-based, as editors count) and the key, when known.
///
/// Its description is the conventional `file:line:column: message`, for example
/// `modeltop.yaml:12:3: unknown key 'windw' in 'drift' (did you mean 'window'?)`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The configuration file as it was named (not made absolute, so it reads as the user wrote it).
    public var file: String
    /// 1-based line, when the problem has a place in the file.
    public var line: Int?
    /// 1-based column (in Unicode scalars), when the problem has a place in the file.
    public var column: Int?
    /// The key path at fault (`drift.bins`, `alerts[0].above`), when there is one.
    public var key: String?
    /// What is wrong and, where it helps, what is expected.
    public var message: String

    /// An error about `key` at `line`:`column` of `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        return "\(place): \(message)"
    }
}
