import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MonitorEngine
import MonitorRules

/// Who acknowledges or silences: `$USER`, else the account name of the effective user id, else
/// the numeric uid (cli.md).
public enum AlertUser {
    /// The name recorded in acknowledgements and silences.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let user = environment["USER"], !user.isEmpty { return user }
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name {
            let text = String(cString: name)
            if !text.isEmpty { return text }
        }
        return "uid \(uid)"
    }
}
