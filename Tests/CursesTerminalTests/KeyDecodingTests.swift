import Dashboard
import Testing
@testable import CursesTerminal

/// What `wget_wch` returns, decoded; the key codes are ncurses' (`<curses.h>`: KEY_DOWN 0402 ...).
struct KeyDecodingTests {
    @Test(arguments: [
        (KeyInput.keyCode(259), Key.up), (.keyCode(258), .down), (.keyCode(260), .left),
        (.keyCode(261), .right), (.keyCode(339), .pageUp), (.keyCode(338), .pageDown),
        (.keyCode(262), .home), (.keyCode(360), .end), (.keyCode(353), .backTab),
        (.keyCode(343), .enter), (.keyCode(263), .backspace), (.keyCode(330), .delete),
        (.keyCode(265), .function(1)), (.keyCode(276), .function(12)),
        (.character(13), .enter), (.character(10), .enter), (.character(27), .escape),
        (.character(127), .backspace), (.character(8), .backspace), (.character(9), .tab),
        (.character(3), .controlC), (.character(113), .character("q")), (.character(32), .character(" ")),
        (.character(63), .character("?")), (.character(0xE9), .character("é")), (.character(0x4E2D), .character("中")),
    ])
    func decodes(input: KeyInput, expected: Key) {
        #expect(Key(curses: input) == expected)
        #expect(TerminalEvent(curses: input) == .key(expected))
    }

    @Test func decodesTheResizeAsAnEventNotAKey() {
        #expect(TerminalEvent(curses: .keyCode(410)) == .resize)
        #expect(Key(curses: .keyCode(410)) == nil)
    }

    @Test(arguments: [
        KeyInput.character(0), .character(1), .character(26), .character(0x85), .character(0xD800),
        .character(0x110000), .keyCode(264), .keyCode(277), .keyCode(409), .keyCode(-1), .keyCode(0o777),
    ])
    func ignoresWhatHasNoMeaning(input: KeyInput) {
        #expect(Key(curses: input) == nil)
        #expect(TerminalEvent(curses: input) == nil)
    }

    @Test func tableMatchesTheLinkedCurses() {
        #expect(CursesKeyCode.agreesWithCurses)
    }
}
