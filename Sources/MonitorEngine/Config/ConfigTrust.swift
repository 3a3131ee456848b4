import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which configuration files may run their alert actions without being named
/// (docs/security.md, "Trusted configurations and actions").
///
/// A `modeltop.yaml` found in the working directory was written by whoever owns that
/// directory, not necessarily by the user at the keyboard: its actions run only once
/// `modeltop trust FILE` recorded the SHA-256 of its bytes (direnv's model). A file changed since
/// is untrusted again. The record is one line per file, `<sha256> <absolute path>`, in
/// `$XDG_DATA_HOME/modeltop/trusted` (or `~/.local/share/modeltop/trusted`), mode 0600.
public struct ConfigTrust: Sendable {
    /// The trust file.
    public let file: String

    /// The trust file of this environment; `nil` when neither `XDG_DATA_HOME` nor `HOME` is set.
    public init?(environment: [String: String]) {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = MonitorConfig.joined(home, ".local/share")
        } else {
            return nil
        }
        file = MonitorConfig.joined(base, "modeltop/trusted")
    }

    /// A trust file at `file`.
    public init(file: String) {
        self.file = file
    }

    /// The absolute path a configuration path is recorded under (links resolved).
    public static func key(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// What the trust file says of a configuration.
    public enum Status: Sendable, Equatable {
        /// `trust` recorded these very bytes for this path.
        case trusted
        /// The path was trusted with other content: the file changed since.
        case changed
        /// The path was never trusted (or was revoked).
        case unknown
    }

    /// What the trust file says of `bytes`, read from `path`.
    public func status(path: String, bytes: Data) -> Status {
        let key = Self.key(of: path)
        let hash = SHA256.hex(bytes)
        let recorded = entries().filter { $0.path == key }
        if recorded.contains(where: { $0.hash == hash }) { return .trusted }
        return recorded.isEmpty ? .unknown : .changed
    }

    /// Records the file's current content as trusted (replacing an earlier record of it);
    /// returns the hash recorded.
    @discardableResult
    public func trust(path: String) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = Self.key(of: path)
        let hash = SHA256.hex(bytes)
        var kept = entries().filter { $0.path != key }
        kept.append((hash, key))
        try save(kept)
        return hash
    }

    /// Forgets the file; `false` when it was not trusted.
    @discardableResult
    public func revoke(path: String) throws -> Bool {
        let key = Self.key(of: path)
        let all = entries()
        let kept = all.filter { $0.path != key }
        guard kept.count != all.count else { return false }
        try save(kept)
        return true
    }

    private func entries() -> [(hash: String, path: String)] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let space = line.firstIndex(of: " ") else { return nil }
            let hash = line[..<space]
            guard hash.count == 64 else { return nil }
            return (String(hash), String(line[line.index(after: space)...]))
        }
    }

    /// Writes the records to a new file (0600) and renames it over the old one.
    private func save(_ entries: [(hash: String, path: String)]) throws {
        let directory = (file as NSString).deletingLastPathComponent
        if let failure = PrivateDirectory.make(directory) {
            throw TrustError(message: "cannot create \(directory): \(failure)")
        }
        let text = entries.map { "\($0.hash) \($0.path)\n" }.joined()
        let temporary = file + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw TrustError(message: "cannot write \(temporary): \(String(cString: strerror(errno)))") }
        var written = true
        text.utf8CString.withUnsafeBufferPointer { buffer in
            let count = buffer.count - 1
            written = count == 0 || Glibc.write(descriptor, buffer.baseAddress!, count) == count
        }
        fsync(descriptor)
        close(descriptor)
        guard written, rename(temporary, file) == 0 else {
            unlink(temporary)
            throw TrustError(message: "cannot write \(file): \(String(cString: strerror(errno)))")
        }
    }
}

/// The trust file could not be written.
public struct TrustError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
