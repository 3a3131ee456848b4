/// Why a reference file could not serve as reference; names the file.
public struct ReferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reference file as configured.
    public var path: String
    /// What went wrong, e.g. `no such file` or `no rows (3 malformed lines)`.
    public var problem: String

    /// An error about the reference file at `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `reference PATH: PROBLEM`.
    public var description: String { "reference \(path): \(problem)" }
}
