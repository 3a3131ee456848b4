import DriftStats
import Testing
@testable import MonitorEngine

/// `task:`, `classes:` and `fields.class_scores` (docs/tasks.md), and the mistakes refused.
struct TaskConfigTests {
    static func parse(_ yaml: String) throws(ConfigError) -> MonitorConfig {
        try MonitorConfig.parse(yaml: yaml, path: "modeltop.yaml", environment: [:])
    }

    @Test func aMulticlassConfigurationIsRead() throws {
        let config = try Self.parse("""
            task: multiclass
            classes: [prepaid, highstreet, upmarket]
            fields:
              prediction: y_pred
              class_scores:
                prepaid: p_prepaid
                highstreet: p_highstreet
                upmarket: p_upmarket
            """)
        #expect(config.task == .multiclass)
        #expect(config.classes == ["prepaid", "highstreet", "upmarket"])
        #expect(config.fields.classScores.map(\.name) == ["prepaid", "highstreet", "upmarket"])
        #expect(config.fields.classScores.map(\.column) == ["p_prepaid", "p_highstreet", "p_upmarket"])
        #expect(config.fields.mappedColumns.contains("p_upmarket"))
    }

    @Test func theLossModelsTakeTheirSettings() throws {
        let config = try Self.parse("task: regression\ndle:\n  trees: 50\n  learning_rate: 0.05\n  max_leaves: 15\n  min_leaf_rows: 40\n  bins: 63")
        #expect(config.dle == BoostingSettings(trees: 50, learningRate: 0.05, maxLeaves: 15, minSamplesPerLeaf: 40, maxBins: 63))
        #expect(try Self.parse("task: regression").dle == BoostingSettings())
    }

    @Test func businessValuesFollowTheTask() throws {
        let multiclass = try Self.parse("task: multiclass\nbusiness:\n  matrix:\n    upmarket:\n      prepaid: -50\n      highstreet: -value")
        #expect(multiclass.business?.evaluate(actualClass: "upmarket", predictedClass: "prepaid", value: nil) == -50)
        #expect(multiclass.business?.evaluate(actualClass: "upmarket", predictedClass: "highstreet", value: 12) == -12)
        #expect(multiclass.business?.evaluate(actualClass: "prepaid", predictedClass: "upmarket", value: nil) == 0)
        let regression = try Self.parse("task: regression\nbusiness:\n  per_unit_error: -0.5")
        #expect(regression.business?.evaluate(absoluteError: 8, value: nil) == -4)
    }

    @Test func keysAreRebound() throws {
        let config = try Self.parse("keys:\n  quit: x\n  export_json: J")
        #expect(config.keys.keys == [.quit: "x", .exportJSON: "J"])
        #expect(config.keys.translate("x") == "q")
        #expect(config.keys.translate("q") == nil)
        #expect(config.keys.translate("f") == "f")
    }

    @Test func binaryStaysTheDefault() throws {
        #expect(try Self.parse("model: m").task == .binary)
    }

    @Test(arguments: [
        ("task: ranking", "'task' must be binary, multiclass or regression, got 'ranking'"),
        ("classes: [a, b]", "'classes' needs 'task: multiclass' (the task is binary)"),
        ("task: multiclass\nclasses: [a]", "'classes' must name at least 2 classes, got 1"),
        ("task: multiclass\nclasses: [a, b, a]", "'a' is listed twice in 'classes'"),
        ("task: regression\nfields:\n  class_scores:\n    a: p_a", "'fields.class_scores' needs 'task: multiclass' (the task is regression)"),
        ("task: multiclass\nclasses: [a, b]\nfields:\n  class_scores:\n    c: p_c", "'fields.class_scores' names class 'c', which 'classes' does not list"),
        ("task: multiclass\nfields:\n  class_scores:\n    a: id", "'fields.class_scores.a' maps column 'id', which is the 'id' column"),
        ("task: regression\nalerts:\n  - metric: accuracy\n    below: 0.8", "accuracy is a metric of a multiclass model; the task is regression"),
        ("alerts:\n  - metric: mae\n    above: 10", "mae is a metric of a regression model; the task is binary"),
        ("task: multiclass\nalerts:\n  - metric: precision\n    below: 0.8", "precision is a metric of a binary model; the task is multiclass"),
        ("task: multiclass\nalerts:\n  - metric: accuracy\n    scope: class:a\n    below: 0.8", "scope 'class:a' is for metric class_share, not accuracy"),
        ("task: multiclass\nbusiness:\n  tp: 5", "'business' tp, fp, fn and tn apply to a binary model; the task is multiclass (use 'matrix')"),
        ("business:\n  per_unit_error: -1", "'business.per_unit_error' needs 'task: regression' (the task is binary)"),
        ("task: regression\nbusiness:\n  matrix:\n    a:\n      b: 1", "'business.matrix' needs 'task: multiclass' (the task is regression)"),
        ("task: multiclass\nclasses: [a, b]\nbusiness:\n  matrix:\n    a:\n      c: 1", "'business.matrix' names class 'c', which 'classes' does not list"),
        ("keys:\n  quit: xy", "'keys.quit' must be one printable character, got 'xy'"),
        ("keys:\n  quit: x\n  help: x", "'keys.help' binds 'x', which 'keys.quit' already binds"),
        ("keys:\n  leave: x", "unknown key 'leave' in 'keys'"),
        ("task: regression\ndle:\n  bins: 1000", "'dle.bins' must be a whole number of bins, at most 255, got 1,000"),
        ("task: regression\ndle:\n  learning_rate: 0", "'dle.learning_rate' must be a number in (0, 1], got 0"),
        ("task: regression\ndle:\n  depth: 3", "unknown key 'depth' in 'dle'"),
    ])
    func mistakesAreNamed(yaml: String, message: String) {
        do {
            _ = try Self.parse(yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aClassShareRuleNamesAClass() throws {
        let config = try Self.parse("task: multiclass\nalerts:\n  - metric: class_share\n    scope: class:upmarket\n    below: 0.05")
        #expect(config.alerts.first?.scope == .modelClass("upmarket"))
        #expect(config.alerts.first?.scope.description == "class:upmarket")
    }
}
