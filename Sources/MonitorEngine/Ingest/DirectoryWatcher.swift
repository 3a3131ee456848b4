#if canImport(Glibc)
import Glibc

/// Watches the directories holding followed files with inotify(7), so that a waiting follower
/// wakes on appends, truncations, renames and new files instead of sleeping a fixed time.
///
/// Directories rather than files: a directory watch reports changes to every file in it,
/// survives rotation (the new file is in the same directory) and needs no bookkeeping when a
/// file is let go.
///
/// This file is the one place where following differs between Linux and Darwin: ``LogFollower``
/// uses the same calls on both, and without inotify gets no watcher.
final class DirectoryWatcher {
    /// The inotify descriptor, non-blocking, for `poll(2)`.
    let descriptor: Int32
    private var watched: [String: Int32] = [:]
    private var events = [UInt8](repeating: 0, count: 16 << 10)

    /// Returns `nil` where inotify is unavailable (the follower then sleeps in short steps).
    init?() {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Starts watching `directory`; false when it cannot be watched yet (missing, unreadable).
    @discardableResult
    func watch(_ directory: String) -> Bool {
        if watched[directory] != nil { return true }
        let mask = UInt32(IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_CLOSE_WRITE)
        let handle = inotify_add_watch(descriptor, directory, mask)
        guard handle >= 0 else { return false }
        watched[directory] = handle
        return true
    }

    /// True when `directory` is watched.
    func isWatching(_ directory: String) -> Bool { watched[directory] != nil }

    /// Reads every pending notification without blocking. Returns whether any arrived, and
    /// whether the set of names changed (a file created, renamed or deleted, or events lost),
    /// which calls for expanding the patterns again.
    func drain() -> (anyEvent: Bool, namesChanged: Bool) {
        var anyEvent = false
        var namesChanged = false
        let nameEvents = UInt32(IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF
            | IN_MOVE_SELF | IN_Q_OVERFLOW | IN_IGNORED)
        while true {
            let count = events.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            anyEvent = true
            events.withUnsafeBytes { bytes in
                var offset = 0
                // struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }
                while offset + 16 <= count {
                    let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                    let nameLength = bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)
                    if mask & nameEvents != 0 { namesChanged = true }
                    if mask & UInt32(IN_IGNORED) != 0 {
                        let handle = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
                        if let directory = watched.first(where: { $0.value == handle })?.key {
                            watched[directory] = nil
                        }
                    }
                    offset += 16 + Int(nameLength)
                }
            }
        }
        return (anyEvent, namesChanged)
    }
}
#else
/// Without inotify(7) (Darwin) there is no watcher: ``init()`` fails, and ``LogFollower`` sleeps
/// in short steps instead.
final class DirectoryWatcher {
    var descriptor: Int32 { -1 }

    /// Always `nil`: inotify(7) is Linux's.
    init?() { return nil }

    @discardableResult
    func watch(_ directory: String) -> Bool { false }

    func isWatching(_ directory: String) -> Bool { false }

    func drain() -> (anyEvent: Bool, namesChanged: Bool) { (false, false) }
}
#endif
