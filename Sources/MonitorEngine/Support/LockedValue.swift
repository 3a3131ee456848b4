import Foundation

/// A value behind a lock, for the little state shared between threads: alert bookkeeping (the
/// engine thread, action runners, command handlers), the demo's writer, the last warning printed.
package final class LockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    package init(_ value: Value) {
        self.value = value
    }

    package func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
