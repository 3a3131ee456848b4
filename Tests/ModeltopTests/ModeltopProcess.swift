import Foundation

/// Runs the built `modeltop` executable as a user would, capturing stdout, stderr and the exit
/// status.
struct ModeltopProcess {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable built beside the test bundle, or the one `MODELTOP_TEST_BINARY` names
    /// (CI runs the end-to-end tests once more against the release build, whose cross-module
    /// inlining once broke signal handling that the debug build got right).
    static var executable: URL {
        if let named = ProcessInfo.processInfo.environment["MODELTOP_TEST_BINARY"], !named.isEmpty {
            return URL(fileURLWithPath: named)
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the tests run from `<build>/debug/<package>PackageTests.xctest`.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("modeltop")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/modeltop")
    }

    /// Runs `modeltop arguments...` in `directory` with `input` on standard input.
    static func run(_ arguments: [String], in directory: URL? = nil, input: Data? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        try process.run()
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        }
        // Read both pipes before waiting, so a large report cannot fill a pipe and block.
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self))
    }
}

/// A fresh temporary directory, removed when the value is dropped.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: "/tmp")
        url = base.appendingPathComponent("modeltop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `contents` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    @discardableResult
    func write(_ name: String, _ data: Data) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: file)
        return file.path
    }
}

/// Parses a JSON report and reads a value by key path.
struct JSONReport {
    let root: Any

    init(_ text: String) throws {
        root = try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    subscript(_ path: String...) -> Any? { value(at: path) }

    func int(_ path: String...) -> Int? { (value(at: path) as? NSNumber)?.intValue }

    private func value(at path: [String]) -> Any? {
        var current: Any? = root
        for key in path {
            if let index = Int(key), let array = current as? [Any] {
                current = index < array.count ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[key]
            }
        }
        return current
    }
}
