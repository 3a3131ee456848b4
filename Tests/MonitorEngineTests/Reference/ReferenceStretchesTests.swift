import DriftStats
import Foundation
import SampleScenario
import Testing
@testable import MonitorEngine

/// The reference is built in two stretches side by side (``Parallel/both(_:_:)``), each split
/// over the cores where it can; what it builds does not depend on that.
@Suite struct ReferenceStretchesTests {
    /// The task's reference (a regression's loss models, a multiclass model's calibration and
    /// outputs) is built beside the segments, slices and PCA: the same reference as one after
    /// the other. (A binary model's calibration: `ReferenceLinesTests`.)
    @Test(arguments: [ScenarioTask.multiclass, .regression])
    func aReferenceBuiltInTwoStretchesIsTheSame(task: ScenarioTask) throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("modeltop-stretches-\(task.rawValue)-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try TaskScenarioFiles.write(task: task, to: directory, seed: 7, timeline: .story())
        let config = try MonitorConfig.load(path: directory + "/" + TaskScenarioFiles.configFile)
        let path = try #require(config.reference)
        let alone = try Parallel.$forcedParts.withValue(1) { try ReferenceSet.load(path: path, config: config) }
        let beside = try Parallel.$forcedParts.withValue(2) { try ReferenceSet.load(path: path, config: config) }
        #expect(beside.calibration == alone.calibration)
        let (one, two) = (try #require(alone.task), try #require(beside.task))
        if task == .regression { #expect(one.lossEstimator != nil) } else { #expect(one.calibration != nil) }
        #expect(two.lossEstimator == one.lossEstimator)
        #expect(two.calibration == one.calibration)
        let references = { (task: TaskReference) in task.outputs + [task.label, task.residual].compactMap { $0 } }
        #expect(references(two).map(\.name) == references(one).map(\.name))
        #expect(references(two).map { $0.numeric?.grid } == references(one).map { $0.numeric?.grid })
        #expect(references(two).map { $0.numeric?.counts } == references(one).map { $0.numeric?.counts })
        #expect(references(two).map { $0.categorical?.slotTable } == references(one).map { $0.categorical?.slotTable })
        let slices = { (reference: ReferenceSet) in [reference.global] + reference.segmentReferences.flatMap { $0.compactMap { $0 } } }
        #expect(slices(alone).count > 1)
        #expect(slices(beside).map(\.rows) == slices(alone).map(\.rows))
        #expect(slices(beside).map(\.numeric) == slices(alone).map(\.numeric))
        #expect(slices(beside).map(\.categorical) == slices(alone).map(\.categorical))
        #expect(beside.segmentSlots.dimensions.map(\.values) == alone.segmentSlots.dimensions.map(\.values))
        #expect(beside.multivariate?.model.packed.map(\.bitPattern) == alone.multivariate?.model.packed.map(\.bitPattern))
    }
}

/// The loss models train on the reference's rows as each record is read when it comes
/// (``TaskReference/lossInput(_:)`` of ``FeatureObservation``), whatever the values are.
@Suite struct LossRowsTests {
    @Test func eachReferenceRowIsReadAsARecordIs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("modeltop-loss-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Numbers, strings and bools in both kinds of feature, missing and null values, numbers
        // as categories (written 3 and 3.0, read as one number), features no row has, rows
        // without a numeric prediction or label.
        var lines: [String] = []
        let cities = ["\"Lille\"", "\"Lyon\"", "7", "3.0", "3", "true", "null", "\"Nice\""]
        let sizes = ["12.5", "\"big\"", "null", "false", "-3", "1e3", "40"]
        for row in 0..<400 {
            var features: [String] = []
            if row % 11 != 0 { features.append("\"city\":\(cities[row % cities.count])") }
            if row % 13 != 0 { features.append("\"size\":\(sizes[(row / 3) % sizes.count])") }
            features.append("\"rooms\":\(row % 5)")
            let prediction = row % 17 == 0 ? "\"n/a\"" : "\(Double(row % 23) * 1.5)"
            let label = row % 19 == 0 ? "null" : "\(Double(row % 29) - 4)"
            lines.append("{\"id\":\"r\(row)\",\"features\":{\(features.joined(separator: ","))},\"prediction\":\(prediction),\"label\":\(label)}")
        }
        try (lines.joined(separator: "\n") + "\n").write(to: directory.appendingPathComponent("reference.jsonl"), atomically: true, encoding: .utf8)
        try """
            model: m
            task: regression
            reference: reference.jsonl
            predictions: [predictions.jsonl]
            features:
              numeric: [size, rooms, absent]
              categorical: [city, unseen]
            """.write(to: directory.appendingPathComponent("modeltop.yaml"), atomically: true, encoding: .utf8)
        let config = try MonitorConfig.load(path: directory.appendingPathComponent("modeltop.yaml").path, environment: [:])
        let (sample, _) = try ReferenceSet.sample(ofFile: try #require(config.reference), config: config)
        let features = ReferenceSet(sample: sample, config: config, path: nil).features
        // `absent` and `unseen` have no value in any row: NaN throughout.
        #expect(features.map(\.name) == ["size", "rooms", "absent", "city", "unseen"])

        let (rows, labels) = TaskReference.lossRows(sample: sample, features: features)
        var expectedRows: [Double] = []
        var expectedLabels: [Double] = []
        for row in 0..<sample.count {
            guard case .number(let prediction)? = sample.predictions[row], prediction.isFinite,
                  case .number(let label)? = sample.labels[row], label.isFinite else { continue }
            for feature in features {
                let value = sample.column(named: feature.name)?.value(at: row)
                expectedRows.append(TaskReference.lossInput(FeatureObservation(value, reference: feature)))
            }
            expectedRows.append(prediction)
            expectedLabels.append(label)
        }
        #expect(labels.count > 300 && labels.count < 400)
        #expect(labels == expectedLabels)
        #expect(rows.count == expectedRows.count)
        let width = features.count + 1
        let first = (0..<min(rows.count, expectedRows.count)).first { rows[$0].bitPattern != expectedRows[$0].bitPattern }
        #expect(first == nil, "row \((first ?? 0) / width), column \((first ?? 0) % width): \(rows[first ?? 0]), not \(expectedRows[first ?? 0])")
        // Categories, NaN and numbers all occur.
        #expect(rows.contains { $0.isNaN })
        #expect(Set(stride(from: 3, to: rows.count, by: width).map { rows[$0] }.filter { !$0.isNaN }).count >= 4)
        #expect(stride(from: 2, to: rows.count, by: width).allSatisfy { rows[$0].isNaN })
        #expect(stride(from: 4, to: rows.count, by: width).allSatisfy { rows[$0].isNaN })
    }
}
