import Dashboard
import Foundation
import MonitorEngine
import MonitorReport

/// `e` / `E` on the dashboard: what the screen shows, as the report writes it, in a file of the
/// working directory named after the screen and the time (`modeltop-segments-20261206T152900Z.md`).
///
/// The overview exports every layer of the slice on screen (the whole stream, or the segment
/// drilled into); the features screen and a feature's detail its features; the segments
/// screen the segments with their fairness gaps; the alerts screen the alerts. The snapshot is
/// the one on screen, frozen while paused.
enum ScreenExport {
    /// The report of what `request` shows.
    static func content(_ request: ExportRequest) -> ReportContent {
        var snapshot = request.snapshot
        if let segment = request.segment, let slice = snapshot.slice(segment) {
            // A drilled-in screen: that segment is the stream the export describes.
            snapshot.overall = slice
            snapshot.segments = []
        }
        let sections: Set<ReportSection> = switch request.screen {
        case .overview: [.infrastructure, .features, .prediction, .performance, .alerts]
        case .features, .featureDetail: [.features]
        case .segments: [.segments]
        case .alerts: [.alerts]
        }
        return ReportContent(version: Modeltop.configuration.version, model: snapshot.model, input: snapshot.input,
                             snapshot: snapshot, sections: sections)
    }

    /// Writes the export into `directory` and returns the file's path; a name already taken
    /// gets `-2`, `-3`, ... rather than being overwritten.
    static func write(_ request: ExportRequest, directory: String = FileManager.default.currentDirectoryPath,
                      now: Date = Date()) throws -> String {
        let content = content(request)
        let text = request.format == .json ? content.jsonValue.serialized() + "\n" : content.markdown
        let stamp = UTCTime.rfc3339(now.timeIntervalSince1970)?
            .replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .split(separator: ".").first.map(String.init) ?? "now"
        let base = "modeltop-\(request.screen.rawValue)-\(stamp.hasSuffix("Z") ? stamp : stamp + "Z")"
        var attempt = 1
        while true {
            let name = attempt == 1 ? "\(base).\(request.format.rawValue)" : "\(base)-\(attempt).\(request.format.rawValue)"
            let path = (directory as NSString).appendingPathComponent(name)
            // Created exclusively: an export never replaces a file, nor follows a link planted there.
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor < 0 {
                if errno == EEXIST, attempt < 100 {
                    attempt += 1
                    continue
                }
                throw ExportError(path: path, reason: String(cString: strerror(errno)))
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            do {
                try handle.write(contentsOf: Data(text.utf8))
                try handle.synchronize()
            } catch {
                throw ExportError(path: path, reason: "\(error)")
            }
            return path
        }
    }

    struct ExportError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "cannot write \(path): \(reason)" }
    }
}
