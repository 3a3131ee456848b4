import Testing

/// Whether a value agrees with scikit-learn's: both undefined (`nil` here, null in the fixture),
/// or both defined and within `relative` of each other.
func expectAgrees(_ actual: Double?, _ expected: Double?, relative: Double = 1e-9, _ what: String,
                  sourceLocation: SourceLocation = #_sourceLocation) {
    switch (actual, expected) {
    case (nil, nil):
        break
    case let (actual?, expected?):
        #expect(actual == expected || abs(actual - expected) <= relative * max(abs(actual), abs(expected)),
                "\(what): \(actual) vs scikit-learn's \(expected)", sourceLocation: sourceLocation)
    default:
        Issue.record("\(what): \(String(describing: actual)) vs scikit-learn's \(String(describing: expected))",
                     sourceLocation: sourceLocation)
    }
}
