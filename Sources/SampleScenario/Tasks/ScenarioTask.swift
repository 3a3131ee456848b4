/// The kind of model a scenario tells a story about (docs/tasks.md): the card-fraud binary
/// classifier, the card-tier router (multiclass) or the house-price model (regression).
public enum ScenarioTask: String, Sendable, Hashable, CaseIterable {
    case binary
    case multiclass
    case regression
}
