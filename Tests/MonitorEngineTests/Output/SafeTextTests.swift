@testable import MonitorEngine
import Testing
@testable import MonitorRules
@testable import MonitorReport
@testable import MonitorAlerts

/// The one rule for showing log values to a person (docs/security.md "Terminal and report
/// output").
struct SafeTextTests {
    @Test(arguments: [
        ("\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}", "\\x1b]52;c;ZWNobyBwd25lZA==\\x07"),  // OSC 52, clipboard
        ("\u{1B}]0;owned\u{07}", "\\x1b]0;owned\\x07"),                                 // OSC 0, title
        ("\u{1B}]8;;http://e/\u{1B}\\x\u{1B}]8;;\u{1B}\\", "\\x1b]8;;http://e/\\x1b\\x\\x1b]8;;\\x1b\\"),  // OSC 8
        ("\u{1B}[2J", "\\x1b[2J"),
        ("\u{9B}31m", "\\x9b31m"),                                                      // 8-bit CSI
        ("\u{85}\u{80}\u{9F}", "\\x85\\x80\\x9f"),                                       // C1
        ("a\u{7F}b\u{00}c", "a\\x7fb\\x00c"),
        ("line\nnext\r\tx", "line\\nnext\\r\\tx"),
        ("\u{202E}gnp.exe", "<U+202E>gnp.exe"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}", "<U+202A><U+202B><U+202C><U+202D>"),
        ("\u{2066}\u{2067}\u{2068}\u{2069}", "<U+2066><U+2067><U+2068><U+2069>"),
        ("a\u{200B}b\u{200C}\u{200D}\u{200E}\u{200F}", "a<U+200B>b<U+200C><U+200D><U+200E><U+200F>"),
        ("\u{2028}\u{2029}\u{FEFF}", "<U+2028><U+2029><U+FEFF>"),
        ("amount é 日本 ✖ — 🙂", "amount é 日本 ✖ — 🙂"),
    ])
    func unsafeScalarsAreShownVisibly(_ hostile: String, _ shown: String) {
        #expect(SafeText.sanitized(hostile) == shown)
        #expect(!SafeText.sanitized(hostile).unicodeScalars.contains(where: SafeText.isUnsafe))
    }

    @Test func structuralNewlinesMayStay() {
        #expect(SafeText.sanitized("a\u{1B}[2J\nb\r\n", keepingNewlines: true) == "a\\x1b[2J\nb\\r\n")
        #expect(SafeText.sanitized("a\nb") == "a\\nb")
    }

    @Test func everyScalarOfACharacterCounts() {
        // A combining mark after ESC makes one Character whose first scalar is ESC; one whose
        // first scalar is a letter can still carry an override.
        #expect(SafeText.sanitized("\u{1B}\u{301}[2J") == "\\x1b\u{301}[2J")
        #expect(SafeText.sanitized("e\u{301}\u{202E}") == "e\u{301}<U+202E>")
    }

    @Test func jsonEscapesTheSameScalarsAndKeepsTheValue() {
        let value = "a\u{1B}]0;t\u{07}\u{9B}\u{202E}\u{7F}é"
        let json = JSONValue.string(value).compactSerialized()
        #expect(json == "\"a\\u001b]0;t\\u0007\\u009b\\u202e\\u007fé\"")
        #expect(JSONValue.string(value).serialized().hasPrefix(json))
    }
}
