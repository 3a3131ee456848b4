/// "Did you mean ...?" for a word the user typed: the configuration's keys and the command
/// line's subcommands use the same measure of a typo.
public enum Suggestion {
    /// The candidate closest to `word` when it is close enough to be a typo (edit distance at
    /// most 2, and less than half the word), else `nil`.
    public static func nearest(to word: String, among candidates: [String]) -> String? {
        ConfigReader.nearest(to: word, among: candidates)
    }
}
