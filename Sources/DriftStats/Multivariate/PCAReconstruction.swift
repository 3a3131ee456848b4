import Foundation

/// Multivariate drift by PCA reconstruction error (docs/statistics.md, "Multivariate drift";
/// NannyML's `DataReconstructionDriftCalculator`): standardise every column as scikit-learn's
/// `StandardScaler` does, fit PCA with the fewest components whose explained variance exceeds
/// `varianceShare` (scikit-learn's `PCA(n_components=0.65)`), and measure a row by the Euclidean
/// distance between its standardised values and their reconstruction from the components.
///
/// Encoding categories and imputing missing values is the caller's: this sees numbers only.
/// Fitting costs O(n·d) for the scaler, O(n·d²) for the covariance (at most
/// ``maximumCovarianceWork`` multiply-adds: past it, every s-th row), and O(d³) for the
/// eigen-decomposition (Householder and implicit QL); a row's error costs O(d·k).
public struct PCAReconstruction: Sendable, Hashable {
    /// Columns (d).
    public let columns: Int
    /// Per column, the mean the scaler subtracts.
    public let means: [Double]
    /// Per column, the standard deviation (ddof 0) the scaler divides by; 1 for a constant
    /// column, as scikit-learn's `StandardScaler` leaves it (so the column stays 0 there).
    public let scales: [Double]
    /// Per column, PCA's own centre: the mean of the standardised reference (0 up to rounding).
    public let centre: [Double]
    /// The kept components (k rows of d, unit length, most variance first), row-major.
    public let components: [Double]
    /// Components kept (k).
    public let componentCount: Int
    /// Every component's share of the total variance, most first (d of them).
    public let explainedVarianceRatio: [Double]
    /// Means, scales, centre, the components row by row and again column by column, each padded
    /// to whole groups of eight (``pack(means:scales:centre:components:columns:components:)``), in
    /// one array, for ``error(of:packed:columns:components:scratch:)``: the per-record path then
    /// holds one array, not five.
    public let packed: [Double]

    /// Most multiply-adds the covariance may take: a reference of 50,000 rows and 200 features
    /// uses every row; a wider or longer one every s-th row for the covariance (the scaler
    /// and the centre always use every row). scikit-learn uses every row: the two differ only
    /// past this size, by the sampling of the covariance.
    public static let maximumCovarianceWork = 1_000_000_000.0

    /// Fits the scaler and PCA on `rows` rows of `columns` numbers, which `row(i, &values)`
    /// writes into `values` (`columns` long, every one of them: the buffer is not the previous
    /// row's) — called three times per row, blocks of rows at a time split over the cores, so it
    /// must be safe to call from several threads at once.
    ///
    /// `nil` without a row or a column, or when no column varies (no variance to explain).
    public init?(rows: Int, columns: Int, varianceShare: Double = 0.65, row: (Int, inout [Double]) -> Void) {
        guard rows > 0, columns > 0 else { return nil }
        let d = columns
        let n = Double(rows)
        // Rows are encoded a block at a time, the block's rows split over the cores (`row` writes
        // only the values it is given, so it may run on several threads at once); every sum
        // then goes over the block's rows in row order, as one row at a time would.
        let blockRows = max(1, min(rows, 262_144 / d))
        var block = [Double](repeating: 0, count: blockRows * d)
        func encode(_ first: Int, _ count: Int) {
            let parts = Parallel.parts(forItems: count * d, minimumPerPart: 65_536)
            let ranges = Parallel.ranges(count, parts: parts)
            block.withUnsafeMutableBufferPointer { block in
                Parallel.forEach(parts) { part in
                    var values = [Double](repeating: 0, count: d)
                    for r in ranges[part] {
                        row(first + r, &values)
                        for j in 0..<d { block[r * d + j] = values[j] }
                    }
                }
            }
        }
        // The scaler: mean, then variance from the mean (two passes, as NumPy's var).
        var sums = [Double](repeating: 0, count: d)
        for first in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - first)
            encode(first, count)
            for r in 0..<count {
                for j in 0..<d { sums[j] += block[r * d + j] }
            }
        }
        let means = sums.map { $0 / n }
        var squares = [Double](repeating: 0, count: d)
        for first in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - first)
            encode(first, count)
            for r in 0..<count {
                for j in 0..<d {
                    let deviation = block[r * d + j] - means[j]
                    squares[j] += deviation * deviation
                }
            }
        }
        var scales = [Double](repeating: 1, count: d)
        for j in 0..<d {
            let variance = squares[j] / n
            // scikit-learn's _is_constant_feature: a variance within rounding of 0 is 0.
            let eps = Double.ulpOfOne
            let bound = n * eps * variance + (n * means[j] * eps) * (n * means[j] * eps)
            scales[j] = variance <= bound ? 1 : variance.squareRoot()
        }
        // The covariance of the standardised rows (ddof 1, as PCA's explained variance), on
        // every `step`-th row when every row would be too much work. Its upper triangle is split
        // by pairs of matrix rows over the cores, each part adding its cells over the sampled
        // rows in row order, as one thread would (``addProducts(rows:sampled:columns:pairs:into:)``).
        let work = n * Double(d) * Double(d + 1) / 2
        let step = work > Self.maximumCovarianceWork ? Int((work / Self.maximumCovarianceWork).rounded(.up)) : 1
        var zSums = [Double](repeating: 0, count: d)
        var sampleSums = [Double](repeating: 0, count: d)
        var sampled = 0
        // Matrix rows of products a whole number of SIMD lanes long (the cells past d and below
        // the diagonal are worked out alongside and never read).
        let dp = Self.lanes(d)
        var products = [Double](repeating: 0, count: d * dp)
        // Pairs of matrix rows split over the cores, weighted by their cells.
        let pairs = (d + 1) / 2
        let productParts = Parallel.parts(forItems: blockRows * d * (d + 1) / 2, minimumPerPart: 1_000_000)
        let productRanges = Parallel.ranges(pairs, parts: productParts) { Double(2 * (d - 2 * $0) - 1) }
        var sampledRows: [Int] = []
        sampledRows.reserveCapacity(blockRows)
        // The last lanes read up to d' − d ≤ 7 values past the block's last row: eight zeros.
        block.append(contentsOf: repeatElement(0, count: 8))
        for first in stride(from: 0, to: rows, by: blockRows) {
            let count = min(blockRows, rows - first)
            encode(first, count)
            sampledRows.removeAll(keepingCapacity: true)
            for r in 0..<count {
                for j in 0..<d {
                    block[r * d + j] = (block[r * d + j] - means[j]) / scales[j]
                    zSums[j] += block[r * d + j]
                }
                guard (first + r) % step == 0 else { continue }
                sampled += 1
                sampledRows.append(r)
                for j in 0..<d { sampleSums[j] += block[r * d + j] }
            }
            block.withUnsafeBufferPointer { block in
                products.withUnsafeMutableBufferPointer { products in
                    sampledRows.withUnsafeBufferPointer { sampledRows in
                        Parallel.forEach(productRanges.count) { part in
                            Self.addProducts(rows: block.baseAddress!, sampled: sampledRows, columns: d,
                                             pairs: productRanges[part], into: products.baseAddress!)
                        }
                    }
                }
            }
        }
        let centre = zSums.map { $0 / n }
        let m = Double(sampled)
        let sampleCentre = sampleSums.map { $0 / m }
        var covariance = [Double](repeating: 0, count: d * d)
        let denominator = max(m - 1, 1)
        for j in 0..<d {
            for l in j..<d {
                let value = (products[j * dp + l] - m * sampleCentre[j] * sampleCentre[l]) / denominator
                covariance[j * d + l] = value
                covariance[l * d + j] = value
            }
        }
        let (eigenvalues, eigenvectors) = SymmetricEigen.decomposeTridiagonal(covariance, size: d)
        let clipped = eigenvalues.map { max($0, 0) }
        let total = clipped.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        let ratios = clipped.map { $0 / total }
        // scikit-learn: searchsorted(cumsum, share, side="right") + 1, at most d.
        var cumulative = 0.0
        var kept = 0
        for ratio in ratios {
            cumulative += ratio
            if cumulative <= varianceShare { kept += 1 } else { break }
        }
        kept = min(kept + 1, d)
        self.columns = d
        self.means = means
        self.scales = scales
        self.centre = centre
        self.components = Array(eigenvectors[0..<(kept * d)])
        componentCount = kept
        explainedVarianceRatio = ratios
        packed = Self.pack(means: means, scales: scales, centre: centre, components: self.components, columns: d,
                           components: kept)
    }

    /// Adds, for each pair of matrix rows in `pairs` (rows 2p and 2p + 1), each sampled row's
    /// products z_j · z_l to the cells (j, l), l ≥ j, of `products` (rows d' long): each cell's
    /// terms in row order, none for a z_j of 0, as one cell at a time would. Eight cells of two
    /// matrix rows are held in registers over 256 rows at a time, each value of a row loaded
    /// once for both.
    static func addProducts(rows: UnsafePointer<Double>, sampled: UnsafeBufferPointer<Int>, columns d: Int,
                            pairs: Range<Int>, into products: UnsafeMutablePointer<Double>) {
        typealias Lanes = SIMD8<Double>
        let dp = lanes(d)
        let tileRows = 256
        var start = 0
        while start < sampled.count {
            let end = Swift.min(start + tileRows, sampled.count)
            for pair in pairs {
                let j0 = 2 * pair, j1 = j0 + 1
                let second = j1 < d
                var c = j0 & ~7
                while c < dp {
                    let cell0 = products + j0 * dp + c
                    let cell1 = products + (second ? j1 : j0) * dp + c
                    var a0 = load(cell0)
                    var a1 = load(cell1)
                    for index in start..<end {
                        let z = rows + sampled[index] * d
                        let values = load(z + c)
                        let z0 = z[j0]
                        if z0 != 0 { a0 += Lanes(repeating: z0) * values }
                        if second {
                            let z1 = z[j1]
                            if z1 != 0 { a1 += Lanes(repeating: z1) * values }
                        }
                    }
                    store(a0, cell0)
                    if second { store(a1, cell1) }
                    c += 8
                }
            }
            start = end
        }
    }

    /// Eight doubles from `pointer` on, as one vector (the kernels' lanes).
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Double>) -> SIMD8<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
    }

    /// Stores a vector of eight doubles from `pointer` on.
    @inlinable @inline(__always)
    static func store(_ value: SIMD8<Double>, _ pointer: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Double>.self)
    }

    /// `count` rounded up to whole groups of eight (the kernel's SIMD lanes).
    @inlinable
    public static func lanes(_ count: Int) -> Int { (count + 7) & ~7 }

    /// A model's parameters laid out for ``error(of:packed:columns:components:scratch:)``:
    /// means, scales and centre (d each), the components row by row (k rows of d', the columns
    /// rounded up to eights and padded with zeros), and the components again column by column
    /// (d rows of k', the components rounded up to eights, padded with zeros). The residual
    /// reads eight columns of a component at once, the projection eight components of a column:
    /// padded, every read is a whole group, and no component or column is left to a lone sum.
    public static func pack(means: [Double], scales: [Double], centre: [Double], components: [Double],
                            columns d: Int, components k: Int) -> [Double] {
        let dp = lanes(d), kp = lanes(k)
        var packed = means + scales + centre
        var rows = [Double](repeating: 0, count: k * dp)
        var byColumn = [Double](repeating: 0, count: d * kp)
        for c in 0..<k {
            for j in 0..<d {
                rows[c * dp + j] = components[c * d + j]
                byColumn[j * kp + c] = components[c * d + j]
            }
        }
        packed += rows
        packed += byColumn
        return packed
    }

    /// The reconstruction error of one row of raw (encoded, imputed) values: the Euclidean
    /// distance between the standardised row and its projection back from the components.
    /// `scratch` is working space, resized as needed (pass the same one every time).
    public func error(of values: UnsafeBufferPointer<Double>, scratch: inout [Double]) -> Double {
        packed.withUnsafeBufferPointer {
            Self.error(of: values, packed: $0, columns: columns, components: componentCount, scratch: &scratch)
        }
    }

    /// A row of d values standardised into `base` as the scaler and PCA's centre have it,
    /// (x − mean) / scale − centre with the ``packed`` parameters at `weights`: eight columns at a
    /// time, then one at a time (each value the same either way).
    @inlinable @inline(__always)
    static func standardise(_ input: UnsafePointer<Double>, weights: UnsafePointer<Double>, columns d: Int,
                            into base: UnsafeMutablePointer<Double>) {
        var j = 0
        while j + 8 <= d {
            store((load(input + j) - load(weights + j)) / load(weights + d + j) - load(weights + 2 * d + j), base + j)
            j += 8
        }
        while j < d {
            base[j] = (input[j] - weights[j]) / weights[d + j] - weights[2 * d + j]
            j += 1
        }
    }

    /// The error of one row from a model's ``packed`` parameters (d columns, k components;
    /// ``pack(means:scales:centre:components:columns:components:)``).
    ///
    /// Each component's projection is summed over the columns in column order, and the residual
    /// takes the components off in component order, as the formula reads: components (for the
    /// projection) and columns (for the residual) go side by side in SIMD lanes, each lane adding
    /// in that same order, so the error is the same to the last bit as one sum at a time. The
    /// padding's lanes are computed and never read.
    @inlinable
    public static func error(of values: UnsafeBufferPointer<Double>, packed: UnsafeBufferPointer<Double>, columns d: Int,
                             components k: Int, scratch: inout [Double]) -> Double {
        let dp = lanes(d), kp = lanes(k)
        // At least d' + k' places (the two-row kernel's scratch, twice that, serves as it is).
        if scratch.count < dp + kp { scratch = [Double](repeating: 0, count: dp + kp) }
        guard d > 0 else { return 0 }
        guard values.count >= d, packed.count >= 3 * d + k * dp + d * kp, let weights = packed.baseAddress,
              let input = values.baseAddress else { return .nan }
        return scratch.withUnsafeMutableBufferPointer { work in
            guard let base = work.baseAddress else { return .nan }
            typealias Lanes = SIMD8<Double>
            // Standardised; the padding's lanes are worked out below and never read.
            standardise(input, weights: weights, columns: d, into: base)
            let rows = weights + 3 * d
            let byColumn = rows + k * dp
            let projections = base + dp
            // Projections: sixteen components at a time (two vectors), then eight.
            var c = 0
            while c + 16 <= kp {
                var t0 = Lanes(repeating: 0), t1 = t0
                var column = byColumn + c
                for j in 0..<d {
                    let x = Lanes(repeating: base[j])
                    t0 += load(column) * x
                    t1 += load(column + 8) * x
                    column += kp
                }
                store(t0, projections + c)
                store(t1, projections + c + 8)
                c += 16
            }
            if c < kp {
                var t0 = Lanes(repeating: 0)
                var column = byColumn + c
                for j in 0..<d {
                    t0 += load(column) * Lanes(repeating: base[j])
                    column += kp
                }
                store(t0, projections + c)
            }
            // The residual: sixteen columns at a time (two vectors held while every component is
            // taken off), then eight.
            var j = 0
            while j + 16 <= dp {
                var r0 = load(base + j), r1 = load(base + j + 8)
                var row = rows + j
                for c in 0..<k {
                    let t = Lanes(repeating: projections[c])
                    r0 -= t * load(row)
                    r1 -= t * load(row + 8)
                    row += dp
                }
                store(r0, base + j)
                store(r1, base + j + 8)
                j += 16
            }
            if j < dp {
                var r0 = load(base + j)
                var row = rows + j
                for c in 0..<k {
                    r0 -= Lanes(repeating: projections[c]) * load(row)
                    row += dp
                }
                store(r0, base + j)
            }
            var sum = 0.0
            for j in 0..<d { sum += base[j] * base[j] }
            return sum.squareRoot()
        }
    }

    /// The errors of `count` rows of d values side by side in `rows`, into `errors`: each the
    /// error ``error(of:packed:columns:components:scratch:)`` gives its row, to the bit. Rows go
    /// two at a time, each weight loaded once for both (the same lanes adding in the same order).
    public static func errors(ofRows rows: UnsafeBufferPointer<Double>, count: Int, packed: UnsafeBufferPointer<Double>,
                              columns d: Int, components k: Int, scratch: inout [Double],
                              into errors: UnsafeMutableBufferPointer<Double>) {
        precondition(rows.count >= count * d && errors.count >= count, "PCAReconstruction: fewer rows than counted")
        let dp = lanes(d), kp = lanes(k)
        guard d > 0, count > 0 else {
            for index in 0..<count { errors[index] = 0 }
            return
        }
        guard packed.count >= 3 * d + k * dp + d * kp, let weights = packed.baseAddress, let input = rows.baseAddress else {
            for index in 0..<count { errors[index] = .nan }
            return
        }
        if scratch.count < 2 * (dp + kp) { scratch = [Double](repeating: 0, count: 2 * (dp + kp)) }
        var index = 0
        scratch.withUnsafeMutableBufferPointer { work in
            guard let first = work.baseAddress else { return }
            let second = first + dp + kp
            while index + 2 <= count {
                let (a, b) = pair(input + index * d, input + (index + 1) * d, weights: weights, columns: d, components: k,
                                  into: first, second)
                errors[index] = a
                errors[index + 1] = b
                index += 2
            }
        }
        if index < count {
            errors[index] = error(of: UnsafeBufferPointer(start: input + index * d, count: d), packed: packed, columns: d,
                                  components: k, scratch: &scratch)
        }
    }

    /// The errors of two rows (``errors(ofRows:count:packed:columns:components:scratch:into:)``),
    /// with d' + k' places of working space each.
    @inline(__always)
    static func pair(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, weights: UnsafePointer<Double>, columns d: Int,
                     components k: Int, into wa: UnsafeMutablePointer<Double>, _ wb: UnsafeMutablePointer<Double>)
        -> (Double, Double) {
        let dp = lanes(d), kp = lanes(k)
        typealias Lanes = SIMD8<Double>
        standardise(a, weights: weights, columns: d, into: wa)
        standardise(b, weights: weights, columns: d, into: wb)
        let rows = weights + 3 * d
        let byColumn = rows + k * dp
        let pa = wa + dp, pb = wb + dp
        // Projections, eight components at a time for both rows.
        var c = 0
        while c < kp {
            var ta = Lanes(repeating: 0), tb = ta
            var column = byColumn + c
            for j in 0..<d {
                let weight = load(column)
                ta += weight * Lanes(repeating: wa[j])
                tb += weight * Lanes(repeating: wb[j])
                column += kp
            }
            store(ta, pa + c)
            store(tb, pb + c)
            c += 8
        }
        // Residuals, eight columns at a time for both rows.
        var j = 0
        while j < dp {
            var ra = load(wa + j), rb = load(wb + j)
            var row = rows + j
            for c in 0..<k {
                let weight = load(row)
                ra -= Lanes(repeating: pa[c]) * weight
                rb -= Lanes(repeating: pb[c]) * weight
                row += dp
            }
            store(ra, wa + j)
            store(rb, wb + j)
            j += 8
        }
        var sa = 0.0, sb = 0.0
        for j in 0..<d {
            sa += wa[j] * wa[j]
            sb += wb[j] * wb[j]
        }
        return (sa.squareRoot(), sb.squareRoot())
    }

    /// The error of a row given as an array.
    public func error(of values: [Double]) -> Double {
        var scratch: [Double] = []
        return values.withUnsafeBufferPointer { error(of: $0, scratch: &scratch) }
    }
}

/// The thresholds of a mean reconstruction error, learned from the reference: mean ± 3σ (ddof 0)
/// of the mean error over consecutive chunks of reference rows, the lower clipped at 0
/// (NannyML's `StandardDeviationThreshold` with its limit of 0).
public struct ReconstructionThresholds: Sendable, Hashable {
    public let lower: Double
    public let upper: Double

    /// From chunk means; `nil` with fewer than two finite ones.
    public init?(chunkMeans: [Double], sigmas: Double = 3) {
        let values = chunkMeans.filter(\.isFinite)
        guard values.count >= 2 else { return nil }
        let count = Double(values.count)
        let mean = values.reduce(0, +) / count
        let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count).squareRoot()
        lower = max(0, mean - sigmas * deviation)
        upper = mean + sigmas * deviation
    }

    /// Whether a window's mean error is an alert: outside the open interval (lower, upper), as
    /// NannyML's `not (lower < value < upper)`.
    public func isAlert(_ value: Double) -> Bool { !(lower < value && value < upper) }
}

/// Per-row reconstruction errors of reference rows in file order, as running sums, so the mean
/// of any chunk size's chunks costs O(rows / size).
public struct ReferenceErrorChunks: Sendable, Hashable {
    /// prefix[i]: the sum of the first i errors.
    private let prefix: [Double]

    public init(errors: [Double]) {
        var prefix = [Double](repeating: 0, count: errors.count + 1)
        for (index, error) in errors.enumerated() { prefix[index + 1] = prefix[index] + error }
        self.prefix = prefix
    }

    /// Rows held.
    public var rows: Int { prefix.count - 1 }

    /// The mean error of each complete chunk of `size` consecutive rows (a last, shorter chunk
    /// is left out, as modeltop's adaptive thresholds leave it out).
    public func chunkMeans(size: Int) -> [Double] {
        guard size > 0 else { return [] }
        let chunks = rows / size
        return (0..<chunks).map { (prefix[($0 + 1) * size] - prefix[$0 * size]) / Double(size) }
    }

    /// The thresholds from chunks of `size` rows; `nil` with fewer than two chunks.
    public func thresholds(chunkSize size: Int) -> ReconstructionThresholds? {
        ReconstructionThresholds(chunkMeans: chunkMeans(size: size))
    }
}

/// The eigen-decomposition of a real symmetric matrix.
public enum SymmetricEigen {
    /// Eigenvalues, largest first, and their unit eigenvectors as the rows of a row-major
    /// `size × size` array, for the symmetric `matrix` (row-major), by the cyclic Jacobi
    /// method: O(d³) per sweep, kept as a second method the tests hold the first to.
    public static func decompose(_ matrix: [Double], size n: Int) -> (values: [Double], vectors: [Double]) {
        guard n > 0 else { return ([], []) }
        var a = matrix
        // v's columns become the eigenvectors.
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        var scale = 0.0
        for value in a { scale = max(scale, abs(value)) }
        if scale > 0, scale.isFinite {
            for _ in 0..<100 {
                var off = 0.0
                for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
                if off <= (Double.ulpOfOne * scale) * (Double.ulpOfOne * scale) { break }
                for p in 0..<(n - 1) {
                    for q in (p + 1)..<n {
                        let apq = a[p * n + q]
                        guard apq != 0 else { continue }
                        let app = a[p * n + p]
                        let aqq = a[q * n + q]
                        // Rotation angle that zeroes a[p][q] (Golub & Van Loan, sym.schur2).
                        let tau = (aqq - app) / (2 * apq)
                        let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                        let c = 1 / (1 + t * t).squareRoot()
                        let s = t * c
                        for k in 0..<n {
                            let akp = a[k * n + p]
                            let akq = a[k * n + q]
                            a[k * n + p] = c * akp - s * akq
                            a[k * n + q] = s * akp + c * akq
                        }
                        for k in 0..<n {
                            let apk = a[p * n + k]
                            let aqk = a[q * n + k]
                            a[p * n + k] = c * apk - s * aqk
                            a[q * n + k] = s * apk + c * aqk
                        }
                        a[p * n + q] = 0
                        a[q * n + p] = 0
                        for k in 0..<n {
                            let vkp = v[k * n + p]
                            let vkq = v[k * n + q]
                            v[k * n + p] = c * vkp - s * vkq
                            v[k * n + q] = s * vkp + c * vkq
                        }
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] > a[$1 * n + $1] }
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        for (rank, index) in order.enumerated() {
            values[rank] = a[index * n + index]
            for k in 0..<n { vectors[rank * n + k] = v[k * n + index] }
        }
        return (values, vectors)
    }
}

extension SymmetricEigen {
    /// Eigenvalues, largest first, and unit eigenvectors as rows (row-major `size × size`) of
    /// the symmetric `matrix`, by Householder reduction to tridiagonal form and the implicit QL
    /// method (EISPACK's tred2 and tql2, as JAMA writes them): O(d³) once, where the cyclic
    /// Jacobi method costs O(d³) per sweep, so a reference of hundreds of features fits in
    /// seconds.
    public static func decomposeTridiagonal(_ matrix: [Double], size n: Int) -> (values: [Double], vectors: [Double]) {
        guard n > 0 else { return ([], []) }
        guard n > 1 else { return ([matrix[0]], [1]) }
        // v[r * n + c]: V's row r, column c; V starts as the matrix, its columns end as eigenvectors.
        var v = matrix
        var d = [Double](repeating: 0, count: n)
        var e = [Double](repeating: 0, count: n)
        // tred2.
        for j in 0..<n { d[j] = v[(n - 1) * n + j] }
        for i in stride(from: n - 1, to: 0, by: -1) {
            var scale = 0.0
            var h = 0.0
            for k in 0..<i { scale += abs(d[k]) }
            if scale == 0 {
                e[i] = d[i - 1]
                for j in 0..<i {
                    d[j] = v[(i - 1) * n + j]
                    v[i * n + j] = 0
                    v[j * n + i] = 0
                }
            } else {
                for k in 0..<i {
                    d[k] /= scale
                    h += d[k] * d[k]
                }
                var f = d[i - 1]
                var g = h.squareRoot()
                if f > 0 { g = -g }
                e[i] = scale * g
                h -= f * g
                d[i - 1] = f - g
                for j in 0..<i { e[j] = 0 }
                for j in 0..<i {
                    f = d[j]
                    v[j * n + i] = f
                    g = e[j] + v[j * n + j] * f
                    if j + 1 <= i - 1 {
                        for k in (j + 1)...(i - 1) {
                            g += v[k * n + j] * d[k]
                            e[k] += v[k * n + j] * f
                        }
                    }
                    e[j] = g
                }
                f = 0
                for j in 0..<i {
                    e[j] /= h
                    f += e[j] * d[j]
                }
                let hh = f / (h + h)
                for j in 0..<i { e[j] -= hh * d[j] }
                for j in 0..<i {
                    f = d[j]
                    g = e[j]
                    for k in j...(i - 1) { v[k * n + j] -= f * e[k] + g * d[k] }
                    d[j] = v[(i - 1) * n + j]
                    v[i * n + j] = 0
                }
            }
            d[i] = h
        }
        for i in 0..<(n - 1) {
            v[(n - 1) * n + i] = v[i * n + i]
            v[i * n + i] = 1
            let h = d[i + 1]
            if h != 0 {
                for k in 0...i { d[k] = v[k * n + i + 1] / h }
                for j in 0...i {
                    var g = 0.0
                    for k in 0...i { g += v[k * n + i + 1] * v[k * n + j] }
                    for k in 0...i { v[k * n + j] -= g * d[k] }
                }
            }
            for k in 0...i { v[k * n + i + 1] = 0 }
        }
        for j in 0..<n {
            d[j] = v[(n - 1) * n + j]
            v[(n - 1) * n + j] = 0
        }
        v[(n - 1) * n + n - 1] = 1
        e[0] = 0
        // tql2.
        for i in 1..<n { e[i - 1] = e[i] }
        e[n - 1] = 0
        var f = 0.0
        var tst1 = 0.0
        let eps = Double.ulpOfOne
        for l in 0..<n {
            tst1 = max(tst1, abs(d[l]) + abs(e[l]))
            var m = l
            while m < n {
                if abs(e[m]) <= eps * tst1 { break }
                m += 1
            }
            if m == n { m = n - 1 }
            if m > l {
                var iterations = 0
                repeat {
                    iterations += 1
                    var g = d[l]
                    var p = (d[l + 1] - g) / (2 * e[l])
                    var r = hypot(p, 1)
                    if p < 0 { r = -r }
                    d[l] = e[l] / (p + r)
                    d[l + 1] = e[l] * (p + r)
                    let dl1 = d[l + 1]
                    var h = g - d[l]
                    if l + 2 < n { for i in (l + 2)..<n { d[i] -= h } }
                    f += h
                    p = d[m]
                    var c = 1.0, c2 = 1.0, c3 = 1.0
                    let el1 = e[l + 1]
                    var s = 0.0, s2 = 0.0
                    for i in stride(from: m - 1, through: l, by: -1) {
                        c3 = c2
                        c2 = c
                        s2 = s
                        g = c * e[i]
                        h = c * p
                        r = hypot(p, e[i])
                        e[i + 1] = s * r
                        s = e[i] / r
                        c = p / r
                        p = c * d[i] - s * g
                        d[i + 1] = h + s * (c * g + s * d[i])
                        for k in 0..<n {
                            h = v[k * n + i + 1]
                            v[k * n + i + 1] = s * v[k * n + i] + c * h
                            v[k * n + i] = c * v[k * n + i] - s * h
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1
                    e[l] = s * p
                    d[l] = c * p
                } while abs(e[l]) > eps * tst1 && iterations < 100 && e[l].isFinite
            }
            d[l] += f
            e[l] = 0
        }
        let order = (0..<n).sorted { d[$0] > d[$1] }
        var values = [Double](repeating: 0, count: n)
        var vectors = [Double](repeating: 0, count: n * n)
        for (rank, index) in order.enumerated() {
            values[rank] = d[index]
            for k in 0..<n { vectors[rank * n + k] = v[k * n + index] }
        }
        return (values, vectors)
    }
}
