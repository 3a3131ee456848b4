import DriftStats
import Testing
@testable import MonitorEngine

/// The reference kept by column: values read back as they were added, kinds inferred from the
/// column, and every slice (the whole reference, each segment value) counted in one walk equal
/// to counting its rows one by one.
struct ReferenceColumnsTests {
    static func record(_ features: [(String, FeatureValue)], score: Double? = nil, label: FeatureValue? = nil) -> Record {
        var record = Record()
        record.features = features.map { Feature(name: $0.0, value: $0.1) }
        record.score = score
        record.label = label
        return record
    }

    @Test func columnsReadBackEveryValueAsAdded() throws {
        var sample = ReferenceSample()
        // `late` is absent from the first rows and `mixed` holds every kind of value; a repeated
        // name keeps its first value, as the decoder's first field wins.
        sample.add(Self.record([("x", .number(1.5)), ("mixed", .string("a"))]))
        sample.add(Self.record([("mixed", .null), ("x", .number(2)), ("x", .number(99))]))
        sample.add(Self.record([("x", .number(.infinity)), ("mixed", .number(3)), ("late", .bool(true))]))
        sample.add(Self.record([("late", .number(.nan)), ("mixed", .number(.nan)), ("x", .invalidNumber)]))
        sample.add(Self.record([("mixed", .string("a")), ("late", .unsupported)]))
        #expect(sample.count == 5)
        #expect(sample.names == ["x", "mixed", "late"])
        let x = try #require(sample.column(named: "x"))
        let mixed = try #require(sample.column(named: "mixed"))
        let late = try #require(sample.column(named: "late"))
        #expect((0..<5).map { x.value(at: $0) } == [.number(1.5), .number(2), .number(.infinity), .invalidNumber, nil])
        #expect([0, 1, 2, 4].map { mixed.value(at: $0) } == [.string("a"), .null, .number(3), .string("a")])
        #expect(mixed.value(at: 3).map(Self.isNaN) == true)
        #expect((0..<3).map { late.value(at: $0) } == [nil, nil, .bool(true)])
        #expect(late.value(at: 4) == .unsupported)
        // Strings share one code; NaN gets one code however often it comes.
        #expect(mixed.others.count == 3)
        #expect(x.finiteNumbers == [1.5, 2])
        #expect(sample.column(named: "absent") == nil)
    }

    static func isNaN(_ value: FeatureValue) -> Bool {
        if case .number(let number) = value { return number.isNaN }
        return false
    }

    @Test func kindsFollowTheDistinctValuesOfTheColumn() {
        var sample = ReferenceSample()
        for row in 0..<30 {
            sample.add(Self.record([
                ("many", .number(Double(row))), ("few", .number(Double(row % 11 == 0 ? 0 : row % 10))),
                ("eleven", .number(Double(row % 11))), ("text", row == 29 ? .string("x") : .number(Double(row))),
            ]))
        }
        let reference = ReferenceSet(sample: sample, config: MonitorConfig(), path: nil)
        // 10 distinct numbers stay categorical, 11 make a numeric feature; one string makes text.
        #expect(reference.features.map(\.kind) == [.numeric, .categorical, .numeric, .categorical])
        #expect(reference.features[1].categorical?.categories == ["0", "3", "4", "5", "6", "7", "8", "9", "1", "2"])
        #expect(reference.features[3].categorical?.counts.count == 30)
    }

    @Test func segmentSlicesEqualTheirRowsCountedOneByOne() throws {
        var sample = ReferenceSample()
        var rows: [(region: String, amount: Double, color: String, score: Double, positive: Bool)] = []
        for row in 0..<1000 {
            let region = row % 7 == 0 ? "north" : (row % 3 == 0 ? "south" : "west")
            let amount = Double((row * 7919) % 1000) / 8
            let color = ["red", "green", "blue"][(row * 31) % 3]
            let score = Double((row * 13) % 100) / 100
            rows.append((region, amount, color, score, row % 2 == 1))
            sample.add(Self.record([("amount", .number(amount)), ("color", .string(color)), ("region", .string(region))],
                                   score: score, label: .number(Double(row % 2))))
        }
        var config = MonitorConfig()
        config.segments = ["region"]
        let reference = ReferenceSet(sample: sample, config: config, path: nil)
        let grid = try #require(reference.features[0].numeric?.grid)
        let colors = try #require(reference.features[1].categorical)
        let dimension = reference.segmentSlots.dimensions[0]
        for region in ["north", "south", "west"] {
            let slot = dimension.existingSlot(for: .string(region))
            let slice = reference.reference(dimension: 0, slot: slot)
            let own = rows.filter { $0.region == region }
            // 143 rows in the north: too few for a reference of its own, the whole one serves.
            guard own.count >= ReferenceSet.minimumSegmentRows else {
                #expect(region == "north" && own.count == 143)
                #expect(slice.scope == .global)
                continue
            }
            #expect(slice.scope == .segment)
            #expect(slice.rows == own.count)
            var amounts = NumericCounts(grid: grid)
            var colorCounts = colors.emptyCounts()
            var scores = NumericCounts(grid: reference.scoreGrid)
            for row in own {
                amounts.record(row.amount)
                colorCounts.record(slot: colors.slot(of: row.color))
                scores.record(row.score)
            }
            #expect(slice.numeric[0] == amounts)
            #expect(slice.categorical[1] == colorCounts)
            #expect(slice.score == scores)
            #expect(slice.positiveLabelRate == Double(own.count { $0.positive }) / Double(own.count))
        }
        #expect(reference.global.rows == 1000)
        var all = NumericCounts(grid: grid)
        for row in rows { all.record(row.amount) }
        #expect(reference.global.numeric[0] == all)
        #expect(reference.global.positiveLabelRate == 0.5)
    }
}
