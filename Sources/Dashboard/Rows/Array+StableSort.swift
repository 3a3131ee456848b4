extension Array {
    /// The elements ordered by `order` (-1: left first, 0: tie, 1: right first), ties keeping
    /// their present order, so a sort column keeps the engine's severity order within equal
    /// values.
    func stablySorted(by order: (Element, Element) -> Int) -> [Element] {
        enumerated().sorted { lhs, rhs in
            let result = order(lhs.element, rhs.element)
            return result == 0 ? lhs.offset < rhs.offset : result < 0
        }.map(\.element)
    }
}
