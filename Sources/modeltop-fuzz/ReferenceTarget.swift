import DriftStats
import MonitorEngine

/// The reference loader: any bytes, as a CSV or JSON Lines reference file, give a reference or
/// the loader's own error, never a crash or a hang. The file is read in pieces and in parts (cut
/// at line ends, each part's rows decoded on a thread of its own, then put end to end), and the
/// reference's parts (each feature's reference, the reference rows' PCA errors) are built on
/// several threads, each as one thread would: loaded again in small pieces (a few bytes to a few hundred, so
/// lines end anywhere relative to a read and long ones grow the buffer) and in two or three
/// parts, the same bytes must give the same reference, to the last bit of every edge, slot,
/// PCA parameter and row error, or the same error.
///
/// The first byte chooses the format (bit 0: CSV or JSON Lines), whether `country` is a
/// segment dimension (bit 1), the parts (bit 2: two or three) and the piece size (bits 3–7);
/// the rest is the file.
enum ReferenceTarget {
    static func run(_ input: UnsafeRawBufferPointer) {
        guard input.count >= 1 else { return }
        var config = MonitorConfig()
        config.format = input[0] & 1 == 0 ? .csv : .jsonl
        if input[0] & 2 != 0 { config.segments = ["country"] }
        let parts = input[0] & 4 == 0 ? 2 : 3
        let piece = 1 + Int(input[0] >> 3) * 16
        let path = LinesTarget.scratchFile()
        LinesTarget.writeFile(path, UnsafeRawBufferPointer(rebasing: input[1...]))
        let whole = Result { () throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
        let inPieces = ReferenceSet.$pieceBytes.withValue(piece) {
            Parallel.$forcedParts.withValue(parts) {
                Result { () throws(ReferenceError) in try ReferenceSet.load(path: path, config: config) }
            }
        }
        switch (whole, inPieces) {
        case let (.success(one), .success(two)):
            require(one.rowCount > 0, "a reference without rows")
            require(Fingerprint(one) == Fingerprint(two),
                    "read in \(piece)-byte pieces and built in \(parts) parts, the same bytes gave another reference")
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
        var edges: [[UInt64]]
        var slots: [[String: Int]?]
        var scoreEdges: [UInt64]
        var pca: [UInt64]
        var rowErrors: [[UInt64]]

        init(_ reference: ReferenceSet) {
            rows = reference.rowCount
            malformed = reference.malformedLines
            names = reference.features.map(\.name)
            edges = reference.features.map { Self.bits($0.numeric?.grid) }
            slots = reference.features.map { $0.categorical?.slotTable }
            scoreEdges = Self.bits(reference.scoreGrid)
            pca = (reference.multivariate?.model.packed ?? []).map(\.bitPattern)
            let errors = reference.multivariate?.errors
            rowErrors = [1, 7, 100].map { size in (errors?.chunkMeans(size: size) ?? []).map(\.bitPattern) }
        }

        static func bits(_ grid: NumericGrid?) -> [UInt64] {
            guard let grid else { return [] }
            return (grid.coarseEdges + [.nan] + grid.fineEdges).map(\.bitPattern)
        }
    }
}
