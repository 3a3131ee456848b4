#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directories that hold its owner's state alone (the alert store, the trust file).
package enum PrivateDirectory {
    /// `mkdir -p`, each new directory 0700 (the store is its owner's alone): `nil` on success,
    /// else the system's reason (Foundation's own message for this says only "the operation
    /// could not be completed").
    package static func make(_ directory: String) -> String? {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o700) != 0 {
                let code = errno
                var status = stat()
                guard code == EEXIST, stat(prefix, &status) == 0 else { return "\(prefix): \(String(cString: strerror(code)))" }
                guard status.st_mode & S_IFMT == S_IFDIR else { return "\(prefix) is not a directory" }
            }
            prefix += "/"
        }
        return nil
    }
}
