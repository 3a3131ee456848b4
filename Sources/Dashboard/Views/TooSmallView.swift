/// The centred message shown below the minimum size: the current and the needed size. It
/// degrades down to a single cell, and the program recovers as soon as the terminal grows.
struct TooSmallView: Sendable {
    var width: Int
    var height: Int
    var context: RenderContext

    func render(in area: Rect, into buffer: inout Buffer) {
        let needed = "\(DashboardView.minimumWidth)×\(DashboardView.minimumHeight)"
        let current = "\(width)×\(height)"
        let candidates: [[String]] = [
            ["Terminal too small", "current \(current), needed \(needed)", "enlarge the window, or q to quit"],
            ["Terminal too small", "\(current) < \(needed)"],
            ["too small", "\(current) < \(needed)"],
            ["\(current)<\(needed)"],
            ["\(current)"],
            ["!"],
        ]
        let lines = candidates.first { lines in
            lines.count <= area.height && lines.allSatisfy { DisplayWidth.of($0) <= area.width }
        } ?? []
        let top = area.y + max(0, (area.height - lines.count) / 2)
        for (index, line) in lines.enumerated() {
            Label(line, style: context.style(index == 0 ? .warning : .text), alignment: .center, ellipsis: nil)
                .render(in: Rect(x: area.x, y: top + index, width: area.width, height: 1), into: &buffer)
        }
    }
}
