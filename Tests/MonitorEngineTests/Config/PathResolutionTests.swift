import Foundation
import Testing
@testable import MonitorEngine

/// Paths in the file are relative to the file's own directory.
struct PathResolutionTests {
    @Test(arguments: [
        ("modeltop.yaml", "reference.csv", "reference.csv"),
        ("./modeltop.yaml", "./reference.csv", "reference.csv"),
        ("conf/modeltop.yaml", "reference.csv", "conf/reference.csv"),
        ("conf/modeltop.yaml", "../data/ref.csv", "conf/../data/ref.csv"),
        ("/etc/modeltop/modeltop.yaml", "ref.csv", "/etc/modeltop/ref.csv"),
        ("/modeltop.yaml", "ref.csv", "/ref.csv"),
        ("conf/modeltop.yaml", "/data/ref.csv", "/data/ref.csv"),
        ("conf/modeltop.yaml", "~/ref.csv", "/home/ana/ref.csv"),
        ("conf/modeltop.yaml", "~", "/home/ana"),
        ("conf/modeltop.yaml", "-", "-"),
        ("conf/modeltop.yaml", "logs/*.jsonl", "conf/logs/*.jsonl"),
    ])
    func referencePathsResolveAgainstTheFile(configPath: String, written: String, resolved: String) throws {
        let config = try MonitorConfig.parse(yaml: "reference: '\(written)'\n", path: configPath,
                                             environment: ["HOME": "/home/ana"])
        #expect(config.reference == resolved)
    }

    @Test func everyPathKeyIsResolved() throws {
        let yaml = """
            reference: ref.csv
            predictions: [a.jsonl, "-", "/abs/b.jsonl", "logs/*.jsonl"]
            labels: ~/labels.jsonl
            state: state/alerts.sqlite
            theme: themes/mine.yaml
            """
        let config = try MonitorConfig.parse(yaml: yaml, path: "/srv/model/modeltop.yaml", environment: ["HOME": "/home/ana/"])
        #expect(config.reference == "/srv/model/ref.csv")
        #expect(config.predictions == ["/srv/model/a.jsonl", "-", "/abs/b.jsonl", "/srv/model/logs/*.jsonl"])
        #expect(config.labels == ["/home/ana/labels.jsonl"])
        #expect(config.state == "/srv/model/state/alerts.sqlite")
        #expect(config.theme == "/srv/model/themes/mine.yaml")
        #expect(config.directory == "/srv/model")
    }

    @Test(arguments: [("light", "light"), ("high-contrast", "high-contrast"), ("mine.yaml", "/srv/mine.yaml"),
                      ("t/dark.yml", "/srv/t/dark.yml"), ("~/t.yaml", "/home/ana/t.yaml")])
    func aThemeIsANameOrAFile(written: String, resolved: String) throws {
        let config = try MonitorConfig.parse(yaml: "theme: \(written)\n", path: "/srv/modeltop.yaml",
                                             environment: ["HOME": "/home/ana"])
        #expect(config.theme == resolved)
    }

    @Test func tildeWithoutHomeIsAnError() {
        #expect(throws: ConfigError(file: "m.yaml", line: 1, column: 8, key: "state",
                                    message: "'state' starts with '~' but HOME is not set")) {
            try MonitorConfig.parse(yaml: "state: ~/s.sqlite\n", path: "m.yaml", environment: [:])
        }
    }

    @Test func loadReadsTheFileAndResolvesAgainstItsDirectory() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("modeltop-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/modeltop.yaml"
        try "reference: reference.csv\nwindow: 1h\n".write(toFile: path, atomically: true, encoding: .utf8)

        let config = try MonitorConfig.load(path: path, environment: [:])
        #expect(config.reference == directory + "/reference.csv")
        #expect(config.window == .span(.hours(1)))
        #expect(config.file == path)

        let missing = directory + "/nope.yaml"
        #expect(throws: ConfigError(file: missing, message: "cannot read the configuration file: no such file")) {
            try MonitorConfig.load(path: missing, environment: [:])
        }
        #expect(throws: ConfigError(file: directory, message: "cannot read the configuration file: it is a directory")) {
            try MonitorConfig.load(path: directory, environment: [:])
        }
        let binary = directory + "/binary.yaml"
        try Data([0x6D, 0x6F, 0x64, 0x65, 0x6C, 0x3A, 0x20, 0xC3, 0x28, 0x0A]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: ConfigError(file: binary, message: "the configuration file is not valid UTF-8")) {
            try MonitorConfig.load(path: binary, environment: [:])
        }
        let bad = directory + "/bad.yaml"
        try "model: m\nthreshold: high\n".write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try MonitorConfig.load(path: bad, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(bad):2:12: 'threshold' must be a number between 0 and 1, got 'high'")
        }
    }
}
