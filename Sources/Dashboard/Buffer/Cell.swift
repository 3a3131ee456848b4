/// One terminal cell: a grapheme and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: the first holds it, the second is a
/// `continuation` cell that the backend skips.
public struct Cell: Sendable, Hashable {
    /// The grapheme drawn in this cell; " " when blank.
    public var character: Character
    public var style: CellStyle
    /// True for the right half of a wide character.
    public var isContinuation: Bool

    public init(character: Character = " ", style: CellStyle = .plain, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}
