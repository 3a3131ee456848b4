/// A theme file that cannot be used: the file, the 1-based line and the key at fault.
///
/// Its description reads `themes/light.yaml:4: 'ok': '#12345' is not a colour (...)`.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var key: String?
    public var message: String

    /// An error about `key` at `line` of `file`.
    public init(file: String, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let key { text += "'\(key)': " }
        return text + message
    }
}
