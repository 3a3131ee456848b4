import Foundation
import Testing
@testable import Dashboard

/// Compares a rendered frame's text with `Golden/NAME.txt`; `MODELTOP_RECORD_GOLDEN=1`
/// re-records the file instead (read it after: it is the screen).
enum Golden {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    static func check(_ buffer: Buffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name + ".txt")
        let text = buffer.text + "\n"
        if ProcessInfo.processInfo.environment["MODELTOP_RECORD_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try #require(try? String(contentsOf: url, encoding: .utf8),
                                    "no golden file \(name).txt: run with MODELTOP_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        if expected != text {
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let got = text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = zip(want, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(want.count, got.count)
            let wanted = line < want.count ? String(want[line]) : "<none>"
            let gotten = line < got.count ? String(got[line]) : "<none>"
            Issue.record("\(name): line \(line + 1) differs\n  golden: \(wanted)\n  actual: \(gotten)", sourceLocation: sourceLocation)
        }
    }
}
