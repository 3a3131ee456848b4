import Foundation
import Testing

/// `modeltop generate --task multiclass|regression` as a user runs it: the files land in the
/// directory, and `check` and `report` over them (with the window of the written modeltop.yaml)
/// find the episode with the default rules.
struct GenerateTaskTests {
    static func generate(_ task: String, into directory: TemporaryDirectory) throws -> String {
        let out = directory.url.appendingPathComponent(task).path
        let result = try ModeltopProcess.run(["generate", "--task", task, "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote \(out)"))
        for name in ["reference.jsonl", "predictions.jsonl", "labels.jsonl", "modeltop.yaml"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) missing")
        }
        return out
    }

    /// The rules firing at the end of a replay of the generated files.
    static func firing(_ out: String) throws -> Set<String> {
        let result = try ModeltopProcess.run(["report", "--format", "json", "--config", out + "/modeltop.yaml", "--window", "15m"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONReport(result.stdout)
        let alerts = try #require(report["alerts"] as? [[String: Any]])
        return Set(alerts.filter { $0["state"] as? String == "firing" }.compactMap { alert in
            (alert["rule"] as? String).map { "\($0) \(alert["scope"] as? String ?? "")" }
        })
    }

    @Test func multiclassFilesFailTheGateOnPredictionDriftAndAccuracy() throws {
        let directory = try TemporaryDirectory()
        let out = try Self.generate("multiclass", into: directory)
        let check = try ModeltopProcess.run(["check", "--config", out + "/modeltop.yaml", "--window", "15m"])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        for rule in ["prediction drift", "accuracy drop", "feature:income"] {
            #expect(check.stdout.split(separator: "\n").contains { $0.hasPrefix("FAIL") && $0.contains(rule) }, "\(rule) did not fail:\n\(check.stdout)")
        }
        let firing = try Self.firing(out)
        #expect(firing.isSuperset(of: ["prediction drift global", "accuracy drop global", "feature drift feature:income"]), "\(firing)")
    }

    @Test func regressionFilesFailTheGateOnPredictionDriftAndError() throws {
        let directory = try TemporaryDirectory()
        let out = try Self.generate("regression", into: directory)
        let check = try ModeltopProcess.run(["check", "--config", out + "/modeltop.yaml", "--window", "15m"])
        #expect(check.status == 1, "\(check.stdout)\(check.stderr)")
        for rule in ["prediction drift", "error rise", "feature:size"] {
            #expect(check.stdout.split(separator: "\n").contains { $0.hasPrefix("FAIL") && $0.contains(rule) }, "\(rule) did not fail:\n\(check.stdout)")
        }
        let firing = try Self.firing(out)
        #expect(firing.isSuperset(of: ["prediction drift global", "error rise global", "estimated error rise global", "feature drift feature:size"]), "\(firing)")
    }

    @Test func binaryStaysTheDefaultAndAnUnknownTaskIsBadUsage() throws {
        let directory = try TemporaryDirectory()
        let out = directory.url.appendingPathComponent("binary").path
        let result = try ModeltopProcess.run(["generate", "--out", out, "--events", "200", "--reference-rows", "100"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/reference.csv"))
        let bad = try ModeltopProcess.run(["generate", "--task", "ranking", "--out", out])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'binary', 'multiclass' or 'regression'"))
        let speed = try ModeltopProcess.run(["demo", "--speed", "5"])
        #expect(speed.status == 2)
        #expect(speed.stderr.contains("--speed applies to --task multiclass or regression"))
    }
}
