@testable import MonitorEngine
import Testing
@testable import MonitorReport

/// Values in the Markdown report are text (docs/security.md "Markdown reports").
struct MarkdownTextTests {
    @Test func markdownValuesAreText() {
        #expect(MarkdownText.escaped("a|b\n# c<img src=x onerror=alert(1)>&[l](http://e/)`*x*`")
            == "a\\|b\\\\n\\# c&lt;img src=x onerror=alert(1)&gt;&amp;\\[l\\](http://e/)\\`\\*x\\*\\`")
        #expect(MarkdownText.escaped("account_age_days _x_") == "account_age_days \\_x\\_")
        #expect(MarkdownText.code("a``b") == "```a``b```")
        #expect(MarkdownText.code("`x") == "`` `x ``")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
        let text: ReportText = "**Verdict:** \(code: "x`y") in \("c=<b>")"
        #expect(text.markdown == "**Verdict:** ``x`y`` in c=&lt;b&gt;")
        #expect(text.plain == "Verdict: x`y in c=<b>")
        #expect(text.raw == "**Verdict:** `x`y` in c=<b>")
    }
}
