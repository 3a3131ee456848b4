#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a file is, independent of its name: (device, inode). Rotation renames files and
/// truncation keeps them; only this pair tells which file a path holds now.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// The result of `stat(2)` or `fstat(2)`, or the `errno` of its failure.
struct FileInfo {
    var identity: FileIdentity
    var size: Int
    var isRegularFile: Bool
    var isDirectory: Bool
    var linkCount: Int

    init(_ info: stat) {
        identity = FileIdentity(info)
        size = Int(info.st_size)
        let kind = info.st_mode & S_IFMT
        isRegularFile = kind == S_IFREG
        isDirectory = kind == S_IFDIR
        linkCount = Int(info.st_nlink)
    }

    /// `stat(2)` of a path, following symbolic links (a `current.log` link to the live file
    /// changes identity when the link is moved).
    static func of(path: String) -> Result<FileInfo, SystemError> {
        var info = stat()
        if stat(path, &info) != 0 { return .failure(SystemError(call: "stat", errno: errno)) }
        return .success(FileInfo(info))
    }

    /// `fstat(2)` of an open descriptor.
    static func of(descriptor: Int32) -> Result<FileInfo, SystemError> {
        var info = stat()
        if fstat(descriptor, &info) != 0 { return .failure(SystemError(call: "fstat", errno: errno)) }
        return .success(FileInfo(info))
    }
}

/// A failed system call: its name and `errno`.
struct SystemError: Error {
    var call: String
    var errno: Int32

    func message(path: String) -> String {
        "\(call)(\(path)): \(String(cString: strerror(errno)))"
    }
}
