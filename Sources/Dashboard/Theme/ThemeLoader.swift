import MonitorEngine
import Yams
#if canImport(Glibc)
import Glibc
#endif

/// Why a theme file could not be read.
public struct ThemeReadError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Finds and reads theme files (tui.md "Themes"): `NAME.yaml` in the directories given (the
/// folder beside the executable's resources first), then `$XDG_CONFIG_HOME/modeltop/themes/`;
/// or a path to a file. The working directory is never searched: a `themes/` folder dropped
/// there would shadow the shipped themes (a theme is read with the limits of a configuration
/// file, but a hostile one is refused only after the dashboard was asked for it).
///
/// The dashboard never reads files while rendering: the backend loads themes once with this
/// type and hands them to the model.
public struct ThemeLoader: Sendable {
    /// Directories searched in order.
    public var directories: [String]

    /// A loader searching `directories`, then `$XDG_CONFIG_HOME/modeltop/themes` (or
    /// `$HOME/.config/modeltop/themes`) when the environment has them.
    public init(directories: [String], environment: [String: String] = [:]) {
        var all = directories
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            all.append(xdg + "/modeltop/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            all.append(home + "/.config/modeltop/themes")
        }
        self.directories = all
    }

    /// The file a theme name or path designates, `nil` when none exists.
    public func locate(_ nameOrPath: String, fileExists: (String) -> Bool) -> String? {
        if nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml") {
            return fileExists(nameOrPath) ? nameOrPath : nil
        }
        for directory in directories {
            let candidate = directory + "/" + nameOrPath + ".yaml"
            if fileExists(candidate) { return candidate }
        }
        return nil
    }

    /// The theme in `text` (the contents of `file`), every missing key taken from `fallback`.
    public static func parse(_ text: String, file: String, name: String? = nil,
                             fallback: Theme = .builtInDefault) throws(ThemeError) -> Theme {
        // Yams hashes aliased nodes in full, so a few lines of nested aliases take exponential
        // time to compose; a theme has no use for them (as the configuration has none).
        if let found = AliasScan.firstHazard(in: text) {
            switch found.hazard {
            case .alias:
                throw ThemeError(file: file, line: found.line,
                                 message: "'*' starts a YAML alias here, which a theme does not use: write the colour out")
            case .deepNesting:
                throw ThemeError(file: file, line: found.line,
                                 message: "nested more than \(AliasScan.maximumFlowDepth) levels deep")
            }
        }
        let node: Node?
        YAMLNesting.enforce()
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ThemeError(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.summary(of: error))")
        } catch {
            throw ThemeError(file: file, message: "not valid YAML: \(error)")
        }
        var theme = fallback
        theme.name = name ?? Self.baseName(file)
        guard let node else { return theme }
        guard case .mapping(let mapping) = node else {
            throw ThemeError(file: file, line: node.mark?.line, message: "a theme must be a mapping of keys (\(keys.joined(separator: ", ")))")
        }
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line
            guard case .scalar(let keyScalar) = keyNode else {
                throw ThemeError(file: file, line: line, message: "keys must be plain names")
            }
            let key = keyScalar.string
            func colour() throws(ThemeError) -> Color {
                if case .scalar(let scalar) = value, scalar.string.isEmpty {
                    throw ThemeError(file: file, line: line, key: key,
                                     message: "no colour given (quote \"#RRGGBB\": an unquoted # starts a YAML comment)")
                }
                guard case .scalar(let scalar) = value, let colour = ThemeColor.parse(scalar.string) else {
                    throw ThemeError(file: file, line: value.mark?.line ?? line, key: key,
                                     message: "\(shown(value)) is not a colour (use #RRGGBB, 0-255, an ANSI name such as bright_blue, or default)")
                }
                return colour
            }
            func flag() throws(ThemeError) -> Bool {
                guard case .scalar(let scalar) = value else {
                    throw ThemeError(file: file, line: line, key: key, message: "\(shown(value)) is not true or false")
                }
                switch scalar.string.lowercased() {
                case "true", "yes", "on": return true
                case "false", "no", "off": return false
                default: throw ThemeError(file: file, line: value.mark?.line ?? line, key: key, message: "\(shown(value)) is not true or false")
                }
            }
            switch key {
            case "name": if case .scalar(let scalar) = value { theme.name = scalar.string }
            case "background": theme.background = try colour()
            case "foreground": theme.foreground = try colour()
            case "muted": theme.muted = try colour()
            case "border": theme.border = try colour()
            case "border_focused": theme.borderFocused = try colour()
            case "title": theme.title = try colour()
            case "key_hint": theme.keyHint = try colour()
            case "selection_bg": theme.selectionBackground = try colour()
            case "selection_fg": theme.selectionForeground = try colour()
            case "ok": theme.ok = try colour()
            case "warning": theme.warning = try colour()
            case "drift": theme.drift = try colour()
            case "critical": theme.critical = try colour()
            case "reference": theme.reference = try colour()
            case "current": theme.current = try colour()
            case "bold": theme.bold = try flag()
            case "reverse": theme.reverse = try flag()
            case "gradient":
                guard case .sequence(let items) = value, items.count == 3 else {
                    throw ThemeError(file: file, line: value.mark?.line ?? line, key: key,
                                     message: "must be a list of three colours [start, mid, end], got \(shown(value))")
                }
                var colours: [Color] = []
                for item in items {
                    guard case .scalar(let scalar) = item, let colour = ThemeColor.parse(scalar.string) else {
                        throw ThemeError(file: file, line: item.mark?.line ?? line, key: key,
                                         message: "\(shown(item)) is not a colour (use #RRGGBB, 0-255, an ANSI name, or default)")
                    }
                    colours.append(colour)
                }
                theme.gradient = colours
            default:
                throw ThemeError(file: file, line: line, key: key, message: "unknown key; known keys: \(keys.joined(separator: ", "))")
            }
        }
        return theme
    }

    /// Every key a theme file may have.
    public static let keys = ["name", "background", "foreground", "muted", "border", "border_focused", "title", "key_hint",
                              "selection_bg", "selection_fg", "ok", "warning", "drift", "critical", "reference",
                              "current", "gradient", "bold", "reverse"]

    static func shown(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence(let items): "a list of \(items.count)"
        case .alias: "an alias"
        }
    }

    static func baseName(_ path: String) -> String {
        var name = Substring(path.split(separator: "/").last ?? Substring(path))
        for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) { name = name.dropLast(suffix.count) }
        return String(name)
    }

    static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(let duplicates, let context):
            MonitorConfig.duplicateKeys(duplicates).isOrdered ? context.mark.line : nil
        case .reader(_, let offset?, _, let yaml) where offset <= yaml.count:
            yaml.prefix(offset).reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        default: nil
        }
    }

    /// What is wrong, without the file's text: Yams puts the whole file into the description of
    /// a duplicate key, and the offending line into that of a reader error.
    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return YAMLNesting.isLimit(problem) ? YAMLNesting.message : problem
        case .reader(let problem, _, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            // As in the configuration: a place only when Yams's choice of it is stable.
            let (keys, isOrdered) = MonitorConfig.duplicateKeys(duplicates)
            return "duplicate key \(keys) in the same mapping" + (isOrdered ? " (first given here)" : "")
        default:
            return "\(error)"
        }
    }
}

extension ThemeLoader {
    /// Theme files larger than this are refused before parsing, as configuration files are.
    public static var maximumFileBytes: Int { MonitorConfig.maximumFileBytes }

    /// The text of a theme file, read with the configuration's limits: a regular file (a FIFO
    /// or a device named as a theme would block or never end), at most `maximumFileBytes`,
    /// valid UTF-8.
    public static func readFile(_ path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw ThemeReadError(message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ThemeReadError(message: String(cString: strerror(errno))) }
        guard status.st_mode & S_IFMT == S_IFREG else { throw ThemeReadError(message: "not a regular file") }
        guard Int(status.st_size) <= maximumFileBytes else {
            throw ThemeReadError(message: "larger than 16 MiB (\(status.st_size) bytes)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { break }
            count += got
        }
        guard count <= maximumFileBytes else { throw ThemeReadError(message: "larger than 16 MiB") }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else {
            throw ThemeReadError(message: "not valid UTF-8")
        }
        return text
    }

    /// The themes shipped in `themes/`, in the order `t` cycles through them.
    public static let shippedNames = ["default", "light", "high-contrast", "colorblind", "mono"]

    /// The theme a name or path designates, read through `read` (the dashboard itself never
    /// touches files); `nil` when no file exists for it.
    public func load(_ nameOrPath: String, fileExists: (String) -> Bool,
                     read: (String) throws -> String) throws(ThemeError) -> Theme? {
        guard let file = locate(nameOrPath, fileExists: fileExists) else { return nil }
        let text: String
        do {
            text = try read(file)
        } catch {
            throw ThemeError(file: file, message: "cannot be read: \(error)")
        }
        return try Self.parse(text, file: file)
    }

    /// Every shipped theme that can be found, the first one `first` when given; the built-in
    /// default alone when none is found. Bad files are returned as errors beside the themes
    /// that loaded, so that one broken file does not take the others down.
    public func loadShipped(first: String? = nil, fileExists: (String) -> Bool,
                            read: (String) throws -> String) -> (themes: [Theme], errors: [ThemeError]) {
        var names = Self.shippedNames
        if let first {
            names.removeAll { $0 == first }
            names.insert(first, at: 0)
        }
        var themes: [Theme] = []
        var errors: [ThemeError] = []
        for name in names {
            do {
                if let theme = try load(name, fileExists: fileExists, read: read) { themes.append(theme) }
            } catch {
                errors.append(error)
            }
        }
        if !themes.contains(where: { $0.name == "default" }) {
            themes.insert(.builtInDefault, at: first == nil || first == "default" ? 0 : min(1, themes.count))
        }
        return (themes, errors)
    }
}
