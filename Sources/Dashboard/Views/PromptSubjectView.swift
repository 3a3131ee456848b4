/// The line above an open alert prompt that says what Enter will do and to which alert:
/// `Acknowledge critical precision drop segment:country=BR (FIRING)?`, drawn in reverse video
/// so it cannot be mistaken for a row of the list.
struct PromptSubjectView: Sendable {
    var frame: FrameContext
    var prompt: Prompt

    func render(in area: Rect, into buffer: inout Buffer) {
        var style = frame.style(.title)
        style.reverse = true
        buffer.fill(area, with: Cell(character: " ", style: style))
        var subject = frame.style(.text)
        subject.reverse = true
        subject.bold = true
        Line([(" " + prompt.action + " ", style), (prompt.subject, subject), ("?", style)])
            .render(in: area, into: &buffer)
    }
}
