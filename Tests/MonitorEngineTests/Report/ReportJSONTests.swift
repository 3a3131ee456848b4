import DriftStats
import Foundation
import Testing
@testable import MonitorEngine
@testable import MonitorReport

/// The JSON report against the schema of cli.md: every key of its example, with the same JSON
/// types, and nothing else but the documented additions.
@Suite struct ReportJSONTests {
    /// The example of cli.md "JSON report", with its `...` filled in with the objects it stands for.
    static let example = #"""
    {
      "modeltop_version": "0.1.0",
      "model": "fraud-detector",
      "input": {"records": 380000, "predictions": 200000, "labels": 180000,
                "malformed": {"total": 3, "by_reason": {"invalid_json": 2, "line_too_long": 1}},
                "sources": [{"path": "predictions.jsonl", "records": 200000, "bytes": 51234567}]},
      "window": {"from": "2026-01-01T00:00:00Z", "to": "2026-01-08T00:00:00Z", "records": 200000},
      "reference": {"path": "reference.csv", "records": 50000},
      "infrastructure": {"throughput_per_s": 0.33, "latency_ms": {"p50": 11.2, "p95": 30.1, "p99": 55.0, "max": 120.3},
                         "error_rate": 0.001},
      "features": [
        {"name": "amount", "kind": "numeric", "records": 200000,
         "psi": 0.031, "js": 0.044, "wasserstein": 0.05,
         "ks": {"statistic": 0.021, "p_value": 0.0, "bound": 0.006},
         "chi2": null,
         "quality": {"missing_rate": 0.0, "out_of_range_rate": 0.0, "unseen_rate": null, "type_violations": 0},
         "method": "psi", "value": 0.031, "band": "ok"}
      ],
      "prediction": {"psi": 0.02, "js": 0.03, "ks": {"statistic": 0.02, "p_value": 0.1, "bound": 0.006},
                     "positive_rate": 0.051, "reference_positive_rate": 0.049, "mean_score": 0.08,
                     "versions": [{"version": "v3", "records": 200000, "positive_rate": 0.051}]},
      "performance": {
        "realized": {"labelled": 180000, "coverage": 0.9, "tp": 1, "fp": 1, "fn": 1, "tn": 1,
                     "precision": 0.9, "recall": 0.8, "f1": 0.85, "accuracy": 0.99, "roc_auc": 0.95,
                     "positive_label_rate": 0.05, "business_value": 12345.6},
        "estimated": {"precision": 0.88, "recall": 0.79, "f1": 0.83, "accuracy": 0.99, "roc_auc": 0.94}
      },
      "segments": [
        {"dimension": "country", "value": "BR", "records": 12000, "reference": "segment",
         "features": [], "prediction": {}, "performance": {}}
      ],
      "chunks": [
        {"index": 0, "first_record": 0, "records": 5000, "from": "...", "to": "...",
         "features": [], "prediction": {}, "performance": {}}
      ],
      "alerts": [
        {"id": "feature drift/feature:amount", "rule": "feature drift", "scope": "feature:amount",
         "severity": "high", "state": "firing", "value": 0.31, "threshold": 0.2,
         "since": "2026-01-07T10:00:00Z", "acknowledged": null}
      ]
    }
    """#

    /// Keys the report writes beyond the example, each on purpose (key paths, arrays as `[]`).
    static let additions: Set<String> = [
        "input.malformed.examples", "input.sources[].predictions", "input.sources[].labels",
        "input.sources[].malformed", "input.sources[].truncations", "input.sources[].rotations", "input.sources[].error",
        "window.length_seconds", "infrastructure.requests", "features[].quality.invalid_values",
        "prediction.records", "prediction.band", "prediction.versions[].mean_score", "prediction.versions[].agreement",
        "prediction.versions[].mean_abs_score_difference", "prediction.versions[].precision", "prediction.versions[].roc_auc",
        "performance.realized.specificity", "performance.realized.reference_positive_label_rate", "performance.reference",
        "segments[].share", "segments[].infrastructure", "chunks[].infrastructure",
        "alerts[].comparison", "alerts[].resolved", "alerts[].occurrence", "alerts[].silenced", "engine",
        // The verdict the Markdown opens with, set-up notices, check's gate, and the two bands a
        // feature's band is the worse of.
        "verdict", "notices", "gate", "features[].drift_band", "features[].quality_band",
        // The Benjamini–Hochberg adjusted p-value beside the raw one (statistics.md, "Many
        // tests at once"); null outside the window's family, the score's test among them.
        "features[].ks.p_value_adjusted", "features[].chi2.p_value_adjusted", "prediction.ks.p_value_adjusted",
        // The model's task (tasks.md); a binary model's report keeps every other key, and the
        // counts of multiclass and regression records that could not be used.
        "task", "engine.task_problems",
        // How far apart each dimension's segments are on positive rate, recall, FPR and
        // precision (statistics.md, "Fairness gap"), with the segments: beside `segments`.
        "fairness",
        // Versions side by side (statistics.md): the challenger against the champion.
        "prediction.comparison",
        // Multivariate drift (statistics.md): the PCA reconstruction error beside `features`
        // (in segments and chunks too), and why it is null when it cannot be measured.
        "multivariate", "multivariate_unavailable",
    ]

    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every key path of a document with the JSON type at it; arrays contribute their first
    /// element as `path[]`. Empty containers in the example stand for "same as the top level".
    static func keyPaths(_ value: Any, _ path: String = "", into paths: inout [String: String]) {
        if let object = value as? [String: Any] {
            for (key, member) in object {
                let child = path.isEmpty ? key : path + "." + key
                paths[child] = typeName(member)
                keyPaths(member, child, into: &paths)
            }
        } else if let array = value as? [Any], let first = array.first {
            keyPaths(first, path + "[]", into: &paths)
        }
    }

    static func typeName(_ value: Any) -> String {
        switch value {
        case is NSNull: "null"
        case is String: "string"
        case is NSNumber: "number"
        case is [Any]: "array"
        case is [String: Any]: "object"
        default: "unknown"
        }
    }

    @Test func everyKeyOfTheSpecExampleIsPresentWithItsType() throws {
        let report = try Self.parse(ReportFixture.content(chunks: true).jsonValue.serialized())
        var expected: [String: String] = [:]
        Self.keyPaths(try Self.parse(Self.example), into: &expected)
        var actual: [String: String] = [:]
        Self.keyPaths(report, into: &actual)
        for (path, type) in expected.sorted(by: { $0.key < $1.key }) {
            // Segments and chunks hold the same objects as the top level: check them there.
            let isNested = ["segments[].", "chunks[]."].contains { path.hasPrefix($0) }
                && ["features", "prediction", "performance"].contains { path.hasSuffix($0) }
            #expect(actual[path] != nil, "missing \(path)")
            // A `null` of the example stands for "null or an object" (`chi2`, `acknowledged`).
            if !isNested, let got = actual[path] {
                #expect(got == type || (type == "null" && got == "object"), "\(path): \(got), spec \(type)")
            }
        }
        for layer in ["features", "prediction", "performance"] {
            for container in ["segments[]", "chunks[]"] {
                let prefix = "\(container).\(layer)"
                let nested = Set(actual.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(container.count + 1)) })
                let top = Set(actual.keys.filter { $0.hasPrefix(layer) })
                #expect(nested == top, "\(prefix) differs from the top-level \(layer)")
            }
        }
        // Nothing undocumented: each key is in the example, an addition, or under one of them.
        let allowed = Set(expected.keys).union(Self.additions)
        for path in actual.keys.sorted() {
            let covered = allowed.contains { path == $0 || path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[].") }
                || ["segments[].", "chunks[]."].contains { prefix in
                    path.hasPrefix(prefix) && allowed.contains { String(path.dropFirst(prefix.count)).hasPrefix($0) }
                }
            #expect(covered, "undocumented key \(path)")
        }
    }

    @Test func valuesAreTheSnapshotsNumbersAndNullWhereUndefined() throws {
        let report = try Self.parse(ReportFixture.content().jsonValue.serialized())
        let features = try #require(report["features"] as? [[String: Any]])
        #expect(features.map { $0["name"] as? String } == ["account_age_days", "amount", "merchant_category"])
        let amount = try #require(features.first { $0["name"] as? String == "amount" })
        #expect(amount["psi"] as? Double == 0.081)
        #expect(amount["chi2"] is NSNull)
        #expect((amount["quality"] as? [String: Any])?["unseen_rate"] is NSNull)
        #expect((amount["quality"] as? [String: Any])?["out_of_range_rate"] as? Double == 0.002)
        let category = try #require(features.first { $0["name"] as? String == "merchant_category" })
        #expect(category["ks"] is NSNull)
        #expect(category["wasserstein"] is NSNull)
        #expect((category["chi2"] as? [String: Any])?["df"] as? Int == 8)
        #expect((category["quality"] as? [String: Any])?["type_violations"] as? Int == 2)
        let segments = try #require(report["segments"] as? [[String: Any]])
        #expect(segments.count == 4)
        #expect(segments[3]["reference"] as? String == "global")
        #expect(segments[3]["value"] as? String == "pos")
        let posFeatures = try #require(segments[3]["features"] as? [[String: Any]])
        #expect(posFeatures.first?["band"] as? String == "not_enough_data")
        let posRealized = try #require((segments[3]["performance"] as? [String: Any])?["realized"] as? [String: Any])
        #expect(posRealized["precision"] is NSNull)
        #expect(posRealized["business_value"] is NSNull)
        #expect(posRealized["tp"] as? Int == 0)
        #expect((segments[3]["performance"] as? [String: Any])?["estimated"] is NSNull)
        let realized = try #require((report["performance"] as? [String: Any])?["realized"] as? [String: Any])
        #expect(realized["tp"] as? Int == 120)
        #expect(realized["labelled"] as? Int == 8_954)
        let engine = try #require(report["engine"] as? [String: Any])
        #expect(engine["late_records"] as? Int == 4)
        #expect((engine["label_join"] as? [String: Any])?["matched_labels"] as? Int == 8_954)
        #expect(engine["new_features"] as? [String] == ["ip_risk"])
        #expect((engine["label_join"] as? [String: Any])?["unusable_labels"] as? Int == 0)
        #expect(report["chunks"] == nil)
    }

    @Test func aTestGivesItsAdjustedPValueBesideTheRawOneInJSONAndMarkdown() throws {
        var feature = FeatureSnapshot(
            name: "amount", kind: .numeric, ks: KSSnapshot(statistic: 0.1, pValue: 0.003, bound: 0.01, pValueAdjusted: 0.041),
            method: "ks", value: 0.041)
        let json = try Self.parse(feature.jsonValue.serialized())
        let ks = try #require(json["ks"] as? [String: Any])
        #expect(ks["p_value"] as? Double == 0.003)
        #expect(ks["p_value_adjusted"] as? Double == 0.041)
        #expect(json["value"] as? Double == 0.041)
        // The value column names both, the one that decides first.
        #expect(ReportContent.valueText(feature) == "0.041 (raw p 0.003)")
        feature.value = 0.003
        #expect(ReportContent.valueText(feature) == "0.003 (adj 0.041)")
        // Outside the family: null, and the value alone.
        feature.ks?.pValueAdjusted = nil
        let outside = try Self.parse(feature.jsonValue.serialized())
        #expect((outside["ks"] as? [String: Any])?["p_value_adjusted"] is NSNull)
        #expect(ReportContent.valueText(feature) == "0.003")
        let category = FeatureSnapshot(
            name: "country", kind: .categorical,
            chiSquare: ChiSquareSnapshot(statistic: 9, pValue: 0.02, degreesOfFreedom: 3, pValueAdjusted: 0.2),
            method: "chi2", value: 0.2)
        let chi2 = try #require(try Self.parse(category.jsonValue.serialized())["chi2"] as? [String: Any])
        #expect(chi2["p_value_adjusted"] as? Double == 0.2)
    }

    @Test func timesAreRFC3339InUTC() throws {
        let report = try Self.parse(ReportFixture.content(chunks: true).jsonValue.serialized())
        let window = try #require(report["window"] as? [String: Any])
        #expect(window["from"] as? String == "2026-11-02T08:00:00Z")
        #expect(window["to"] as? String == "2026-11-02T11:59:59.500Z")
        #expect(window["length_seconds"] is NSNull)
        let alerts = try #require(report["alerts"] as? [[String: Any]])
        #expect(alerts[0]["since"] as? String == "2026-11-02T09:15:00Z")
        let acknowledged = try #require(alerts[0]["acknowledged"] as? [String: Any])
        #expect(acknowledged["by"] as? String == "ana")
        #expect(acknowledged["at"] as? String == "2026-11-02T09:23:20.250Z")
        #expect(acknowledged["note"] as? String == "retraining")
        #expect(alerts[0]["silenced"] is NSNull)
        #expect(alerts[1]["acknowledged"] is NSNull)
        #expect(alerts[1]["value"] is NSNull)
        let silenced = try #require(alerts[1]["silenced"] as? [String: Any])
        #expect(silenced["until"] as? String == "2026-11-02T13:33:20Z")
        #expect(silenced["note"] is NSNull)
        let chunks = try #require(report["chunks"] as? [[String: Any]])
        #expect(chunks.map { $0["from"] as? String } == ["2026-11-02T08:00:00Z", "2026-11-02T10:00:00.500Z"])
        #expect(chunks.map { $0["first_record"] as? Int } == [0, 5_000])
    }

    @Test func inputAloneWritesNoStatistics() throws {
        let content = ReportContent(version: "0.1.0", model: nil, input: InputTally(), snapshot: nil, sections: [.input])
        let report = try Self.parse(content.jsonValue.serialized())
        #expect(Set(report.keys) == ["modeltop_version", "model", "task", "input"])
        #expect(report["model"] is NSNull)
    }

    @Test(arguments: [["features"], ["segments"], ["alerts", "prediction"], ["input", "infrastructure"]])
    func sectionsSelectTheKeys(names: [String]) throws {
        let sections = Set(names.compactMap(ReportSection.init(rawValue:)))
        let keys = names
        let text = ReportFixture.content(sections: sections).jsonValue.serialized()
        let report = try Self.parse(text)
        let always = ["modeltop_version", "model", "task", "window", "verdict", "notices", "reference", "engine"]
        // `multivariate` goes with `features` (input drift of all features at once).
        let extra = (names.contains("segments") ? ["fairness"] : []) + (names.contains("features") ? ["multivariate"] : [])
        #expect(Set(report.keys) == Set(always + keys + extra))
        if sections == [.segments] {
            // The segments carry all four layers when none is selected at the top.
            let first = try #require((report["segments"] as? [[String: Any]])?.first)
            #expect(Set(first.keys).isSuperset(of: ["infrastructure", "features", "prediction", "performance"]))
        }
    }

    @Test func undefinedNumbersAreNull() {
        #expect(JSONValue.number(Double.nan).serialized() == "null\n")
        #expect(JSONValue.number(Double?.none).serialized() == "null\n")
        #expect(JSONValue.number(0.031).serialized() == "0.031\n")
    }
}

extension ReportJSONTests {
    /// `multivariate` beside `features` (statistics.md, "Multivariate drift"), and why it is null.
    @Test func multivariateIsAnObjectOrNullWithItsReason() throws {
        var content = ReportFixture.content(sections: [.features])
        var snapshot = try #require(content.snapshot)
        snapshot.overall.multivariate = MultivariateSnapshot(
            components: 3, features: 7, records: 5_000, error: 1.25, lower: 1.1, upper: 1.2, chunkRows: 5_000, alert: true)
        content.snapshot = snapshot
        let report = try Self.parse(content.jsonValue.serialized())
        let multivariate = try #require(report["multivariate"] as? [String: Any])
        #expect(Set(multivariate.keys) == ["method", "components", "features", "records", "error", "lower", "upper",
                                           "chunk_rows", "alert"])
        #expect(multivariate["method"] as? String == "pca_reconstruction")
        #expect(multivariate["error"] as? Double == 1.25)
        #expect(multivariate["alert"] as? Bool == true)
        #expect(report["multivariate_unavailable"] == nil)
        snapshot.overall.multivariate = nil
        snapshot.multivariateProblem = MultivariateReference.Unavailable.noVariance
        content.snapshot = snapshot
        let without = try Self.parse(content.jsonValue.serialized())
        #expect(without["multivariate"] is NSNull)
        #expect(without["multivariate_unavailable"] as? String == MultivariateReference.Unavailable.noVariance)
    }
}
