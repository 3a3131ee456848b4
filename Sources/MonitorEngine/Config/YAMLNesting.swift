import CYaml

/// The nesting depth libyaml accepts in a configuration or theme file.
///
/// libyaml stops at 1000 levels, but Yams builds and hashes the nodes recursively: a mapping
/// key nested 990 block lists deep (`? - - - ... x`) exhausted the stack under the address
/// sanitizer. `AliasScan` refuses deep flow collections (`[[[...`) before composing and names
/// the place; block nesting is left to libyaml, whose limit is lowered here to the same depth,
/// more than any of these files needs by an order of magnitude. The limit is one setting for
/// the process; every loader of these files calls `enforce()` before composing.
public enum YAMLNesting {
    /// Deepest nesting of lists and mappings accepted.
    public static var maximumDepth: Int { AliasScan.maximumFlowDepth }

    /// Sets libyaml's limit to `maximumDepth` (once per process; later calls cost nothing).
    public static func enforce() {
        _ = applied
    }

    private static let applied: Void = {
        yaml_set_max_nest_level(Int32(maximumDepth))
    }()

    /// The message for libyaml's "Maximum nesting level reached" error.
    public static var message: String { "nested more than \(maximumDepth) levels deep" }

    /// Whether a libyaml problem text is the nesting limit.
    public static func isLimit(_ problem: String) -> Bool {
        problem.hasPrefix("Maximum nesting level reached")
    }
}
