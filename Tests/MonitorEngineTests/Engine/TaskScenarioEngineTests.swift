import Foundation
import Testing
@testable import MonitorEngine
import SampleScenario
@testable import MonitorRules
@testable import MonitorAlerts

/// The multiclass and regression stories of `modeltop generate --task ...` through the engine
/// and the alert monitor, as `report` replays them: their modeltop.yaml sets no rules, and the
/// default rules of the task catch the episode soon after 10:00 and never before it.
struct TaskScenarioEngineTests {
    /// 2026-11-02T10:00:00Z, when both episodes start.
    static let episode = ScenarioTimeline.storyStartSeconds + 2 * 3600

    /// Event time each rule first fired at, with the alerts firing at the end.
    struct Replay {
        var firstFiring: [String: Double] = [:]
        var firedBeforeEpisode: [String] = []
        var final: Snapshot
    }

    static func replay(_ task: ScenarioTask) throws -> Replay {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("task-scenario-\(task.rawValue)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try TaskScenarioFiles.write(task: task, to: directory, seed: 7, timeline: .story())
        let config = try MonitorConfig.load(path: directory + "/" + TaskScenarioFiles.configFile)
        #expect(config.alerts.isEmpty)
        let monitor = AlertMonitor(config: config, store: nil, runner: nil)
        let transitions = LockedValue<[AlertTransition]>([])
        let outcome = try MonitorRun.run(
            config: config, reader: LiveEngineTests.reader(config, follow: false), window: config.window,
            wallClock: { 0 },
            bucketHook: { snapshot, end in
                var snapshot = snapshot
                let new = monitor.evaluate(&snapshot, judging: .bucketEnd(end))
                transitions.withLock { $0 += new }
            })
        var replay = Replay(final: outcome.snapshot)
        for transition in transitions.withLock({ $0 }) where transition.kind == .firing {
            let name = "\(transition.alert.rule) \(transition.alert.scope)"
            if replay.firstFiring[name] == nil { replay.firstFiring[name] = transition.atSeconds }
            if transition.atSeconds < episode { replay.firedBeforeEpisode.append(name) }
        }
        return replay
    }

    /// Minutes after 10:00 at which `rule` first fired.
    static func minutes(_ replay: Replay, _ rule: String) -> Double? {
        replay.firstFiring[rule].map { ($0 - episode) / 60 }
    }

    @Test func multiclassIncomeSentMonthlyFiresPredictionDriftThenAccuracyDrop() throws {
        let replay = try Self.replay(.multiclass)
        #expect(replay.firedBeforeEpisode.isEmpty, "fired in the calm period: \(replay.firedBeforeEpisode)")
        // Predicted-class shares move within minutes (PSI > 0.2 held 5 minutes)...
        let drift = try #require(Self.minutes(replay, "prediction drift global"), "\(replay.firstFiring)")
        #expect(drift > 5 && drift < 25, "prediction drift fired \(drift) min after 10:00")
        let income = try #require(Self.minutes(replay, "feature drift feature:income"), "\(replay.firstFiring)")
        #expect(income > 5 && income < 25)
        // ...and accuracy falls below the reference's minus 0.1 for 15 minutes once labels come.
        let accuracy = try #require(Self.minutes(replay, "accuracy drop global"), "\(replay.firstFiring)")
        #expect(accuracy > 15 && accuracy < 45, "accuracy drop fired \(accuracy) min after 10:00")
        // The router is surer of itself on the shrunken incomes: the estimate cannot see it.
        #expect(replay.firstFiring["estimated accuracy drop global"] == nil)
        let task = try #require(replay.final.overall.task)
        #expect(task.classes == CardTierModel.classes)
        let upmarket = try #require(task.classShares.first { $0.name == "upmarket_card" })
        #expect((upmarket.share ?? 1) < 0.6 * (upmarket.referenceShare ?? 0))
    }

    @Test func regressionSizeInSquareFeetFiresPredictionDriftAndErrorRise() throws {
        let replay = try Self.replay(.regression)
        #expect(replay.firedBeforeEpisode.isEmpty, "fired in the calm period: \(replay.firedBeforeEpisode)")
        let drift = try #require(Self.minutes(replay, "prediction drift global"), "\(replay.firstFiring)")
        #expect(drift > 5 && drift < 25, "prediction drift fired \(drift) min after 10:00")
        let size = try #require(Self.minutes(replay, "feature drift feature:size"), "\(replay.firstFiring)")
        #expect(size > 5 && size < 25)
        let error = try #require(Self.minutes(replay, "error rise global"), "\(replay.firstFiring)")
        #expect(error > 15 && error < 45, "error rise fired \(error) min after 10:00")
        // Direct loss estimation sees the out-of-range sizes before any sale price comes.
        let estimated = try #require(Self.minutes(replay, "estimated error rise global"), "\(replay.firstFiring)")
        #expect(estimated > 15 && estimated < 45)
        let task = try #require(replay.final.overall.task)
        #expect((task.regression?.mae ?? 0) > 1.5 * (task.reference?.mae ?? .infinity))
    }
}
