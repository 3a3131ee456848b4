#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's entry point: one input through the target named by `MODELTOP_FUZZ_TARGET`.
///
/// Built with `-sanitize=fuzzer` (and `-D FUZZING`), libFuzzer calls this for every input it
/// tries. An invariant that does not hold aborts, which libFuzzer reports as a crash and saves
/// the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data.map(UnsafeRawPointer.init), count: data == nil ? 0 : size)
    FuzzTarget.selected.run(bytes)
    return 0
}

#if FUZZING
/// libFuzzer's driver (in the fuzzer runtime that `-sanitize=fuzzer` links): parses the
/// libFuzzer flags and runs the fuzzing loop, calling `callback` for each input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
#endif

/// Fuzzing (`-D FUZZING`): libFuzzer's command line. Otherwise: the replayer below.
@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        // The executable's entry point is Swift's, so libFuzzer's own `main` is not linked: hand
        // the command line to its driver, which takes the same flags.
        _ = FuzzTarget.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
        #else
        FuzzReplay.main()
        #endif
    }
}

/// Without libFuzzer: replays saved inputs (files, or every file of a directory) through a
/// target, so that a crash found by the fuzzer reproduces in an ordinary build and debugger.
///
///     MODELTOP_FUZZ_TARGET=json swift run modeltop-fuzz Fuzz/corpus/json crash-1234
enum FuzzReplay {
    static func main() {
        let paths = Array(CommandLine.arguments.dropFirst())
        guard !paths.isEmpty else {
            printError("usage: MODELTOP_FUZZ_TARGET=\(FuzzTarget.allNames) modeltop-fuzz FILE|DIRECTORY...")
            exit(2)
        }
        let target = FuzzTarget.selected
        var count = 0
        for path in paths {
            for file in files(at: path) {
                guard let bytes = readFile(file) else {
                    printError("cannot read \(file)")
                    exit(2)
                }
                bytes.withUnsafeBytes { target.run($0) }
                count += 1
            }
        }
        print("\(target.name): \(count) input\(count == 1 ? "" : "s") replayed, every invariant held")
    }

    /// `path` itself, or the regular files directly inside it when it is a directory.
    static func files(at path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, let directory = opendir(path) else {
            return [path]
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasPrefix(".") { continue }
            var child = stat()
            let full = path + "/" + name
            if stat(full, &child) == 0, child.st_mode & S_IFMT == S_IFREG { names.append(full) }
        }
        return names.sorted()
    }

    static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count { break }
        }
        return ferror(file) == 0 ? bytes : nil
    }
}
