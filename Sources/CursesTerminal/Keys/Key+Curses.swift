import Dashboard

/// The curses key codes (`<curses.h>`); stable across ncurses versions.
public enum CursesKeyCode {
    public static let down: Int32 = 0o402
    public static let up: Int32 = 0o403
    public static let left: Int32 = 0o404
    public static let right: Int32 = 0o405
    public static let home: Int32 = 0o406
    public static let backspace: Int32 = 0o407
    /// `KEY_F(n)` is `KEY_F0 + n`.
    public static let f0: Int32 = 0o410
    public static let delete: Int32 = 0o512
    public static let pageDown: Int32 = 0o522
    public static let pageUp: Int32 = 0o523
    public static let enter: Int32 = 0o527
    public static let backTab: Int32 = 0o541
    public static let end: Int32 = 0o550
    public static let resize: Int32 = 0o632
}

extension TerminalEvent {
    /// The event for what `wget_wch` returned: a resize, a key (``Key/init(curses:)``), or
    /// `nil` for input the dashboard has no use for.
    public init?(curses input: KeyInput) {
        if input == .keyCode(CursesKeyCode.resize) {
            self = .resize
        } else if let key = Key(curses: input) {
            self = .key(key)
        } else {
            return nil
        }
    }
}

extension Key {
    /// The key for what `wget_wch` returned, or `nil` for input the dashboard has no use for
    /// (other control characters, unknown key codes, a resize): ignoring them is safer than
    /// guessing.
    public init?(curses input: KeyInput) {
        switch input {
        case .character(let value):
            switch value {
            // Ctrl-C typed while the terminal delivers it as a character rather than as SIGINT.
            case 3: self = .controlC
            case 8, 127: self = .backspace
            case 9: self = .tab
            case 10, 13: self = .enter
            case 27: self = .escape
            case 0..<32, 0x80..<0xA0: return nil
            default:
                guard let scalar = Unicode.Scalar(value) else { return nil }
                self = .character(Character(scalar))
            }
        case .keyCode(let code):
            switch code {
            case CursesKeyCode.up: self = .up
            case CursesKeyCode.down: self = .down
            case CursesKeyCode.left: self = .left
            case CursesKeyCode.right: self = .right
            case CursesKeyCode.pageUp: self = .pageUp
            case CursesKeyCode.pageDown: self = .pageDown
            case CursesKeyCode.home: self = .home
            case CursesKeyCode.end: self = .end
            case CursesKeyCode.backTab: self = .backTab
            case CursesKeyCode.enter: self = .enter
            case CursesKeyCode.backspace: self = .backspace
            case CursesKeyCode.delete: self = .delete
            case (CursesKeyCode.f0 + 1)...(CursesKeyCode.f0 + 12): self = .function(Int(code - CursesKeyCode.f0))
            default: return nil
            }
        }
    }
}
