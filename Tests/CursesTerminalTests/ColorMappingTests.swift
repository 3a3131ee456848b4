import Dashboard
import Testing
@testable import CursesTerminal

/// Colour mapping to the terminal's palette, against values worked out by hand from the xterm
/// palette (cube levels 0, 95, 135, 175, 215, 255; greys 8 + 10 n; xterm's 16 ANSI values).
struct ColorMappingTests {
    @Test(arguments: [
        // (red, green, blue, expected 256-colour index)
        (255, 0, 0, 196), (0, 0, 0, 16), (255, 255, 255, 231), (128, 128, 128, 244),
        (95, 135, 175, 67), (255, 135, 0, 208), (238, 238, 238, 255), (100, 200, 50, 77),
        (8, 8, 8, 232), (0, 95, 0, 22), (30, 30, 30, 234), (0x1E, 0x90, 0xFF, 33),
    ])
    func nearestOf256(red: Int, green: Int, blue: Int, expected: Int) {
        #expect(ColorMapping.nearest256(red: UInt8(red), green: UInt8(green), blue: UInt8(blue)) == UInt8(expected))
    }

    @Test(arguments: [
        // (red, green, blue, nearest of 16, nearest of 8)
        (255, 0, 0, 9, 1), (205, 0, 0, 1, 1), (128, 128, 128, 8, 3), (0, 0, 255, 4, 4),
        (255, 165, 0, 3, 3), (255, 255, 255, 15, 7), (92, 92, 255, 12, 4), (0, 0, 0, 0, 0),
        (0, 255, 255, 14, 6),
    ])
    func nearestOfAnsi(red: Int, green: Int, blue: Int, of16: Int, of8: Int) {
        #expect(ColorMapping.nearest(red: UInt8(red), green: UInt8(green), blue: UInt8(blue), among: 16) == UInt8(of16))
        #expect(ColorMapping.nearest(red: UInt8(red), green: UInt8(green), blue: UInt8(blue), among: 8) == UInt8(of8))
    }

    /// The fast cube-and-grey search agrees with an exhaustive search over colours 16-255 of a
    /// palette built here from xterm's formula, on a grid of inputs.
    @Test func nearestOf256AgreesWithExhaustiveSearch() {
        var palette: [(Int, Int, Int)] = []
        let levels = [0, 95, 135, 175, 215, 255]
        for r in levels { for g in levels { for b in levels { palette.append((r, g, b)) } } }
        for n in 0..<24 { palette.append((8 + 10 * n, 8 + 10 * n, 8 + 10 * n)) }
        var disagreements: [String] = []
        for red in stride(from: 0, through: 255, by: 17) {
            for green in stride(from: 0, through: 255, by: 17) {
                for blue in stride(from: 0, through: 255, by: 17) {
                    let distances = palette.map { (red - $0.0) * (red - $0.0) + (green - $0.1) * (green - $0.1) + (blue - $0.2) * (blue - $0.2) }
                    let best = distances.min()!
                    let got = Int(ColorMapping.nearest256(red: UInt8(red), green: UInt8(green), blue: UInt8(blue)))
                    if distances[got - 16] != best { disagreements.append("\(red),\(green),\(blue) -> \(got)") }
                }
            }
        }
        #expect(disagreements.isEmpty)
    }

    @Test func numbersPerDepth() {
        let orange = Color.rgb(red: 255, green: 135, blue: 0)
        #expect(ColorMapping.number(for: orange, depth: .direct) == 0xFF8700)
        #expect(ColorMapping.number(for: orange, depth: .palette256) == 208)
        #expect(ColorMapping.number(for: orange, depth: .ansi16) == 3)
        #expect(ColorMapping.number(for: orange, depth: .ansi8) == 3)
        #expect(ColorMapping.number(for: orange, depth: .none) == -1)
        #expect(ColorMapping.number(for: .terminalDefault, depth: .palette256) == -1)
        #expect(ColorMapping.number(for: .indexed(196), depth: .palette256) == 196)
        #expect(ColorMapping.number(for: .indexed(196), depth: .ansi16) == 9)
        #expect(ColorMapping.number(for: .indexed(12), depth: .ansi16) == 12)
        #expect(ColorMapping.number(for: .indexed(12), depth: .ansi8) == 4)
        // Mid grey is nearer dark yellow (205, 205, 0) than black or light grey in plain RGB distance.
        #expect(ColorMapping.number(for: .indexed(244), depth: .ansi8) == 3)
        #expect(ColorMapping.number(for: .indexed(250), depth: .ansi8) == 7)
    }

    @Test(arguments: [
        (0, false, false, ColorDepth.none), (2, false, false, .none), (8, false, false, .ansi8),
        (16, false, false, .ansi16), (88, false, false, .ansi16), (256, false, false, .palette256),
        (256, true, false, .palette256), (1 << 24, false, false, .palette256), (1 << 24, true, false, .direct),
        (256, false, true, .none), (1 << 24, true, true, .none),
    ])
    func depthOfTerminal(colors: Int, isDirect: Bool, noColor: Bool, expected: ColorDepth) {
        #expect(ColorDepth.of(colors: colors, isDirect: isDirect, noColor: noColor) == expected)
    }

    @Test func paletteValues() {
        #expect(ColorMapping.rgb(ofIndex: 16) == (0, 0, 0))
        #expect(ColorMapping.rgb(ofIndex: 67) == (95, 135, 175))
        #expect(ColorMapping.rgb(ofIndex: 231) == (255, 255, 255))
        #expect(ColorMapping.rgb(ofIndex: 232) == (8, 8, 8))
        #expect(ColorMapping.rgb(ofIndex: 255) == (238, 238, 238))
        #expect(ColorMapping.rgb(ofIndex: 9) == (255, 0, 0))
    }

    @Test func pairsAreAssignedOnceAndRunOut() {
        var pairs = ColorPairs(capacity: 3)
        var defined: [(Int32, Int32, Int32)] = []
        let define: (Int32, ColorPairs.Key) -> Bool = { defined.append(($0, $1.foreground, $1.background)); return true }
        #expect(pairs.pair(for: .init(foreground: -1, background: -1), define: define) == 0)
        #expect(pairs.pair(for: .init(foreground: 196, background: -1), define: define) == 1)
        #expect(pairs.pair(for: .init(foreground: 33, background: 16), define: define) == 2)
        #expect(pairs.pair(for: .init(foreground: 196, background: -1), define: define) == 1)
        // Capacity 3 means pairs 0-2: a third colour combination falls back to the default pair.
        #expect(pairs.pair(for: .init(foreground: 1, background: 2), define: define) == 0)
        #expect(defined.map { $0.0 } == [1, 2])
        #expect(defined.map { $0.1 } == [196, 33])
        #expect(pairs.count == 2)
        // A pair curses refuses is not remembered.
        var refusing = ColorPairs(capacity: 10)
        #expect(refusing.pair(for: .init(foreground: 1, background: 2)) { _, _ in false } == 0)
        #expect(refusing.count == 0)
    }
}
