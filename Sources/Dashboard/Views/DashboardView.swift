import MonitorEngine

/// The whole frame: header, the current screen, footer, and the help overlay; a centred
/// message instead when the terminal is too small. A pure function of the model, the glyphs and
/// the terminal's colour support (immediate mode: redrawn whole every time).
public struct DashboardView: Sendable {
    /// Below this size only the "too small" message is drawn.
    public static let minimumWidth = 60
    public static let minimumHeight = 16
    /// From this size on the overview shows its four panels in a 2×2 grid; below it, the focused
    /// panel alone with the others as tabs.
    public static let fullWidth = 80
    public static let fullHeight = 24

    public var model: DashboardModel
    public var context: RenderContext

    /// A view of `model` in its own theme, drawn with `glyphs`, without colour when `monochrome`.
    public init(model: DashboardModel, glyphs: Glyphs = .unicode, monochrome: Bool = false, utcOffsetSeconds: Int = 0) {
        self.model = model
        self.context = RenderContext(theme: model.theme, glyphs: glyphs, monochrome: monochrome, utcOffsetSeconds: utcOffsetSeconds)
    }

    /// The frame at `width`×`height`.
    public func frame(width: Int, height: Int) -> Buffer {
        var buffer = Buffer(width: width, height: height)
        render(in: buffer.area, into: &buffer)
        return buffer
    }

    /// The frame at the model's terminal size.
    public func frame() -> Buffer { frame(width: model.width, height: model.height) }

    /// Draws into `area` of `buffer`, clipped to it.
    public func render(in area: Rect, into buffer: inout Buffer) {
        guard !area.isEmpty else { return }
        buffer.clearClickRegions()
        buffer.fill(area, with: Cell(character: " ", style: context.style(.text)))
        guard area.width >= Self.minimumWidth, area.height >= Self.minimumHeight else {
            TooSmallView(width: area.width, height: area.height, context: context).render(in: area, into: &buffer)
            return
        }
        let frame = FrameContext(model: model, context: context)
        var top = area.y
        HeaderView(frame: frame).render(in: Rect(x: area.x, y: top, width: area.width, height: 2), into: &buffer)
        top += 2
        if let timeline = TimelineView(frame: frame) {
            timeline.render(in: Rect(x: area.x, y: top, width: area.width, height: 1), into: &buffer)
            top += 1
        }
        if let notice = NoticeView(frame: frame), notice.isVisible {
            notice.render(in: Rect(x: area.x, y: top, width: area.width, height: 1), into: &buffer)
            top += 1
        }
        var bottom = area.maxY - 1
        FooterView(frame: frame).render(in: Rect(x: area.x, y: bottom, width: area.width, height: 1), into: &buffer)
        if model.screen == .overview {
            bottom -= 1
            AlertTickerView(frame: frame).render(in: Rect(x: area.x, y: bottom, width: area.width, height: 1), into: &buffer)
        }
        if let prompt = model.prompt {
            // The confirmation line: what Enter will act on, above the input.
            bottom -= 1
            PromptSubjectView(frame: frame, prompt: prompt).render(in: Rect(x: area.x, y: bottom, width: area.width, height: 1), into: &buffer)
        }
        let body = Rect(x: area.x, y: top, width: area.width, height: bottom - top)
        if let snapshot = model.snapshot {
            if let slice = model.slice {
                switch model.screen {
                case .overview: OverviewView(frame: frame, snapshot: snapshot, slice: slice).render(in: body, into: &buffer)
                case .features: FeaturesView(frame: frame, slice: slice).render(in: body, into: &buffer)
                case .featureDetail: FeatureDetailView(frame: frame, snapshot: snapshot, slice: slice).render(in: body, into: &buffer)
                case .segments: SegmentsView(frame: frame, snapshot: snapshot).render(in: body, into: &buffer)
                case .alerts: AlertsView(frame: frame, snapshot: snapshot).render(in: body, into: &buffer)
                }
            } else {
                let segment = model.segment?.description ?? "segment"
                centred(["\(segment) has no records in this window", "Esc goes back to the whole stream"], in: body, into: &buffer)
            }
        } else {
            centred(["waiting for the first snapshot…"], in: body, into: &buffer)
        }
        if model.isHelpVisible {
            HelpView(context: context, page: model.helpPage, isReadOnly: model.isReadOnly, screen: model.screen, keys: model.keys).render(in: area, into: &buffer)
        }
        if context.glyphs == .ascii { Self.asciify(area, in: &buffer) }
    }

    /// Without a UTF-8 locale nothing but ASCII may reach the terminal: the few typographic
    /// characters the views use get ASCII stand-ins, anything else (data included) becomes `?`,
    /// one cell each so columns stay aligned.
    static func asciify(_ area: Rect, in buffer: inout Buffer) {
        let clipped = area.intersection(buffer.area)
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX {
                var cell = buffer[x, y]
                if cell.isContinuation {
                    cell = Cell(character: " ", style: cell.style)
                    buffer[x, y] = cell
                    continue
                }
                guard let scalar = cell.character.unicodeScalars.first, !(cell.character.isASCII) else { continue }
                switch scalar {
                case "…": cell.character = "~"
                case "—", "–", "·", "─": cell.character = "-"
                case "×": cell.character = "x"
                case "›", "→": cell.character = ">"
                case "χ": cell.character = "X"
                case "²": cell.character = "2"
                case "≤": cell.character = "<"
                case "≥": cell.character = ">"
                default: cell.character = "?"
                }
                buffer[x, y] = cell
            }
        }
    }

    private func centred(_ lines: [String], in area: Rect, into buffer: inout Buffer) {
        let y0 = area.y + max(0, (area.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            Label(line, style: context.style(index == 0 ? .text : .muted), alignment: .center)
                .render(in: Rect(x: area.x, y: y0 + index, width: area.width, height: 1), into: &buffer)
        }
    }
}

/// What every view of one frame shares: the model, the render context and the clock.
struct FrameContext: Sendable {
    var model: DashboardModel
    var context: RenderContext

    /// Wall-clock now as the screen shows it: the last tick (the moment of the pause while
    /// paused), else the snapshot's build time.
    var nowSeconds: Double? { model.shownNowSeconds ?? model.snapshot?.builtAtSeconds }

    /// The glyph for missing values.
    var missing: String { context.glyphs.missing }

    func style(_ role: RenderContext.Role) -> CellStyle { context.style(role) }
}
