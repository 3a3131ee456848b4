/// What reading the terminal can report: a key for the model, a new size, or that the terminal
/// is gone. The backend decodes its input straight into these, so the UI loop and its tests
/// share one vocabulary with `update`.
public enum TerminalEvent: Sendable, Hashable {
    /// A key press, as the dashboard understands it.
    case key(Key)
    /// A click of the first mouse button on a cell (column `x`, row `y`, from 0).
    case click(x: Int, y: Int)
    /// The mouse wheel turned up (`true`) or down over the screen.
    case wheel(up: Bool)
    /// The terminal changed size; its `width` and `height` are already the new size.
    case resize
    /// The terminal went away (the window closed, the connection dropped): reading it fails at
    /// once from now on, so a loop waiting for keys would spin instead of sleeping.
    case hangUp
}
