import Dashboard
import Testing
@testable import CursesTerminal

/// Themes fitted to 8 and 16 colours: under `TERM=xterm` the default theme drew its borders
/// black on a dark background and warning and drift the same yellow.
struct ThemeAdaptationTests {
    static func index(_ color: Color) -> Int? {
        if case .indexed(let index) = color { return Int(index) }
        return nil
    }

    @Test(arguments: [ColorDepth.ansi8, .ansi16])
    func theDefaultThemeKeepsBordersVisibleAndStatesApart(depth: ColorDepth) throws {
        // The plain nearest colours show the problem this fixes.
        if depth == .ansi8 {
            #expect(ColorMapping.number(for: Theme.builtInDefault.border, depth: depth) == 0)
            #expect(ColorMapping.number(for: Theme.builtInDefault.warning, depth: depth)
                    == ColorMapping.number(for: Theme.builtInDefault.drift, depth: depth))
        }
        let theme = ThemeAdaptation.adapted(.builtInDefault, depth: depth)
        for color in [theme.foreground, theme.muted, theme.border, theme.borderFocused, theme.title, theme.keyHint,
                      theme.ok, theme.warning, theme.drift, theme.critical, theme.reference, theme.current] {
            let number = try #require(Self.index(color))
            #expect(number != 0, "drawn black on a dark background")
            #expect(number < depth.colors)
        }
        let states = [theme.ok, theme.warning, theme.drift, theme.critical].compactMap(Self.index)
        #expect(Set(states).count == 4)
        #expect(Self.index(theme.reference) != Self.index(theme.current))
        // A grey stays a grey: a dim border never turns red or blue.
        #expect(ThemeAdaptation.greys.contains(Self.index(theme.border)!))
        #expect(theme.name == "default")
    }

    @Test func aLightThemeDrawsNothingWhite() throws {
        var light = Theme.builtInDefault
        light.foreground = .rgb(red: 0x1C, green: 0x1C, blue: 0x1C)
        light.border = .rgb(red: 0xA8, green: 0xA8, blue: 0xA8)
        light.muted = .rgb(red: 0xD0, green: 0xD0, blue: 0xD0)
        let theme = ThemeAdaptation.adapted(light, depth: .ansi8)
        #expect(Self.index(theme.border) == 0)
        #expect(Self.index(theme.muted) == 0)
    }

    @Test(arguments: [ColorDepth.none, .palette256, .direct])
    func otherDepthsKeepTheTheme(depth: ColorDepth) {
        #expect(ThemeAdaptation.adapted(.builtInDefault, depth: depth) == .builtInDefault)
    }
}
