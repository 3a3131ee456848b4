import Dashboard
import Foundation
import MonitorEngine

/// The configuration and theme loaders: any bytes give a value or the loader's own error (the
/// typed `throws` guarantees the type; these check the contents), never a crash or a hang.
/// An error names the file it was given and a place that exists in it; a value is what a second
/// load of the same bytes gives, and a configuration passes its own validation.
enum LoaderTargets {
    static func config(_ input: UnsafeRawBufferPointer) {
        let data = Data(input)
        let path = "fuzz/modeltop.yaml"
        let environment = ["HOME": "/home/fuzz"]
        let first: Result<MonitorConfig, ConfigError>
        do {
            first = .success(try MonitorConfig.parse(data: data, path: path, environment: environment))
        } catch {
            first = .failure(error)
        }
        switch first {
        case .success(let config):
            require(config.file == path, "the configuration says it came from \(config.file ?? "nowhere")")
            do {
                try config.validate()
            } catch {
                require(false, "a loaded configuration fails its own validation: \(error)")
            }
        case .failure(let error):
            require(error.file == path, "the error names \(error.file), not \(path)")
            require(!error.message.isEmpty, "an error without a message")
            checkPlace(line: error.line, column: error.column, in: input, what: "\(error)")
        }
        let second: Result<MonitorConfig, ConfigError>
        do {
            second = .success(try MonitorConfig.parse(data: data, path: path, environment: environment))
        } catch {
            second = .failure(error)
        }
        require(first == second, "two loads of the same bytes differ: \(first) and \(second)")
    }

    static func theme(_ input: UnsafeRawBufferPointer) {
        // Theme files are read as UTF-8 text; bytes that are not are replaced, as a lossy read would.
        let text = String(decoding: input, as: UTF8.self)
        let file = "themes/fuzz.yaml"
        let first: Result<Theme, ThemeError>
        do {
            first = .success(try ThemeLoader.parse(text, file: file))
        } catch {
            first = .failure(error)
        }
        switch first {
        case .success(let theme):
            require(theme.gradient.count == 3, "a theme with a gradient of \(theme.gradient.count) colours")
        case .failure(let error):
            require(error.file == file, "the error names \(error.file), not \(file)")
            require(!error.message.isEmpty, "an error without a message")
            checkPlace(line: error.line, column: nil, in: input, what: "\(error)")
        }
        let second: Result<Theme, ThemeError>
        do {
            second = .success(try ThemeLoader.parse(text, file: file))
        } catch {
            second = .failure(error)
        }
        require(first == second, "two loads of the same text differ: \(first) and \(second)")
    }

    /// A 1-based line (and column) must lie in the input, or just past its end.
    static func checkPlace(line: Int?, column: Int?, in input: UnsafeRawBufferPointer, what: String) {
        if let line {
            let lines = input.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            // libyaml also counts a lone CR, and CR LF once, as a line break; U+2028/2029 and
            // U+0085 too: allow for them without reimplementing its rules.
            let breaks = lines + input.reduce(0) { $1 == 0x0D || $1 == 0x85 || $1 == 0xA8 || $1 == 0xA9 ? $0 + 1 : $0 }
            require(line >= 1 && line <= breaks + 1, "line \(line) of \(lines): \(what)")
        }
        if let column { require(column >= 1 && column <= input.count + 1, "column \(column): \(what)") }
    }
}
