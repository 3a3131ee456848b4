#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named input that cannot be read at all: the command line exits 3 with this message
/// (cli.md, "Exit codes").
///
/// Only plain paths given by the user raise it, when following starts. Files that appear later
/// (a glob gaining a match, a rotated log) never throw: their problems are recorded on their
/// ``SourceStatus``, because a running dashboard must not stop over one file.
public enum IngestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path does not exist.
    case notFound(path: String)
    /// The path exists but this user may not read it.
    case permissionDenied(path: String)
    /// The path names a directory or a device, not a log file.
    case notARegularFile(path: String)
    /// A system call failed on the path for another reason.
    case systemCall(path: String, call: String, errno: Int32)

    /// The path the error is about.
    public var path: String {
        switch self {
        case .notFound(let path), .permissionDenied(let path), .notARegularFile(let path),
             .systemCall(let path, _, _):
            return path
        }
    }

    /// A one-line message naming the path, fit for standard error.
    public var description: String {
        switch self {
        case .notFound(let path):
            return "cannot read '\(path)': no such file or directory"
        case .permissionDenied(let path):
            return "cannot read '\(path)': permission denied"
        case .notARegularFile(let path):
            return "cannot read '\(path)': not a regular file"
        case .systemCall(let path, let call, let code):
            return "cannot read '\(path)': \(call) failed: \(String(cString: strerror(code)))"
        }
    }

    /// Maps the `errno` of a failed `stat` or `open` on a user-named path.
    static func from(errno code: Int32, path: String, call: String) -> IngestError {
        switch code {
        case ENOENT, ENOTDIR: return .notFound(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        case EISDIR: return .notARegularFile(path: path)
        default: return .systemCall(path: path, call: call, errno: code)
        }
    }
}
