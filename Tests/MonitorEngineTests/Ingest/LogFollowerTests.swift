#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import MonitorEngine

@Suite struct LogFollowerTests {
    @Test func readsExistingContentThenFollowsAppends() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.jsonl")
        try writeFile(path, "one\ntwo\nthree\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())

        #expect(follower.drain() == [
            .started(0, path, .initial), .line(0, 1, "one"), .line(0, 2, "two"), .line(0, 3, "three"),
        ])
        #expect(follower.drain() == [])

        try LogWriter(path).write("four\nfive\n")
        #expect(follower.drain() == [.line(0, 4, "four"), .line(0, 5, "five")])
        let status = try #require(follower.sources.first)
        #expect(status.lines == 5)
        #expect(status.bytesRead == 24)
        #expect(status.isOpen)
        #expect(!follower.isFinished)
    }

    @Test func holdsAHalfWrittenLineUntilItsNewline() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.jsonl")
        let writer = try LogWriter(path)
        writer.write("{\"score\":0.1}\n{\"sco")
        let follower = try LogFollower(patterns: [path], options: testOptions())

        #expect(follower.drainLines() == ["{\"score\":0.1}"])
        writer.write("re\":0.")
        #expect(follower.drain() == [])
        writer.write("2}\n{\"score\":0.3}\n")
        #expect(follower.drain() == [.line(0, 2, "{\"score\":0.2}"), .line(0, 3, "{\"score\":0.3}")])
    }

    @Test func stripsCRFromCRLFLinesOnly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("export.csv")
        try writeFile(path, "a,b\r\n1,2\r\nx\ry\n\r\n\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["a,b", "1,2", "x\ry", "", ""])
    }

    @Test func rotationByRenameFinishesTheOldFileThenReadsTheNewOne() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let old = try LogWriter(path)
        old.write("1\n2\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["1", "2"])

        old.write("3\n")
        #expect(rename(path, path + ".1") == 0)
        // The logger writes to its old descriptor until it reopens: those lines, and a final
        // line without newline, belong to the old file.
        old.write("4\nlast")
        let new = try LogWriter(path)
        new.write("5\n6\n")

        #expect(follower.drain() == [
            .line(0, 3, "3"), .line(0, 4, "4"), .line(0, 5, "last"), .ended(0, .rotated),
            .started(1, path, .replaced), .line(1, 1, "5"), .line(1, 2, "6"),
        ])
        let sources = follower.sources
        #expect(sources.count == 2)
        #expect(sources[0].rotations == 1)
        #expect(sources[0].lines == 5)
        #expect(!sources[0].isOpen)
        #expect(sources[0].endReason == .rotated)
        #expect(sources[1].isOpen)
        #expect(sources[1].lines == 2)
    }

    @Test func rotationTwiceInARowWithAPollBetween() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        try LogWriter(path).write("a1\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["a1"])

        #expect(rename(path, path + ".1") == 0)
        try LogWriter(path).write("b1\n")
        #expect(follower.drain() == [.ended(0, .rotated), .started(1, path, .replaced), .line(1, 1, "b1")])

        // Second rotation; the file rotated first moves on again, the second is written after
        // its rename through the logger's descriptor.
        let second = try LogWriter(path)
        #expect(rename(path + ".1", path + ".2") == 0)
        #expect(rename(path, path + ".1") == 0)
        second.write("b2\n")
        try LogWriter(path).write("c1\n")
        #expect(follower.drain() == [
            .line(1, 2, "b2"), .ended(1, .rotated), .started(2, path, .replaced), .line(2, 1, "c1"),
        ])
    }

    @Test func aFileRotatedAwayBeforeItsFirstReadIsStillReadOnceOpened() throws {
        // Once a file has been seen it is pinned by its descriptor: renaming it twice loses nothing.
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        try LogWriter(path).write("x\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        let writer = try LogWriter(path)
        #expect(rename(path, path + ".1") == 0)
        #expect(rename(path + ".1", path + ".2") == 0)
        writer.write("y\n")
        #expect(follower.drain() == [
            .started(0, path, .initial), .line(0, 1, "x"), .line(0, 2, "y"), .ended(0, .rotated),
        ])
    }

    @Test func copytruncateRestartsAtTheStart() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("first line\nsecond line\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["first line", "second line"])

        try copyFile(path, to: path + ".1")
        #expect(truncate(path, 0) == 0)
        writer.write("third\n")
        #expect(follower.drain() == [.started(0, path, .truncated), .line(0, 1, "third")])
        let status = try #require(follower.sources.first)
        #expect(status.truncations == 1)
        #expect(status.lines == 3)
        #expect(status.bytesRead == 29)
    }

    @Test func plainTruncationToEmptyIsNoticedBeforeNewWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("a\nb\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["a", "b"])
        #expect(truncate(path, 0) == 0)
        #expect(follower.drain() == [.started(0, path, .truncated)])
        #expect(follower.drain() == [])
        writer.write("c\n")
        #expect(follower.drain() == [.line(0, 1, "c")])
        #expect(follower.sources[0].truncations == 1)
    }

    @Test(arguments: ["longer than before\nand more\n", "x\nyz\n", "p\nqrs\n"])
    func truncateAndRegrowBetweenPollsIsNoticed(regrown: String) throws {
        // "a\nbcd\n" is 6 bytes: the regrown contents are longer than, or exactly as long as,
        // what was read, so only the fingerprint can tell the file was rewritten.
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("a\nbcd\n")
        let follower = try LogFollower(patterns: [path], options: testOptions())
        #expect(follower.drainLines() == ["a", "bcd"])

        #expect(truncate(path, 0) == 0)
        writer.write(regrown)
        let expected = regrown.split(separator: "\n").map(String.init)
        #expect(follower.drainLines() == expected)
        #expect(follower.sources[0].truncations == 1)
    }

    @Test func appendsAfterARestartAreNotMistakenForTruncation() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        let follower = try LogFollower(patterns: [path], options: testOptions())
        var expected: [String] = []
        for round in 0..<200 {
            let line = String(repeating: "\(round % 10)", count: round % 90)
            writer.write(line + "\n")
            expected.append(line)
            if round % 7 == 0 { _ = follower.drain() }
        }
        _ = follower.drain()
        #expect(follower.sources[0].truncations == 0)
        #expect(follower.sources[0].lines == expected.count)
    }

    @Test func aGlobPicksUpANewFileWithinTheRescanInterval() throws {
        let directory = try TemporaryDirectory()
        let clock = ManualClock()
        let pattern = directory.file("predictions-*.jsonl")
        let follower = try LogFollower(patterns: [pattern], options: testOptions(clock: clock))
        #expect(follower.unmatchedPatterns == [pattern])
        #expect(follower.drain() == [])

        let first = directory.file("predictions-1.jsonl")
        try writeFile(first, "p1\n")
        try writeFile(directory.file("labels-1.jsonl"), "not mine\n")
        clock.advance(0.5)
        #expect(follower.drain() == [])
        clock.advance(0.5)
        #expect(follower.drain() == [.started(0, first, .appeared), .line(0, 1, "p1")])
        #expect(follower.unmatchedPatterns == [])

        let second = directory.file("predictions-2.jsonl")
        try writeFile(second, "p2\n")
        clock.advance(1)
        #expect(follower.drain() == [.started(1, second, .appeared), .line(1, 1, "p2")])
        #expect(follower.sources.map(\.path) == [first, second])
    }

    @Test func aDeletedFileIsFinishedAndClosed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("a\n")
        let clock = ManualClock()
        let follower = try LogFollower(patterns: [path], options: testOptions(clock: clock))
        #expect(follower.drainLines() == ["a"])
        writer.write("b\n")
        #expect(unlink(path) == 0)
        // The writer's descriptor and the follower's.
        #expect(descriptorsOpen(on: path) == 2)
        #expect(follower.drain() == [.line(0, 2, "b"), .ended(0, .deleted)])
        #expect(descriptorsOpen(on: path) == 1)
        #expect(follower.sources[0].endReason == .deleted)
        #expect(follower.unmatchedPatterns == [path])

        // The path coming back is a new file at a followed path, seen at the next expansion.
        try writeFile(path, "c\n")
        #expect(follower.drain() == [])
        clock.advance(1)
        #expect(follower.drain() == [.started(1, path, .replaced), .line(1, 1, "c")])
    }

    @Test(arguments: [1, 3, 7, 16, 64, 4096])
    func aLineTooLongIsSkippedAndTheNextLinesAreRead(readChunkBytes: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let long = String(repeating: "x", count: 100)
        try writeFile(path, "short\n\(long)\nafter\n0123456789abcdef\r\n0123456789abcdefg\r\nend\n\(long)")
        var options = testOptions()
        options.maxLineBytes = 16
        options.readChunkBytes = readChunkBytes
        options.follow = false
        let follower = try LogFollower(patterns: [path], options: options)
        #expect(follower.drain() == [
            .started(0, path, .initial), .line(0, 1, "short"), .tooLong(0, 2, 100), .line(0, 3, "after"),
            .line(0, 4, "0123456789abcdef"), .tooLong(0, 5, 18), .line(0, 6, "end"), .tooLong(0, 7, 100),
            .ended(0, .endOfInput),
        ])
        #expect(follower.sources[0].linesTooLong == 3)
        #expect(follower.sources[0].lines == 4)
        #expect(follower.isFinished)
    }

    @Test(arguments: [1, 2, 5, 1000])
    func aSmallPollBudgetDeliversTheSameLines(pollBudgetBytes: Int) throws {
        let directory = try TemporaryDirectory()
        let paths = [directory.file("a.log"), directory.file("b.log")]
        try writeFile(paths[0], "a1\na2\na3\n")
        try writeFile(paths[1], "b1\nb2\n")
        var options = testOptions()
        options.pollBudgetBytes = pollBudgetBytes
        let follower = try LogFollower(patterns: paths, options: options)
        let seen = follower.drain()
        let lines = seen.compactMap { if case .line(let source, _, let text) = $0 { "\(source):\(text)" } else { nil } }
        #expect(lines.filter { $0.hasPrefix("0:") } == ["0:a1", "0:a2", "0:a3"])
        #expect(lines.filter { $0.hasPrefix("1:") } == ["1:b1", "1:b2"])
    }

    @Test func aMissingPathIsAnErrorNamingIt() throws {
        let directory = try TemporaryDirectory()
        let missing = directory.file("nope.jsonl")
        #expect(throws: IngestError.notFound(path: missing)) {
            try LogFollower(patterns: [missing])
        }
        #expect(IngestError.notFound(path: missing).description == "cannot read '\(missing)': no such file or directory")
        #expect(throws: IngestError.notARegularFile(path: directory.path)) {
            try LogFollower(patterns: [directory.path])
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads every file"))
    func anUnreadablePathIsAnErrorAndAnUnreadableGlobMatchIsRecorded() throws {
        let directory = try TemporaryDirectory()
        let secret = directory.file("secret.log")
        try writeFile(secret, "x\n")
        #expect(chmod(secret, 0) == 0)
        #expect(throws: IngestError.permissionDenied(path: secret)) {
            try LogFollower(patterns: [secret])
        }
        let follower = try LogFollower(patterns: [directory.file("*.log")], options: testOptions())
        #expect(follower.drain() == [])
        #expect(follower.sources.count == 1)
        #expect(follower.sources[0].error?.contains("open(\(secret))") == true)
        #expect(!follower.sources[0].isOpen)
    }

    @Test func aDirectoryMatchingAGlobIsRecordedNotRead() throws {
        let directory = try TemporaryDirectory()
        #expect(mkdir(directory.file("old.log"), 0o755) == 0)
        defer { rmdir(directory.file("old.log")) }
        try writeFile(directory.file("new.log"), "n\n")
        let clock = ManualClock()
        let follower = try LogFollower(patterns: [directory.file("*.log")], options: testOptions(clock: clock))
        #expect(follower.drainLines() == ["n"])
        clock.advance(5)
        #expect(follower.drainLines() == [])
        let failed = follower.sources.filter { $0.error != nil }
        #expect(failed.count == 1)
        #expect(failed.first?.path == directory.file("old.log"))
    }

    @Test func aSymlinkLoopIsAnErrorForAPathAndARecordedFailureForAGlobMatch() throws {
        let directory = try TemporaryDirectory()
        let loop = directory.file("loop.log")
        #expect(symlink(loop, loop) == 0)
        try writeFile(directory.file("good.log"), "g\n")
        #expect(throws: IngestError.systemCall(path: loop, call: "stat", errno: ELOOP)) {
            try LogFollower(patterns: [loop])
        }
        let clock = ManualClock()
        let follower = try LogFollower(patterns: [directory.file("*.log")], options: testOptions(clock: clock))
        #expect(follower.drainLines() == ["g"])
        clock.advance(3)
        #expect(follower.drainLines() == [])
        let failed = follower.sources.filter { $0.error != nil }
        #expect(failed.map(\.path) == [loop])
        #expect(failed.first?.error == "stat(\(loop)): \(String(cString: strerror(ELOOP)))")
        #expect(follower.unmatchedPatterns == [])
    }

    @Test func aRenameThatAGlobStillMatchesKeepsFollowingTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("1\n")
        let follower = try LogFollower(patterns: [directory.file("app.log*")], options: testOptions())
        #expect(follower.drainLines() == ["1"])
        #expect(rename(path, path + ".1") == 0)
        writer.write("2\n")
        try LogWriter(path).write("new\n")
        #expect(follower.drain() == [.line(0, 2, "2"), .started(1, path, .replaced), .line(1, 1, "new")])
        #expect(follower.sources[0].path == path + ".1")
        #expect(follower.sources[0].isOpen)
        writer.write("3\n")
        #expect(follower.drain() == [.line(0, 3, "3")])
    }

    @Test func aFileRotatedAwayBetweenPollsIsReadWhenAPatternMatchesItsNewName() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let first = try LogWriter(path)
        first.write("a1\n")
        let follower = try LogFollower(patterns: [directory.file("app.log*")], options: testOptions())
        #expect(follower.drainLines() == ["a1"])

        // Two rotations between polls: the middle file is never seen at its first name.
        #expect(rename(path, path + ".1") == 0)
        let second = try LogWriter(path)
        second.write("b1\n")
        #expect(rename(path + ".1", path + ".2") == 0)
        #expect(rename(path, path + ".1") == 0)
        try LogWriter(path).write("c1\n")
        first.write("a2\n")
        second.write("b2\n")

        // New files open in the glob's (name) order.
        let seen = follower.drain()
        #expect(seen.filter { if case .line = $0 { true } else { false } } == [
            .line(0, 2, "a2"), .line(1, 1, "c1"), .line(2, 1, "b1"), .line(2, 2, "b2"),
        ])
        #expect(follower.sources.map(\.path) == [path + ".2", path, path + ".1"])
        #expect(follower.sources.allSatisfy { $0.isOpen })
    }

    @Test func waitingWakesWhenStandardInputHasData() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        var options = testOptions()
        options.standardInput = ends[0]
        let follower = try LogFollower(patterns: ["-"], options: options)
        _ = follower.drain()
        write(ends[1], "x\n", 2)
        // Returns as soon as the pipe is readable, long before the timeout.
        follower.waitForActivity(timeoutSeconds: 20)
        #expect(follower.drainLines() == ["x"])
        close(ends[1])
        follower.waitForActivity(timeoutSeconds: 20)
        #expect(follower.drain() == [.ended(0, .endOfInput)])
        #expect(follower.isFinished)
    }

    @Test func standardInputIsReadWithoutBlockingUntilEOF() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]) }
        var options = testOptions()
        options.standardInput = ends[0]
        let follower = try LogFollower(patterns: ["-"], options: options)
        #expect(follower.drain() == [.started(0, "-", .initial)])

        write(ends[1], "a\nb", 3)
        #expect(follower.drain() == [.line(0, 1, "a")])
        write(ends[1], "c\n", 2)
        #expect(follower.drain() == [.line(0, 2, "bc")])
        write(ends[1], "tail", 4)
        close(ends[1])
        #expect(follower.drain() == [.line(0, 3, "tail"), .ended(0, .endOfInput)])
        #expect(follower.isFinished)
        #expect(follower.sources[0].isStandardInput)
        #expect(follower.sources[0].bytesRead == 9)
        // The follower does not own standard input: it is still open for its owner.
        #expect(fcntl(ends[0], F_GETFD) >= 0)
    }

    @Test func readingWithoutFollowingStopsAtTheSizeWhenOpened() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = try LogWriter(path)
        writer.write("1\n2\n3")
        var options = testOptions()
        options.follow = false
        let follower = try LogFollower(patterns: [path], options: options)
        #expect(!follower.isFinished)
        writer.write("\n4\n")
        #expect(follower.drain() == [
            .started(0, path, .initial), .line(0, 1, "1"), .line(0, 2, "2"), .line(0, 3, "3"), .ended(0, .endOfInput),
        ])
        #expect(follower.isFinished)
        // Only the writer's descriptor is left.
        #expect(descriptorsOpen(on: path) == 1)
    }

    @Test func aFileMatchedTwiceIsReadOnce() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("app.log")
        try writeFile(path, "once\n")
        #expect(symlink(path, directory.file("current.log")) == 0)
        let follower = try LogFollower(patterns: [path, directory.file("*.log"), path], options: testOptions())
        #expect(follower.drainLines() == ["once"])
        #expect(follower.sources.count == 1)
    }

    #if canImport(Glibc)
    @Test(.enabled(if: DirectoryWatcher() != nil, "inotify is unavailable here"))
    func inotifyWakesTheWaitAndOpensANewFileAtOnce() throws {
        let directory = try TemporaryDirectory()
        var options = testOptions()
        options.usesInotify = true
        let follower = try LogFollower(patterns: [directory.file("*.jsonl")], options: options)
        #expect(follower.drain() == [])

        let path = directory.file("late.jsonl")
        try writeFile(path, "hello\n")
        // Woken by the creation well before the (long) timeout; the file is opened during the
        // wait, so renaming it away before the next poll loses nothing.
        follower.waitForActivity(timeoutSeconds: 30)
        #expect(rename(path, directory.file("late.jsonl.1")) == 0)
        #expect(follower.drain() == [.started(0, path, .appeared), .line(0, 1, "hello"), .ended(0, .rotated)])
    }
    #endif

    // MARK: - Side by side in event time

    @Test func withPositionsTheSourceFurthestBehindIsReadFirst() throws {
        let directory = try TemporaryDirectory()
        let predictions = directory.file("predictions.jsonl")
        let labels = directory.file("labels.jsonl")
        // Long prediction lines, short label lines: read by bytes, the labels would run ahead.
        try writeFile(predictions, (0..<200).map { "\($0) " + String(repeating: "p", count: 60) + "\n" }.joined())
        try writeFile(labels, (0..<200).map { "\(Double($0) + 0.5)\n" }.joined())
        var options = testOptions()
        options.follow = false
        options.orderedSliceBytes = 128
        options.pollBudgetBytes = 1 << 20
        let follower = try LogFollower(patterns: [predictions, labels], options: options)
        var latest = [Double](repeating: .nan, count: 2)
        var widestGap = 0.0
        var lines = 0
        while follower.poll(position: { latest[$0.rawValue] }, { event in
            guard case let .line(source, _, bytes) = event else { return }
            let text = String(decoding: bytes, as: UTF8.self)
            latest[source.rawValue] = Double(text.prefix { $0 != " " })!
            lines += 1
            if !latest[0].isNaN, !latest[1].isNaN { widestGap = max(widestGap, abs(latest[0] - latest[1])) }
        }) > 0 {}
        #expect(lines == 400)
        // One source runs ahead by at most one slice of it: 128 bytes of labels ("12.5\n") are
        // 25 lines, 25 s. Read by bytes, the whole prediction file (200 s) would come first.
        #expect(widestGap <= 27, "the sources drifted \(widestGap) s apart")
        #expect(follower.isFinished)
    }

    @Test func withoutPositionsAPollReadsOneSourceAcrossItsBudget() throws {
        let directory = try TemporaryDirectory()
        let first = directory.file("a.jsonl")
        let second = directory.file("b.jsonl")
        try writeFile(first, (0..<100).map { "a\($0)\n" }.joined())
        try writeFile(second, (0..<100).map { "b\($0)\n" }.joined())
        var options = testOptions()
        options.follow = false
        options.readChunkBytes = 16
        let follower = try LogFollower(patterns: [first, second], options: options)
        let lines = follower.drainLines()
        #expect(lines == (0..<100).map { "a\($0)" } + (0..<100).map { "b\($0)" })
    }
}

/// How many of this process's descriptors are open on `path` (`/proc/self/fd` links read
/// `path` or `path (deleted)`).
func descriptorsOpen(on path: String) -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    var target = [CChar](repeating: 0, count: 4096)
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard length > 0 else { continue }
        let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if link == path || link == path + " (deleted)" { count += 1 }
    }
    return count
}
