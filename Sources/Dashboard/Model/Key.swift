/// A key press as the dashboard understands it; the terminal backend translates its own key
/// codes into these, so every key sequence can be tested without a terminal.
public enum Key: Sendable, Hashable {
    /// A printable character (letters, digits, punctuation, space).
    case character(Character)
    case up
    case down
    case left
    case right
    case pageUp
    case pageDown
    case home
    case end
    case tab
    /// Shift-Tab.
    case backTab
    case enter
    case escape
    case backspace
    case delete
    /// F1 to F12.
    case function(Int)
    /// Ctrl-C, when the terminal delivers it as a character rather than as SIGINT.
    case controlC
}
