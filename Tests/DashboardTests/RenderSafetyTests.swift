import DriftStats
import MonitorEngine
import Testing
@testable import Dashboard

/// Every screen at every size from 1×1 to 300×100, with full, empty and hostile snapshots:
/// nothing traps, and the frame has exactly the size asked for.
struct RenderSafetyTests {
    static let widths = [1, 2, 5, 19, 20, 40, 59, 60, 61, 79, 80, 81, 120, 160, 300]
    static let heights = [1, 2, 4, 5, 15, 16, 17, 23, 24, 25, 48, 100]

    /// Models on every screen, the help and a prompt, drilled in or not.
    static func models(_ snapshot: Snapshot?) -> [DashboardModel] {
        var base = DashboardModel()
        if let snapshot { base.handle(.snapshot(snapshot)) }
        let sequences: [[Key]] = [
            [], [.character("f")], [.character("f"), .enter], [.character("s")], [.character("s"), .enter],
            [.character("a")], [.character("a"), .character("a")], [.character("?")], [.character("1")], [.character("4")],
            [.character("f"), .character("/"), .character("z")],
        ]
        return sequences.map { keys in
            var model = base
            for key in keys { model.handle(.key(key)) }
            return model
        }
    }

    static func empty() -> Snapshot {
        Snapshot(model: "", builtAtSeconds: 0, input: InputTally(),
                 window: WindowInfo(lengthSeconds: nil, fromSeconds: nil, toSeconds: nil, records: 0),
                 reference: ReferenceInfo(path: nil, records: 0, wanted: 5000, isReady: false),
                 freshness: Freshness(secondsSinceLastRecord: nil, eventLagSeconds: nil, newestEventSeconds: nil),
                 bucketSeconds: 60,
                 overall: SliceSnapshot(segment: nil, records: 0, share: 1, referenceScope: .global,
                                        infrastructure: InfrastructureSnapshot(), features: [], prediction: PredictionSnapshot(),
                                        performance: PerformanceSnapshot()),
                 segments: [], dimensions: [], alerts: [], counters: EngineCounters(), catchUp: CatchUpProgress(bytesRead: 0, bytesTotal: 0))
    }

    /// NaN, infinities, negative and huge numbers, empty and very long names, mismatched series.
    static func hostile() -> Snapshot {
        var snapshot = Fixture.snapshot()
        let long = String(repeating: "very_long_feature_name_", count: 20) + "末尾🙂\u{1B}[2J"
        snapshot.model = long
        snapshot.builtAtSeconds = .nan
        snapshot.freshness = Freshness(secondsSinceLastRecord: .infinity, eventLagSeconds: -5, newestEventSeconds: .nan)
        snapshot.window.lengthSeconds = 1e300
        snapshot.catchUp = CatchUpProgress(bytesRead: 10, bytesTotal: -3)
        snapshot.overall.infrastructure.throughputPerSecond = .nan
        snapshot.overall.infrastructure.throughputSeries = [.nan, .infinity, -.infinity, 1e308, -1]
        snapshot.overall.infrastructure.latencyP99Milliseconds = 1e18
        snapshot.overall.features.append(FeatureSnapshot(
            name: long, kind: .numeric, records: -1, psi: .nan, method: "ks", value: .infinity, band: .drift,
            missingRate: .nan, outOfRangeRate: -.infinity, driftSeries: [nil, .nan, 1e308],
            histogram: HistogramSnapshot(labels: [], reference: [.nan, 1, -1], current: [1e308])))
        snapshot.overall.features.append(FeatureSnapshot(name: "", kind: .categorical, method: "", value: -1e-12))
        snapshot.overall.prediction.scoreHistogram = HistogramSnapshot(labels: ["a"], reference: [.infinity], current: [.nan, 0.5])
        snapshot.overall.performance.realized.precision = .nan
        snapshot.overall.performance.realized.businessValue = -.infinity
        snapshot.alerts.append(AlertSnapshot(id: long, rule: long, scope: "", severity: "", state: .firing, value: .nan,
                                             threshold: .infinity, comparison: "", sinceSeconds: -1e20,
                                             acknowledged: Acknowledgement(by: long, atSeconds: .nan, note: long)))
        return snapshot
    }

    @Test(arguments: ["fixture", "empty", "hostile", "none"])
    func everySizeRenders(kind: String) {
        let snapshot: Snapshot? = switch kind {
        case "fixture": Fixture.snapshot()
        case "empty": Self.empty()
        case "hostile": Self.hostile()
        default: nil
        }
        for model in Self.models(snapshot) {
            for width in Self.widths {
                for height in Self.heights {
                    for glyphs in [Glyphs.unicode, .ascii] where width % 2 == 0 || glyphs == .unicode {
                        let buffer = DashboardView(model: model, glyphs: glyphs, monochrome: width == 80).frame(width: width, height: height)
                        #expect(buffer.width == width && buffer.height == height)
                    }
                }
            }
        }
    }

    @Test func zeroAndNegativeSizes() {
        let model = Fixture.model()
        for (width, height) in [(0, 0), (0, 10), (10, 0), (-5, -5)] {
            let buffer = DashboardView(model: model).frame(width: width, height: height)
            #expect(buffer.cells.isEmpty)
        }
    }

    @Test func tooSmallMessageNamesBothSizes() {
        let buffer = DashboardView(model: Fixture.model()).frame(width: 50, height: 12)
        #expect(buffer.text.contains("current 50×12, needed 60×16"))
        #expect(DashboardView(model: Fixture.model()).frame(width: 1, height: 1).text == "!")
    }

    @Test func controlCharactersInDataNeverReachTheTerminal() {
        var model = DashboardModel(width: 120, height: 40)
        model.handle(.snapshot(Self.hostile()))
        for screen in ["o", "f", "a"] {
            model.handle(.key(.character(Character(screen))))
            let buffer = DashboardView(model: model).frame()
            #expect(!buffer.cells.contains { $0.character.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        }
    }

    /// Log values carrying OSC 52, OSC 0, the 8-bit CSI, C1 controls, a bidi override and
    /// zero-width characters, on every screen: the buffer holds none of them, only their
    /// visible spelling (the one rule of `SafeText`, as the reports use).
    @Test func hostileLogValuesAreDrawnVisiblyOnEveryScreen() throws {
        let payload = "\u{1B}]52;c;ZWNobyBwd25lZA==\u{07}\u{1B}]0;owned\u{07}\u{9B}31m\u{85}\u{202E}gnp\u{200B}\u{1B}\u{301}"
        var snapshot = Fixture.snapshot()
        snapshot.model = "m" + payload
        try #require(!snapshot.overall.features.isEmpty && !snapshot.segments.isEmpty && !snapshot.alerts.isEmpty)
        snapshot.overall.features[0].name = "f" + payload
        snapshot.segments[0].segment = SegmentKey(dimension: "country", value: "US" + payload)
        snapshot.alerts[0].scope = "segment:country=US" + payload
        snapshot.alerts[0].id = snapshot.alerts[0].rule + "/" + snapshot.alerts[0].scope
        for keys: [Key] in [[], [.character("f")], [.character("f"), .enter], [.character("s")], [.character("a")], [.character("a"), .enter]] {
            var model = DashboardModel(width: 200, height: 48)
            model.handle(.snapshot(snapshot))
            for key in keys { model.handle(.key(key)) }
            let buffer = DashboardView(model: model).frame()
            #expect(!buffer.cells.contains { $0.character.unicodeScalars.contains(where: SafeText.isUnsafe) }, "\(keys)")
        }
        var buffer = Buffer(width: 40, height: 1)
        buffer.write("a\u{9B}31m\u{202E}b", x: 0, y: 0)
        #expect(buffer.line(0).hasPrefix("a\\x9b31m<U+202E>b"))
    }

    @Test func asciiGlyphsPutOnlyASCIIOnScreen() {
        for model in Self.models(Self.hostile()) {
            let buffer = DashboardView(model: model, glyphs: .ascii).frame(width: 120, height: 40)
            #expect(buffer.cells.allSatisfy { $0.character.isASCII && !$0.isContinuation })
        }
    }

    @Test func monochromeUsesNoColour() {
        let buffer = DashboardView(model: Fixture.model(), monochrome: true).frame()
        #expect(buffer.cells.allSatisfy { $0.style.foreground == .terminalDefault && $0.style.background == .terminalDefault })
        // The drifting feature still reads: symbol and bold.
        let row = try! #require((0..<buffer.height).first { buffer.line($0).contains("✖ drift") })
        let x = Array(buffer.line(row)).firstIndex(of: "✖")!
        #expect(buffer[x, row].style.bold)
    }

    @Test func aQuietStreamIsShownNotBlank() throws {
        var snapshot = Fixture.snapshot()
        snapshot.freshness.secondsSinceLastRecord = 312
        var model = DashboardModel(width: 80, height: 24)
        model.handle(.snapshot(snapshot))
        let text = DashboardView(model: model).frame().text
        #expect(text.contains("stream quiet: no record for 5m12s"))
        #expect(text.contains("5m12s ago stale"))
        #expect(text.contains("amount"))
    }

    @Test func startingUp() throws {
        var snapshot = Self.empty()
        snapshot.model = "card-fraud"
        snapshot.builtAtSeconds = Fixture.now
        snapshot.catchUp = CatchUpProgress(bytesRead: 42_000_000, bytesTotal: 100_000_000)
        snapshot.reference = ReferenceInfo(path: nil, records: 1234, wanted: 5000, isReady: false)
        var model = DashboardModel(width: 80, height: 24)
        model.handle(.snapshot(snapshot))
        let buffer = DashboardView(model: model).frame()
        #expect(buffer.line(2).contains("catching up"))
        #expect(buffer.line(2).contains("42%"))
        #expect(buffer.line(2).contains("reference: first 5000 records (filling: 1234/5000)"))
        try Golden.check(buffer, "overview-starting-80x24")
    }
}
