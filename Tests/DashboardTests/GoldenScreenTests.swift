import MonitorEngine
import Testing
@testable import Dashboard

/// Golden screens of every screen at 80×24 and 160×48, from the fixture snapshot.
struct GoldenScreenTests {
    static let sizes = [(80, 24), (160, 48)]

    static func render(_ model: DashboardModel, glyphs: Glyphs = .unicode) -> Buffer {
        DashboardView(model: model, glyphs: glyphs).frame()
    }

    static func keys(_ model: inout DashboardModel, _ keys: [Key]) {
        for key in keys { model.handle(.key(key)) }
    }

    @Test(arguments: sizes)
    func overview(width: Int, height: Int) throws {
        let model = Fixture.model(width: width, height: height)
        try Golden.check(Self.render(model), "overview-\(width)x\(height)")
    }

    /// A multiclass router and a price regression: the task's own prediction and business panels.
    @Test(arguments: sizes)
    func taskOverviews(width: Int, height: Int) throws {
        try Golden.check(Self.render(TaskFixture.model(TaskFixture.multiclass(), width: width, height: height)),
                         "overview-multiclass-\(width)x\(height)")
        try Golden.check(Self.render(TaskFixture.model(TaskFixture.regression(), width: width, height: height)),
                         "overview-regression-\(width)x\(height)")
    }

    /// The `:` command line with its completions.
    @Test(arguments: sizes)
    func commandLine(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character(":"), .character("s"), .character("e"), .character("g"), .character("m"),
                           .character("e"), .character("n"), .character("t"), .character(" ")])
        try Golden.check(Self.render(model), "command-line-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func features(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("f"), .down])
        try Golden.check(Self.render(model), "features-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func featureDetail(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("f"), .enter])
        #expect(model.screen == .featureDetail)
        #expect(model.detailFeature == "amount")
        try Golden.check(Self.render(model), "feature-detail-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func segments(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("s")])
        try Golden.check(Self.render(model), "segments-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func drilledInOverview(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("s"), .enter])
        #expect(model.segment == Fixture.br)
        try Golden.check(Self.render(model), "overview-country-BR-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func alertsWithPrompt(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("a"), .character("A")] + "looking".map { .character($0) })
        #expect(model.prompt != nil)
        try Golden.check(Self.render(model), "alerts-prompt-\(width)x\(height)")
    }

    @Test(arguments: sizes)
    func help(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("?")])
        try Golden.check(Self.render(model), "help-\(width)x\(height)")
    }

    /// At 200 columns nothing is cut beside free space: rule names, scopes and notes whole.
    @Test(arguments: [("a", "alerts"), ("f", "features"), ("s", "segments")] as [(Character, String)])
    func wide(key: Character, name: String) throws {
        var model = Fixture.model(width: 200, height: 30)
        Self.keys(&model, [.character(key)])
        let buffer = Self.render(model)
        #expect(!buffer.text.contains("…"))
        try Golden.check(buffer, "\(name)-200x30")
    }

    /// Help's second page: what the abbreviated words mean.
    @Test(arguments: sizes)
    func helpWords(width: Int, height: Int) throws {
        var model = Fixture.model(width: width, height: height)
        Self.keys(&model, [.character("?"), .character("?")])
        #expect(model.isHelpVisible)
        let text = Self.render(model).text
        for term in ["PSI", "JS", "W1", "KS D", "ref own", "~"] {
            #expect(text.contains(" \(term) "), "\(term) is not explained")
        }
        try Golden.check(Self.render(model), "help-words-\(width)x\(height)")
        Self.keys(&model, [.character("x")])
        #expect(!model.isHelpVisible)
    }

    @Test(arguments: [(59, 16), (40, 10), (20, 5)])
    func tooSmall(width: Int, height: Int) throws {
        let model = Fixture.model(width: width, height: height)
        try Golden.check(Self.render(model), "too-small-\(width)x\(height)")
    }

    @Test func compactOverviewASCII() throws {
        let model = Fixture.model(width: 64, height: 18)
        try Golden.check(Self.render(model, glyphs: .ascii), "overview-ascii-64x18")
    }
}
