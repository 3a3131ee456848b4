import Foundation
import Testing

/// The folders of `MonitorEngine` are one module (nothing on the per-record path crosses a module
/// boundary), so the compiler does not keep them in order: this test does. A folder may use the
/// types of folders in lower layers only (ARCHITECTURE.md, "Folders of MonitorEngine").
@Suite struct LayeringTests {
    /// Lowest first. A new folder needs a place here and in ARCHITECTURE.md.
    static let layers: [[String]] = [
        ["Records", "Output", "Support"],
        ["Ingest", "Decoding", "Config"],
        ["Snapshot"],
        ["Input"],
        ["Reference"],
        ["Engine"],
        ["Live"],
    ]

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/MonitorEngine")

    /// Each Swift file of the module, by folder, with comments and string literals removed.
    static func files() throws -> [(folder: String, name: String, text: String)] {
        let manager = FileManager.default
        var files: [(folder: String, name: String, text: String)] = []
        for folder in try manager.contentsOfDirectory(atPath: sources.path).sorted() {
            let directory = sources.appendingPathComponent(folder)
            guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else { continue }
            for name in names.sorted() where name.hasSuffix(".swift") {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                files.append((folder, name, stripped(text)))
            }
        }
        return files
    }

    static func stripped(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var line = String(line)
            if let comment = line.range(of: "//") { line = String(line[..<comment.lowerBound]) }
            return line.replacing(/"([^"\\]|\\.)*"/, with: "\"\"")
        }.joined(separator: "\n")
    }

    /// Types declared at the top level of a file (nested ones are reached through these).
    static func declaredTypes(_ text: String) -> [String] {
        text.matches(of: /(?m)^(?:@\w+ +)*(?:(?:public|package|internal|fileprivate|private|final|indirect) +)*(?:struct|enum|class|protocol|actor|typealias) +(\w+)/)
            .map { String($0.output.1) }
    }

    @Test func everyFolderHasALayer() throws {
        let known = Set(Self.layers.joined())
        let folders = Set(try Self.files().map(\.folder))
        #expect(folders.subtracting(known).isEmpty, "folders without a layer: \(folders.subtracting(known).sorted())")
        #expect(known.subtracting(folders).isEmpty, "layers naming no folder: \(known.subtracting(folders).sorted())")
    }

    /// Each use of a type declared in the same or a higher layer.
    static func violations(in files: [(folder: String, name: String, text: String)]) -> [String] {
        var rank: [String: Int] = [:]
        for (index, layer) in layers.enumerated() { for folder in layer { rank[folder] = index } }
        var home: [String: String] = [:]
        for file in files { for type in declaredTypes(file.text) { home[type] = file.folder } }
        var violations: [String] = []
        for file in files {
            guard let own = rank[file.folder] else { continue }
            let words = Set(file.text.matches(of: /\b[A-Z][A-Za-z0-9_]*\b/).map { String($0.output) })
            for word in words.sorted() {
                guard let folder = home[word], folder != file.folder, let other = rank[folder] else { continue }
                if other >= own { violations.append("\(file.folder)/\(file.name) uses \(word) from \(folder)") }
            }
        }
        return violations
    }

    @Test func foldersUseOnlyLowerLayers() throws {
        let files = try Self.files()
        #expect(files.reduce(0) { $0 + Self.declaredTypes($1.text).count } > 100, "the scan found too few types to mean anything")
        let violations = Self.violations(in: files)
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }

    @Test func theScanSeesABackwardUse() {
        let files = [
            (folder: "Records", name: "Record.swift", text: Self.stripped("public struct Record { var state: MonitorState? }")),
            (folder: "Engine", name: "MonitorState.swift", text: Self.stripped("public struct MonitorState { var record: Record }")),
            (folder: "Ingest", name: "Follower.swift", text: Self.stripped("struct Follower { let note = \"MonitorState\" } // MonitorState")),
        ]
        #expect(Self.violations(in: files) == ["Records/Record.swift uses MonitorState from Engine"])
    }

    /// Only top-level declarations count, and nothing inside a string.
    @Test func declarationsAreReadAtTheTopLevel() {
        let types = Self.declaredTypes(Self.stripped("""
            public struct Shown {}
            @frozen public enum Kept { case a }
            final class Counter {}
            extension Shown { struct Nested {} }
            let text = "struct NotAType {}"
            """))
        #expect(types == ["Shown", "Kept", "Counter"])
    }
}
