/// What the model predicts (docs/tasks.md): the kind of its prediction and label records, and
/// which prediction and business metrics apply. The input and infrastructure layers do not
/// depend on it.
public enum ModelTask: String, Sendable, Hashable, CaseIterable {
    /// A probability of the positive class (`score`), a 0/1 decision and 0/1 labels: the default.
    case binary
    /// One of K classes: a probability per class (`scores`) and/or the class (`prediction`),
    /// labels naming a class.
    case multiclass
    /// A number: a numeric `prediction`, numeric labels.
    case regression
}

/// A class's probability in a multiclass prediction record, as written.
public struct ClassScore: Sendable, Hashable {
    /// The class, as named in the record.
    public var name: String
    public var value: Double

    public init(name: String, value: Double) {
        self.name = name
        self.value = value
    }
}
