/// A key press or terminal event as the backend reads it, before the dashboard gives it a
/// meaning.
public enum TerminalKey: Sendable, Hashable {
    /// A printable character (letters, digits, punctuation, space, any Unicode scalar).
    case character(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case tab
    /// Shift-Tab.
    case backTab
    /// Return, line feed or the keypad's Enter.
    case enter
    case escape
    /// Backspace, whichever of BS, DEL or the terminfo key the terminal sends.
    case backspace
    /// The Delete key.
    case delete
    /// F1 to F12.
    case function(Int)
    /// Ctrl-C typed while the terminal delivers it as a character rather than as SIGINT.
    case interrupt
    /// The terminal changed size; read the new size before drawing.
    case resize
}
