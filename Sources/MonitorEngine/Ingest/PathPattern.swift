#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input named by the user: a plain path, a glob (`*`, `?`, `[...]`, expanded by glob(3)),
/// or `-` for standard input.
struct PathPattern: Hashable {
    enum Kind: Hashable {
        case path
        case glob
        case standardInput
    }

    var text: String
    var kind: Kind

    init(_ text: String) {
        self.text = text
        if text == "-" {
            kind = .standardInput
        } else if text.utf8.contains(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }) {
            kind = .glob
        } else {
            kind = .path
        }
    }

    /// The paths the pattern names now, sorted (glob(3) sorts), possibly none.
    func expand() -> [String] {
        switch kind {
        case .standardInput: return []
        case .path: return [text]
        case .glob:
            var matches = glob_t()
            defer { globfree(&matches) }
            // Unreadable directories are skipped rather than failing the whole expansion: the
            // files that can be seen are still followed.
            guard glob(text, 0, nil, &matches) == 0 else { return [] }
            var paths: [String] = []
            paths.reserveCapacity(Int(matches.gl_pathc))
            for index in 0..<Int(matches.gl_pathc) {
                if let cString = matches.gl_pathv[index] { paths.append(String(cString: cString)) }
            }
            return paths
        }
    }

    /// The directory whose entries decide what the pattern matches, when it is fixed (no glob
    /// character in the directory part): the one inotify watches for new files.
    var fixedDirectory: String? {
        switch kind {
        case .standardInput: return nil
        case .path: return Self.directory(of: text)
        case .glob:
            let directory = Self.directory(of: text)
            let isFixed = !directory.utf8.contains(where: {
                $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[")
            })
            return isFixed ? directory : nil
        }
    }

    /// The directory part of a path (`.` when there is none).
    static func directory(of path: String) -> String {
        let bytes = Array(path.utf8)
        guard let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == 0 { return "/" }
        return String(decoding: bytes[..<slash], as: UTF8.self)
    }
}
