import MonitorEngine

extension KeyBindings {
    /// A key hint as shown: each single-character key of `text` (`q`, `< >`, `e  E`) replaced
    /// by the key its action is bound to.
    func display(_ text: String) -> String {
        guard !keys.isEmpty else { return text }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { token in
            if token.count == 1, let character = token.first { return String(shown(character)) }
            if token == "<>" { return "\(shown("<"))\(shown(">"))" }
            return String(token)
        }.joined(separator: " ")
    }
}
