#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzz targets: each takes arbitrary bytes, runs one decoder or loader on them and checks
/// an invariant beyond "does not crash".
enum FuzzTarget: String, CaseIterable {
    /// JSON Lines records (the canonical shape), line by line through one decoder.
    case json
    /// CSV records through a header and a field mapping.
    case csv
    /// `Timestamp.parse`.
    case timestamp
    /// `modeltop.yaml`, from its bytes.
    case config
    /// Theme files.
    case theme
    /// A file read through `LogFollower` in reads of arbitrary sizes, then decoded.
    case lines
    /// A reference file, CSV or JSON Lines, loaded twice.
    case reference

    var name: String { rawValue }

    static var allNames: String { allCases.map(\.rawValue).joined(separator: "|") }

    /// The target named by `MODELTOP_FUZZ_TARGET`, read once; a missing or unknown name stops
    /// the process with a message.
    static let selected: FuzzTarget = {
        guard let raw = getenv("MODELTOP_FUZZ_TARGET"), let target = FuzzTarget(rawValue: String(cString: raw)) else {
            printError("set MODELTOP_FUZZ_TARGET to one of \(allNames)")
            exit(2)
        }
        return target
    }()

    func run(_ input: UnsafeRawBufferPointer) {
        // Large inputs (a million-deep nest, a million-digit number) are built here from a short
        // recipe, so that they need not be kept in the corpus.
        if let expanded = HugeInput.expand(input) {
            expanded.withUnsafeBytes { runDirectly($0) }
        } else {
            runDirectly(input)
        }
    }

    private func runDirectly(_ input: UnsafeRawBufferPointer) {
        switch self {
        case .json: RecordTargets.json(input)
        case .csv: RecordTargets.csv(input)
        case .timestamp: TimestampTarget.run(input)
        case .config: LoaderTargets.config(input)
        case .theme: LoaderTargets.theme(input)
        case .lines: LinesTarget.run(input)
        case .reference: ReferenceTarget.run(input)
        }
    }
}

/// Stops the process when an invariant does not hold; libFuzzer saves the input as a crash.
func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    guard !condition else { return }
    printError("invariant failed (\(file):\(line)): \(message())")
    abort()
}

func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { bytes in
        var written = 0
        while written < bytes.count {
            let count = write(2, bytes.baseAddress! + written, bytes.count - written)
            if count <= 0 { return }
            written += count
        }
    }
}

/// Large inputs written as a short recipe: `0x01 'R'`, then up to five parts separated by
/// `0x01`: head, unit, middle, closing unit, tail. The result is the head, the unit repeated so
/// that it fills the size, the middle, the closing unit repeated as often, and the tail:
/// `{"a":` `[` `1` `]` `}` is a line nested as deep as the size allows, `{"score":1` `0` `}` a
/// number of as many digits.
///
/// The size is 4 KiB, or 1 MiB when `MODELTOP_FUZZ_HUGE` is set (the replay of Fuzz/huge/).
/// While fuzzing, recipes found by mutation must stay cheap: each size reaches new loop
/// counters, so they come to fill a third of the corpus; at a megabyte each they cut the
/// executions per second tenfold, at 16 KiB threefold.
enum HugeInput {
    static let targetBytes = getenv("MODELTOP_FUZZ_HUGE") != nil ? 1 << 20 : 4 << 10

    static func expand(_ input: UnsafeRawBufferPointer) -> [UInt8]? {
        guard input.count >= 2, input[0] == 0x01, input[1] == UInt8(ascii: "R") else { return nil }
        let parts = input.dropFirst(2).split(separator: 0x01, maxSplits: 4, omittingEmptySubsequences: false)
            .map { Array($0) }
        func part(_ index: Int) -> [UInt8] { index < parts.count ? parts[index] : [] }
        let head = part(0), unit = part(1), middle = part(2), closing = part(3), tail = part(4)
        guard !unit.isEmpty else { return nil }
        let repeats = max(1, targetBytes / (unit.count + closing.count))
        var result: [UInt8] = []
        result.reserveCapacity(head.count + middle.count + tail.count + repeats * (unit.count + closing.count))
        result += head
        for _ in 0..<repeats { result += unit }
        result += middle
        if !closing.isEmpty { for _ in 0..<repeats { result += closing } }
        result += tail
        return result
    }
}
