import Dispatch
import Foundation

/// Work split into parts that touch nothing in common, run side by side: ``forEach(_:_:)`` on
/// Dispatch's pool (as many threads as cores), ``both(_:_:)`` on the calling thread and one of
/// its own. Each part computes what one thread would, in the same order, so the results do not
/// depend on how the parts are scheduled.
package enum Parallel {
    /// Runs `body(part)` for every part in `0..<parts` and returns once all have returned.
    package static func forEach(_ parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            if parts == 1 { body(0) }
            return
        }
        // The parts share nothing they write (the caller's promise), so the body may cross
        // threads although the compiler cannot see it.
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: parts) { shared.value($0) }
        }
    }

    /// Runs `first` on the calling thread and `second` on a thread of its own, side by side, and
    /// returns both results: two stretches of work that share nothing they write, each of which
    /// may split itself with ``forEach(_:_:)`` (on a thread of its own rather than one of the
    /// pool's, `second` does not hold a pool thread while `first` splits itself). One after the
    /// other when the parts are forced to one, or on one core.
    package static func both<First, Second>(_ first: () -> First, _ second: () -> Second) -> (First, Second) {
        let forced = forcedParts
        guard (forced ?? ProcessInfo.processInfo.activeProcessorCount) > 1 else { return (first(), second()) }
        return withoutActuallyEscaping(second) { second in
            let work = Handoff(body: second)
            let thread = Thread {
                Parallel.$forcedParts.withValue(forced) { work.result = work.body?() }
                // Let go of the closure before the caller may return.
                work.body = nil
                work.done.signal()
            }
            thread.name = "modeltop reference"
            // The platforms' default stacks differ (512 KiB on macOS); the calling thread's size.
            thread.stackSize = 8 << 20
            thread.start()
            let firstResult = first()
            work.done.wait()
            return (firstResult, work.result!)
        }
    }

    /// The second stretch of ``both(_:_:)``, handed to its thread and back.
    private final class Handoff<Result>: @unchecked Sendable {
        var body: (() -> Result)?
        var result: Result?
        let done = DispatchSemaphore(value: 0)
        init(body: @escaping () -> Result) { self.body = body }
    }

    /// A value handed to the parts' threads.
    private final class Unchecked<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// Splits `0..<count` into `parts` contiguous ranges whose weights (`weight(i)` each) are as
    /// even as the items allow; ranges may be empty.
    package static func ranges(_ count: Int, parts: Int, weight: (Int) -> Double = { _ in 1 }) -> [Range<Int>] {
        let parts = max(parts, 1)
        var total = 0.0
        for index in 0..<count { total += weight(index) }
        var result: [Range<Int>] = []
        var start = 0
        var accumulated = 0.0
        for part in 1..<parts {
            let goal = total * Double(part) / Double(parts)
            var end = start
            while end < count, accumulated + weight(end) / 2 < goal {
                accumulated += weight(end)
                end += 1
            }
            result.append(start..<end)
            start = end
        }
        result.append(start..<count)
        return result
    }

    /// Parts to split into whatever the work's size (at most one per item), instead of one per
    /// core: for checks that the parts give what one part gives (tests, the fuzz harness).
    @TaskLocal package static var forcedParts: Int?

    /// How many parts to split work of about `items` items into: one per core, one alone for
    /// work too small to be worth a thread.
    package static func parts(forItems items: Int, minimumPerPart: Int) -> Int {
        if let forcedParts { return max(1, min(forcedParts, items)) }
        let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
        return max(1, min(cores, items / max(minimumPerPart, 1)))
    }
}
