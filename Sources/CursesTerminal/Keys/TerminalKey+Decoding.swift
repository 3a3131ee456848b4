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

extension TerminalKey {
    /// The key for what `wget_wch` returned, or `nil` for input the dashboard has no use for
    /// (other control characters, unknown key codes): ignoring them is safer than guessing.
    public static func decode(_ input: KeyInput) -> TerminalKey? {
        switch input {
        case .character(let value):
            switch value {
            case 3: return .interrupt
            case 8, 127: return .backspace
            case 9: return .tab
            case 10, 13: return .enter
            case 27: return .escape
            case 0..<32, 0x80..<0xA0: return nil
            default:
                guard let scalar = Unicode.Scalar(value) else { return nil }
                return .character(Character(scalar))
            }
        case .keyCode(let code):
            switch code {
            case CursesKeyCode.up: return .up
            case CursesKeyCode.down: return .down
            case CursesKeyCode.left: return .left
            case CursesKeyCode.right: return .right
            case CursesKeyCode.pageUp: return .pageUp
            case CursesKeyCode.pageDown: return .pageDown
            case CursesKeyCode.home: return .home
            case CursesKeyCode.end: return .end
            case CursesKeyCode.backTab: return .backTab
            case CursesKeyCode.enter: return .enter
            case CursesKeyCode.backspace: return .backspace
            case CursesKeyCode.delete: return .delete
            case CursesKeyCode.resize: return .resize
            case (CursesKeyCode.f0 + 1)...(CursesKeyCode.f0 + 12): return .function(Int(code - CursesKeyCode.f0))
            default: return nil
            }
        }
    }
}
