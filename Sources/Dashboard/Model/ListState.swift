/// Where the user is in one list: selected row, first visible row, filter and sort.
public struct ListState: Sendable, Hashable {
    /// Index of the selected row in the filtered, sorted rows.
    public var selected: Int = 0
    /// What the selected row is (a feature's name, a segment, an alert's id), so that the
    /// selection follows the item when live data re-sorts the list (k9s): `selected` is found
    /// again from it after every change of the rows. `nil` before the list had rows.
    public var selectedID: String?
    /// Index of the first visible row.
    public var offset: Int = 0
    /// Rows whose name contains this text (case-insensitive) are shown; empty shows all.
    public var filter: String = ""
    /// Index into the list's sort columns; 0 is "worst first".
    public var sortColumn: Int = 0
    /// True when `r` reversed the sort.
    public var reversed: Bool = false

    /// The state of a list never moved in: first row selected, no filter, worst first.
    public init() {}

    /// The first row selected, with `other`'s filter and sort.
    public init(keepingFilterAndSortOf other: ListState) {
        filter = other.filter
        sortColumn = other.sortColumn
        reversed = other.reversed
    }

    /// Moves the selection by `delta` rows within `count` rows, keeping it visible in a page of
    /// `page` rows.
    public mutating func move(by delta: Int, count: Int, page: Int) {
        select(selected + delta, count: count, page: page)
    }

    /// Selects `row`, clamped to `count` rows, scrolling so that it is visible in `page` rows.
    public mutating func select(_ row: Int, count: Int, page: Int) {
        selected = max(0, min(row, count - 1))
        offset = Self.offset(keeping: selected, visible: page, from: offset, count: count)
    }

    /// The first visible row that keeps `selected` in a window of `visible` rows, moving as
    /// little as possible from `offset`, and never leaving empty rows at the end.
    public static func offset(keeping selected: Int, visible: Int, from offset: Int, count: Int) -> Int {
        guard visible > 0, count > 0 else { return 0 }
        var first = max(0, offset)
        if selected < first { first = selected }
        if selected >= first + visible { first = selected - visible + 1 }
        first = min(first, max(0, count - visible))
        return max(0, first)
    }
}
