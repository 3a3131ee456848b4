import DriftStats
import MonitorEngine

/// The reference loader: any bytes, as a CSV or JSON Lines reference file, give a reference or
/// the loader's own error, never a crash or a hang. The file is read in pieces and its parts
/// (each feature's reference, the reference rows' PCA errors) are built on several threads, each
/// as one thread would: a second load of the same bytes must give the same reference, to the
/// last bit of every edge, slot, PCA parameter and row error.
///
/// The first byte chooses the format (even: CSV, odd: JSON Lines) and whether `country` is a
/// segment dimension; the rest is the file.
enum ReferenceTarget {
    static func run(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 1 else { return }
        var config = MonitorConfig()
        config.format = input[0] & 1 == 0 ? .csv : .jsonl
        if input[0] & 2 != 0 { config.segments = ["country"] }
        let path = LinesTarget.scratchFile()
        LinesTarget.writeFile(path, UnsafeRawBufferPointer(rebasing: input[1...]))
        let first = Result { () throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
        let second = Result { () throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
        switch (first, second) {
        case let (.success(one), .success(two)):
            require(one.rowCount > 0, "a reference without rows")
            require(Fingerprint(one) == Fingerprint(two), "two loads of the same bytes built different references")
        case let (.failure(one), .failure(two)):
            require(one.problem == two.problem, "two loads of the same bytes failed differently: \(one.problem), \(two.problem)")
        default:
            require(false, "one load of the bytes succeeded and the other failed")
        }
    }

    /// What a reference is built of, compared exactly (doubles by their bits).
    struct Fingerprint: Equatable {
        var rows: Int
        var malformed: Int
        var names: [String]
        var grids: [NumericGrid?]
        var slots: [[String: Int]?]
        var scoreGrid: NumericGrid
        var pca: [UInt64]
        var rowErrors: ReferenceErrorChunks?

        init(_ reference: ReferenceSet) {
            rows = reference.rowCount
            malformed = reference.malformedLines
            names = reference.features.map(\.name)
            grids = reference.features.map { $0.numeric?.grid }
            slots = reference.features.map { $0.categorical?.slotTable }
            scoreGrid = reference.scoreGrid
            pca = (reference.multivariate?.model.packed ?? []).map(\.bitPattern)
            rowErrors = reference.multivariate?.errors
        }
    }
}
