import ArgumentParser
import Foundation
import MonitorEngine

/// `modeltop trust FILE`: lets a configuration found in the working directory run its actions
/// (docs/security.md, "Trusted configurations and actions").
struct Trust: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Let a configuration file run its alert actions when it is not named with --config.",
        discussion: """
            A modeltop.yaml found in the working directory may have been written by someone else \
            (a checkout, a shared directory): its actions run only after 'modeltop trust FILE' \
            recorded the SHA-256 of its content, in $XDG_DATA_HOME/modeltop/trusted (or \
            ~/.local/share/modeltop/trusted). Any change to the file makes it untrusted again. \
            A file named with --config or MODELTOP_CONFIG needs no trust.
            """
    )

    @Argument(help: "The configuration file.")
    var file: String

    @Flag(help: "Forget the file instead: its actions no longer run unless it is named.")
    var revoke = false

    func run() throws {
        guard let trust = ConfigTrust(environment: ProcessInfo.processInfo.environment) else {
            throw CommandFailure.usage("no place for the trust file: set XDG_DATA_HOME or HOME")
        }
        if revoke {
            do {
                let removed = try trust.revoke(path: file)
                print(removed ? "\(file): no longer trusted" : "\(file): was not trusted")
            } catch {
                throw CommandFailure.unreadable("\(error)")
            }
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandFailure.usage("configuration file '\(file)' not found")
        }
        // Only a configuration that loads is worth trusting: its errors are said now.
        do {
            _ = try MonitorConfig.load(path: file)
        } catch {
            throw CommandFailure.usage("\(error)")
        }
        do {
            let hash = try trust.trust(path: file)
            print("\(file): trusted (sha256 \(hash.prefix(16))...); its actions run until it changes")
        } catch {
            throw CommandFailure.unreadable("\(error)")
        }
    }
}
