/// What `wget_wch` returned: a character (`OK`) or a key code (`KEY_CODE_YES`). Kept apart
/// from curses so the decoding table can be tested without a terminal.
public enum KeyInput: Sendable, Hashable {
    /// A wide character, as its Unicode scalar value.
    case character(UInt32)
    /// A curses key code (`KEY_UP`, `KEY_F(1)`, `KEY_RESIZE`...).
    case keyCode(Int32)
}
