#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MonitorEngine

/// Reading a file in pieces must not change what is read: the input is written to a file and
/// read through `LogFollower` (read without following) in reads of a size chosen by the input,
/// so lines end anywhere relative to a read: in the middle of a UTF-8 sequence, between the CR
/// and the LF of a CRLF, right after a byte order mark. Every line is then decoded. The lines,
/// too-long lines and outcomes must be exactly those of splitting the whole file at once.
///
/// The first four bytes choose the run: the read size (1 to 64 bytes, or KiBs when the high
/// bit of the second byte is set; larger for inputs of more than 16 KiB), the line limit (`max_line`: small, or 1 MiB), and the format
/// (JSON Lines or CSV). The rest is the file.
enum LinesTarget {
    /// A scratch directory of this process, made on first use.
    nonisolated(unsafe) private static var directory: String? = nil

    static func run(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 4 else { return }
        var chunk = 1 + Int(input[0] % 64)
        if input[1] & 0x80 != 0 { chunk *= 1024 }
        let maxLine = input[2] & 0x80 != 0 ? 1 + Int(input[2] & 0x7F) : 1 << 20
        let format: LogFormat = input[3] & 1 == 0 ? .jsonl : .csv
        let content = UnsafeRawBufferPointer(rebasing: input[4...])
        // At most 16 Ki reads per input: a megabyte read a byte at a time is a million polls
        // (tens of seconds under the sanitizer) and tests nothing that small inputs do not.
        chunk = max(chunk, content.count / 16_384 + 1)
        let path = scratchFile()
        writeFile(path, content)

        var options = FollowOptions()
        options.follow = false
        options.usesInotify = false
        options.readChunkBytes = chunk
        options.maxLineBytes = maxLine
        options.pollBudgetBytes = chunk * (1 + Int(input[1] & 0x07))
        let follower: LogFollower
        do {
            follower = try LogFollower(patterns: [path], options: options)
        } catch {
            require(false, "cannot open the scratch file \(path): \(error)")
            return
        }
        var read = Reading(format: format)
        var idlePolls = 0
        while !follower.isFinished {
            let consumed = follower.poll { read.take($0) }
            idlePolls = consumed == 0 ? idlePolls + 1 : 0
            require(idlePolls < 3, "the follower is not finished but reads nothing")
        }
        let status = follower.sources.first
        require(status?.error == nil, "the scratch file could not be read: \(status?.error ?? "")")

        var expected = Reading(format: format)
        expected.readAtOnce(content, maxLine: maxLine)
        require(read.events.count == expected.events.count,
                "\(read.events.count) lines read in pieces of \(chunk) bytes, \(expected.events.count) at once")
        for (index, (got, want)) in zip(read.events, expected.events).enumerated() {
            require(got == want, "line \(index + 1): \(got) in pieces of \(chunk) bytes, \(want) at once")
        }
        require(read.starts == 1, "the file started \(read.starts) times")
        require(status?.lines == read.events.filter { if case .tooLong = $0 { false } else { true } }.count,
                "the source counts \(status?.lines ?? -1) lines")
    }

    /// What became of each line.
    enum Event: Equatable, CustomStringConvertible {
        /// A decoded line; the record only for `.record`.
        case decoded(lineNumber: Int, DecodeOutcome, Record?)
        case tooLong(lineNumber: Int, byteCount: Int)

        static func == (a: Event, b: Event) -> Bool {
            switch (a, b) {
            case (.decoded(let number, let outcome, let record), .decoded(let otherNumber, let otherOutcome, let other)):
                guard number == otherNumber, outcome == otherOutcome else { return false }
                if let record, let other { return RecordTargets.sameRecord(record, other) }
                return record == nil && other == nil
            case (.tooLong(let number, let count), .tooLong(let otherNumber, let otherCount)):
                return number == otherNumber && count == otherCount
            default:
                return false
            }
        }

        var description: String {
            switch self {
            case .decoded(let number, let outcome, let record): "#\(number) \(outcome) \(record.map { "\($0)" } ?? "")"
            case .tooLong(let number, let count): "#\(number) too long (\(count) bytes)"
            }
        }
    }

    struct Reading {
        var decoder: RecordDecoder
        var record = Record()
        var events: [Event] = []
        var starts = 0
        let format: LogFormat

        init(format: LogFormat) {
            self.format = format
            decoder = RecordDecoder(format: format, mapping: format == .csv ? RecordTargets.csvMapping : FieldMapping())
        }

        mutating func take(_ event: IngestEvent) {
            switch event {
            case .fileStarted:
                starts += 1
                decoder.restartFile()
            case .line(_, let lineNumber, let bytes):
                decode(bytes, lineNumber: lineNumber)
            case .lineTooLong(_, let lineNumber, let byteCount):
                events.append(.tooLong(lineNumber: lineNumber, byteCount: byteCount))
            case .fileEnded:
                break
            }
        }

        mutating func decode(_ bytes: UnsafeRawBufferPointer, lineNumber: Int) {
            let outcome = decoder.decode(bytes, into: &record)
            events.append(.decoded(lineNumber: lineNumber, outcome, outcome == .record ? record : nil))
        }

        /// The reference: the whole content split at `\n`, a trailing CR dropped, lines longer
        /// than `maxLine` reported instead of decoded.
        mutating func readAtOnce(_ content: UnsafeRawBufferPointer, maxLine: Int) {
            decoder.restartFile()
            for (index, line) in RecordTargets.splitLines(content).enumerated() {
                var length = line.count
                if length > 0, line[length - 1] == 0x0D { length -= 1 }
                if length > maxLine {
                    events.append(.tooLong(lineNumber: index + 1, byteCount: line.count))
                } else {
                    decode(UnsafeRawBufferPointer(rebasing: line[0..<length]), lineNumber: index + 1)
                }
            }
        }
    }

    static func scratchFile() -> String {
        if let directory { return directory + "/input" }
        let base = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var template = Array((base + "/modeltop-fuzz-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        require(made != nil, "cannot make a scratch directory in \(base)")
        let path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        directory = path
        atexit {
            if let directory = LinesTarget.directory {
                unlink(directory + "/input")
                rmdir(directory)
            }
        }
        return path + "/input"
    }

    static func writeFile(_ path: String, _ bytes: UnsafeRawBufferPointer) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        require(descriptor >= 0, "cannot write \(path)")
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            require(count > 0, "cannot write \(path)")
            written += count
        }
        close(descriptor)
    }
}
