#if canImport(Glibc)
import DriftStats
import Glibc
#endif
import Testing
@testable import MonitorEngine

/// Writes numbered lines while rotating, copytruncating and truncating the file at random,
/// polling at random points, and checks every line number against an expectation computed
/// from the writer's side alone.
///
/// What is expected: every line is seen exactly once, except the lines a truncation destroys
/// before any poll could read them. A poll reads everything complete that is there (it is
/// repeated until it reads nothing), so the lines lost to a truncation are exactly those whose
/// newline was written to the truncated file after the last poll. Lines written after a rename,
/// through the logger's old descriptor, are never lost: the old file is finished through the
/// follower's own descriptor. The test keeps to the points where `tail -F` semantics can be
/// exact: a file is rotated only after a poll has opened it (a file created and rotated away
/// between two polls is not seen), a partial line is completed before the file is rotated or
/// truncated, and the writer appends (`O_APPEND`) so that it writes at the new end after a
/// truncation.
@Suite struct FaultInjectionTests {
    @Test(arguments: [0x5EED_0001, 0xC0FF_EE42] as [UInt64])
    func everyLineIsSeenOnceThroughRotationsAndTruncations(seed: UInt64) throws {
        let totalLines = 100_000
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        var random = SplitMix64(seed: seed)
        let clock = ManualClock()
        var options = testOptions(clock: clock)
        // Small reads put line boundaries, CRs and partial lines at every position of a read.
        options.readChunkBytes = 4093
        options.pollBudgetBytes = 64 << 10
        var writer = try LogWriter(path)
        let follower = try LogFollower(patterns: [path], options: options)

        var seen = [UInt8](repeating: 0, count: totalLines)
        var lost = [Bool](repeating: false, count: totalLines)
        var lastNumberBySource: [Int: Int] = [:]
        var outOfOrder = 0
        var unexpected: [String] = []
        var next = 0
        var partialRest: [UInt8]? = nil
        var readSincePoll: [Int] = []            // newline written after the last poll
        var polledSinceRotation = true
        var pathMissingAtPoll = false
        var currentFileReadNonEmpty = false      // a poll has read bytes of the current file
        var currentFileBytes = 0
        var expectedRotations = 0
        var expectedTruncations = 0
        var rotatedFiles = 0

        func poll() {
            if pathMissingAtPoll { clock.advance(1) }
            pathMissingAtPoll = access(path, F_OK) != 0
            repeat {} while follower.poll { event in
                guard case .line(let source, _, let bytes) = event else { return }
                guard bytes.count >= 8, let number = Int(String(decoding: bytes.prefix(7), as: UTF8.self)),
                      number < totalLines else {
                    unexpected.append(String(decoding: bytes, as: UTF8.self))
                    return
                }
                seen[number] &+= 1
                if let last = lastNumberBySource[source.rawValue], last >= number { outOfOrder += 1 }
                lastNumberBySource[source.rawValue] = number
            } > 0
            readSincePoll.removeAll(keepingCapacity: true)
            polledSinceRotation = true
            if currentFileBytes > 0 { currentFileReadNonEmpty = true }
        }

        func line(_ number: Int) -> [UInt8] {
            var bytes = Array(String(number).utf8)
            bytes.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: 7 - bytes.count), at: 0)
            bytes.append(UInt8(ascii: " "))
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                bytes.append(UInt8(ascii: "a") + UInt8.random(in: 0..<26, using: &random))
            }
            bytes.append(UInt8(ascii: "\n"))
            return bytes
        }

        func truncateNow() {
            #expect(truncate(path, 0) == 0)
            for number in readSincePoll { lost[number] = true }
            readSincePoll.removeAll(keepingCapacity: true)
            if currentFileReadNonEmpty { expectedTruncations += 1 }
            currentFileReadNonEmpty = false
            currentFileBytes = 0
        }

        while next < totalLines || partialRest != nil {
            var batch: [UInt8] = []
            if let rest = partialRest {
                batch += rest
                readSincePoll.append(next - 1)
                partialRest = nil
            }
            for _ in 0..<Int.random(in: 1...64, using: &random) where next < totalLines {
                let bytes = line(next)
                next += 1
                if next < totalLines && Int.random(in: 0..<8, using: &random) == 0 {
                    let cut = Int.random(in: 1..<bytes.count, using: &random)
                    batch += bytes[..<cut]
                    partialRest = Array(bytes[cut...])
                    break
                }
                batch += bytes
                readSincePoll.append(next - 1)
            }
            writer.write(batch)
            currentFileBytes += batch.count
            clock.advance(Double(Int.random(in: 0...6, using: &random)) / 10)

            let action = Int.random(in: 0..<100, using: &random)
            switch action {
            case 0..<40:
                poll()
            case 40..<44 where partialRest == nil && polledSinceRotation:
                // Rotation by rename; the logger writes a few more lines through its old
                // descriptor before reopening (lines the follower gets through its own).
                rotatedFiles += 1
                #expect(rename(path, path + ".\(rotatedFiles)") == 0)
                expectedRotations += 1
                readSincePoll.removeAll(keepingCapacity: true)
                var late: [UInt8] = []
                for _ in 0..<Int.random(in: 0...3, using: &random) where next < totalLines {
                    late += line(next)
                    next += 1
                }
                writer.write(late)
                if Bool.random(using: &random) { poll() }
                writer = try LogWriter(path)
                polledSinceRotation = false
                currentFileReadNonEmpty = false
                currentFileBytes = 0
            case 44..<47 where partialRest == nil:
                if Bool.random(using: &random) { poll() }
                try copyFile(path, to: path + ".copy")
                unlink(path + ".copy")
                truncateNow()
            case 47..<49 where partialRest == nil:
                truncateNow()
            default:
                break
            }
        }
        poll()

        let lostCount = lost.lazy.filter { $0 }.count
        let seenOnce = seen.lazy.filter { $0 == 1 }.count
        #expect(unexpected == [])
        #expect(outOfOrder == 0)
        #expect(seen.allSatisfy { $0 <= 1 }, "a line was delivered twice")
        #expect(seenOnce == totalLines - lostCount)
        let mismatched = (0..<totalLines).filter { (seen[$0] == 1) == lost[$0] }
        #expect(mismatched.prefix(5) == [], "seen must be exactly the lines not lost")
        #expect(lostCount > 0 && lostCount < totalLines / 10)
        let statuses = follower.sources
        #expect(statuses.reduce(0) { $0 + $1.rotations } == expectedRotations)
        #expect(statuses.reduce(0) { $0 + $1.truncations } == expectedTruncations)
        #expect(statuses.count == expectedRotations + 1)
        #expect(statuses.filter(\.isOpen).count == 1)
        #expect(statuses.reduce(0) { $0 + $1.lines } == seenOnce)
        #expect(expectedRotations > 10 && expectedTruncations > 10)
    }
}
