import Foundation
import MonitorEngine
import Testing

/// A `modeltop.yaml` in the working directory was written by whoever owns the directory: its
/// actions run only once `modeltop trust` recorded its content.
struct TrustTests {
    /// A directory with a log whose latency rule fires at once, and a `modeltop.yaml` whose
    /// action writes `PWNED` beside it.
    static func plantedCheckout() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let sample = CheckCommandTests.sampleData
        let bytes = try Data(contentsOf: sample.appendingPathComponent("predictions.jsonl"))
        let newlines = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\n") }
        try directory.write("logs.jsonl", bytes.prefix(through: newlines[999]))
        try directory.write("modeltop.yaml", """
            model: fraud-detector
            reference: \(sample.appendingPathComponent("reference.csv").path)
            window: 1h
            alerts:
              - name: slow
                metric: latency_p99
                scope: global
                above: 10
                action: [/bin/sh, -c, "id > PWNED"]
            """)
        try FileManager.default.createDirectory(at: directory.url.appendingPathComponent("home"), withIntermediateDirectories: true)
        return directory
    }

    static func environment(_ directory: TemporaryDirectory) -> [String: String] {
        ["HOME": directory.url.appendingPathComponent("home").path, "XDG_DATA_HOME": "", "XDG_STATE_HOME": "",
         "MODELTOP_CONFIG": ""]
    }

    /// Runs `watch --headless logs.jsonl` in the directory until the alert has fired and the
    /// action had time to start, then stops it; returns stderr.
    static func watchHeadless(_ directory: TemporaryDirectory) throws -> String {
        let process = Process()
        process.executableURL = ModeltopProcess.executable
        // A store of its own each time: an occurrence carried on from the last run prints no
        // transition.
        process.arguments = ["watch", "--headless", "logs.jsonl", "--state", directory.url.appendingPathComponent("\(UUID()).sqlite").path]
        process.currentDirectoryURL = directory.url
        process.environment = ProcessInfo.processInfo.environment.merging(environment(directory)) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        // Actions start once the file's old content is read, at the next snapshot (250 ms).
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline, !FileManager.default.fileExists(atPath: directory.url.appendingPathComponent("PWNED").path) {
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGTERM)
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: seen, as: UTF8.self).contains("\"event\":\"firing\""))
        return String(decoding: stderr, as: UTF8.self)
    }

    @Test func anImplicitConfigurationRunsItsActionsOnlyOnceTrusted() throws {
        let directory = try Self.plantedCheckout()
        let pwned = directory.url.appendingPathComponent("PWNED").path

        let refused = try Self.watchHeadless(directory)
        #expect(!FileManager.default.fileExists(atPath: pwned))
        #expect(refused.contains("actions are off: modeltop.yaml was found in the working directory, not named, and is not trusted"))
        #expect(refused.contains("'modeltop trust modeltop.yaml'"))

        let trusted = try AlertsCommandTests.run(["trust", "modeltop.yaml"], environment: Self.environment(directory), in: directory.url)
        #expect(trusted.status == 0)
        let trustFile = directory.url.appendingPathComponent("home/.local/share/modeltop/trusted").path
        #expect(StoreOwnershipTestsMode.mode(trustFile) == 0o600)
        _ = try Self.watchHeadless(directory)
        #expect(FileManager.default.fileExists(atPath: pwned))

        // A changed file is untrusted again.
        try FileManager.default.removeItem(atPath: pwned)
        try directory.write("modeltop.yaml", try String(contentsOf: directory.url.appendingPathComponent("modeltop.yaml"), encoding: .utf8) + "\n# changed\n")
        let changed = try Self.watchHeadless(directory)
        #expect(!FileManager.default.fileExists(atPath: pwned))
        #expect(changed.contains("actions are off: modeltop.yaml changed since it was trusted"))

        // Revoked, it is untrusted too.
        _ = try AlertsCommandTests.run(["trust", "modeltop.yaml"], environment: Self.environment(directory), in: directory.url)
        let revoked = try AlertsCommandTests.run(["trust", "--revoke", "modeltop.yaml"], environment: Self.environment(directory), in: directory.url)
        #expect(revoked.stdout == "modeltop.yaml: no longer trusted\n")
        _ = try Self.watchHeadless(directory)
        #expect(!FileManager.default.fileExists(atPath: pwned))
    }

    @Test func checkRunActionsFollowsTheSameRule() throws {
        let directory = try Self.plantedCheckout()
        let pwned = directory.url.appendingPathComponent("PWNED").path
        let environment = Self.environment(directory)
        let implicit = try AlertsCommandTests.run(["check", "logs.jsonl", "--run-actions"], environment: environment, in: directory.url)
        #expect(implicit.status == 1)
        #expect(!FileManager.default.fileExists(atPath: pwned))
        #expect(implicit.stderr.contains("actions are off: modeltop.yaml was found in the working directory"))

        // Named, by flag or by MODELTOP_CONFIG, it is the user's choice.
        let named = try AlertsCommandTests.run(["check", "logs.jsonl", "--run-actions", "--config", "modeltop.yaml"],
                                               environment: environment, in: directory.url)
        #expect(named.status == 1)
        #expect(FileManager.default.fileExists(atPath: pwned))
        try FileManager.default.removeItem(atPath: pwned)
        var byVariable = environment
        byVariable["MODELTOP_CONFIG"] = directory.url.appendingPathComponent("modeltop.yaml").path
        let variable = try AlertsCommandTests.run(["check", "logs.jsonl", "--run-actions"], environment: byVariable, in: directory.url)
        #expect(variable.status == 1)
        #expect(FileManager.default.fileExists(atPath: pwned))
    }
}

enum StoreOwnershipTestsMode {
    static func mode(_ path: String) -> mode_t? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & 0o777
    }
}
