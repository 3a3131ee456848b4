/// What a mouse click on the screen means: the views mark where they drew each clickable thing
/// (``Buffer/mark(_:_:)``), and a click on that cell sends this to `update`.
public enum ClickTarget: Sendable, Hashable {
    /// A screen's tab in the header.
    case screen(Screen)
    /// One of the overview's panels.
    case panel(Panel)
    /// Row `index` of a list as shown (sorted and filtered), the item `id` (a feature's name, a
    /// segment, an alert's id): selects that item wherever live data has moved it since the
    /// frame was drawn; on the selected item, opens it as Enter does.
    case row(ListID, index: Int, id: String)
    /// A list's column header: sorts by that column (the list's sort column `column`); on the
    /// column already sorted on, reverses.
    case sort(ListID, column: Int)
}

/// A rectangle of the screen a click on which means `target`.
public struct ClickRegion: Sendable, Hashable {
    public var rect: Rect
    public var target: ClickTarget
}
