import MonitorEngine

/// The `:` command line (k9s, vim): a command typed in the footer, Tab completing it, Enter
/// running it, Esc leaving it.
///
/// - `:segment country=BR` drills into a segment (`:segment` alone: the whole stream)
/// - `:feature amount` opens a feature's detail
/// - `:window 6h` (`5m`, `15m`, `1h`, `6h`, `all`, or any duration) sets the window
/// - `:theme light` picks a theme by name
/// - `:overview`, `:features`, `:segments`, `:alerts` switch screens
/// - `:ack [note]` acknowledges the alert selected on the alerts screen (none when read-only)
/// - `:at 09:30` (a time of day on the screen's clock, the last one before the live end, or
///   an RFC 3339 time) puts the time cursor at the window ending then; `:live` takes it back
/// - `:q` / `:quit` quits
extension DashboardModel {
    /// The commands, in the order completion offers them.
    static let commands = ["segment", "feature", "window", "theme", "at", "live", "overview", "features", "segments", "alerts", "ack", "quit"]

    mutating func handleCommandTyping(_ key: Key) -> [Effect] {
        guard let text = commandLine else { return [] }
        switch key {
        case .escape:
            commandLine = nil
        case .backspace:
            if text.isEmpty { commandLine = nil } else { commandLine?.removeLast() }
        case .tab:
            commandLine = complete(text)
        case .enter:
            commandLine = nil
            return run(command: text)
        case .character(let c):
            commandLine?.append(c)
        default:
            break
        }
        return []
    }

    /// The candidates for the word being typed: a command, or the argument of one.
    func completions(_ text: String) -> [String] {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return Self.commands.filter { $0.hasPrefix(text.lowercased()) } }
        let (command, argument) = (parts[0].lowercased(), parts[1])
        let options: [String] = switch command {
        case "segment": (snapshot?.segments.compactMap { $0.segment?.description } ?? []).sorted()
        case "feature": (slice?.features.map(\.name) ?? []).sorted()
        case "window": WindowChoice.allCases.map(\.label)
        case "theme": themes.map(\.name)
        default: []
        }
        return options.filter { $0.lowercased().hasPrefix(argument.lowercased()) }
    }

    /// Tab: the one candidate, completed with a space after a command; else as far as the
    /// candidates agree.
    private func complete(_ text: String) -> String {
        let candidates = completions(text)
        guard let first = candidates.first else { return text }
        let isCommand = !text.contains(" ")
        let prefix = isCommand ? "" : String(text[...text.firstIndex(of: " ")!])
        if candidates.count == 1 { return prefix + first + (isCommand ? " " : "") }
        var common = first
        for candidate in candidates.dropFirst() {
            while !candidate.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
        }
        let typed = isCommand ? text : String(text[text.index(after: text.firstIndex(of: " ")!)...])
        return common.count > typed.count ? prefix + common : text
    }

    private mutating func run(command text: String) -> [Effect] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return [] }
        let parts = trimmed.split(separator: " ", maxSplits: 1).map(String.init)
        let word = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        // A unique prefix names its command (`:seg`, `:w 1h`); `q` is quit.
        let matches = word == "q" ? ["quit"] : Self.commands.filter { $0 == word } + Self.commands.filter { $0.hasPrefix(word) && $0 != word }
        guard let command = matches.first, matches.count == 1 || matches.first == word else {
            showFlash(matches.isEmpty ? "unknown command :\(word) (Tab completes; :q quits)" : ":\(word) could be \(matches.joined(separator: ", "))")
            return []
        }
        switch command {
        case "quit": return [.quit]
        case "overview": show(.overview)
        case "features": show(.features)
        case "segments": show(.segments)
        case "alerts": show(.alerts)
        case "segment":
            if argument.isEmpty || argument == "all" {
                segment = nil
                show(.overview)
            } else if let key = snapshot?.segments.compactMap(\.segment).first(where: { $0.description.lowercased() == argument.lowercased() }) {
                segment = key
                lists[.overviewFeatures] = nil
                show(.overview)
            } else {
                showFlash("no segment \(argument) in this window (Tab lists them)")
            }
        case "feature":
            guard let name = slice?.features.map(\.name).first(where: { $0.lowercased() == argument.lowercased() }) else {
                showFlash(argument.isEmpty ? ":feature needs a name (Tab lists them)" : "no feature \(argument) (Tab lists them)")
                return []
            }
            detailFeature = name
            detailReturnScreen = screen == .featureDetail ? detailReturnScreen : screen
            lists[.featureSegments] = nil
            show(.featureDetail)
        case "window":
            let seconds: Double?
            if argument.lowercased() == "all" {
                seconds = nil
            } else if let span = TimeSpan(parsing: argument), span.seconds > 0 {
                seconds = Double(span.seconds)
            } else {
                showFlash(":window takes a duration (5m, 1h, 6h) or all")
                return []
            }
            window = WindowChoice(seconds: seconds)
            showFlash("window " + (seconds.map { NumberText.duration($0) } ?? "all"))
            return [.engine(.setWindow(seconds: seconds))]
        case "theme":
            guard let index = themes.firstIndex(where: { $0.name.lowercased() == argument.lowercased() }) else {
                showFlash("no theme \(argument): \(themes.map(\.name).joined(separator: ", "))")
                return []
            }
            themeIndex = index
            showFlash("theme: \(theme.name)")
            return [.setTheme(theme)]
        case "at":
            guard let history = latest?.history else {
                showFlash("no history kept by this source")
                return []
            }
            guard let seconds = Self.time(argument, before: history.liveEndSeconds, offset: utcOffsetSeconds) else {
                showFlash(":at takes a time: 09:30, 09:30:15 or 2026-11-02T09:30:00Z")
                return []
            }
            resumeForTheCursor()
            return [.engine(.setCursor(seconds: seconds))]
        case "live":
            return moveCursor(.live)
        case "ack":
            guard !isReadOnly else {
                showFlash(Self.readOnlyNotice)
                return []
            }
            guard screen == .alerts, let alert = selectedAlert else {
                showFlash(":ack acknowledges the alert selected on the alerts screen (a)")
                return []
            }
            showFlash("acknowledged " + alert.id)
            return [.engine(.acknowledge(alertID: alert.id, note: argument.isEmpty ? nil : argument))]
        default:
            break
        }
        return []
    }

    /// `:at`'s time: `HH:MM[:SS]` on the screen's clock (`offset` seconds from UTC), the last
    /// such time at or before `limit`; else an RFC 3339 time.
    static func time(_ text: String, before limit: Double, offset: Int) -> Double? {
        let parts = text.split(separator: ":").map { Int($0) }
        if (2...3).contains(parts.count), !text.contains("T"), parts.allSatisfy({ $0 != nil }) {
            let (hours, minutes, seconds) = (parts[0]!, parts[1]!, parts.count == 3 ? parts[2]! : 0)
            guard (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds) else { return nil }
            let local = limit + Double(offset)
            let midnight = (local / 86_400).rounded(.down) * 86_400
            var candidate = midnight + Double(hours * 3600 + minutes * 60 + seconds) - Double(offset)
            if candidate > limit { candidate -= 86_400 }
            return candidate
        }
        return Timestamp.parse(text)
    }
}
