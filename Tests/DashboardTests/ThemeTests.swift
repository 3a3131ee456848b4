import Foundation
import Testing
@testable import Dashboard

/// Theme files: colour syntax, fallback to the default, the shipped themes, and errors that
/// name the file, the line and the key.
struct ThemeTests {
    static var themesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes").path
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test(arguments: [
        ("#FF8700", Color.rgb(red: 255, green: 135, blue: 0)), ("#00ff00", .rgb(red: 0, green: 255, blue: 0)),
        ("0", .indexed(0)), ("255", .indexed(255)), ("red", .indexed(1)), ("bright_red", .indexed(9)),
        ("bright-white", .indexed(15)), ("Light_Blue", .indexed(12)), ("grey", .indexed(8)), ("default", .terminalDefault),
    ])
    func colours(text: String, colour: Color) {
        #expect(ThemeColor.parse(text) == colour)
    }

    @Test(arguments: ["#FFF", "#GGGGGG", "256", "-1", "reddish", "", "#1234567", "rgb(1,2,3)"])
    func notColours(text: String) {
        #expect(ThemeColor.parse(text) == nil)
    }

    @Test func missingKeysFallBackToTheDefault() throws {
        let theme = try ThemeLoader.parse("ok: \"#010203\"\nbold: false\n", file: "themes/mine.yaml")
        #expect(theme.name == "mine")
        #expect(theme.ok == .rgb(red: 1, green: 2, blue: 3))
        #expect(theme.bold == false)
        #expect(theme.warning == Theme.builtInDefault.warning)
        #expect(theme.gradient == Theme.builtInDefault.gradient)
        // An empty file is the default theme under another name.
        var empty = try ThemeLoader.parse("", file: "empty.yaml")
        empty.name = "default"
        #expect(empty == .builtInDefault)
    }

    @Test func theShippedDefaultIsTheBuiltInOne() throws {
        let loader = ThemeLoader(directories: [Self.themesDirectory])
        let theme = try #require(try loader.load("default", fileExists: Self.exists, read: Self.read))
        #expect(theme == .builtInDefault)
    }

    @Test func everyShippedThemeLoads() throws {
        let loader = ThemeLoader(directories: [Self.themesDirectory])
        let (themes, errors) = loader.loadShipped(fileExists: Self.exists, read: Self.read)
        #expect(errors.isEmpty)
        #expect(themes.map(\.name) == ThemeLoader.shippedNames)
        let mono = try #require(themes.first { $0.name == "mono" })
        #expect(mono.reverse)
        for colour in [mono.foreground, mono.ok, mono.warning, mono.drift, mono.critical] { #expect(colour == .terminalDefault) }
        let colorblind = try #require(themes.first { $0.name == "colorblind" })
        // Okabe-Ito only: sky blue, yellow, orange, reddish purple.
        #expect(colorblind.ok == .rgb(red: 0x56, green: 0xB4, blue: 0xE9))
        #expect(colorblind.critical == .rgb(red: 0xCC, green: 0x79, blue: 0xA7))
        let highContrast = try #require(themes.first { $0.name == "high-contrast" })
        #expect(highContrast.background == .indexed(0))
        #expect(highContrast.critical == .indexed(9))
    }

    @Test func withoutAThemesFolderTheBuiltInDefaultRuns() {
        let loader = ThemeLoader(directories: ["/nonexistent"], environment: [:])
        let (themes, errors) = loader.loadShipped(fileExists: { _ in false }, read: { _ in "" })
        #expect(themes == [.builtInDefault])
        #expect(errors.isEmpty)
    }

    @Test func searchOrderAndPaths() {
        let loader = ThemeLoader(directories: ["res/themes"], environment: ["XDG_CONFIG_HOME": "/home/u/.config", "HOME": "/home/u"])
        #expect(loader.directories == ["res/themes", "/home/u/.config/modeltop/themes"])
        let files: Set<String> = ["/home/u/.config/modeltop/themes/solar.yaml", "res/themes/light.yaml", "my/own.yaml"]
        #expect(loader.locate("solar", fileExists: files.contains) == "/home/u/.config/modeltop/themes/solar.yaml")
        #expect(loader.locate("light", fileExists: files.contains) == "res/themes/light.yaml")
        #expect(loader.locate("my/own.yaml", fileExists: files.contains) == "my/own.yaml")
        #expect(loader.locate("nope", fileExists: files.contains) == nil)
        let home = ThemeLoader(directories: [], environment: ["HOME": "/home/u"])
        #expect(home.directories == ["/home/u/.config/modeltop/themes"])
    }

    @Test(arguments: [
        ("ok: \"#12345\"\n", "themes/bad.yaml:1: 'ok': '#12345' is not a colour"),
        ("# comment\nforeground: white\nwarning: purpleish\n", "themes/bad.yaml:3: 'warning': 'purpleish' is not a colour"),
        ("title: cyan\nbordr: red\n", "themes/bad.yaml:2: 'bordr': unknown key"),
        ("gradient: [red, blue]\n", "themes/bad.yaml:1: 'gradient': must be a list of three colours"),
        ("gradient:\n  - red\n  - blue\n  - nope\n", "themes/bad.yaml:4: 'gradient': 'nope' is not a colour"),
        ("bold: maybe\n", "themes/bad.yaml:1: 'bold': 'maybe' is not true or false"),
        ("title: cyan\nok: #00FF00\n", "themes/bad.yaml:2: 'ok': no colour given (quote \"#RRGGBB\""),
        ("- ok\n- drift\n", "themes/bad.yaml:1: a theme must be a mapping"),
        ("ok: [red\n", "themes/bad.yaml:2: not valid YAML"),
        ("ok:\n  fg: red\n", "themes/bad.yaml:2: 'ok': a mapping is not a colour"),
    ])
    func errorsNameFileLineAndKey(text: String, message: String) {
        #expect {
            _ = try ThemeLoader.parse(text, file: "themes/bad.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    /// Yams describes a duplicate key with the whole file, which ended up in the message.
    @Test func aDuplicateKeyIsNamedWithoutTheFile() {
        #expect(throws: ThemeError(file: "themes/t.yaml", line: 1,
                                   message: "not valid YAML: duplicate key 'ok' in the same mapping (first given here)")) {
            _ = try ThemeLoader.parse("ok: red\nbold: true\nok: blue\n", file: "themes/t.yaml")
        }
    }

    /// A list used as a key does not sort, so Yams's choice of the key and line to report
    /// changed from one load to the next.
    @Test func repeatedKeysThatDoNotSortAreReportedAlike() {
        let text = "? [a]\n: 1\n? [a]\n: 2\nok: red\nok: blue\n"
        for _ in 0..<20 {
            #expect(throws: ThemeError(file: "themes/t.yaml",
                                       message: "not valid YAML: duplicate key 'ok', a key that is not a plain name in the same mapping")) {
                _ = try ThemeLoader.parse(text, file: "themes/t.yaml")
            }
        }
    }

    @Test func aliasesAreRefusedWithTheirLine() {
        #expect(throws: ThemeError(file: "themes/t.yaml", line: 2,
                                   message: "'*' starts a YAML alias here, which a theme does not use: write the colour out")) {
            _ = try ThemeLoader.parse("a: &c red\nok: *c\n", file: "themes/t.yaml")
        }
    }

    /// Nested aliases used as a key ("billion laughs") took exponential time to compose.
    @Test(.timeLimit(.minutes(1))) func nestedAliasesDoNotHang() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...30 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "? *a30\n: 1\n"
        #expect(throws: ThemeError.self) {
            _ = try ThemeLoader.parse(text, file: "themes/t.yaml")
        }
    }

    @Test func aMillionLevelNestIsAnError() {
        let text = "ok: " + String(repeating: "[", count: 1_000_000) + String(repeating: "]", count: 1_000_000) + "\n"
        #expect(throws: ThemeError.self) {
            _ = try ThemeLoader.parse(text, file: "themes/t.yaml")
        }
    }

    /// A key 990 block lists deep overflowed the stack under the address sanitizer while Yams
    /// hashed it; libyaml now stops at 64 levels, as the scan does for flow collections.
    @Test func deepBlockNestingIsAnError() {
        #expect(throws: ThemeError(file: "themes/t.yaml", line: 1, message: "not valid YAML: nested more than 64 levels deep")) {
            _ = try ThemeLoader.parse("? " + String(repeating: "- ", count: 990) + "x\n: 1\n", file: "themes/t.yaml")
        }
    }

    @Test func unreadableFileIsAnError() {
        struct Denied: Error {}
        let loader = ThemeLoader(directories: ["t"])
        #expect(throws: ThemeError.self) {
            _ = try loader.load("x", fileExists: { _ in true }, read: { _ in throw Denied() })
        }
    }
}
