import DriftStats

/// A table with a header row, a selected row, scrolling, and column widths that give way when
/// the area is narrow: the flexible column shrinks first, then low-priority columns are dropped
/// whole (never a column cut to nonsense). When the area is wide, columns whose text is cut
/// grow to show it whole (most important first) before the flexible column takes the rest, so
/// text is never cut beside free space.
public struct Table: Sendable {
    /// One column's title and sizing.
    public struct Column: Sendable {
        public var title: String
        /// Wanted width in cells.
        public var width: Int
        /// Narrowest it may become; the flexible column shrinks down to this first.
        public var minWidth: Int
        public var alignment: Label.Alignment
        /// Columns with the lowest priority are dropped first when the table does not fit.
        public var priority: Int
        /// Takes the space left over (usually the name column).
        public var isFlexible: Bool

        /// A column titled `title`, `width` cells wide, narrowing to `minWidth` before it is dropped.
        public init(_ title: String, width: Int, minWidth: Int? = nil, alignment: Label.Alignment = .left,
                    priority: Int = 5, isFlexible: Bool = false) {
            self.title = title
            self.width = width
            self.minWidth = min(width, minWidth ?? width)
            self.alignment = alignment
            self.priority = priority
            self.isFlexible = isFlexible
        }
    }

    /// What one cell shows.
    public enum Content: Sendable {
        case text(String, CellStyle)
        /// Several styled pieces on one line.
        case spans([(String, CellStyle)])
        case sparkline([Double?], CellStyle)
        /// A bar filled to a fraction (0 to 1).
        case gauge(Double, CellStyle)
        /// A drift band: symbol and word, or the symbol alone when the column is narrow.
        case band(DriftBand)
        /// A name and its value: the name is cut (with an ellipsis) so that the value shows whole.
        case pair(String, CellStyle, String, CellStyle)
        case empty
    }

    public var columns: [Column]
    public var rows: [[Content]]
    /// The selected row, highlighted and marked with the pointer; `nil` for none.
    public var selected: Int?
    /// First visible row (adjusted to keep the selection visible).
    public var offset: Int
    /// The column sorted on and its direction, marked in the header.
    public var sortColumn: Int?
    public var sortDescending: Bool
    public var context: RenderContext
    /// Shown instead of the rows when there are none.
    public var emptyMessage: String
    /// The list the rows are, for clicks: each row and sortable header is marked
    /// (``Buffer/mark(_:_:)``); `nil` for none.
    public var clickList: ListID?
    /// Per column, the list's sort column it shows (a click on its header sorts by it); `nil`
    /// for a column that does not sort.
    public var sortColumnOfColumn: [Int?] = []
    /// Per row, the item it shows (``ClickTarget/row(_:index:id:)``).
    public var rowIDs: [String] = []

    /// Clickable as `list`, its rows showing the items `ids`, its sort columns shown under
    /// these titles (`sortTitles[i]` is the title of the list's sort column `i`).
    public func clickable(_ list: ListID, ids: [String], sortTitles: [String] = []) -> Table {
        var table = self
        table.clickList = list
        table.rowIDs = ids
        table.sortColumnOfColumn = columns.map { column in sortTitles.firstIndex(of: column.title) }
        return table
    }

    /// A table of `rows` under `columns`, `selected` highlighted, scrolled from `offset`.
    public init(columns: [Column], rows: [[Content]], selected: Int? = nil, offset: Int = 0,
                sortColumn: Int? = nil, sortDescending: Bool = true, context: RenderContext,
                emptyMessage: String = "nothing to show") {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.offset = offset
        self.sortColumn = sortColumn
        self.sortDescending = sortDescending
        self.context = context
        self.emptyMessage = emptyMessage
    }

    /// The x offset and width of each column kept at `width` cells (dropped ones are absent),
    /// with one cell between columns and two for the selection pointer.
    public func layout(width: Int) -> [(index: Int, x: Int, width: Int)] {
        let available = width - 2
        guard available > 0 else { return [] }
        var kept = Array(columns.indices)
        func minimum(_ set: [Int]) -> Int { set.reduce(0) { $0 + columns[$1].minWidth } + max(0, set.count - 1) }
        // Room wanted when the flexible and the less important columns give way to their minimum.
        func wanted(_ set: [Int]) -> Int {
            set.reduce(0) { total, index in
                let column = columns[index]
                return total + (column.isFlexible || column.priority < 9 ? column.minWidth : column.width)
            } + max(0, set.count - 1)
        }
        func dropLowest(below limit: Int) -> Bool {
            let candidates = kept.enumerated().filter { columns[$0.element].priority < limit }
            guard let victim = candidates.min(by: { lhs, rhs in
                // The lowest priority goes first, the rightmost among equals.
                let l = columns[lhs.element].priority, r = columns[rhs.element].priority
                return l == r ? lhs.offset > rhs.offset : l < r
            }) else { return false }
            kept.remove(at: victim.offset)
            return true
        }
        // Whole columns go before essential ones (priority 9 and up) are squeezed.
        while kept.count > 1, wanted(kept) > available, dropLowest(below: 9) {}
        while kept.count > 1, minimum(kept) > available, dropLowest(below: .max) {}
        var widths = kept.map { columns[$0].width }
        let gaps = max(0, kept.count - 1)
        var excess = widths.reduce(0, +) + gaps - available
        // Shrink the less important columns first (lowest priority first), then the flexible one,
        // then the essential ones, each down to its minimum.
        func rank(_ column: Column) -> Int { column.isFlexible ? 9 : column.priority < 9 ? column.priority : 10 + column.priority }
        let order = kept.indices.sorted { lhs, rhs in
            let l = rank(columns[kept[lhs]]), r = rank(columns[kept[rhs]])
            return l == r ? lhs > rhs : l < r
        }
        for position in order where excess > 0 {
            let give = min(excess, widths[position] - columns[kept[position]].minWidth)
            widths[position] -= give
            excess -= give
        }
        if excess > 0, !widths.isEmpty {
            widths[0] = max(1, widths[0] - excess)
        } else if excess < 0 {
            var spare = -excess
            // Room to spare: first to the columns whose text is cut, most important first.
            let wanted = contentWidths()
            let byImportance = kept.indices.sorted { lhs, rhs in
                let l = columns[kept[lhs]].priority, r = columns[kept[rhs]].priority
                return l == r ? lhs < rhs : l > r
            }
            for position in byImportance where spare > 0 {
                let grow = min(spare, max(0, wanted[kept[position]] - widths[position]))
                widths[position] += grow
                spare -= grow
            }
            if spare > 0, let flexible = kept.firstIndex(where: { columns[$0].isFlexible }) {
                widths[flexible] += spare
            }
        }
        var x = 2
        var result: [(index: Int, x: Int, width: Int)] = []
        for (position, column) in kept.enumerated() {
            result.append((column, x, max(0, widths[position])))
            x += widths[position] + 1
        }
        return result
    }

    /// The widest text of each column, title included (and its sort arrow): what it needs to
    /// show every row whole. Graphs (sparklines, gauges, bands) need no more than they have.
    func contentWidths() -> [Int] {
        var widths = columns.enumerated().map { index, column in
            DisplayWidth.of(column.title) + (index == sortColumn ? 1 : 0)
        }
        for row in rows {
            for (index, content) in row.enumerated() where index < widths.count {
                let width: Int
                switch content {
                case .text(let text, _): width = DisplayWidth.of(text)
                case .spans(let spans): width = spans.reduce(0) { $0 + DisplayWidth.of($1.0) }
                case .pair(let name, _, let value, _): width = DisplayWidth.of(name) + 1 + DisplayWidth.of(value)
                case .sparkline, .gauge, .band, .empty: width = 0
                }
                widths[index] = max(widths[index], width)
            }
        }
        return widths
    }

    /// The first row drawn at `visible` rows.
    public func firstRow(visible: Int) -> Int {
        guard let selected else { return max(0, min(offset, rows.count - visible)) }
        return ListState.offset(keeping: selected, visible: visible, from: offset, count: rows.count)
    }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard area.width > 0, area.height > 0 else { return }
        let layout = layout(width: area.width)
        let header = context.style(.header)
        for (index, x, width) in layout where width > 0 {
            var title = columns[index].title
            if index == sortColumn {
                let arrow = sortDescending ? context.glyphs.sortDescending : context.glyphs.sortAscending
                title = DisplayWidth.of(title) + 1 <= width ? title + String(arrow) : title
            }
            var style = header
            if index == sortColumn { style.underline = true }
            Label(title, style: style, alignment: columns[index].alignment)
                .render(in: Rect(x: area.x + x, y: area.y, width: width, height: 1), into: &buffer)
            if let clickList, index < sortColumnOfColumn.count, let sort = sortColumnOfColumn[index] {
                buffer.mark(Rect(x: area.x + x, y: area.y, width: width, height: 1), .sort(clickList, column: sort))
            }
        }
        let visible = area.height - 1
        guard visible > 0 else { return }
        if rows.isEmpty {
            Label(emptyMessage, style: context.style(.muted))
                .render(in: Rect(x: area.x + 2, y: area.y + 1, width: area.width - 2, height: 1), into: &buffer)
            return
        }
        let first = firstRow(visible: visible)
        for line in 0..<visible {
            let rowIndex = first + line
            guard rowIndex < rows.count else { break }
            let y = area.y + 1 + line
            if let clickList, rowIndex < rowIDs.count {
                buffer.mark(Rect(x: area.x, y: y, width: area.width, height: 1), .row(clickList, index: rowIndex, id: rowIDs[rowIndex]))
            }
            let isSelected = rowIndex == selected
            if isSelected {
                buffer.write(String(context.glyphs.pointer), x: area.x, y: y, style: context.style(.keyHint))
            }
            let row = rows[rowIndex]
            for (index, x, width) in layout where width > 0 && index < row.count {
                let cell = Rect(x: area.x + x, y: y, width: width, height: 1)
                switch row[index] {
                case .text(let text, let style):
                    Label(text, style: style, alignment: columns[index].alignment).render(in: cell, into: &buffer)
                case .spans(let spans):
                    Line(spans).render(in: cell, into: &buffer, right: columns[index].alignment == .right)
                case .sparkline(let values, let style):
                    Sparkline(values, style: style, glyphs: context.glyphs).render(in: cell, into: &buffer)
                case .gauge(let fraction, let style):
                    Gauge(fraction: fraction, style: style, glyphs: context.glyphs).render(in: cell, into: &buffer)
                case .band(let band):
                    let badge = BandBadge(band, context: context)
                    let full = DisplayWidth.of(badge.text) <= width
                    BandBadge(band, showsWord: full, context: context).render(in: cell, into: &buffer)
                case .pair(let name, let nameStyle, let value, let valueStyle):
                    let valueWidth = DisplayWidth.of(value)
                    let nameWidth = max(0, width - valueWidth - 1)
                    let fitted = Label.fit(name, width: nameWidth, ellipsis: context.glyphs.ellipsis)
                    Line([(fitted, nameStyle), (" " + value, valueStyle)]).render(in: cell, into: &buffer)
                case .empty:
                    break
                }
            }
            if isSelected {
                let selection = context.style(.selection)
                buffer.restyle(Rect(x: area.x + 1, y: y, width: area.width - 1, height: 1)) { style in
                    if selection.reverse {
                        style.reverse = true
                    } else {
                        style.background = selection.background
                        if style.foreground == context.theme.foreground { style.foreground = selection.foreground }
                    }
                }
            }
        }
    }
}
