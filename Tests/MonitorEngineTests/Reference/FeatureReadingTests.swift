import DriftStats
import Testing
@testable import MonitorEngine

/// Values read through a reference set's plain readings and byte-keyed category table give the
/// observations read against the feature references themselves.
struct FeatureReadingTests {
    /// Rows with a numeric feature, an ASCII categorical one, and one whose categories include
    /// U+212A KELVIN SIGN (equal, as a Swift string, to "K").
    static func reference(config: MonitorConfig = MonitorConfig()) -> ReferenceSet {
        var sample = ReferenceSample()
        for index in 0..<40 {
            var record = Record()
            record.features = [
                Feature(name: "amount", value: .number(Double(index) * 2.5)),
                Feature(name: "country", value: .string(["FR", "DE", "", "US", "a much longer category name"][index % 5])),
                Feature(name: "unit", value: .string(["\u{212A}", "m", "s"][index % 3])),
            ]
            record.score = 0.5
            sample.add(record)
        }
        return ReferenceSet(sample: sample, config: config, path: nil)
    }

    @Test func readingHoldsKindAndRange() {
        var config = MonitorConfig()
        config.ranges = ["amount": ValueRange(lower: nil, upper: 10)]
        let reference = Self.reference(config: config)
        let amount = reference.readings[0]
        #expect(amount.isNumeric)
        #expect(amount.lowerBound == -.infinity)
        #expect(amount.upperBound == 10)
        #expect(!amount.isOutOfRange(-1e300))
        #expect(!amount.isOutOfRange(10))
        #expect(amount.isOutOfRange(10.000001))
        #expect(!reference.readings[1].isNumeric)
        #expect(reference.readings[1].lowerBound == -.infinity && reference.readings[1].upperBound == .infinity)
        // Without a configured range, the reference's own widened one.
        let widened = Self.reference().readings[0]
        #expect(widened.lowerBound == 0 - 97.5 * 0.1)
        #expect(widened.upperBound == 97.5 + 97.5 * 0.1)
    }

    @Test func categoryTableDecidesASCIIOnly() {
        let table = CategorySlotTable(slotTables: [[:], ["FR": 0, "DE": 1, "": 2, "a much longer category name": 3], ["\u{212A}": 0, "m": 1]])
        #expect(table.lookup(feature: 1, "FR") == .slot(0))
        #expect(table.lookup(feature: 1, "DE") == .slot(1))
        #expect(table.lookup(feature: 1, "") == .slot(2))
        #expect(table.lookup(feature: 1, "a much longer category name") == .slot(3))
        #expect(table.lookup(feature: 1, "a much longer category namE") == .unseen)
        #expect(table.lookup(feature: 1, "F") == .unseen)
        #expect(table.lookup(feature: 1, "FRA") == .unseen)
        // A category of another feature is not this one's.
        #expect(table.lookup(feature: 0, "FR") == .unseen)
        // Non-ASCII values, and every value of a feature with a non-ASCII category, are left to
        // string equality.
        #expect(table.lookup(feature: 1, "Fé") == .undecided)
        #expect(table.lookup(feature: 2, "m") == .undecided)
        #expect(table.lookup(feature: 2, "K") == .undecided)
        #expect(table.lookup(feature: 7, "FR") == .undecided)
        #expect(table.lookup(feature: -1, "FR") == .undecided)
    }

    @Test func manyCategoriesAreAllFound() {
        let names = (0..<5000).map { "category-\($0 * 7919 % 100_003)" }
        var slots: [String: Int] = [:]
        for (index, name) in names.enumerated() { slots[name] = index % 51 }
        let table = CategorySlotTable(slotTables: [slots, slots])
        for (index, name) in names.enumerated() {
            #expect(table.lookup(feature: 0, name) == .slot(index % 51))
            #expect(table.lookup(feature: 1, name) == .slot(index % 51))
        }
        #expect(table.lookup(feature: 0, "category-100003") == .unseen)
    }

    @Test func readingASetEqualsReadingEachReference() {
        let reference = Self.reference()
        let values: [FeatureValue?] = [
            nil, .null, .invalidNumber, .unsupported, .number(3), .number(-50), .number(1e9), .number(.nan),
            .number(.infinity), .number(2), .string("FR"), .string("US"), .string(""), .string("fr"),
            .string("K"), .string("\u{212A}"), .string("m"), .string("Ü"), .bool(true),
            .string("a much longer category name"),
        ]
        for first in values {
            for second in values {
                for third in [values[0], values[10], values[14], values[16]] {
                    var features: [Feature] = []
                    var positions = [-1, -1, -1]
                    // Present values in a shuffled order, absent ones left out.
                    for (index, value) in [(2, third), (0, first), (1, second)] {
                        guard let value else { continue }
                        positions[index] = features.count
                        features.append(Feature(name: reference.features[index].name, value: value))
                    }
                    var observations: [FeatureObservation] = [.missing]
                    reference.read(features, positions: positions, into: &observations)
                    let expected = [first, second, third].enumerated().map { index, value in
                        FeatureObservation(value, reference: reference.features[index])
                    }
                    #expect(observations == expected, "\(String(describing: first)), \(String(describing: second)), \(String(describing: third))")
                }
            }
        }
        var observations: [FeatureObservation] = []
        reference.read([Feature(name: "country", value: .string("K"))], positions: [-1, 0, 0], into: &observations)
        #expect(observations == [.missing, .category(nil), .category(0)])
    }
}
