/// A sum with Neumaier's compensation: the rounding error of each addition is kept apart and
/// added back, so the sum of many terms, or of terms that nearly cancel, stays close to the
/// correctly rounded sum whatever the order of records and merges (its error does not grow with
/// the number of terms as a plain running sum's does).
struct CompensatedSum: Sendable, Hashable {
    private var sum = 0.0
    private var compensation = 0.0

    /// The sum.
    var value: Double { sum + compensation }

    mutating func add(_ term: Double) {
        let total = sum + term
        compensation += abs(sum) >= abs(term) ? (sum - total) + term : (term - total) + sum
        sum = total
    }

    mutating func merge(_ other: CompensatedSum) {
        add(other.sum)
        compensation += other.compensation
    }
}
