/// Multivariate drift by PCA reconstruction error (docs/statistics.md, "Multivariate drift";
/// NannyML's `DataReconstructionDriftCalculator`): standardise every column as scikit-learn's
/// `StandardScaler` does, fit PCA with the fewest components whose explained variance exceeds
/// `varianceShare` (scikit-learn's `PCA(n_components=0.65)`), and measure a row by the Euclidean
/// distance between its standardised values and their reconstruction from the components.
///
/// Encoding categories and imputing missing values is the caller's: this sees numbers only.
/// Fitting costs O(n·d²) for the covariance plus the eigen-decomposition (cyclic Jacobi,
/// O(d³) per sweep); a row's error costs O(d·k).
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

    /// Fits the scaler and PCA on `rows` rows of `columns` numbers, which `row(i, &values)`
    /// writes into `values` (`columns` long) — called three times per row, in row order.
    ///
    /// `nil` without a row or a column, or when no column varies (no variance to explain).
    public init?(rows: Int, columns: Int, varianceShare: Double = 0.65, row: (Int, inout [Double]) -> Void) {
        guard rows > 0, columns > 0 else { return nil }
        let d = columns
        let n = Double(rows)
        var values = [Double](repeating: 0, count: d)
        // The scaler: mean, then variance from the mean (two passes, as NumPy's var).
        var sums = [Double](repeating: 0, count: d)
        for i in 0..<rows {
            row(i, &values)
            for j in 0..<d { sums[j] += values[j] }
        }
        let means = sums.map { $0 / n }
        var squares = [Double](repeating: 0, count: d)
        for i in 0..<rows {
            row(i, &values)
            for j in 0..<d {
                let deviation = values[j] - means[j]
                squares[j] += deviation * deviation
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
        // The covariance of the standardised rows (ddof 1, as PCA's explained variance).
        var zSums = [Double](repeating: 0, count: d)
        var products = [Double](repeating: 0, count: d * d)
        for i in 0..<rows {
            row(i, &values)
            for j in 0..<d { values[j] = (values[j] - means[j]) / scales[j] }
            for j in 0..<d {
                let zj = values[j]
                zSums[j] += zj
                guard zj != 0 else { continue }
                for l in j..<d { products[j * d + l] += zj * values[l] }
            }
        }
        let centre = zSums.map { $0 / n }
        var covariance = [Double](repeating: 0, count: d * d)
        let denominator = max(n - 1, 1)
        for j in 0..<d {
            for l in j..<d {
                let value = (products[j * d + l] - n * centre[j] * centre[l]) / denominator
                covariance[j * d + l] = value
                covariance[l * d + j] = value
            }
        }
        let (eigenvalues, eigenvectors) = SymmetricEigen.decompose(covariance, size: d)
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
    }

    /// The reconstruction error of one row of raw (encoded, imputed) values: the Euclidean
    /// distance between the standardised row and its projection back from the components.
    /// `scratch` is working space, resized as needed (pass the same one every time).
    @inlinable
    public func error(of values: UnsafeBufferPointer<Double>, scratch: inout [Double]) -> Double {
        let d = columns
        let k = componentCount
        if scratch.count != d + k { scratch = [Double](repeating: 0, count: d + k) }
        return scratch.withUnsafeMutableBufferPointer { work in
            components.withUnsafeBufferPointer { w in
                means.withUnsafeBufferPointer { means in
                    scales.withUnsafeBufferPointer { scales in
                        centre.withUnsafeBufferPointer { centre in
                            for j in 0..<d { work[j] = (values[j] - means[j]) / scales[j] - centre[j] }
                            for c in 0..<k {
                                var t = 0.0
                                let row = c * d
                                for j in 0..<d { t += w[row + j] * work[j] }
                                work[d + c] = t
                            }
                            var sum = 0.0
                            for j in 0..<d {
                                var reconstructed = 0.0
                                for c in 0..<k { reconstructed += w[c * d + j] * work[d + c] }
                                let difference = work[j] - reconstructed
                                sum += difference * difference
                            }
                            return sum.squareRoot()
                        }
                    }
                }
            }
        }
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

/// The eigen-decomposition of a real symmetric matrix by the cyclic Jacobi method.
public enum SymmetricEigen {
    /// Eigenvalues, largest first, and their unit eigenvectors as the rows of a row-major
    /// `size × size` array, for the symmetric `matrix` (row-major).
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
